//! The global filters (年度, program, priority area, association, hub) and the rows behind a figure.
//!
//! A filter narrows the rows before any KPI is computed, so every figure, interval, suppression
//! and year-on-year change is recomputed on the narrowed rows: nothing is filtered after the fact.
//! A filter applies only to the kinds that have its column (a program filter leaves the member
//! companies, which have no program, as they are); a row of such a kind whose cell is empty is
//! left out, because it cannot be shown to match. The filter in force is echoed in
//! `definitions.filter`, so an exported figure says what it covers.
//!
//! ```
//! use mdkpi_core::contract::options::{Filter, Limits};
//! use mdkpi_core::kpi::filter::keeps;
//! use mdkpi_core::pipeline::{read, InputFile};
//! let csv = "年度,課題ID,採択年度,事業名\n2023,A,2020,甲\n2023,B,2021,乙\n";
//! let rows = read(&[InputFile::new("p.csv", csv.into())], &Limits::default(), &mut |_, _| {}).rows;
//! let f = Filter { program: Some("甲".into()), ..Filter::default() };
//! assert_eq!(rows.iter().filter(|r| keeps(&f, r)).count(), 1);
//! ```

use std::collections::{BTreeSet, HashMap};

use mdkpi_contract::catalogue::{Catalogue, Dimension, KpiId, KpiKey};
use mdkpi_contract::label::YEARS_SINCE_LAST;
use mdkpi_contract::options::Filter;
use mdkpi_contract::results::{Dim, Drill, DrillQuery, Facets};
use mdkpi_contract::schema::{Col, DatasetKind};
use mdkpi_contract::value::Status;

use crate::kpi::custom::Custom;
use crate::kpi::rd::adopted_once;
use crate::model::dataset::{Row, Value};

/// The columns the text filters read, in the order of [`text_filters`].
const TEXT_COLUMNS: [Col; 3] = [Col::Program, Col::Association, Col::Hub];

/// The column each text filter reads: (column key, the filter's value).
fn text_filters(f: &Filter) -> [(Col, Option<&str>); 3] {
    let [program, association, hub] = TEXT_COLUMNS;
    [(program, f.program.as_deref()), (association, f.association.as_deref()), (hub, f.hub.as_deref())]
}

/// Whether a filter on `key` narrows rows of `kind` (as `Filter::unapplied`, which the page shows,
/// says of a whole kind).
fn has_column(kind: DatasetKind, key: Col) -> bool {
    kind.column(key).is_some()
}

/// Whether `filter` keeps `row`. Reference statistics (calendar years) and follow-up notes are
/// never filtered: they are context, not figures computed from survey rows.
pub fn keeps(filter: &Filter, row: &Row) -> bool {
    if matches!(row.kind(), DatasetKind::Reference | DatasetKind::Followup) {
        return true;
    }
    // The year is looked up only when a year filter is set: this runs for every row.
    if filter.fiscal_year_from.is_some() || filter.fiscal_year_to.is_some() {
        if let Some(fy) = row.fiscal_year() {
            if filter.fiscal_year_from.is_some_and(|from| fy < from) || filter.fiscal_year_to.is_some_and(|to| fy > to)
            {
                return false;
            }
        }
    }
    for (key, wanted) in text_filters(filter) {
        if let Some(wanted) = wanted {
            if has_column(row.kind(), key) && row.text(key) != Some(wanted) {
                return false;
            }
        }
    }
    if let Some(area) = filter.priority_area {
        if has_column(row.kind(), Col::PriorityAreas) && !row.areas(Col::PriorityAreas).contains(&area) {
            return false;
        }
    }
    true
}

/// The filterable fields of every row, interned, one column per field. A filter change scans the
/// columns it asks about (a program filter: four bytes a row, in order) instead of reaching into
/// every row's values: over a million rows, that reach was ~95% of a refilter. Built once per
/// read, it also gives the [`Facets`].
/// [`FilterIndex::kept_at`] keeps exactly the rows [`keeps`] keeps, and the facets are those
/// of the rows (a test checks both against the plain definitions, on every value of every facet).
#[derive(Debug, Default)]
pub struct FilterIndex {
    /// Per row: [`RowKey`]'s fields, a column each.
    years: Vec<i32>,
    texts: [Vec<u32>; 3],
    areas: Vec<u8>,
    flags: Vec<u8>,
    kinds: Vec<DatasetKind>,
    /// The rows with [`ODD_AREAS`].
    odd: Vec<usize>,
    /// program, association, hub: text → code (≥ 1).
    codes: [rustc_hash::FxHashMap<std::sync::Arc<str>, u32>; 3],
    year_set: BTreeSet<i32>,
    area_set: BTreeSet<u8>,
}

/// Where a kind's filtered columns are among its rows' values (`None`: the kind has no such column).
struct FilteredColumns {
    fiscal_year: Option<usize>,
    texts: [Option<usize>; 3],
    areas: Option<usize>,
}

impl FilteredColumns {
    fn of(kind: DatasetKind) -> FilteredColumns {
        FilteredColumns {
            fiscal_year: kind.column(Col::FiscalYear),
            texts: TEXT_COLUMNS.map(|key| kind.column(key)),
            areas: kind.column(Col::PriorityAreas),
        }
    }
}

/// One row's filterable fields.
struct RowKey {
    /// [`NO_YEAR`] where the row has none.
    fiscal_year: i32,
    /// Per text filter: the value's code, [`NO_VALUE`] where the cell is empty, [`NO_COLUMN`]
    /// where the row's kind has no such column.
    texts: [u32; 3],
    /// Bit `a` for priority area `a`.
    areas: u8,
    flags: u8,
    kind: DatasetKind,
}

const NO_YEAR: i32 = i32::MIN;
const NO_VALUE: u32 = 0;
const NO_COLUMN: u32 = u32::MAX;
/// A wanted text that no row has.
const UNKNOWN: u32 = u32::MAX - 1;
const HAS_AREAS: u8 = 2;
/// An area the bit mask cannot hold: the row itself is asked.
const ODD_AREAS: u8 = 4;

impl FilterIndex {
    pub fn of(rows: &[Row]) -> FilterIndex {
        let mut index = FilterIndex::default();
        // Where the filtered columns are in rows of the kind at hand: looked up when the kind
        // changes (files come one kind at a time), not for every row.
        let mut columns: Option<(DatasetKind, FilteredColumns)> = None;
        for row in rows {
            if matches!(row.kind(), DatasetKind::Reference | DatasetKind::Followup) {
                // Reference statistics and follow-up notes are never filtered: no column to narrow.
                index.push(RowKey {
                    fiscal_year: NO_YEAR,
                    texts: [NO_COLUMN; 3],
                    areas: 0,
                    flags: 0,
                    kind: row.kind(),
                });
                continue;
            }
            let c = match &columns {
                Some((kind, c)) if *kind == row.kind() => c,
                _ => &columns.insert((row.kind(), FilteredColumns::of(row.kind()))).1,
            };
            let fiscal_year = c.fiscal_year.and_then(|i| row.at(i)?.as_int()).and_then(|y| i32::try_from(y).ok());
            index.year_set.extend(fiscal_year);
            let mut texts = [NO_COLUMN; 3];
            for (i, column) in c.texts.into_iter().enumerate() {
                let Some(column) = column else { continue };
                texts[i] = match row.at(column) {
                    Some(Value::Text(text)) => match index.codes[i].get(text) {
                        Some(&code) => code,
                        None => {
                            let code = index.codes[i].len() as u32 + 1;
                            index.codes[i].insert(text.clone(), code);
                            code
                        }
                    },
                    _ => NO_VALUE,
                };
            }
            let (mut areas, mut flags) = (0u8, 0u8);
            if let Some(column) = c.areas {
                flags |= HAS_AREAS;
                for &a in row.at(column).map_or(&[][..], Value::as_areas) {
                    index.area_set.insert(a);
                    if a < 8 {
                        areas |= 1 << a;
                    } else {
                        flags |= ODD_AREAS;
                    }
                }
            }
            index.push(RowKey { fiscal_year: fiscal_year.unwrap_or(NO_YEAR), texts, areas, flags, kind: row.kind() });
        }
        index
    }

    fn push(&mut self, key: RowKey) {
        if key.flags & ODD_AREAS != 0 {
            self.odd.push(self.flags.len());
        }
        self.years.push(key.fiscal_year);
        for (column, code) in self.texts.iter_mut().zip(key.texts) {
            column.push(code);
        }
        self.areas.push(key.areas);
        self.flags.push(key.flags);
        self.kinds.push(key.kind);
    }

    /// The values each filter can take: every value of the rows filters apply to, once each, in
    /// order.
    pub fn facets(&self) -> Facets {
        let sorted = |texts: &rustc_hash::FxHashMap<std::sync::Arc<str>, u32>| {
            let mut v: Vec<String> = texts.keys().map(|t| t.to_string()).collect();
            v.sort();
            v
        };
        Facets {
            fiscal_years: self.year_set.iter().copied().collect(),
            programs: sorted(&self.codes[0]),
            priority_areas: self.area_set.iter().copied().collect(),
            associations: sorted(&self.codes[1]),
            hubs: sorted(&self.codes[2]),
        }
    }

    /// The kind of the row at `at`, without reaching into the row.
    pub fn kind(&self, at: usize) -> DatasetKind {
        self.kinds[at]
    }

    /// The positions in `rows` (the rows this index was made of) of those `filter` keeps, ascending.
    pub fn kept_at(&self, rows: &[Row], filter: &Filter) -> Vec<usize> {
        assert_eq!(rows.len(), self.flags.len(), "a filter index is used with the rows it was made of");
        // Each criterion the filter sets narrows `keep` in one pass over its own column. A row
        // without the column (no 年度, a kind without programs) is not narrowed by it.
        let mut keep = vec![true; rows.len()];
        if filter.fiscal_year_from.is_some() || filter.fiscal_year_to.is_some() {
            let (from, to) = (filter.fiscal_year_from.unwrap_or(i32::MIN), filter.fiscal_year_to.unwrap_or(i32::MAX));
            for (k, &year) in keep.iter_mut().zip(&self.years) {
                *k &= year == NO_YEAR || (from <= year && year <= to);
            }
        }
        for (i, (_, value)) in text_filters(filter).into_iter().enumerate() {
            let Some(value) = value else { continue };
            let wanted = self.codes[i].get(value).copied().unwrap_or(UNKNOWN);
            for (k, &code) in keep.iter_mut().zip(&self.texts[i]) {
                *k &= code == NO_COLUMN || code == wanted;
            }
        }
        if let Some(a) = filter.priority_area {
            let bit = if a < 8 { 1u8 << a } else { 0 };
            for ((k, &areas), &flags) in keep.iter_mut().zip(&self.areas).zip(&self.flags) {
                *k &= flags & HAS_AREAS == 0 || areas & bit != 0;
            }
        }
        // Reference rows have no filterable column, so every criterion kept them. A row in an area
        // the bit mask cannot hold (no file can say so) is asked itself.
        for &i in &self.odd {
            keep[i] = keeps(filter, &rows[i]);
        }
        let mut kept = Vec::with_capacity(rows.len());
        kept.extend(keep.iter().enumerate().filter(|(_, &k)| k).map(|(i, _)| i));
        kept
    }
}

/// Whether `row` lies in the breakdown cell `(dimension, value)`.
fn in_cell(row: &Row, dimension: Dimension, value: &Dim) -> bool {
    match (dimension, value) {
        (Dimension::Program, Dim::Text(t)) => row.text(Col::Program) == Some(t.as_str()),
        (Dimension::Association, Dim::Text(t)) => row.text(Col::Association) == Some(t.as_str()),
        (Dimension::Hub, Dim::Text(t)) => row.text(Col::Hub) == Some(t.as_str()),
        (Dimension::PriorityArea, Dim::Int(a)) => row.areas(Col::PriorityAreas).iter().any(|x| i64::from(*x) == *a),
        (Dimension::AdoptionStage, Dim::Int(s)) => {
            row.stage(Col::StageAtAdoption).is_some_and(|x| i64::from(x.number()) == *s)
        }
        (Dimension::CurrentStage, Dim::Int(s)) => {
            row.stage(Col::CurrentStage).is_some_and(|x| i64::from(x.number()) == *s)
        }
        (Dimension::Answer, Dim::Int(a)) => row.int(Col::Satisfaction) == Some(*a),
        (Dimension::AdoptionYear, Dim::Int(y)) => row.int(Col::AdoptedFy) == Some(*y),
        (Dimension::YearsSinceAdoption, Dim::Int(n)) => match (row.fiscal_year(), row.int(Col::AdoptedFy)) {
            (Some(fy), Some(adopted)) => (i64::from(fy) - adopted).min(YEARS_SINCE_LAST) == *n,
            _ => false,
        },
        _ => false,
    }
}

/// A cell as the drill-down table shows it.
pub fn display(value: &Value) -> String {
    match value {
        Value::Text(s) => s.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Flag(b) => if *b { "○" } else { "×" }.to_owned(),
        Value::Stage(s) => format!("{} {}", s.number(), s.name_ja()),
        Value::Status(s) => match s {
            Status::Continuing => "継続",
            Status::Completed => "終了",
            Status::Discontinued => "中止",
        }
        .to_owned(),
        Value::Areas(a) => a.iter().map(u8::to_string).collect::<Vec<_>>().join(";"),
    }
}

/// The rows behind the figure `query` under `filter`: the rows of the KPI's kind, of its year,
/// in its breakdown cell, that the filter keeps.
///
/// This lists the rows a figure was computed from; which of them count in a share's numerator
/// or are excluded from its denominator follows the definitions shown beside the figure.
pub fn drill(rows: &[Row], filter: &Filter, query: &DrillQuery, limit: usize, catalogue: &Catalogue) -> Drill {
    let Some(def) = catalogue.def(query.id) else {
        return Drill {
            query: Some(query.clone()),
            note: "この KPI の定義がありません。 / No definition of this KPI.".into(),
            ..Drill::default()
        };
    };
    let kind = def.kind;
    // A defined KPI lists the rows it counts (a share: those of its denominator).
    let custom = match query.id {
        KpiKey::Custom(id) => catalogue.defined.iter().find(|d| d.id == id).map(Custom::new),
        KpiKey::Builtin(_) => None,
    };
    let mut out = Drill {
        query: Some(query.clone()),
        columns: ["ファイル", "行"]
            .into_iter()
            .map(str::to_owned)
            .chain(kind.columns().iter().map(|c| c.ja.to_owned()))
            .collect(),
        ..Drill::default()
    };
    let kept: Vec<&Row> = rows.iter().filter(|r| r.kind() == kind && keeps(filter, r)).collect();
    let in_cell = |r: &&Row| query.breakdown.iter().all(|(d, v)| in_cell(r, *d, v));
    let mut matched: Vec<&Row> = if query.id == KpiId::RdProjectsAdopted {
        // The projects `rd` counts (each 課題ID once, as of its latest survey among the rows the
        // filter keeps), then those of the cell and year: the rows of exactly that count.
        let mut codes: HashMap<&str, u32> = HashMap::new();
        let ids: Vec<(u32, Option<i32>)> = kept
            .iter()
            .map(|r| {
                let next = codes.len() as u32;
                (*codes.entry(r.text(Col::ProjectId).unwrap_or_default()).or_insert(next), r.fiscal_year())
            })
            .collect();
        let adopted_in = |r: &&Row| r.int(Col::AdoptedFy).and_then(|y| i32::try_from(y).ok()) == query.fiscal_year;
        let counted = adopted_once(codes.len(), ids).into_iter().flatten().map(|i| kept[i as usize]);
        counted.filter(adopted_in).filter(in_cell).collect()
    } else if query.id == KpiId::RdCohortStageReached {
        // A cohort's cell spans survey years: its years since adoption say which.
        kept.into_iter().filter(in_cell).collect()
    } else {
        let counted = |r: &&Row| custom.as_ref().is_none_or(|c| c.counts(r));
        kept.into_iter().filter(in_cell).filter(|r| r.fiscal_year() == query.fiscal_year).filter(counted).collect()
    };
    matched.sort_by(|a, b| (a.source(), a.row()).cmp(&(b.source(), b.row())));
    out.total = matched.len();
    // A defined KPI's own columns (kept as text) follow the kind's.
    let extras: Vec<(&str, &str)> = custom.iter().flat_map(Custom::extra_columns).collect();
    let mut extras = extras;
    let mut seen = Vec::new();
    extras.retain(|(_, form)| {
        !seen.contains(form) && {
            seen.push(*form);
            true
        }
    });
    out.columns.extend(extras.iter().map(|(name, _)| (*name).to_owned()));
    for row in matched.into_iter().take(limit) {
        let cells = row.values().map(|v| v.map(display).unwrap_or_default());
        let kept = extras.iter().map(|(_, form)| row.extra(form).unwrap_or_default().to_owned());
        out.rows.push([row.source().to_string(), row.row().to_string()].into_iter().chain(cells).chain(kept).collect());
    }
    out.note = if kind == DatasetKind::Members {
        "この数値の計算に使った行です。同じ企業が複数の行（団体）にあるときは、企業として1社に数えます。 / The rows behind this figure; a company on several rows (associations) counts once.".into()
    } else if query
        .id
        .builtin()
        .is_some_and(|id| matches!(id, KpiId::RdStageUpShare | KpiId::RdStageUpMeanGain | KpiId::RdStageUpTransition))
    {
        "この区分の課題をすべて示します。ステージアップの判定と分母から除いた課題は、図の定義に従います。 / All projects of this cell; which count as stage-up or are excluded follows the definitions shown with the figure.".into()
    } else {
        "この数値の計算に使った行です。 / The rows this figure was computed from.".into()
    };
    out
}
