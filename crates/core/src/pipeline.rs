//! The whole flow for a set of files: bytes → decode → table → records → KPIs → results.
//! The CLI and the page both call [`compute`] and nothing else, which is what makes their JSON
//! identical.
//!
//! ```
//! use mdkpi_core::contract::catalogue::KpiId;
//! use mdkpi_core::contract::options::Options;
//! use mdkpi_core::pipeline::{compute, InputFile};
//! let csv = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,2\n2023,B,2021,2,2\n";
//! let file = InputFile::new("p.csv", csv.as_bytes().to_vec());
//! let results = compute(&[file.clone()], &Options::default());
//! let total = results.kpis.iter().find(|k| k.id == KpiId::RdStageUpShare && k.breakdown.is_empty()).unwrap();
//! // Two themes could identify themselves: 公表用 (the default) hides cells of fewer than 3.
//! assert!(total.suppressed && total.value.is_none());
//! let mut options = Options::default();
//! options.statistics.mode = mdkpi_core::contract::options::StatisticsMode::Internal;
//! let results = compute(&[file], &options);
//! let total = results.kpis.iter().find(|k| k.id == KpiId::RdStageUpShare && k.breakdown.is_empty()).unwrap();
//! assert_eq!((total.numerator, total.denominator), (Some(1), Some(2)));
//! ```

use std::borrow::Cow;
use std::collections::HashMap;

use mdkpi_contract::diagnostics::{Issue, IssueCode, Position};
use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::kpis::{KpiSpec, KpisSchema};
use mdkpi_contract::lang::Lang;
use mdkpi_contract::options::{Limits, Options};
use mdkpi_contract::results::{
    DatasetSummary, Definitions, Generator, Payload, Results, Schema, TableView, WorkbookFormat,
};
use mdkpi_contract::safe;
use mdkpi_contract::schema::{DatasetKind, Mapping};

pub use crate::ingest::InputFile;

use crate::diagnostics::{At, Diagnostic, IssueKind, KpiProblem};
use crate::ingest::decode::{decode, decode_as};
use crate::ingest::json::{looks_like_json, read_json, JsonInput, JsonTable};
use crate::ingest::table::{read_table, Table, TableError};
use crate::ingest::workbook::{is_workbook, read_workbook, Lost, LostCell, WorkbookError, WorkbookLimits};
use crate::kpi;
use crate::kpi::custom::Custom;
use crate::kpi::filter::{keeps, FilterIndex};
use crate::model::dataset::{load, supersede_duplicates, Row};
use crate::model::kpis::Definitions as KpiDefinitions;
use crate::model::layout::{self, HEADER_SEARCH};
use crate::model::projects::Projects;
use crate::model::recipe::{Recipe, RecipeEntry};
use crate::model::schema::{column_for, detect_kind, header_form, kind_named, ColumnMap};
use crate::report::rows::{followup, reference};

/// Everything read from the files: typed rows of every kind, and what happened to each file. The
/// engine keeps it, so that changing a definition recomputes the KPIs without reading again.
#[derive(Debug, Clone, Default)]
pub struct Read {
    pub datasets: Vec<DatasetSummary>,
    pub issues: Vec<Diagnostic>,
    pub rows: Vec<Row>,
    /// Each input's first table's headers, the first of a known kind where there is one, in input
    /// order (empty for recipes and unreadable files): what the column-mapping step offers.
    pub headers: Vec<Vec<String>>,
    /// The inputs' tables as laid out (none for recipes), in input order.
    pub tables: Vec<TableView>,
    /// The KPIs defined by `mdkpi.kpis/1` files and recipes among the inputs, checked.
    pub kpis: Vec<KpiSpec>,
    /// The file each of `kpis` came from.
    pub kpi_sources: Vec<String>,
    /// Some input is a file of the embedded synthetic sample, byte for byte (under any name).
    pub synthetic: bool,
}

/// Computes everything for `files` under `options`. Recipe files among them are applied to the
/// others instead of being read as data.
pub fn compute(files: &[InputFile], options: &Options) -> Results {
    compute_with_progress(files, options, &mut |_, _| {})
}

/// [`compute`], telling `progress` what it is doing and how far it is (0–1), by bytes read.
pub fn compute_with_progress(files: &[InputFile], options: &Options, progress: &mut dyn FnMut(&str, f64)) -> Results {
    let read = read(files, &options.limits, progress);
    progress("集計 / computing KPIs", 0.95);
    results_from(&read, options)
}

/// What the engine makes of a read once, so that each recompute (a filter or a definition
/// changed) is quick: the filter index, and the projects typed side by side.
#[derive(Debug, Default)]
pub struct Prepared {
    pub filter: FilterIndex,
    pub projects: Projects,
}

impl Prepared {
    pub fn of(read: &Read) -> Prepared {
        Prepared { filter: FilterIndex::of(&read.rows), projects: Projects::of(&read.rows) }
    }
}

/// The KPIs and the results document for what was read, under `options` (whose limits were the
/// reader's business and are not used here). One computation walks the rows once; the engine,
/// which recomputes, prepares the read instead ([`payload`]), and a test checks that both give
/// the same results.
pub fn results_from(read: &Read, options: &Options) -> Results {
    let kept: Vec<&Row> = read.rows.iter().filter(|r| keeps(&options.filter, r)).collect();
    let projects = Projects::of(kept.iter().copied());
    assemble(read, &kept, &projects, options)
}

/// The payload the engine hands the page for what was read, under `options`, with what was
/// prepared from it.
pub fn payload(read: &Read, prepared: &Prepared, options: &Options) -> Payload {
    let kept = prepared.filter.kept_at(&read.rows, &options.filter);
    // The projects are counted from `prepared.projects`: their rows need not be visited.
    let index = &prepared.filter;
    // Unless a defined KPI counts project rows.
    let projects_defined = read.kpis.iter().any(|k| k.kind == DatasetKind::Projects);
    let rows: Vec<&Row> = (kept.iter())
        .filter(|&&i| projects_defined || index.kind(i) != DatasetKind::Projects)
        .map(|&i| &read.rows[i])
        .collect();
    let results = assemble(read, &rows, &prepared.projects.at(&kept), options);
    Payload { results, headers: read.headers.clone(), facets: prepared.filter.facets(), tables: read.tables.clone() }
}

/// The results document: what was read, and the figures of the rows `kept` and their `projects`.
fn assemble(read: &Read, kept: &[&Row], projects: &Projects, options: &Options) -> Results {
    Results {
        schema: Schema::ResultsV1,
        generator: Generator::default(),
        sample: read.synthetic,
        definitions: Definitions { kpis: read.kpis.clone(), ..Definitions::new(options) },
        datasets: read.datasets.clone(),
        issues: read.issues.iter().map(Diagnostic::publish).collect(),
        kpis: kpi::compute(kept, projects, &options.stage_up, &options.statistics, &read.kpis),
        reference: reference(kept),
        followup: followup(kept),
    }
}

/// Decodes, parses and loads `files` (applying the recipes among them), resolves duplicate keys,
/// and orders the issues by file and row.
pub fn read(files: &[InputFile], limits: &Limits, progress: &mut dyn FnMut(&str, f64)) -> Read {
    read_all(files.iter().map(Cow::Borrowed).collect(), limits, progress)
}

/// [`read`], letting go of each file's bytes once its rows are made: the engine's way, where the
/// files read so far would otherwise stay in memory beside their rows.
pub fn read_owned(files: Vec<InputFile>, limits: &Limits, progress: &mut dyn FnMut(&str, f64)) -> Read {
    read_all(files.into_iter().map(Cow::Owned).collect(), limits, progress)
}

fn read_all(files: Vec<Cow<InputFile>>, limits: &Limits, progress: &mut dyn FnMut(&str, f64)) -> Read {
    let total = files.iter().map(|f| f.bytes.len() as f64).sum::<f64>().max(1.0);
    let mut done = 0.0;
    let sources = distinct_names(files.iter().map(|f| f.name.as_str()));
    let recipes = recipes_in(files.iter().map(|f| &**f), &sources);
    let synthetic = files.iter().any(|f| crate::sample::is_sample(&f.bytes));
    let mut read = Read { synthetic, ..Read::default() };
    // Definitions first: a data file keeps the columns they read.
    let definitions = definitions_in(files.iter().map(|f| &**f), &sources, &recipes, &mut read);
    for (file, source) in files.into_iter().zip(&sources) {
        let size = file.bytes.len() as f64;
        progress(&format!("{source}: 読み込み・解析 / reading"), 0.95 * done / total);
        if recipes.iter().any(|(s, _)| s == source) || definitions.contains(&source) {
            read.headers.push(Vec::new());
        } else {
            read_file(file, source, limits, &recipes, &mut read);
        }
        done += size;
    }
    let superseded = supersede_duplicates(&mut read.rows, &mut read.issues);
    check_defined_columns(&mut read);
    for d in &mut read.datasets {
        let n = superseded.get(&(d.source.clone(), d.sheet.clone())).copied().unwrap_or(0);
        d.rows_superseded = n;
        d.rows_used -= n;
    }
    // Problems in file order, then row order, wherever in the pipeline they were found.
    let file_order = |source: &str| sources.iter().position(|s| source == s || source.starts_with(&format!("{s}#")));
    // A workbook's sheets in their order, each sheet's problems together.
    let sheet_order: HashMap<(&str, &str), usize> = (read.datasets.iter().enumerate())
        .filter_map(|(i, d)| Some(((d.source.as_str(), d.sheet.as_deref()?), i)))
        .rev()
        .collect();
    let sheet_of =
        |i: &Diagnostic| i.position.sheet.as_deref().and_then(|s| sheet_order.get(&(i.source(), s)).copied());
    // Cached: the order of a file is found once per issue, not once per comparison.
    let mut issues = std::mem::take(&mut read.issues);
    issues.sort_by_cached_key(|i| (file_order(i.source()), sheet_of(i), i.row().unwrap_or(0)));
    read.issues = issues;
    read
}

/// One table found in a file: a CSV/TSV or JSON array is one; a JSON workspace has one per key, a
/// workbook one per sheet.
#[derive(Debug, Clone)]
pub struct Part<'t> {
    /// The file name, or `file.json#key` for a workspace part.
    pub source: String,
    /// The sheet, for a workbook's table.
    pub sheet: Option<String>,
    /// A sheet's cells that lost their value (error values, formulas saved without a result).
    pub lost: Vec<LostCell>,
    /// The kind chosen by the user or named by the workspace key.
    pub kind: Option<DatasetKind>,
    /// The table, or why there is none.
    pub table: Result<Table<'t>, Box<Diagnostic>>,
    /// JSON array elements that were not objects (each an error row).
    pub not_objects: Vec<u64>,
}

/// A file's tables, and how the file was read.
#[derive(Debug)]
pub struct Parts<'f> {
    /// How a text file was decoded.
    pub encoding: Option<TextEncoding>,
    /// What kind of workbook it is.
    pub format: Option<WorkbookFormat>,
    /// Byte sequences that could not be decoded.
    pub undecodable: usize,
    pub parts: Vec<Part<'f>>,
    /// About the whole file (undecodable bytes).
    pub issues: Vec<Diagnostic>,
}

/// Decodes `file` and splits it into its tables, refusing what is over the limits. A CSV/TSV
/// table borrows the file's bytes when they are UTF-8.
pub fn parts<'f>(file: &'f InputFile, source: &str, limits: &Limits) -> Parts<'f> {
    parts_as(file, file.encoding, source, limits)
}

fn part<'t>(source: &str, kind: Option<DatasetKind>, table: Result<Table<'t>, Box<Diagnostic>>) -> Part<'t> {
    Part { source: source.to_owned(), sheet: None, lost: Vec::new(), kind, table, not_objects: Vec::new() }
}

/// [`parts`], decoding as `encoding` (detecting it when `None`) whatever the file says. A workbook
/// is told by its content, and is never decoded as text.
fn parts_as<'f>(file: &'f InputFile, encoding: Option<TextEncoding>, source: &str, limits: &Limits) -> Parts<'f> {
    let mut issues = Vec::new();
    if file.bytes.len() as u64 > limits.max_file_bytes {
        let bytes = file.bytes.len() as u64;
        let refused = At::file(source).issue(IssueKind::FileTooLarge { bytes, limit: limits.max_file_bytes });
        let encoding = Some(encoding.unwrap_or(TextEncoding::Utf8));
        let parts = vec![part(source, file.kind, Err(Box::new(refused)))];
        return Parts { encoding, format: None, undecodable: 0, parts, issues };
    }
    if is_workbook(&file.bytes) {
        return workbook_parts(file, source, limits);
    }
    let decoded = match encoding {
        Some(encoding) => decode_as(&file.bytes, encoding),
        None => decode(&file.bytes),
    };
    if decoded.malformed > 0 {
        let (encoding, count) = (decoded.encoding, decoded.malformed);
        issues.push(At::file(source).issue(IssueKind::MalformedEncoding { encoding, count }));
    }
    // Refused before any row is made. The records are counted only when their bound is over the
    // limit (a pass of csv), or to say how many a refused table had.
    let within = |source: &str, table| within(source, None, table, limits);
    let mut parts = Vec::new();
    // A .json file is JSON even when it does not start like one, so that its error says so.
    if !looks_like_json(&decoded.text) && !file.name.to_lowercase().ends_with(".json") {
        let table = read_table(decoded.text).map_err(|e| Box::new(table_unreadable(source, &e)));
        parts.push(part(source, file.kind, table.and_then(|t| within(source, t))));
    } else {
        match read_json(&decoded.text) {
            Err(e) => {
                let unreadable = Diagnostic {
                    position: Position { line: (e.line > 0).then_some(e.line as u64), ..At::file(source).position() },
                    kind: IssueKind::Unreadable { reason: e.to_string() },
                };
                parts.push(part(source, file.kind, Err(Box::new(unreadable))));
            }
            Ok(JsonInput::Array(JsonTable { table, not_objects })) => {
                parts.push(Part { not_objects, ..part(source, file.kind, within(source, table)) });
            }
            Ok(JsonInput::Workspace(entries)) => {
                for (key, table) in entries {
                    let name = format!("{source}#{key}");
                    parts.push(match (kind_named(&key), table) {
                        (Some(kind), Some(JsonTable { table, not_objects })) => {
                            Part { not_objects, ..part(&name, Some(kind), within(&name, table)) }
                        }
                        _ => {
                            let unknown = At::file(&name).issue(IssueKind::UnknownWorkspaceKey { key: key.clone() });
                            part(&name, None, Err(Box::new(unknown)))
                        }
                    });
                }
            }
        }
    }
    Parts { encoding: Some(decoded.encoding), format: None, undecodable: decoded.malformed, parts, issues }
}

/// Refused before any row is made. The records are counted only when their bound is over the limit
/// (a pass of csv), or to say how many a refused table had.
fn within<'t>(
    source: &str,
    sheet: Option<&str>,
    mut table: Table<'t>,
    limits: &Limits,
) -> Result<Table<'t>, Box<Diagnostic>> {
    let at = At::file(source).in_sheet(sheet);
    if table.headers.len() > limits.max_columns {
        let (columns, limit, rows) = (table.headers.len(), limits.max_columns, table.count_records());
        return Err(Box::new(at.issue(IssueKind::TooManyColumns { columns, limit, rows })));
    }
    if table.records_at_most() > limits.max_rows {
        // Also makes the bound exact, since it sizes the rows.
        let n = table.bound_by_count();
        if n > limits.max_rows {
            return Err(Box::new(at.issue(IssueKind::TooManyRows { rows: n, limit: limits.max_rows })));
        }
    }
    Ok(table)
}

/// A workbook's sheets as tables, or why it cannot be read.
fn workbook_parts<'f>(file: &'f InputFile, source: &str, limits: &Limits) -> Parts<'f> {
    let workbook_limits = WorkbookLimits {
        max_uncompressed_bytes: limits.max_workbook_bytes,
        max_cells: limits.max_cells,
        max_columns: u32::try_from(limits.max_columns).unwrap_or(u32::MAX),
    };
    let refused = |issue: Diagnostic| Parts {
        encoding: None,
        format: None,
        undecodable: 0,
        parts: vec![part(source, file.kind, Err(Box::new(issue)))],
        issues: Vec::new(),
    };
    let (format, sheets) = match read_workbook(&file.bytes, &workbook_limits) {
        Ok(read) => read,
        Err(WorkbookError::Encrypted) => return refused(At::file(source).issue(IssueKind::Encrypted)),
        Err(WorkbookError::TooLarge { uncompressed, limit }) => {
            return refused(At::file(source).issue(IssueKind::WorkbookTooLarge { uncompressed, limit }))
        }
        Err(WorkbookError::TooManyCells { sheet, cells, limit }) => {
            return refused(At::file(source).in_sheet(Some(&sheet)).issue(IssueKind::TooManyCells { cells, limit }))
        }
        Err(WorkbookError::Unreadable(reason)) => {
            return refused(At::file(source).issue(IssueKind::Unreadable { reason }))
        }
    };
    let mut parts = Vec::with_capacity(sheets.len());
    let mut issues = Vec::new();
    for sheet in sheets {
        let name = sheet.name;
        let table = match Table::grid(sheet.rows) {
            Ok(table) => within(source, Some(&name), table, limits),
            Err(_) => {
                // A sheet with no value: nothing to read, but its error cells, if any, were lost.
                issues.extend(sheet.lost.iter().map(|cell| lost_cell(source, &name, cell, None)));
                Err(Box::new(At::file(source).in_sheet(Some(&name)).issue(IssueKind::SheetSkipped)))
            }
        };
        parts.push(Part { sheet: Some(name), lost: sheet.lost, ..part(source, file.kind, table) });
    }
    Parts { encoding: None, format: Some(format), undecodable: 0, parts, issues }
}

/// A cell that lost its value, at its place in the sheet, named by its column's header where it has
/// one.
fn lost_cell(source: &str, sheet: &str, cell: &LostCell, header: Option<&str>) -> Diagnostic {
    let at = match header {
        Some(header) => At::cell(source, cell.row, header),
        None => At::row(source, cell.row),
    };
    let at = at.in_sheet(Some(sheet)).at_index(cell.column as usize);
    at.issue(match &cell.why {
        Lost::Error(error) => IssueKind::CellError { error: error.clone() },
        Lost::Formula(formula) => IssueKind::FormulaWithoutValue { formula: formula.clone() },
        Lost::PastLastColumn { limit, count } => IssueKind::PastLastColumn { limit: *limit, count: *count },
    })
}

/// A table that could not be read, at the spreadsheet row where the reader stopped.
fn table_unreadable(source: &str, e: &TableError) -> Diagnostic {
    let at = match e {
        TableError::Csv { row, .. } => At::row(source, *row),
        TableError::Empty => At::file(source),
    };
    at.issue(IssueKind::Unreadable { reason: e.to_string() })
}

/// Reads the KPI definitions among `files` (definition files, and those recipes carry) into
/// `read.kpis`, each problem an issue; returns the sources that were definition files.
fn definitions_in<'s, 'f>(
    files: impl Iterator<Item = &'f InputFile>,
    sources: &'s [String],
    recipes: &[(&str, Recipe)],
    read: &mut Read,
) -> Vec<&'s String> {
    let mut found = Vec::new();
    let add = |source: &str, parsed: Result<KpiDefinitions, (u64, String)>, read: &mut Read| match parsed {
        Ok(definitions) => {
            let (kpis, issues) = definitions.check(source);
            for spec in kpis {
                if read.kpis.iter().any(|k| k.id == spec.id) {
                    let (id, problem) = (Some(spec.id.as_str().to_owned()), KpiProblem::DuplicateId);
                    read.issues.push(At::file(source).issue(IssueKind::KpiDefinition { id, problem }));
                } else {
                    read.kpis.push(spec);
                    read.kpi_sources.push(source.to_owned());
                }
            }
            read.issues.extend(issues);
        }
        Err((line, reason)) => {
            let problem = KpiProblem::Unreadable { reason };
            read.issues.push(At::row(source, line).issue(IssueKind::KpiDefinition { id: None, problem }));
        }
    };
    for (file, source) in files.zip(sources) {
        if let Some(parsed) = KpiDefinitions::parse(&file.bytes) {
            add(source, parsed, read);
            found.push(source);
        }
    }
    for (source, recipe) in recipes.iter().filter(|(_, r)| !r.kpis.is_empty()) {
        let text = serde_json::json!({"schema": KpisSchema::KpisV1.as_str(), "kpis": recipe.kpis}).to_string();
        if let Some(parsed) = KpiDefinitions::parse(text.as_bytes()) {
            let before = read.issues.len();
            add(source, parsed, read);
            // Lines of the text made here, not of the recipe: the field names the definition.
            for issue in &mut read.issues[before..] {
                issue.position.row = None;
            }
        }
    }
    found
}

/// Says which columns the definitions read that no table of their kind has, and each cell they
/// read and cannot use.
fn check_defined_columns(read: &mut Read) {
    let mut issues = Vec::new();
    for (spec, source) in read.kpis.iter().zip(&read.kpi_sources) {
        let custom = Custom::new(spec);
        let rows: Vec<&Row> = read.rows.iter().filter(|r| r.kind() == spec.kind).collect();
        for (column, field) in custom.columns() {
            if !rows.iter().any(|r| field.in_table(r)) {
                let (id, column) = (spec.id.as_str().to_owned(), column.to_owned());
                issues.push(At::file(source).issue(IssueKind::KpiColumnNotFound { id, column }));
            }
        }
        for row in rows {
            for found in custom.unusable(row) {
                let mut at = At::cell(row.source(), row.row(), found.column).in_sheet(row.sheet());
                if let Some(place) = found.place {
                    at = at.at_index(place);
                }
                let kind = IssueKind::KpiValueUnusable { id: spec.id.as_str().to_owned(), raw: found.raw };
                issues.push(at.issue(kind));
            }
        }
    }
    read.issues.extend(issues);
}

/// The recipes among `files`, each with its source name.
fn recipes_in<'s, 'f>(files: impl Iterator<Item = &'f InputFile>, sources: &'s [String]) -> Vec<(&'s str, Recipe)> {
    files.zip(sources).filter_map(|(f, s)| Recipe::parse(&f.bytes).map(|r| (s.as_str(), r))).collect()
}

/// How one table is to be read: its kind and column mapping, and who chose them.
struct Plan<'a> {
    kind: Option<DatasetKind>,
    mapping: Option<&'a Mapping>,
    mapped_by: Option<String>,
    /// The header row a recipe was made with: the header is looked for down to a little past it.
    near: Option<u64>,
}

/// How a table of `file` is read: as the user chose, else by the recipe that fits it, else by
/// detection (with the kind a workspace key names).
fn plan<'a>(file: &'a InputFile, kind: Option<DatasetKind>, table: &Table, recipes: &'a [(&str, Recipe)]) -> Plan<'a> {
    if file.mapping.is_some() || file.kind.is_some() {
        Plan { kind, mapping: file.mapping.as_ref(), mapped_by: Some("user".to_owned()), near: None }
    } else if let (None, Some((name, entry))) = (kind, recipe_for(recipes, table)) {
        let (mapping, mapped_by) = (Some(&entry.columns), Some(name.to_owned()));
        Plan { kind: Some(entry.kind), mapping, mapped_by, near: entry.header_row }
    } else {
        Plan { kind, mapping: None, mapped_by: None, near: None }
    }
}

/// Whether a table is not to be read, and by whose choice: the user's for it (`Some(None)`), else a
/// recipe's (named) that leaves a sheet of its name out.
fn left_out<'r>(file: &InputFile, sheet: Option<&str>, recipes: &'r [(&str, Recipe)]) -> Option<Option<&'r str>> {
    match (file.choice(sheet), sheet) {
        (Some(choice), _) => choice.skip.then_some(None),
        (None, Some(sheet)) => {
            recipes.iter().find(|(_, r)| r.left_out.iter().any(|s| s == sheet)).map(|(name, _)| Some(*name))
        }
        (None, None) => None,
    }
}

/// The recipe entry (and its recipe's name) that fits a table's header, if any: the table's own
/// header, or a row near its top (a header below a title).
fn recipe_for<'r>(recipes: &'r [(&str, Recipe)], table: &Table) -> Option<(&'r str, &'r RecipeEntry)> {
    if recipes.is_empty() {
        return None;
    }
    let fits = |headers: &[String]| recipes.iter().find_map(|(name, r)| r.best_entry(headers).map(|e| (*name, e)));
    fits(&table.headers).or_else(|| {
        if !table.has_header_row() {
            return None;
        }
        let near = recipes.iter().flat_map(|(_, r)| r.entries.iter().filter_map(|e| e.header_row)).max();
        table.head(search_rows(None, near)).iter().find_map(|(_, cells)| fits(cells))
    })
}

/// How many records from the top the header is looked for in: the first [`HEADER_SEARCH`], down to
/// the row the user chose, and a little past the row a recipe was made with (next year's sheet may
/// have a title line more).
fn search_rows(chosen: Option<u64>, near: Option<u64>) -> usize {
    let to = |row: Option<u64>, margin: u64| {
        usize::try_from(row.map_or(0, |r| r.saturating_add(margin))).unwrap_or(usize::MAX)
    };
    // One row past the chosen one: a two-row header may start there.
    HEADER_SEARCH.max(to(chosen, 1)).max(to(near, 10))
}

fn read_file(file: Cow<InputFile>, source: &str, limits: &Limits, recipes: &[(&str, Recipe)], read: &mut Read) {
    let mut decoded = parts(&file, source, limits);
    // A recipe may name the encoding: when detection garbled the headers so that no entry fits,
    // try the encodings the recipes name.
    if file.encoding.is_none() && file.mapping.is_none() && decoded.format.is_none() {
        let fits =
            |parts: &[Part]| parts.iter().any(|p| p.table.as_ref().is_ok_and(|t| recipe_for(recipes, t).is_some()));
        if !fits(&decoded.parts) {
            for encoding in recipes.iter().flat_map(|(_, r)| r.entries.iter().filter_map(|e| e.encoding)) {
                let retry = parts_as(&file, Some(encoding), source, limits);
                if fits(&retry.parts) {
                    decoded = retry;
                    break;
                }
            }
        }
    }
    let Parts { encoding, format, undecodable, parts, mut issues } = decoded;
    read.issues.append(&mut issues);
    let mut headers = None;
    let mut headers_of_known = false;
    let input = read.headers.len();
    let mut views = Vec::new();
    let first_dataset = read.datasets.len();
    let mut chosen_out = 0;
    let sheets = parts.iter().filter(|p| p.sheet.is_some()).count();
    for part in parts {
        let mut summary = DatasetSummary {
            kind: None,
            source: part.source.clone(),
            sheet: part.sheet.clone(),
            encoding,
            format,
            header_row: None,
            undecodable_chars: undecodable,
            rows_read: part.not_objects.len() as u64,
            rows_used: 0,
            rows_rejected: part.not_objects.len() as u64,
            rows_superseded: 0,
            rows_skipped: 0,
            mapped_by: None,
        };
        for &row in &part.not_objects {
            read.issues.push(At::row(&part.source, row).issue(IssueKind::NotAnObject));
        }
        match part.table {
            Ok(mut table) => {
                let plan = plan(&file, part.kind, &table, recipes);
                let choice = file.choice(part.sheet.as_deref());
                if let Some(recipe) = left_out(&file, part.sheet.as_deref(), recipes) {
                    // Left out by the user (or a recipe, named): listed, its rows set aside.
                    summary.rows_skipped = table.count_records() + 1;
                    let recipe = recipe.map(str::to_owned);
                    let at = At::file(&part.source).in_sheet(part.sheet.as_deref());
                    read.issues.push(at.issue(IssueKind::SkippedByChoice { recipe }));
                    chosen_out += 1;
                    views.push(TableView { left_out: true, ..table_view(&table, part.sheet.as_deref(), input) });
                    read.datasets.push(summary);
                    continue;
                }
                let header_row = choice.and_then(|c| c.header_row);
                let sheet = Sheet { name: part.sheet.as_deref(), lost: &part.lost, header_row };
                read_table_as(&mut table, &sheet, plan, summary, read);
                views.push(table_view(&table, part.sheet.as_deref(), input));
                // The mapping step offers the first known table's header, not a cover sheet's.
                let known = read.datasets.last().is_some_and(|d| d.kind.is_some());
                if headers.is_none() || (known && !headers_of_known) {
                    headers = Some(table.headers);
                    headers_of_known = known;
                }
            }
            Err(issue) => {
                if let Some(rows) = issue.kind.refused_rows() {
                    summary.rows_read += rows;
                    summary.rows_rejected += rows;
                }
                read.issues.push(*issue);
                read.datasets.push(summary);
            }
        }
    }
    // A workbook whose every sheet was set aside as matching no kind gave nothing: that is an
    // error to act on, not a row of notes. (A sheet refused with an error of its own says so, and
    // sheets left out by choice were meant to be.)
    let datasets = &read.datasets[first_dataset..];
    let accounted = datasets.iter().any(|d| d.kind.is_some() || d.rows_rejected > 0);
    if sheets > 0 && chosen_out == 0 && !accounted {
        read.issues.push(At::file(source).issue(IssueKind::NoSheetRead));
    }
    read.headers.push(headers.unwrap_or_default());
    read.tables.append(&mut views);
}

/// Puts the table's header where it is: at the row the user chose, else the first row, unless a row
/// near the top matches better (a title above it), or two rows do together ([`layout::locate`]).
/// The layout, when the header is not the first row alone.
fn place_header(
    table: &mut Table,
    kind: Option<DatasetKind>,
    mapping: Option<&Mapping>,
    chosen: Option<u64>,
    near: Option<u64>,
) -> Option<layout::Layout> {
    if !table.has_header_row() {
        return None;
    }
    let head = table.head(search_rows(chosen, near));
    // A chosen row that is not one of the table's (or is blank) is looked past, as if none were
    // chosen; the read says so.
    let l = chosen
        .and_then(|row| layout::at_row(&head, kind, mapping, row))
        .or_else(|| layout::locate(&head, kind, mapping));
    let l = l.filter(|l| l.skip > 0 || l.header_rows > 1)?;
    table.set_header(l.skip, l.header_rows, l.headers.clone(), l.header_row);
    Some(l)
}

/// Where a table's header is (its first rows come with [`previews`]).
fn table_view(table: &Table, sheet: Option<&str>, input: usize) -> TableView {
    TableView { input, sheet: sheet.map(str::to_owned), header_row: table.header_row, ..TableView::default() }
}

/// Each table of `file` as laid out, with its first rows: what the page shows for choosing a
/// header row by hand.
pub fn previews(file: &InputFile, options: &Options) -> Vec<TableView> {
    const ROWS: usize = 12;
    const CHARS: usize = 40;
    let cut =
        |c: &String| if c.chars().count() > CHARS { c.chars().take(CHARS).chain(['…']).collect() } else { c.clone() };
    let mut views = Vec::new();
    for part in parts(file, &file.name, &options.limits).parts {
        let Ok(mut table) = part.table else { continue };
        let chosen = file.choice(part.sheet.as_deref()).and_then(|c| c.header_row);
        place_header(&mut table, part.kind.or(file.kind), file.mapping.as_ref(), chosen, None);
        let mut view = table_view(&table, part.sheet.as_deref(), 0);
        if table.has_header_row() {
            (view.preview_rows, view.preview) = table
                .head(ROWS)
                .into_iter()
                .map(|(row, cells)| (row, cells.iter().take(30).map(cut).collect()))
                .unzip();
        }
        views.push(view);
    }
    views
}

/// The sheet a table came from, in a workbook: its name, and its cells that lost their value; and
/// the header row the user chose for it.
struct Sheet<'s> {
    name: Option<&'s str>,
    lost: &'s [LostCell],
    header_row: Option<u64>,
}

/// Finds the header (below a title, or on two rows: [`layout::locate`]), detects the kind (unless
/// given), locates the columns (by the mapping where there is one), loads the rows, and records
/// the dataset's summary.
fn read_table_as(table: &mut Table, sheet: &Sheet<'_>, plan: Plan<'_>, mut summary: DatasetSummary, read: &mut Read) {
    let source = summary.source.clone();
    let at = |row: u64| At::row(&source, row).in_sheet(sheet.name);
    summary.mapped_by = plan.mapped_by;
    // The rows above a header that is not the first row are set aside, and said so once.
    let mut unit = None;
    if let Some(l) = place_header(table, plan.kind, plan.mapping, sheet.header_row, plan.near) {
        if let (Some(&first), Some(&last)) = (l.above.first(), l.above.last()) {
            read.issues.push(at(first).issue(IssueKind::AboveHeader { first, last }));
            summary.rows_skipped += l.above.len() as u64;
        }
        unit = l.unit;
    }
    summary.header_row = (table.header_row > 1).then_some(table.header_row);
    if let (Some(row), true) = (sheet.header_row, table.has_header_row()) {
        if table.header_row != row {
            read.issues.push(at(row).issue(IssueKind::HeaderRowNotFound { row }));
        }
    }
    // A sheet's cells that lost their value, wherever they are (a data cell named by its column).
    if let Some(name) = sheet.name {
        for cell in sheet.lost {
            let header = (cell.row > table.header_row).then(|| table.headers.get(cell.column as usize)).flatten();
            read.issues.push(lost_cell(&source, name, cell, header.map(String::as_str)));
        }
    }
    let found = match (plan.kind, plan.mapping) {
        (Some(kind), Some(mapping)) => {
            let (map, missing) = ColumnMap::with_mapping(kind, &table.headers, mapping);
            for (key, header) in missing {
                read.issues.push(at(table.header_row).issue(IssueKind::MappedColumnMissing { key, header }));
            }
            Some((kind, map))
        }
        (Some(kind), None) => Some((kind, ColumnMap::match_headers(kind, &table.headers))),
        (None, _) => detect_kind(&table.headers),
    };
    let Some((kind, map)) = found else {
        let n = table.count_records();
        if sheet.name.is_some() {
            // A sheet of other things (a cover, instructions) in a workbook of tables: not an error.
            read.issues.push(At::file(&source).in_sheet(sheet.name).issue(IssueKind::SheetSkipped));
            summary.rows_skipped += n + 1;
        } else {
            let headers = table.headers.clone();
            read.issues.push(at(table.header_row).issue(IssueKind::UnknownKind { headers }));
            summary.rows_read += n;
            summary.rows_rejected += n;
        }
        read.datasets.push(summary);
        return;
    };
    // A kind chosen for the table (by the user or a recipe) that matches fewer than two of its
    // headers would read rows of nothing: every row is refused, and the error says why.
    if plan.kind.is_some() && plan.mapping.is_none() && map.len() < 2 && table.has_header_row() {
        read.issues
            .push(at(table.header_row).issue(IssueKind::TooFewColumns { kind: kind.name_ja(), found: map.len() }));
        let n = table.count_records();
        summary.rows_read += n;
        summary.rows_rejected += n;
        read.datasets.push(summary);
        return;
    }
    let map = match unit {
        Some(label) => {
            let (map, applied) = map.with_unit(kind, &label);
            if applied {
                read.issues.push(At::file(&source).in_sheet(sheet.name).issue(IssueKind::UnitFromLine { label }));
            }
            map
        }
        None => map,
    };
    // Columns that are not read are said so: a duplicated header, and headers that match nothing
    // (but those a KPI definition reads, which are kept as text).
    let used: Vec<usize> = map.indices().collect();
    let read_by_definitions = defined_forms(&read.kpis, kind);
    let mut unused = Vec::new();
    let mut extras = Vec::new();
    for (index, header) in table.headers.iter().enumerate() {
        if header.trim().is_empty() || used.contains(&index) {
            continue;
        }
        let form = header_form(header);
        if read_by_definitions.contains(&form) && column_for(kind, header).is_none() {
            if !extras.iter().any(|(_, f)| *f == form) {
                extras.push((index, form));
            }
            continue;
        }
        match column_for(kind, header) {
            Some(c) if map.index(c.key).is_some() => {
                let duplicate = IssueKind::DuplicateColumn { header: header.clone(), position: index + 1 };
                read.issues.push(at(table.header_row).issue(duplicate));
            }
            _ => unused.push(header.clone()),
        }
    }
    if !unused.is_empty() {
        read.issues.push(at(table.header_row).issue(IssueKind::UnusedColumns { headers: unused }));
    }
    let map = map.with_extras(extras);
    // What the records say about the table goes before the rows' issues, where it was found:
    // once they are read.
    let before_rows = read.issues.len();
    let table: &Table = table;
    let mut records = table.records();
    let mut loaded = load(kind, &source, sheet.name, table, &mut records, &map);
    let mut about_table = Vec::new();
    if records.count() == 0 {
        about_table.push(at(table.header_row).issue(IssueKind::NoRows));
    }
    if let Some((row, lines)) = records.unterminated_quote() {
        about_table.push(at(row).issue(IssueKind::UnterminatedQuote { lines }));
    }
    read.issues.splice(before_rows..before_rows, about_table);
    summary.kind = Some(kind);
    summary.rows_read += loaded.rows_read;
    summary.rows_rejected += loaded.rows_rejected;
    summary.rows_skipped += loaded.rows_skipped;
    summary.rows_used = loaded.rows.len() as u64;
    read.issues.append(&mut loaded.issues);
    if read.rows.is_empty() {
        // Moved, not copied: a million rows are megabytes (8 or 16 bytes each).
        read.rows = std::mem::take(&mut loaded.rows);
    } else {
        read.rows.append(&mut loaded.rows);
    }
    read.datasets.push(summary);
}

/// The header forms of the columns that the definitions of `kind` read and that are not the kind's.
fn defined_forms(kpis: &[KpiSpec], kind: DatasetKind) -> Vec<String> {
    let mut forms = Vec::new();
    for custom in kpis.iter().filter(|k| k.kind == kind).map(Custom::new) {
        forms.extend(custom.extra_columns().map(|(_, form)| form.to_owned()));
    }
    forms
}

/// A recipe that reproduces how every table of `files` was read: kind, encoding chosen by the user,
/// and the header of every located column. It holds no data.
pub fn recipe_from(files: &[InputFile], options: &Options) -> Recipe {
    let sources = distinct_names(files.iter().map(|f| f.name.as_str()));
    let recipes = recipes_in(files.iter(), &sources);
    // The KPI definitions in force travel with the recipe (how each figure reads is worked out
    // again when it is read).
    let mut defined = Read::default();
    let definition_files = definitions_in(files.iter(), &sources, &recipes, &mut defined);
    let kpis =
        (defined.kpis.into_iter()).filter_map(|k| serde_json::to_value(KpiSpec { reads_as: None, ..k }).ok()).collect();
    let (mut entries, mut left) = (Vec::new(), Vec::new());
    for (file, source) in files.iter().zip(&sources) {
        if recipes.iter().any(|(s, _)| s == source) || definition_files.contains(&source) {
            continue;
        }
        for part in parts(file, source, &options.limits).parts {
            let Ok(mut table) = part.table else { continue };
            if left_out(file, part.sheet.as_deref(), &recipes).is_some() {
                left.extend(part.sheet);
                continue;
            }
            let chosen = file.choice(part.sheet.as_deref()).and_then(|c| c.header_row);
            let Plan { kind, mapping, near, .. } = plan(file, part.kind, &table, &recipes);
            let layout = place_header(&mut table, kind, mapping, chosen, near);
            let located = match (kind, mapping) {
                (Some(kind), Some(mapping)) => Some((kind, ColumnMap::with_mapping(kind, &table.headers, mapping).0)),
                (Some(kind), None) => Some((kind, ColumnMap::match_headers(kind, &table.headers))),
                (None, _) => detect_kind(&table.headers),
            };
            if let Some((kind, map)) = located {
                entries.push(RecipeEntry {
                    kind,
                    encoding: file.encoding,
                    columns: map.pairs().map(|(k, h)| (k, h.to_owned())).collect(),
                    file_name: Some(part.source.clone()),
                    sheet: part.sheet.clone(),
                    header_row: layout.map(|l| l.header_row),
                });
            }
        }
    }
    left.sort();
    left.dedup();
    Recipe { left_out: left, kpis, ..Recipe::new(entries) }
}

/// The rows that were rejected, per table, as CSV files the user can fix and upload again: the
/// original header and cells, plus a last column with the reasons (which matches no known column,
/// so it is ignored on the way back in). `issues` are those of reading `files` ([`Read::issues`],
/// or the results'). UTF-8 with a BOM for Excel. Returns (file name, bytes).
pub fn rejected_rows_csv(files: &[InputFile], issues: &[Issue], options: &Options) -> Vec<(String, Vec<u8>)> {
    let sources = distinct_names(files.iter().map(|f| f.name.as_str()));
    let recipes = recipes_in(files.iter(), &sources);
    let mut out = Vec::new();
    for (file, source) in files.iter().zip(&sources) {
        for part in parts(file, source, &options.limits).parts {
            let Ok(mut table) = part.table else { continue };
            let chosen = file.choice(part.sheet.as_deref()).and_then(|c| c.header_row);
            // The header where the read put it: by the same plan (the user's, or a recipe's).
            let Plan { kind, mapping, near, .. } = plan(file, part.kind, &table, &recipes);
            place_header(&mut table, kind, mapping, chosen, near);
            let mut reasons: HashMap<u64, Vec<String>> = HashMap::new();
            for i in issues.iter().filter(|i| {
                i.source() == part.source
                    && i.position.sheet == part.sheet
                    && matches!(i.code(), IssueCode::MissingRequired | IssueCode::InvalidRequired)
            }) {
                if let Some(row) = i.row() {
                    reasons.entry(row).or_default().push(i.message(Lang::Ja).to_owned());
                }
            }
            if reasons.is_empty() {
                continue;
            }
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .flexible(true)
                .from_writer(b"\xEF\xBB\xBF".to_vec());
            let mut header = table.headers.clone();
            header.push("除外の理由 / reason rejected".to_owned());
            let _ = w.write_record(header.iter().map(|h| safe::csv_cell(h).into_owned()));
            let mut records = table.records();
            while let Some(record) = records.next() {
                if !reasons.contains_key(&record.row) {
                    continue;
                }
                let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
                cells.resize(table.headers.len(), String::new());
                cells.push(reasons[&record.row].join(" / "));
                // Cells a spreadsheet would run as formulas are neutralised (CSV injection).
                let _ = w.write_record(cells.iter().map(|c| safe::csv_cell(c).into_owned()));
            }
            let mut stem =
                part.source.rsplit_once('.').map_or(part.source.as_str(), |(stem, _)| stem).replace('#', "_");
            if let Some(sheet) = &part.sheet {
                stem = format!("{stem}_{sheet}");
            }
            out.push((safe::file_name(&format!("{stem}_rejected.csv")), w.into_inner().unwrap_or_default()));
        }
    }
    out
}

/// The name each file is reported under. Two files may share a name (chosen from two folders);
/// the later ones become `name (2)`, `name (3)`… so that every issue points at one file.
fn distinct_names<'a>(names: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    names
        .map(|name| {
            let n = seen.entry(name).or_insert(0);
            *n += 1;
            if *n == 1 {
                name.to_owned()
            } else {
                format!("{name} ({n})")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use mdkpi_contract::catalogue::KpiId;

    use super::*;

    fn no_suppression() -> Options {
        Options {
            statistics: mdkpi_contract::options::StatisticsOptions {
                min_cell_size: Some(1),
                ..mdkpi_contract::options::StatisticsOptions::default()
            },
            ..Options::default()
        }
    }

    const CSV: &str = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,2\n2023,B,2020,1,1\n";

    /// Reading owned files (the engine lets go of each file's bytes as it goes) reads the same.
    #[test]
    fn reading_owned_files_reads_the_same() {
        let mut files = crate::sample::files();
        files.push(InputFile::new("p.csv", CSV.into()));
        files.push(InputFile::new("p.csv", "年度,課題ID,採択年度\n2023,A,2020\n2023,,2021\n".into()));
        let options = no_suppression();
        let borrowed = read(&files, &Limits::default(), &mut |_, _| {});
        let owned = read_owned(files, &Limits::default(), &mut |_, _| {});
        assert_eq!((&owned.rows, &owned.headers), (&borrowed.rows, &borrowed.headers));
        assert_eq!(results_from(&owned, &options), results_from(&borrowed, &options));
    }

    /// The engine's path (a prepared read: filter index, projects typed once and picked by
    /// position) gives the results of the plain one (every row asked, the kept projects typed
    /// afresh), under every filter value the sample has, and under two stage-up definitions.
    #[test]
    fn a_prepared_read_gives_the_plain_results_under_every_filter() {
        let read = read(&crate::sample::files(), &Limits::default(), &mut |_, _| {});
        let prepared = Prepared::of(&read);
        let facets = prepared.filter.facets();
        let last = facets.fiscal_years.last().copied();
        let mut filters = vec![mdkpi_contract::options::Filter::default()];
        filters.extend(
            facets
                .programs
                .iter()
                .map(|p| mdkpi_contract::options::Filter { program: Some(p.clone()), ..Default::default() }),
        );
        filters.extend(
            facets
                .priority_areas
                .iter()
                .map(|&a| mdkpi_contract::options::Filter { priority_area: Some(a), ..Default::default() }),
        );
        filters.extend(facets.programs.iter().map(|p| mdkpi_contract::options::Filter {
            program: Some(p.clone()),
            priority_area: Some(2),
            fiscal_year_from: last,
            ..Default::default()
        }));
        assert!(filters.len() > 8, "the sample has programs and areas to filter on");
        let mut with_projects = 0;
        for filter in &filters {
            for (exclude_discontinued, min_years) in [(false, None), (true, Some(2))] {
                let stage_up = mdkpi_contract::options::StageUpOptions {
                    exclude_discontinued,
                    min_years_since_adoption: min_years,
                    ..Default::default()
                };
                let options = Options { filter: filter.clone(), stage_up, ..no_suppression() };
                let plain = results_from(&read, &options);
                with_projects += usize::from(plain.kpis.iter().any(|k| k.id == KpiId::RdProjectsAdopted));
                assert_eq!(payload(&read, &prepared, &options).results, plain, "{filter:?}");
            }
        }
        // Most filters keep some projects (a hub program keeps none): the comparison is not empty.
        assert!(with_projects > filters.len(), "{with_projects} of {} runs had projects", 2 * filters.len());
    }

    #[test]
    fn same_key_in_two_files_with_the_same_name_is_reported_against_the_right_file() {
        let later = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,1\n";
        let files = [InputFile::new("p.csv", CSV.into()), InputFile::new("p.csv", later.into())];
        let r = compute(&files, &no_suppression());
        assert_eq!(r.datasets[0].source, "p.csv");
        assert_eq!(r.datasets[1].source, "p.csv (2)");
        assert_eq!((r.datasets[0].rows_used, r.datasets[0].rows_superseded), (1, 1));
        assert_eq!((r.datasets[1].rows_used, r.datasets[1].rows_superseded), (1, 0));
        let dup = r.issues.iter().find(|i| i.code() == mdkpi_contract::diagnostics::IssueCode::DuplicateKey).unwrap();
        assert_eq!((dup.source(), dup.row()), ("p.csv", Some(2)));
        assert!(dup.message(Lang::En).contains("p.csv (2) row 2"), "{}", dup.message(Lang::En));
        // The later row (A stays at stage 1) wins: 0 ups of 2.
        let total = r.kpis.iter().find(|k| k.id == KpiId::RdStageUpShare && k.breakdown.is_empty()).unwrap();
        assert_eq!((total.numerator, total.denominator), (Some(0), Some(2)));
    }

    #[test]
    fn rejected_rows_come_back_as_csv_that_loads_again_once_fixed() {
        let csv = "年度,課題ID,採択年度\n2023,A,2020\n2023,,2021\n2023,C,昭和60年度\n";
        let files = [InputFile::new("p.csv", csv.as_bytes().to_vec())];
        let options = Options::default();
        let r = compute(&files, &options);
        let out = rejected_rows_csv(&files, &r.issues, &options);
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].0, "p_rejected.csv");
        let text = String::from_utf8(out[0].1.clone()).unwrap();
        let lines: Vec<&str> = text.trim_start_matches('\u{FEFF}').lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[1].starts_with("2023,,2021,"));
        assert!(lines[2].starts_with("2023,C,昭和60年度,"));
        // A cell that would be a formula in Excel comes back neutralised.
        let hostile = "年度,課題ID,採択年度\n2023,=HYPERLINK(\"http://x\"),\n";
        let hostile = [InputFile::new("h.csv", hostile.as_bytes().to_vec())];
        let text_h =
            String::from_utf8(rejected_rows_csv(&hostile, &compute(&hostile, &options).issues, &options)[0].1.clone())
                .unwrap();
        assert!(text_h.contains("2023,\"'=HYPERLINK(\"\"http://x\"\")\""), "{text_h}");
        // Fixed by the user and dropped back in: both rows load; the reasons column is ignored.
        let fixed = text.replace("2023,,2021", "2023,B,2021").replace("昭和60年度", "2019");
        let again = compute(&[InputFile::new("fixed.csv", fixed.into_bytes())], &options);
        assert_eq!((again.datasets[0].rows_used, again.datasets[0].rows_rejected), (2, 0));
    }

    #[test]
    fn read_records_each_inputs_headers_in_input_order() {
        let recipe = r#"{"schema": "mdkpi.recipe/1", "entries": []}"#;
        let files = [
            InputFile::new("p.csv", CSV.as_bytes().to_vec()),
            InputFile::new("r.json", recipe.as_bytes().to_vec()),
            InputFile::new("empty.csv", Vec::new()),
            InputFile::new("t.tsv", "年度\t研修名\n2023\tx\n".as_bytes().to_vec()),
        ];
        let r = read(&files, &Limits::default(), &mut |_, _| {});
        let strings = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            r.headers,
            [
                strings(&["年度", "課題ID", "採択年度", "採択時ステージ", "現在ステージ"]),
                vec![],
                vec![],
                strings(&["年度", "研修名"])
            ]
        );
    }

    #[test]
    fn limits_refuse_whole_files_with_a_reason_and_count_their_rows() {
        let limits = Limits { max_file_bytes: 1_000, max_rows: 2, max_columns: 5, ..Limits::default() };
        let options = Options { limits, ..Options::default() };
        let wide = format!("{}\n{}\n", (0..6).map(|i| format!("h{i}")).collect::<Vec<_>>().join(","), "1,2,3,4,5,6");
        let files = [
            InputFile::new("big.csv", vec![b'a'; 1_001]),
            InputFile::new("long.csv", CSV.replace("2023,B", "2023,B\n2023,C,2020,1,1\n2023,D").into_bytes()),
            InputFile::new("wide.csv", wide.into_bytes()),
            InputFile::new("ok.csv", CSV.as_bytes().to_vec()),
            // More line breaks than the limit, but two records: counted, then read.
            InputFile::new(
                "quoted.csv",
                CSV.replace("2023,A", "2024,A").replace("2023,B", "\n\n2024,\"B\n\n\"").into_bytes(),
            ),
        ];
        let r = compute(&files, &options);
        let codes: Vec<_> = r.issues.iter().map(|i| (i.source(), i.code())).collect();
        use mdkpi_contract::diagnostics::IssueCode::*;
        assert_eq!(codes, [("big.csv", FileTooLarge), ("long.csv", TooManyRows), ("wide.csv", TooManyColumns)]);
        assert_eq!((r.datasets[1].rows_read, r.datasets[1].rows_rejected), (4, 4));
        assert_eq!((r.datasets[2].rows_read, r.datasets[2].rows_rejected), (1, 1));
        assert_eq!(r.datasets[3].rows_used, 2);
        assert_eq!(r.datasets[4].rows_used, 2);
        assert!(r.issues[0].message(Lang::Ja).contains("上限") && r.issues[0].message(Lang::En).contains("limit"));
    }

    #[test]
    fn undecodable_bytes_and_unknown_files_are_reported_not_dropped() {
        let mut bytes = CSV.as_bytes().to_vec();
        bytes.extend_from_slice(b"2023,C\x82,2020,1,2\n");
        let files = [InputFile::new("bad.csv", bytes), InputFile::new("other.csv", b"a,b\n1,2\n".to_vec())];
        let r = compute(&files, &Options::default());
        // The corrupt byte costs one value, not the file: the other rows are used.
        assert_eq!(r.datasets[0].rows_used, 3);
        assert_eq!(r.datasets[0].encoding, Some(crate::ingest::decode::TextEncoding::Utf8));
        assert_eq!(r.datasets[0].undecodable_chars, 1);
        assert_eq!(r.datasets[1].kind, None);
        assert_eq!((r.datasets[1].rows_read, r.datasets[1].rows_rejected), (1, 1));
        let codes: Vec<_> = r.issues.iter().map(|i| (i.source(), i.code())).collect();
        assert!(codes.contains(&("bad.csv", mdkpi_contract::diagnostics::IssueCode::MalformedEncoding)));
        assert!(codes.contains(&("other.csv", mdkpi_contract::diagnostics::IssueCode::UnknownKind)));
    }
}
