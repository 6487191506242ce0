//! The global filters and the drill-down (`kpi::filter`), on rows read from files: the filter
//! index keeps exactly what the filter keeps, filters apply only to kinds with their column, and a
//! drill-down lists the rows of one cell.

use std::collections::{BTreeMap, BTreeSet};

use mdkpi_core::contract::catalogue::{Catalogue, Dimension, KpiId};
use mdkpi_core::contract::options::{Filter, Limits};
use mdkpi_core::contract::results::{Dim, DrillQuery, Facets};
use mdkpi_core::contract::schema::{Col, DatasetKind};
use mdkpi_core::kpi::filter::{drill, keeps, FilterIndex};
use mdkpi_core::model::dataset::{Row, Value};
use mdkpi_core::pipeline::{read, InputFile};

/// The facets by their definition, row by row: what [`FilterIndex::facets`] must equal.
fn facets_of(rows: &[Row]) -> Facets {
    let (mut years, mut programs, mut areas, mut associations, mut hubs) =
        (BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new(), BTreeSet::new());
    for row in rows.iter().filter(|r| !matches!(r.kind(), DatasetKind::Reference | DatasetKind::Followup)) {
        years.extend(row.fiscal_year());
        programs.extend(row.text(Col::Program).map(str::to_owned));
        associations.extend(row.text(Col::Association).map(str::to_owned));
        hubs.extend(row.text(Col::Hub).map(str::to_owned));
        areas.extend(row.areas(Col::PriorityAreas).iter().copied());
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
    let mut files = mdkpi_core::sample::files();
    // A project without a program or areas.
    files.push(InputFile::new(
        "bare.csv",
        "年度,課題ID,事業名,重点分野,採択年度,採択時ステージ,現在ステージ\n2023,Z2,,,2022,1,2\n".as_bytes().to_vec(),
    ));
    // A file without 年度 (one measurement): kept under any year filter.
    files.push(InputFile::new(
        "undated.csv",
        "課題ID,事業名,採択年度,採択時ステージ,現在ステージ\nZ3,,2021,1,1\n".as_bytes().to_vec(),
    ));
    let mut rows = read(&files, &Limits::default(), &mut |_, _| {}).rows;
    // And one in an area the bit mask cannot hold (no file can say so: areas are 1–5).
    let project = rows.iter().find(|r| r.kind() == DatasetKind::Projects).unwrap();
    let at = DatasetKind::Projects.column(Col::PriorityAreas).unwrap();
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
            let expected: Vec<usize> = (0..rows.len()).filter(|&i| keeps(&both, &rows[i])).collect();
            assert_eq!(index.kept_at(&rows, &both), expected, "{both:?}");
            checked += 1;
        }
    }
    assert!(checked > 400, "{checked}");
}

fn rows(name: &str, text: &str) -> Vec<Row> {
    let input = InputFile::new(name, text.as_bytes().to_vec());
    read(&[input], &Limits::default(), &mut |_, _| {}).rows
}

const PROJECTS: &str = "年度,課題ID,事業名,重点分野,採択年度,採択時ステージ,現在ステージ\n\
    R5,A1,甲,1;3,2021,1,2\nR5,A2,乙,2,2021,2,2\nR4,A1,甲,1;3,2021,1,1\nR5,A3,,3,2022,1,3\n";

#[test]
fn filters_apply_only_to_kinds_with_the_column() {
    let p = rows("projects.csv", PROJECTS);
    let m = rows("members.csv", "年度,団体名,企業名\nR5,協会X,株式会社A\n");
    let program = Filter { program: Some("甲".into()), ..Filter::default() };
    assert_eq!(p.iter().filter(|r| keeps(&program, r)).count(), 2);
    // A row with no program cannot be shown to match.
    assert!(!keeps(&program, &p[3]));
    assert!(m.iter().all(|r| keeps(&program, r)));
    let area = Filter { priority_area: Some(3), ..Filter::default() };
    assert_eq!(p.iter().filter(|r| keeps(&area, r)).count(), 3);
    let years = Filter { fiscal_year_from: Some(2023), fiscal_year_to: Some(2023), ..Filter::default() };
    assert_eq!(p.iter().filter(|r| keeps(&years, r)).count(), 3);
    let association = Filter { association: Some("協会Y".into()), ..Filter::default() };
    assert!(!m.iter().any(|r| keeps(&association, r)));
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
    let q = DrillQuery {
        id: KpiId::RdStageUpShare.into(),
        fiscal_year: Some(2023),
        breakdown: BTreeMap::from([(Dimension::AdoptionStage, Dim::Int(1))]),
    };
    let d = drill(&p, &Filter::default(), &q, 10, &Catalogue::BUILTIN);
    assert_eq!(d.total, 2);
    assert_eq!(d.rows[0][1], "2");
    assert_eq!(d.rows[0][3], "A1");
    assert_eq!(d.columns[3], "課題ID");
    let limited = drill(&p, &Filter { program: Some("甲".into()), ..Filter::default() }, &q, 10, &Catalogue::BUILTIN);
    assert_eq!(limited.total, 1);
    let capped = drill(&p, &Filter::default(), &q, 1, &Catalogue::BUILTIN);
    assert_eq!((capped.total, capped.rows.len()), (2, 1));
    // Adoptions count in the adoption year, each project once (its latest survey).
    let adopted =
        DrillQuery { id: KpiId::RdProjectsAdopted.into(), fiscal_year: Some(2021), breakdown: BTreeMap::new() };
    let d = drill(&p, &Filter::default(), &adopted, 10, &Catalogue::BUILTIN);
    assert_eq!(d.total, 2);
    assert_eq!(d.rows.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(), ["2", "3"]);
}
