//! The whole flow for a set of files: bytes → decode → table → records → KPIs → results.
//! The CLI and the page both call [`compute`] and nothing else, which is what makes their JSON
//! identical.
//!
//! ```
//! use mdkpi::pipeline::{compute, InputFile, Options};
//! let csv = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,2\n2023,B,2021,2,2\n";
//! let results = compute(&[InputFile::new("p.csv", csv.as_bytes().to_vec())], &Options::default());
//! let total = results.kpis.iter().find(|k| k.id == "rd.stage_up.share" && k.breakdown.is_empty()).unwrap();
//! assert_eq!((total.numerator, total.denominator), (Some(1), Some(2)));
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::ingest::decode::decode;
use crate::ingest::table::read_table;
use crate::issue::{At, Issue};
use crate::kpi::stage_up::{stage_up, StageUpOptions};
use crate::model::projects::{load_projects, Project};
use crate::model::schema::{detect_kind, DatasetKind};
use crate::report::{DatasetSummary, Definitions, Generator, Results, SCHEMA};

/// One file as the user gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// The file name (no directories: the browser knows no more, and the JSON must match).
    pub name: String,
    pub bytes: Vec<u8>,
}

impl InputFile {
    pub fn new(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        InputFile { name: name.into(), bytes }
    }
}

/// Every user-switchable definition. Read by the CLI from `--options FILE.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Options {
    pub stage_up: StageUpOptions,
}

/// Computes everything for `files` under `options`.
pub fn compute(files: &[InputFile], options: &Options) -> Results {
    let mut datasets = Vec::new();
    let mut issues = Vec::new();
    let mut projects: Vec<Project> = Vec::new();
    let sources = distinct_names(files);

    for (file, source) in files.iter().zip(&sources) {
        let source = source.as_str();
        let decoded = decode(&file.bytes);
        if decoded.malformed > 0 {
            issues.push(At::file(source).malformed_encoding(decoded.encoding.label(), decoded.malformed));
        }
        let mut summary = DatasetSummary {
            kind: None,
            source: source.to_owned(),
            encoding: decoded.encoding,
            undecodable_chars: decoded.malformed,
            rows_read: 0,
            rows_used: 0,
            rows_rejected: 0,
            rows_superseded: 0,
        };
        let table = match read_table(&decoded.text) {
            Ok(table) => table,
            Err(e) => {
                issues.push(At::file(source).unreadable(&e.to_string()));
                datasets.push(summary);
                continue;
            }
        };
        match detect_kind(&table.headers) {
            None => {
                issues.push(At::row(source, table.header_row).unknown_kind(&table.headers));
                summary.rows_read = table.records.len() as u64;
                summary.rows_rejected = summary.rows_read;
            }
            Some((DatasetKind::Projects, map)) => {
                let mut loaded = load_projects(source, &table, &map);
                summary.kind = Some(DatasetKind::Projects);
                summary.rows_read = loaded.rows_read;
                summary.rows_rejected = loaded.rows_rejected;
                summary.rows_used = loaded.projects.len() as u64;
                issues.append(&mut loaded.issues);
                projects.append(&mut loaded.projects);
            }
        }
        datasets.push(summary);
    }

    let superseded = supersede_duplicates(&mut projects, &mut issues);
    for d in &mut datasets {
        let n = superseded.get(d.source.as_str()).copied().unwrap_or(0);
        d.rows_superseded = n;
        d.rows_used -= n;
    }
    // Problems in file order, then row order, wherever in the pipeline they were found.
    let file_order: HashMap<&str, usize> =
        sources.iter().enumerate().map(|(i, name)| (name.as_str(), i)).collect();
    issues.sort_by_key(|i| (file_order.get(i.source.as_str()).copied(), i.row.unwrap_or(0)));

    Results {
        schema: SCHEMA,
        generator: Generator::default(),
        definitions: Definitions {
            interval: "wilson_score_95",
            stage_up: (&options.stage_up).into(),
        },
        datasets,
        issues,
        kpis: stage_up(&projects, &options.stage_up),
    }
}

/// The name each file is reported under. Two files may share a name (chosen from two folders);
/// the later ones become `name (2)`, `name (3)`… so that every issue points at one file.
fn distinct_names(files: &[InputFile]) -> Vec<String> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    files
        .iter()
        .map(|f| {
            let n = seen.entry(f.name.as_str()).or_insert(0);
            *n += 1;
            if *n == 1 {
                f.name.clone()
            } else {
                format!("{} ({n})", f.name)
            }
        })
        .collect()
}

/// Same 年度 and 課題ID twice: the later row (in file order, then row order) wins, and the earlier
/// one is reported. Returns how many rows each source lost this way.
fn supersede_duplicates(projects: &mut Vec<Project>, issues: &mut Vec<Issue>) -> HashMap<String, u64> {
    let mut last: HashMap<(Option<i32>, &str), usize> = HashMap::new();
    for (i, p) in projects.iter().enumerate() {
        last.insert((p.fiscal_year, p.project_id.as_str()), i);
    }
    let mut lost: HashMap<String, u64> = HashMap::new();
    let mut keep = vec![true; projects.len()];
    for (i, p) in projects.iter().enumerate() {
        let winner = last[&(p.fiscal_year, p.project_id.as_str())];
        if winner != i {
            keep[i] = false;
            let w = &projects[winner];
            let key = match p.fiscal_year {
                Some(fy) => format!("{fy}年度 / {}", p.project_id),
                None => p.project_id.clone(),
            };
            issues.push(At::row(&p.source, p.row).duplicate_key(&key, &w.source, w.row));
            *lost.entry(p.source.clone()).or_default() += 1;
        }
    }
    let mut flags = keep.into_iter();
    projects.retain(|_| flags.next().unwrap_or(true));
    lost
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,2\n2023,B,2020,1,1\n";

    #[test]
    fn same_key_in_two_files_with_the_same_name_is_reported_against_the_right_file() {
        let later = "年度,課題ID,採択年度,採択時ステージ,現在ステージ\n2023,A,2020,1,1\n";
        let files = [InputFile::new("p.csv", CSV.into()), InputFile::new("p.csv", later.into())];
        let r = compute(&files, &Options::default());
        assert_eq!(r.datasets[0].source, "p.csv");
        assert_eq!(r.datasets[1].source, "p.csv (2)");
        assert_eq!((r.datasets[0].rows_used, r.datasets[0].rows_superseded), (1, 1));
        assert_eq!((r.datasets[1].rows_used, r.datasets[1].rows_superseded), (1, 0));
        let dup = r.issues.iter().find(|i| i.code == crate::issue::IssueCode::DuplicateKey).unwrap();
        assert_eq!((dup.source.as_str(), dup.row), ("p.csv", Some(2)));
        assert!(dup.message_en.contains("p.csv (2) row 2"), "{}", dup.message_en);
        // The later row (A stays at stage 1) wins: 0 ups of 2.
        let total = r.kpis.iter().find(|k| k.id == "rd.stage_up.share" && k.breakdown.is_empty()).unwrap();
        assert_eq!((total.numerator, total.denominator), (Some(0), Some(2)));
    }

    #[test]
    fn undecodable_bytes_and_unknown_files_are_reported_not_dropped() {
        let mut bytes = CSV.as_bytes().to_vec();
        bytes.extend_from_slice(b"2023,C\x82,2020,1,2\n");
        let files = [InputFile::new("bad.csv", bytes), InputFile::new("other.csv", b"a,b\n1,2\n".to_vec())];
        let r = compute(&files, &Options::default());
        // The corrupt byte costs one value, not the file: the other rows are used.
        assert_eq!(r.datasets[0].rows_used, 3);
        assert_eq!(r.datasets[0].encoding, crate::ingest::decode::TextEncoding::Utf8);
        assert_eq!(r.datasets[0].undecodable_chars, 1);
        assert_eq!(r.datasets[1].kind, None);
        assert_eq!((r.datasets[1].rows_read, r.datasets[1].rows_rejected), (1, 1));
        let codes: Vec<_> = r.issues.iter().map(|i| (i.source.as_str(), i.code)).collect();
        assert!(codes.contains(&("bad.csv", crate::issue::IssueCode::MalformedEncoding)));
        assert!(codes.contains(&("other.csv", crate::issue::IssueCode::UnknownKind)));
    }
}
