//! Tables laid out the way offices lay them out for printing: a title and a unit line above the
//! header, a header on two rows under merged cells, 小計 and 合計 rows among the data, notes below.
//! This module finds the header and tells layout rows from data, for CSV and for sheets alike; the
//! Ministry of Internal Affairs' rules for machine-readable tables (2020) list what real files do.
//!
//! - **The header** is the row, among the first [`HEADER_SEARCH`], that best matches a kind's
//!   columns, alone or with the row below it as a two-row header. Rows above it are set aside.
//! - **A two-row header**: where a parent cell spans children (merged, or written once above blank
//!   cells), each column's name is tried as the child, child + parent, parent + child, and as the
//!   parent alone when the child is 計, 合計 or 総数: 共同研究件数 over 企業との | 他拠点との gives
//!   企業との共同研究件数 and 他拠点との共同研究件数.
//! - **A unit line** above the header (（単位：千円）) applies to money columns whose header names no
//!   unit.
//! - **Total rows** (合計, 総計, 小計, 計, 累計, Total, in any width, spaces allowed) and **notes**
//!   (※, 注, 出典, 資料, 備考, （以下余白）) are not data.
//!
//! ```
//! use mdkpi_core::model::layout::{locate, total_label};
//! let rows: Vec<(u64, Vec<String>)> = [
//!     vec!["令和5年度 研究開発拠点 実績（集計表）"],
//!     vec!["（単位：件）"],
//!     vec!["年度", "拠点名", "共同研究件数", ""],
//!     vec!["", "", "企業との", "他拠点との"],
//! ]
//! .into_iter()
//! .enumerate()
//! .map(|(i, r)| (i as u64 + 1, r.into_iter().map(String::from).collect()))
//! .collect();
//! let layout = locate(&rows, None, None).unwrap();
//! assert_eq!((layout.header_row, layout.header_rows, layout.above), (3, 2, vec![1, 2]));
//! assert_eq!(layout.headers, ["年度", "拠点名", "企業との共同研究件数", "他拠点との共同研究件数"]);
//! assert_eq!(total_label(&["小 計", "", "12"]), Some("小 計"));
//! ```

use mdkpi_contract::schema::{DatasetKind, Mapping, Required};

use crate::model::schema::ColumnMap;
use crate::model::value::fold;

/// How many rows from the top the header is looked for in.
pub const HEADER_SEARCH: usize = 30;

/// The longest cell (in bytes) that can name a column.
const MAX_NAME: usize = 256;

/// Where a table's header is, and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// The kind the header matches best (the one given, when given); none for a header row chosen
    /// by the user that matches no kind.
    pub kind: Option<DatasetKind>,
    /// The rows before the header's first row, as places in the rows given (0 for the first).
    pub skip: usize,
    /// The spreadsheet row of the header's first row.
    pub header_row: u64,
    /// 1, or 2 for a two-row header.
    pub header_rows: usize,
    /// Each column's name (a two-row header's names combined).
    pub headers: Vec<String>,
    /// The spreadsheet rows above the header that hold something (a title, a date, a unit line).
    pub above: Vec<u64>,
    /// The unit a line above the header states (`千円` from （単位：千円）), for money columns whose
    /// header names none.
    pub unit: Option<String>,
}

/// A candidate header's score: all of the kind's always-required columns present first, then the
/// number of columns matched.
type Score = (bool, usize);

fn score(kind: DatasetKind, map: &ColumnMap) -> Score {
    let complete = kind.columns().iter().filter(|c| c.required == Required::Always).all(|c| map.index(c.key).is_some());
    (complete, map.len())
}

/// The layout of the table whose first rows are `rows` (spreadsheet row, cells), for `kind` when
/// it is known (chosen by the user, a recipe or a workspace key), else for the kind the header
/// matches best. With a `mapping`, the header is the row that holds the most mapped headers. `None`
/// when no row matches a kind by two columns or more (as a header must).
pub fn locate(rows: &[(u64, Vec<String>)], kind: Option<DatasetKind>, mapping: Option<&Mapping>) -> Option<Layout> {
    find(rows, kind, mapping, None)
}

/// The layout with the header at spreadsheet row `row`, as the user chose it: one row or two
/// (whichever matches more), and the header even where it matches no kind's columns.
pub fn at_row(
    rows: &[(u64, Vec<String>)],
    kind: Option<DatasetKind>,
    mapping: Option<&Mapping>,
    row: u64,
) -> Option<Layout> {
    let at = rows.iter().position(|(r, _)| *r == row)?;
    find(rows, kind, mapping, Some(row)).or_else(|| {
        let original = &rows[..at];
        Some(Layout {
            kind,
            skip: at,
            header_row: row,
            header_rows: 1,
            headers: rows[at].1.clone(),
            above: original.iter().filter(|(_, c)| c.iter().any(|x| !x.is_empty())).map(|(r, _)| *r).collect(),
            unit: original.iter().find_map(|(_, c)| c.iter().find_map(|x| unit_line(x))),
        })
    })
}

fn find(
    rows: &[(u64, Vec<String>)],
    kind: Option<DatasetKind>,
    mapping: Option<&Mapping>,
    fixed: Option<u64>,
) -> Option<Layout> {
    // The rows given are those to look in (the first HEADER_SEARCH, or down to a row chosen or
    // remembered); for a row chosen, no further than the row below it.
    let end = match fixed {
        Some(f) => rows.iter().position(|(r, _)| *r == f).map_or(0, |at| (at + 2).min(rows.len())),
        None => rows.len(),
    };
    let original = &rows[..end];
    // A header's cell is a name: a long one (a 1 MB cell) is not matched, nor folded, at all.
    let rows: Vec<(u64, Vec<String>)> = original
        .iter()
        .map(|(r, cells)| {
            (*r, cells.iter().map(|c| if c.len() > MAX_NAME { String::new() } else { c.clone() }).collect())
        })
        .collect();
    let kinds: Vec<DatasetKind> = match kind {
        Some(k) => vec![k],
        None => DatasetKind::ALL.to_vec(),
    };
    // Ties go to the earlier row. Two rows are a header only where the upper one adds to what the
    // lower matches alone (a title or a unit line above a header adds nothing).
    let score_of = |k: DatasetKind, headers: &[String]| match mapping {
        Some(m) => (true, headers.iter().filter(|h| m.values().any(|v| v.trim() == h.trim())).count()),
        None => score(k, &ColumnMap::match_headers(k, headers)),
    };
    let mut best: Option<(Score, Layout)> = None;
    for (at, (row, cells)) in rows.iter().enumerate() {
        // A first row that holds every required column of a kind is the header (as it is for
        // most files): the rows below it are data, and are not tried.
        if at == 1 && mapping.is_none() && best.as_ref().is_some_and(|((complete, _), l)| *complete && l.skip == 0) {
            break;
        }
        if fixed.is_some_and(|f| f != *row) {
            continue;
        }
        for k in &kinds {
            let mut tries = vec![(1, cells.clone(), score_of(*k, cells))];
            if let Some((_, below)) = rows.get(at + 1) {
                let both = combine(*k, cells, below);
                let s = score_of(*k, &both);
                if s > score_of(*k, below) {
                    tries.push((2, both, s));
                }
            }
            for (header_rows, headers, s) in tries {
                let enough = if mapping.is_some() { s.1 >= 1 } else { s.1 >= 2 };
                if !enough || best.as_ref().is_some_and(|(b, _)| s <= *b) {
                    continue;
                }
                let above = &original[..at];
                best = Some((
                    s,
                    Layout {
                        kind: Some(*k),
                        skip: at,
                        header_row: *row,
                        header_rows,
                        headers,
                        above: above.iter().filter(|(_, c)| c.iter().any(|x| !x.is_empty())).map(|(r, _)| *r).collect(),
                        unit: above.iter().find_map(|(_, c)| c.iter().find_map(|x| unit_line(x))),
                    },
                ));
            }
        }
    }
    best.map(|(_, layout)| layout)
}

/// A two-row header's names: each column's parent (the cell above, or the one to its left that
/// spans it) and child, combined as the kind's columns are named.
fn combine(kind: DatasetKind, parents: &[String], children: &[String]) -> Vec<String> {
    let width = parents.len().max(children.len());
    let mut names = Vec::with_capacity(width);
    let mut spanning = String::new();
    for i in 0..width {
        let parent = parents.get(i).map_or("", |p| p.trim());
        let child = children.get(i).map_or("", |c| c.trim());
        // A parent written once spans the blank cells to its right that have a child below.
        if !parent.is_empty() {
            spanning = parent.to_owned();
        } else if child.is_empty() {
            spanning.clear();
        }
        let parent = if parent.is_empty() { spanning.as_str() } else { parent };
        let name = match (parent, child) {
            (p, "") => p.to_owned(),
            ("", c) => c.to_owned(),
            (p, c) => {
                let total = matches!(fold(c).as_ref(), "計" | "合計" | "総数");
                let mut tried = vec![c.to_owned(), format!("{c}{p}"), format!("{p}{c}")];
                if total {
                    tried.push(p.to_owned());
                }
                let matches = |n: &String| crate::model::schema::column_for(kind, n).is_some();
                tried.iter().find(|n| matches(n)).cloned().unwrap_or_else(|| format!("{p}{c}"))
            }
        };
        names.push(name);
    }
    names
}

/// The unit a cell states as a unit line: （単位：千円）, 単位:百万円, [単位 円].
fn unit_line(cell: &str) -> Option<String> {
    let folded: String = fold(cell).chars().filter(|c| !c.is_whitespace()).collect();
    let body = folded.trim_start_matches(['(', '[', '【']).trim_end_matches([')', ']', '】']);
    let unit = body.strip_prefix("単位")?.trim_start_matches([':', '：']);
    ["百万円", "千円", "万円", "億円", "円"].into_iter().find(|u| unit == *u).map(str::to_owned)
}

/// The label that makes a row a total row, if one of its `cells` is one: 合計, 総計, 小計, 計, 累計 or
/// Total (any width, spaces allowed).
pub fn total_label<'a>(cells: &[&'a str]) -> Option<&'a str> {
    cells.iter().copied().find(|cell| {
        if cell.is_empty() || cell.chars().count() > 16 {
            return false;
        }
        let folded: String = fold(cell).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
        matches!(
            folded.as_str(),
            "合計" | "総計" | "小計" | "計" | "累計" | "総合計" | "total" | "subtotal" | "grandtotal"
        )
    })
}

/// Whether the label of a total row closes a section (小計) rather than everything above it.
pub fn is_subtotal(label: &str) -> bool {
    let folded: String = fold(label).chars().filter(|c| !c.is_whitespace()).collect::<String>().to_lowercase();
    folded == "小計" || folded == "subtotal"
}

/// Whether a row whose non-empty `cells` are these is a note: one cell, starting as notes do.
pub fn is_note(cells: &[&str]) -> bool {
    let mut filled = cells.iter().filter(|c| !c.is_empty());
    let (Some(only), None) = (filled.next(), filled.next()) else { return false };
    let folded: String = fold(only).chars().filter(|c| !c.is_whitespace()).collect();
    folded.starts_with(['※', '*', '＊'])
        || ["(注", "注:", "注1", "注2", "注3", "注)", "注記", "出典", "資料", "備考", "(以下余白)", "以下余白"]
            .iter()
            .any(|p| folded.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[&[&str]]) -> Vec<(u64, Vec<String>)> {
        lines.iter().enumerate().map(|(i, r)| (i as u64 + 1, r.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn the_header_is_found_below_a_title_and_a_unit_line() {
        let r = rows(&[
            &["令和5年度 人材育成研修 実施状況調査（集計表）"],
            &[""],
            &["", "", "（単位：千円）"],
            &["年度", "事業名", "研修名", "実施回数", "受講者数"],
            &["2023", "甲", "研修A", "3", "40"],
        ]);
        let l = locate(&r, None, None).unwrap();
        assert_eq!((l.kind, l.header_row, l.header_rows, l.skip), (Some(DatasetKind::Trainings), 4, 1, 3));
        assert_eq!(l.above, [1, 3]);
        assert_eq!(l.unit.as_deref(), Some("千円"));
    }

    #[test]
    fn a_first_row_header_stays_where_it_is() {
        let r = rows(&[&["年度", "課題ID", "採択年度"], &["2023", "A", "2020"]]);
        let l = locate(&r, None, None).unwrap();
        assert_eq!((l.kind, l.header_row, l.header_rows, l.above.len()), (Some(DatasetKind::Projects), 1, 1, 0));
        // A row chosen by hand is the header, even one that matches nothing.
        let chosen = at_row(&r, None, None, 2).unwrap();
        assert_eq!(
            (chosen.kind, chosen.skip, chosen.headers.clone()),
            (None, 1, vec!["2023".into(), "A".into(), "2020".into()])
        );
        assert!(at_row(&r, None, None, 9).is_none());
    }

    #[test]
    fn a_parent_alone_names_its_total_column() {
        let names = combine(
            DatasetKind::Trainings,
            &["年度".into(), "受講者数".into(), "".into()],
            &["".into(), "計".into(), "うち企業人材".into()],
        );
        assert_eq!(names, ["年度", "受講者数", "うち企業人材"]);
    }

    #[test]
    fn units_totals_and_notes() {
        assert_eq!(unit_line("（単位：百万円）").as_deref(), Some("百万円"));
        assert_eq!(unit_line("単位: 円").as_deref(), Some("円"));
        assert_eq!(unit_line("単位はドル"), None);
        assert_eq!(total_label(&["2023", "合 計", "", "15"]), Some("合 計"));
        assert_eq!(total_label(&["ＴＯＴＡＬ"]), Some("ＴＯＴＡＬ"));
        assert_eq!(total_label(&["2023", "計測研修", "3"]), None);
        assert!(is_subtotal("小　計"));
        assert!(is_note(&["※ 金額は千円単位", "", ""]));
        assert!(is_note(&["", "出典：厚生労働省"]));
        assert!(is_note(&["（以下余白）"]));
        assert!(!is_note(&["注射手技研修", "3"]));
        assert!(!is_note(&["注射手技研修"]));
    }
}
