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
//! use mdkpi::kpi::filter::Filter;
//! let f = Filter { program: Some("医療機器等研究成果展開事業".into()), ..Filter::default() };
//! assert!(!f.is_empty());
//! assert!(Filter::default().is_empty());
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use crate::kpi::Dim;
use crate::model::dataset::{Row, Value};
use crate::model::schema::DatasetKind;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Filter {
    /// The first and last survey fiscal years kept (inclusive); files without 年度 are kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year_from: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fiscal_year_to: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// 重点分野 1–5: a project in several areas is kept if one of them matches.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority_area: Option<u8>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub association: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub: Option<String>,
}

/// The columns the text filters read, in the order of [`text_filters`].
const TEXT_COLUMNS: [&str; 3] = ["program", "association", "hub"];

/// The column each text filter reads: (column key, the filter's value).
fn text_filters(f: &Filter) -> [(&'static str, Option<&str>); 3] {
    let [program, association, hub] = TEXT_COLUMNS;
    [(program, f.program.as_deref()), (association, f.association.as_deref()), (hub, f.hub.as_deref())]
}

fn has_column(kind: DatasetKind, key: &str) -> bool {
    kind.columns().iter().any(|c| c.key == key)
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        *self == Filter::default()
    }

    /// The filter in words, for footnotes and exports: `年度 2022〜2023・事業名 甲`; empty when
    /// nothing is filtered.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        match (self.fiscal_year_from, self.fiscal_year_to) {
            (None, None) => {}
            (from, to) => parts.push(format!(
                "年度 {}〜{}",
                from.map(|y| format!("FY{y}")).unwrap_or_default(),
                to.map(|y| format!("FY{y}")).unwrap_or_default()
            )),
        }
        if let Some(p) = &self.program {
            parts.push(format!("事業名 {p}"));
        }
        if let Some(a) = self.priority_area {
            parts.push(format!("重点分野 {a}"));
        }
        if let Some(a) = &self.association {
            parts.push(format!("団体名 {a}"));
        }
        if let Some(h) = &self.hub {
            parts.push(format!("拠点名 {h}"));
        }
        parts.join("・")
    }

    /// Whether `row` is kept. Reference statistics (calendar years) and follow-up notes are never
    /// filtered: they are context, not figures computed from survey rows.
    pub fn keeps(&self, row: &Row) -> bool {
        if matches!(row.kind(), DatasetKind::Reference | DatasetKind::Followup) {
            return true;
        }
        // The year is looked up only when a year filter is set: this runs for every row.
        if self.fiscal_year_from.is_some() || self.fiscal_year_to.is_some() {
            if let Some(fy) = row.fiscal_year() {
                if self.fiscal_year_from.is_some_and(|from| fy < from) || self.fiscal_year_to.is_some_and(|to| fy > to) {
                    return false;
                }
            }
        }
        for (key, wanted) in text_filters(self) {
            if let Some(wanted) = wanted {
                if has_column(row.kind(), key) && row.text(key) != Some(wanted) {
                    return false;
                }
            }
        }
        if let Some(area) = self.priority_area {
            if has_column(row.kind(), "priority_areas") && !row.areas("priority_areas").contains(&area) {
                return false;
            }
        }
        true
    }
}

/// The values each filter can take, from all rows read (not the filtered ones, so that a choice
/// never disappears because another filter is set).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub fiscal_years: Vec<i32>,
    pub programs: Vec<String>,
    pub priority_areas: Vec<u8>,
    pub associations: Vec<String>,
    pub hubs: Vec<String>,
}


/// The filterable fields of every row, interned, one column per field. A filter change scans the
/// columns it asks about (a program filter: four bytes a row, in order) instead of reaching into
/// every row's values: over a million rows, that reach was ~95% of a refilter. Built once per
/// read, it also gives the [`Facets`].
/// [`FilterIndex::kept_at`] keeps exactly the rows [`Filter::keeps`] keeps, and the facets are those
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
            fiscal_year: kind.column("fiscal_year"),
            texts: TEXT_COLUMNS.map(|key| kind.column(key)),
            areas: kind.column("priority_areas"),
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
                index.push(RowKey { fiscal_year: NO_YEAR, texts: [NO_COLUMN; 3], areas: 0, flags: 0, kind: row.kind() });
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
            keep[i] = filter.keeps(&rows[i]);
        }
        let mut kept = Vec::with_capacity(rows.len());
        kept.extend(keep.iter().enumerate().filter(|(_, &k)| k).map(|(i, _)| i));
        kept
    }
}

/// A figure to trace back: a KPI id, its year and its breakdown cell, as in the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DrillQuery {
    pub id: String,
    pub fiscal_year: Option<i32>,
    #[serde(default)]
    pub breakdown: BTreeMap<String, Dim>,
}

/// The rows behind a figure, as text, in file order. At most `limit` rows are listed; `total`
/// says how many there are.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Drill {
    pub query: Option<DrillQuery>,
    /// 「ファイル」, 「行」, then the kind's columns in Japanese.
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    pub total: usize,
    /// What the list covers, in Japanese and English (for example how stage-up treats the rows).
    pub note: String,
}

/// The dataset kind a KPI is computed from.
pub fn kind_of(id: &str) -> Option<DatasetKind> {
    let kind = match id.split('.').next()? {
        "training" if id.starts_with("training.satisfaction") => DatasetKind::Satisfaction,
        "training" => DatasetKind::Trainings,
        "members" => DatasetKind::Members,
        "hubs" => DatasetKind::Hubs,
        "rd" => DatasetKind::Projects,
        _ => return None,
    };
    Some(kind)
}

/// Whether `row` lies in the breakdown cell `(dimension, value)`.
fn in_cell(row: &Row, dimension: &str, value: &Dim) -> bool {
    match (dimension, value) {
        ("program" | "association" | "hub", Dim::Text(t)) => row.text(dimension) == Some(t.as_str()),
        ("priority_area", Dim::Int(a)) => row.areas("priority_areas").iter().any(|x| i64::from(*x) == *a),
        ("adoption_stage", Dim::Int(s)) => row.stage("stage_at_adoption").is_some_and(|x| i64::from(x.number()) == *s),
        ("current_stage", Dim::Int(s)) => row.stage("current_stage").is_some_and(|x| i64::from(x.number()) == *s),
        ("answer", Dim::Int(a)) => row.int("satisfaction") == Some(*a),
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
            crate::model::value::Status::Continuing => "継続",
            crate::model::value::Status::Completed => "終了",
            crate::model::value::Status::Discontinued => "中止",
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
pub fn drill(rows: &[Row], filter: &Filter, query: &DrillQuery, limit: usize) -> Drill {
    let Some(kind) = kind_of(&query.id) else {
        return Drill { query: Some(query.clone()), note: "この指標は行にさかのぼれません。 / This figure has no rows to trace.".into(), ..Drill::default() };
    };
    let mut out = Drill {
        query: Some(query.clone()),
        columns: ["ファイル", "行"].into_iter().map(str::to_owned).chain(kind.columns().iter().map(|c| c.ja.to_owned())).collect(),
        ..Drill::default()
    };
    let in_figure = |r: &&Row| {
        r.kind() == kind && filter.keeps(r) && query.breakdown.iter().all(|(d, v)| in_cell(r, d, v))
    };
    let mut matched: Vec<&Row> = if query.id == "rd.projects.adopted" {
        // Counted in the adoption year, each 課題ID once as of its latest survey (as `rd` does).
        let mut latest: BTreeMap<&str, &Row> = BTreeMap::new();
        for r in rows.iter().filter(in_figure) {
            let Some(id) = r.text("project_id") else { continue };
            let e = latest.entry(id).or_insert(r);
            if r.fiscal_year() > e.fiscal_year() {
                *e = r;
            }
        }
        let adopted_in = |r: &&Row| r.int("adopted_fy").and_then(|y| i32::try_from(y).ok()) == query.fiscal_year;
        latest.into_values().filter(adopted_in).collect()
    } else {
        rows.iter().filter(in_figure).filter(|r| r.fiscal_year() == query.fiscal_year).collect()
    };
    matched.sort_by(|a, b| (a.source(), a.row()).cmp(&(b.source(), b.row())));
    out.total = matched.len();
    for row in matched.into_iter().take(limit) {
        let cells = row.values().map(|v| v.map(display).unwrap_or_default());
        out.rows.push([row.source().to_string(), row.row().to_string()].into_iter().chain(cells).collect());
    }
    out.note = if kind == DatasetKind::Members {
        "この数値の計算に使った行です。同じ企業が複数の行（団体）にあるときは、企業として1社に数えます。 / The rows behind this figure; a company on several rows (associations) counts once.".into()
    } else if query.id.starts_with("rd.stage_up") {
        "この区分の課題をすべて示します。ステージアップの判定と分母から除いた課題は、図の定義に従います。 / All projects of this cell; which count as stage-up or are excluded follows the definitions shown with the figure.".into()
    } else {
        "この数値の計算に使った行です。 / The rows this figure was computed from.".into()
    };
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::{read, InputFile, Limits};

    /// The facets by their definition, row by row: what [`FilterIndex::facets`] must equal.
    fn facets_of(rows: &[Row]) -> Facets {
        let (mut years, mut programs, mut areas, mut associations, mut hubs) =
            (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
        for row in rows.iter().filter(|r| !matches!(r.kind(), DatasetKind::Reference | DatasetKind::Followup)) {
            years.extend(row.fiscal_year());
            programs.extend(row.text("program").map(str::to_owned));
            associations.extend(row.text("association").map(str::to_owned));
            hubs.extend(row.text("hub").map(str::to_owned));
            areas.extend(row.areas("priority_areas").iter().copied());
        }
        Facets {
            fiscal_years: years.into_iter().collect(),
            programs: programs.into_iter().collect(),
            priority_areas: areas.into_iter().collect(),
            associations: associations.into_iter().collect(),
            hubs: hubs.into_iter().collect(),
        }
    }

    /// The index keeps what `keeps` keeps, for every value of every facet of the sample (every
    /// kind), alone and with each other filter, and for values no row has; and gives the same
    /// facets.
    #[test]
    fn the_filter_index_keeps_exactly_what_the_filter_keeps() {
        let mut files = crate::sample::files();
        // A project without a program or areas.
        files.push(InputFile::new("bare.csv", "年度,課題ID,事業名,重点分野,採択年度,採択時ステージ,現在ステージ\n2023,Z2,,,2022,1,2\n".as_bytes().to_vec()));
        // A file without 年度 (one measurement): kept under any year filter.
        files.push(InputFile::new("undated.csv", "課題ID,事業名,採択年度,採択時ステージ,現在ステージ\nZ3,,2021,1,1\n".as_bytes().to_vec()));
        let mut rows = read(&files, &Limits::default(), &mut |_, _| {}).rows;
        // And one in an area the bit mask cannot hold (no file can say so: areas are 1–5).
        let project = rows.iter().find(|r| r.kind() == DatasetKind::Projects).unwrap();
        let at = DatasetKind::Projects.column("priority_areas").unwrap();
        let mut values: Vec<Option<Value>> = project.values().map(|v| v.cloned()).collect();
        values[at] = Some(Value::Areas(std::sync::Arc::from([2u8, 9])));
        rows.push(Row::new(DatasetKind::Projects, project.source(), project.row(), values));
        let index = FilterIndex::of(&rows);
        let facets = facets_of(&rows);
        assert_eq!(index.facets(), facets);
        assert!(facets.priority_areas.contains(&9));
        let unknown = Some("どこにもない".to_owned());
        let mut singles = vec![Filter::default()];
        for &y in &facets.fiscal_years {
            singles.push(Filter { fiscal_year_from: Some(y), ..Filter::default() });
            singles.push(Filter { fiscal_year_to: Some(y), ..Filter::default() });
        }
        for p in facets.programs.iter().cloned().map(Some).chain([unknown.clone()]) {
            singles.push(Filter { program: p, ..Filter::default() });
        }
        for a in facets.associations.iter().cloned().map(Some).chain([unknown.clone()]) {
            singles.push(Filter { association: a, ..Filter::default() });
        }
        for h in facets.hubs.iter().cloned().map(Some).chain([unknown]) {
            singles.push(Filter { hub: h, ..Filter::default() });
        }
        for a in facets.priority_areas.iter().copied().chain([0, 7, 8, 200]) {
            singles.push(Filter { priority_area: Some(a), ..Filter::default() });
        }
        let mut checked = 0;
        for a in &singles {
            for b in &singles {
                let both = Filter {
                    fiscal_year_from: a.fiscal_year_from.or(b.fiscal_year_from),
                    fiscal_year_to: a.fiscal_year_to.or(b.fiscal_year_to),
                    program: a.program.clone().or(b.program.clone()),
                    priority_area: a.priority_area.or(b.priority_area),
                    association: a.association.clone().or(b.association.clone()),
                    hub: a.hub.clone().or(b.hub.clone()),
                };
                let expected: Vec<usize> = (0..rows.len()).filter(|&i| both.keeps(&rows[i])).collect();
                assert_eq!(index.kept_at(&rows, &both), expected, "{both:?}");
                checked += 1;
            }
        }
        assert!(checked > 400, "{checked}");
    }

    fn rows(name: &str, text: &str) -> Vec<Row> {
        let input = InputFile { name: name.into(), bytes: text.as_bytes().to_vec(), kind: None, encoding: None, mapping: None };
        read(&[input], &Limits::default(), &mut |_, _| {}).rows
    }

    const PROJECTS: &str = "年度,課題ID,事業名,重点分野,採択年度,採択時ステージ,現在ステージ\n\
        R5,A1,甲,1;3,2021,1,2\nR5,A2,乙,2,2021,2,2\nR4,A1,甲,1;3,2021,1,1\nR5,A3,,3,2022,1,3\n";

    #[test]
    fn filters_apply_only_to_kinds_with_the_column() {
        let p = rows("projects.csv", PROJECTS);
        let m = rows("members.csv", "年度,団体名,企業名\nR5,協会X,株式会社A\n");
        let program = Filter { program: Some("甲".into()), ..Filter::default() };
        assert_eq!(p.iter().filter(|r| program.keeps(r)).count(), 2);
        // A row with no program cannot be shown to match.
        assert!(!program.keeps(&p[3]));
        assert!(m.iter().all(|r| program.keeps(r)));
        let area = Filter { priority_area: Some(3), ..Filter::default() };
        assert_eq!(p.iter().filter(|r| area.keeps(r)).count(), 3);
        let years = Filter { fiscal_year_from: Some(2023), fiscal_year_to: Some(2023), ..Filter::default() };
        assert_eq!(p.iter().filter(|r| years.keeps(r)).count(), 3);
        let association = Filter { association: Some("協会Y".into()), ..Filter::default() };
        assert!(!m.iter().any(|r| association.keeps(r)));
    }

    #[test]
    fn facets_list_every_value_once_in_order() {
        let p = rows("projects.csv", PROJECTS);
        let f = FilterIndex::of(&p).facets();
        assert_eq!(f.fiscal_years, vec![2022, 2023]);
        assert_eq!(f.programs, vec!["乙".to_owned(), "甲".to_owned()]);
        assert_eq!(f.priority_areas, vec![1, 2, 3]);
    }

    #[test]
    fn drill_lists_the_rows_of_one_cell() {
        let p = rows("projects.csv", PROJECTS);
        let q = DrillQuery { id: "rd.stage_up.share".into(), fiscal_year: Some(2023), breakdown: BTreeMap::from([("adoption_stage".into(), Dim::Int(1))]) };
        let d = drill(&p, &Filter::default(), &q, 10);
        assert_eq!(d.total, 2);
        assert_eq!(d.rows[0][1], "2");
        assert_eq!(d.rows[0][3], "A1");
        assert_eq!(d.columns[3], "課題ID");
        let limited = drill(&p, &Filter { program: Some("甲".into()), ..Filter::default() }, &q, 10);
        assert_eq!(limited.total, 1);
        let capped = drill(&p, &Filter::default(), &q, 1);
        assert_eq!((capped.total, capped.rows.len()), (2, 1));
        // Adoptions count in the adoption year, each project once (its latest survey).
        let adopted = DrillQuery { id: "rd.projects.adopted".into(), fiscal_year: Some(2021), breakdown: BTreeMap::new() };
        let d = drill(&p, &Filter::default(), &adopted, 10);
        assert_eq!(d.total, 2);
        assert_eq!(d.rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), ["2", "3"]);
    }
}
