//! Workbooks saved by LibreOffice (tests/fixtures/workbooks/, made by make_workbooks.py) give the
//! figures worked by hand in tests/fixtures/README.md ("Workbooks"), in every format: a cover sheet
//! set aside, titles above the header, a two-row header under merged cells, 小計 and 合計 rows set
//! aside and checked, notes, dates, an error cell.

use mdkpi_core::contract::catalogue::KpiId;
use mdkpi_core::contract::diagnostics::{IssueCode, Severity};
use mdkpi_core::contract::lang::Lang;
use mdkpi_core::contract::options::{Options, StatisticsOptions};
use mdkpi_core::contract::results::{Results, WorkbookFormat};
use mdkpi_core::contract::schema::DatasetKind;
use mdkpi_core::pipeline::{compute, InputFile};

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/workbooks");

fn run(name: &str) -> Results {
    let bytes = std::fs::read(format!("{DIR}/{name}")).unwrap();
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    compute(&[InputFile::new(name, bytes)], &options)
}

fn total(r: &Results, id: KpiId, fy: i32) -> Option<f64> {
    r.kpis.iter().find(|k| k.id == id && k.fiscal_year == Some(fy) && k.breakdown.is_empty()).and_then(|k| k.value)
}

#[test]
fn every_format_gives_the_hand_worked_figures() {
    for (name, format) in [
        ("kyoten_jisseki.xlsx", WorkbookFormat::Xlsx),
        ("kyoten_jisseki.xls", WorkbookFormat::Xls),
        ("kyoten_jisseki.ods", WorkbookFormat::Ods),
    ] {
        let r = run(name);
        let sheets: Vec<(Option<&str>, Option<DatasetKind>)> =
            r.datasets.iter().map(|d| (d.sheet.as_deref(), d.kind)).collect();
        assert_eq!(
            sheets,
            [
                (Some("表紙"), None),
                (Some("R5実績"), Some(DatasetKind::Hubs)),
                (Some("R6実績"), Some(DatasetKind::Hubs)),
                (Some("課題一覧"), Some(DatasetKind::Projects)),
            ],
            "{name}"
        );
        assert!(r.datasets.iter().all(|d| d.format == Some(format) && d.encoding.is_none()), "{name}");
        // Hubs: the 小計 and 合計 rows are not counted again.
        assert_eq!(total(&r, KpiId::HubsJointResearchCompany, 2023), Some(34.0), "{name}");
        assert_eq!(total(&r, KpiId::HubsJointResearchInterHub, 2023), Some(10.0), "{name}");
        assert_eq!(total(&r, KpiId::HubsJointResearchCompany, 2024), Some(38.0), "{name}");
        assert_eq!(total(&r, KpiId::HubsInternationalInfraCount, 2024), Some(2.0), "{name}");
        // Projects: 採択年度 from dates (2022-03-31 is FY2021), 助成額 in 千円 by the unit line,
        // the #DIV/0! cell missing.
        assert_eq!(total(&r, KpiId::RdProjectsAdopted, 2021), Some(2.0), "{name}");
        assert_eq!(total(&r, KpiId::RdProjectsAdopted, 2022), Some(1.0), "{name}");
        assert_eq!(total(&r, KpiId::RdProjectsActive, 2023), Some(4.0), "{name}");
        assert_eq!(total(&r, KpiId::RdGrantAmount, 2023), Some(35_000_000.0), "{name}");
        // Every row is accounted for: data rows as always, layout rows apart.
        let rows: Vec<(u64, u64, u64, u64)> =
            r.datasets.iter().map(|d| (d.rows_read, d.rows_used, d.rows_rejected, d.rows_skipped)).collect();
        assert_eq!(rows, [(0, 0, 0, 3), (4, 4, 0, 8), (4, 4, 0, 6), (4, 4, 0, 4)], "{name}");
        // Layout rows raise no error.
        assert!(r.issues.iter().all(|i| i.severity() != Severity::Error), "{name}: {:#?}", r.issues);
    }
}

#[test]
fn a_total_row_that_disagrees_with_its_rows_is_reported_with_both_figures() {
    let r = run("kyoten_jisseki.xlsx");
    let wrong: Vec<_> = r.issues.iter().filter(|i| i.code() == IssueCode::TotalMismatch).collect();
    assert_eq!(wrong.len(), 1, "{wrong:#?}");
    let p = &wrong[0].position;
    assert_eq!(
        (p.sheet.as_deref(), p.cell.as_deref(), p.column.as_deref()),
        (Some("R6実績"), Some("D10"), Some("企業との共同研究件数"))
    );
    assert!(wrong[0].message(Lang::Ja).contains("40") && wrong[0].message(Lang::Ja).contains("38"));
    assert_eq!(p.in_sheet().as_deref(), Some("R6実績!D10"));
    // The JSON names the sheet and the cell.
    let json = r.to_json();
    assert!(json.contains("\"sheet\": \"R6実績\"") && json.contains("\"cell\": \"D10\""));
}

#[test]
fn an_error_cell_is_named_and_becomes_missing() {
    for name in ["kyoten_jisseki.xlsx", "kyoten_jisseki.xls", "kyoten_jisseki.ods"] {
        let r = run(name);
        let error = r.issues.iter().find(|i| i.code() == IssueCode::CellError).expect(name);
        assert_eq!(
            (error.position.sheet.as_deref(), error.position.cell.as_deref()),
            (Some("課題一覧"), Some("H7")),
            "{name}"
        );
        assert_eq!(error.value.as_deref(), Some("#DIV/0!"), "{name}");
    }
}

#[test]
fn a_csv_saved_from_the_sheet_reads_as_the_sheet_does() {
    let r = run("kyoten_r5_titled.csv");
    assert_eq!(r.datasets[0].kind, Some(DatasetKind::Hubs));
    assert_eq!(total(&r, KpiId::HubsJointResearchCompany, 2023), Some(34.0));
    assert_eq!(total(&r, KpiId::HubsJointResearchInterHub, 2023), Some(10.0));
    let codes: Vec<IssueCode> = r.issues.iter().map(|i| i.code()).collect();
    assert_eq!(codes.iter().filter(|c| **c == IssueCode::TotalRow).count(), 3, "{codes:?}");
    assert!(codes.contains(&IssueCode::AboveHeader));
    assert!(!codes.contains(&IssueCode::TotalMismatch), "R5's totals agree with its rows");
}

#[test]
fn a_formula_saved_without_its_value_is_named() {
    let r = run("formula_without_value.xlsx");
    let lost = r.issues.iter().find(|i| i.code() == IssueCode::FormulaWithoutValue).unwrap();
    assert_eq!(lost.position.cell.as_deref(), Some("E3"));
    assert_eq!(lost.value.as_deref(), Some("=10*3"));
    assert_eq!(total(&r, KpiId::TrainingTrainees, 2023), Some(40.0));
}

#[test]
fn workbooks_that_cannot_be_read_say_why() {
    let encrypted = run("encrypted.xlsx");
    assert_eq!(encrypted.issues[0].code(), IssueCode::Encrypted);
    assert!(encrypted.issues[0].message(Lang::Ja).contains("パスワード"));
    let truncated = run("truncated.xlsx");
    assert_eq!(truncated.issues[0].code(), IssueCode::Unreadable);
    assert!(!encrypted.has_data() && !truncated.has_data());
    // calamine panics on this one (a cut .xls whose sector table runs past its end): caught, and
    // the file refused as damaged, with the reader's words.
    let cut = run("truncated.xls");
    assert_eq!(cut.issues[0].code(), IssueCode::Unreadable);
    assert!(cut.issues[0].message(Lang::En).contains("damaged"), "{}", cut.issues[0].message(Lang::En));
    assert!(!cut.has_data());
}

#[test]
fn a_header_row_chosen_by_hand_and_a_sheet_left_out() {
    use mdkpi_core::contract::schema::TableChoice;
    let bytes = std::fs::read(format!("{DIR}/kyoten_jisseki.xlsx")).unwrap();
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let choose = |tables: Vec<TableChoice>| {
        let file = InputFile { tables, ..InputFile::new("kyoten_jisseki.xlsx", bytes.clone()) };
        compute(&[file], &options)
    };
    let sheet = |name: &str| Some(name.to_owned());
    // The row the layout finds anyway: the same figures.
    let same = choose(vec![TableChoice { sheet: sheet("R5実績"), header_row: Some(4), skip: false }]);
    assert_eq!(total(&same, KpiId::HubsJointResearchCompany, 2023), Some(34.0));
    // The title row as the header: that sheet reads as nothing (and says so), the others as before.
    let wrong = choose(vec![TableChoice { sheet: sheet("R5実績"), header_row: Some(1), skip: false }]);
    assert_eq!(total(&wrong, KpiId::HubsJointResearchCompany, 2023), None);
    assert_eq!(total(&wrong, KpiId::HubsJointResearchCompany, 2024), Some(38.0));
    let r5 = wrong.datasets.iter().find(|d| d.sheet.as_deref() == Some("R5実績")).unwrap();
    assert_eq!((r5.kind, r5.rows_used), (None, 0));
    // R6 left out: listed, its rows set aside, no figure from it.
    let left = choose(vec![TableChoice { sheet: sheet("R6実績"), header_row: None, skip: true }]);
    assert_eq!(total(&left, KpiId::HubsJointResearchCompany, 2024), None);
    let r6 = left.datasets.iter().find(|d| d.sheet.as_deref() == Some("R6実績")).unwrap();
    // Every non-empty row of the sheet: 4 data rows, 2 header rows and 6 of the layout.
    assert_eq!((r6.kind, r6.rows_read, r6.rows_skipped), (None, 0, 12));
    assert!(left.issues.iter().any(|i| i.code() == IssueCode::SkippedByChoice));
    // A row past the sheet's end: said so, and the header found as if nothing were chosen.
    let past = choose(vec![TableChoice { sheet: sheet("R5実績"), header_row: Some(5_000_000_000), skip: false }]);
    assert_eq!(total(&past, KpiId::HubsJointResearchCompany, 2023), Some(34.0));
    let said: Vec<_> = past.issues.iter().filter(|i| i.code() == IssueCode::HeaderRowNotFound).collect();
    assert_eq!(said.len(), 1);
    assert_eq!((said[0].position.sheet.as_deref(), said[0].row()), (Some("R5実績"), Some(5_000_000_000)));
}

#[test]
fn previews_show_each_table_from_the_top_with_its_header_row() {
    let bytes = std::fs::read(format!("{DIR}/kyoten_jisseki.xlsx")).unwrap();
    let views = mdkpi_core::pipeline::previews(&InputFile::new("kyoten_jisseki.xlsx", bytes), &Options::default());
    let rows: Vec<(Option<&str>, u64)> = views.iter().map(|v| (v.sheet.as_deref(), v.header_row)).collect();
    assert_eq!(rows, [(Some("表紙"), 1), (Some("R5実績"), 4), (Some("R6実績"), 4), (Some("課題一覧"), 3)]);
    let r5 = &views[1];
    assert_eq!(r5.preview[0], ["令和5年度 研究開発拠点 実績（集計表）"]);
    assert_eq!((r5.preview.len(), r5.preview_rows.len()), (12, 12));
    // Blank rows are not shown, so the rows say where each shown row is.
    assert_eq!(r5.preview_rows[..2], [1, 2]);
    assert!(r5.preview_rows.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_workbook_that_gives_nothing_says_so_and_offers_a_data_sheets_header() {
    use mdkpi_core::contract::schema::TableChoice;
    let bytes = std::fs::read(format!("{DIR}/kyoten_jisseki.xlsx")).unwrap();
    let read = |tables: Vec<TableChoice>| {
        let file = InputFile { tables, ..InputFile::new("kyoten_jisseki.xlsx", bytes.clone()) };
        mdkpi_core::pipeline::read(&[file], &Options::default().limits, &mut |_, _| {})
    };
    // Read as laid out: no such error, and the mapping step is offered R5's header, not the cover's.
    let as_is = read(Vec::new());
    assert!(!as_is.issues.iter().any(|i| i.code() == IssueCode::NoSheetRead));
    assert!(as_is.headers[0].iter().any(|h| h.contains("拠点名")), "{:?}", as_is.headers[0]);
    // Every data sheet's title row taken as its header: nothing known is left, and one error says so.
    let title = |name: &str| TableChoice { sheet: Some(name.to_owned()), header_row: Some(1), skip: false };
    let nothing = read(vec![title("R5実績"), title("R6実績"), title("課題一覧")]);
    let errors: Vec<_> = nothing.issues.iter().filter(|i| i.code() == IssueCode::NoSheetRead).collect();
    assert_eq!(errors.len(), 1);
    assert_eq!((errors[0].severity(), errors[0].position.sheet.as_deref()), (Severity::Error, None));
}

#[test]
fn the_choices_go_into_the_recipe_and_apply_next_year() {
    use mdkpi_core::contract::schema::TableChoice;
    use mdkpi_core::pipeline::recipe_from;
    // A header below the first 30 rows, chosen by hand: found only because the user said where.
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/corpus/bad/wb_header_below_30_rows.xlsx");
    let deep = std::fs::read(corpus).unwrap();
    let file = |name: &str, bytes: &[u8], tables: Vec<TableChoice>| InputFile {
        tables,
        ..InputFile::new(name, bytes.to_vec())
    };
    let chosen = vec![TableChoice { sheet: Some("課題".into()), header_row: Some(36), skip: false }];
    let options = Options {
        statistics: StatisticsOptions { min_cell_size: Some(1), ..StatisticsOptions::default() },
        ..Options::default()
    };
    let this_year = compute(&[file("r5.xlsx", &deep, chosen.clone())], &options);
    assert_eq!((this_year.datasets[0].kind, this_year.datasets[0].rows_used), (Some(DatasetKind::Projects), 1));
    let recipe = recipe_from(&[file("r5.xlsx", &deep, chosen)], &options).to_json();
    assert!(recipe.contains("\"header_row\": 36"), "{recipe}");
    // Next year's file, with no choice made: the recipe finds the header where it was.
    let next =
        compute(&[file("recipe.json", recipe.as_bytes(), Vec::new()), file("r6.xlsx", &deep, Vec::new())], &options);
    let d = next.datasets.iter().find(|d| d.source == "r6.xlsx").unwrap();
    assert_eq!(
        (d.kind, d.rows_used, d.mapped_by.as_deref()),
        (Some(DatasetKind::Projects), 1, Some("recipe.json")),
        "{:#?}",
        next.issues
    );

    // A sheet left out is left out of next year's workbook too, by its name, in any format.
    let book = std::fs::read(format!("{DIR}/kyoten_jisseki.xlsx")).unwrap();
    let skip = vec![TableChoice { sheet: Some("R6実績".into()), header_row: None, skip: true }];
    let recipe = recipe_from(&[file("kyoten_jisseki.xlsx", &book, skip)], &options).to_json();
    assert!(recipe.contains("\"left_out\": [\n    \"R6実績\"\n  ]"), "{recipe}");
    let xls = std::fs::read(format!("{DIR}/kyoten_jisseki.xls")).unwrap();
    let next =
        compute(&[file("recipe.json", recipe.as_bytes(), Vec::new()), file("r7.xls", &xls, Vec::new())], &options);
    assert_eq!(total(&next, KpiId::HubsJointResearchCompany, 2024), None);
    assert_eq!(total(&next, KpiId::HubsJointResearchCompany, 2023), Some(34.0));
    let said = next.issues.iter().find(|i| i.code() == IssueCode::SkippedByChoice).unwrap();
    assert_eq!(said.position.sheet.as_deref(), Some("R6実績"));
    assert!(said.message(Lang::En).contains("recipe.json"), "{}", said.message(Lang::En));
    // The user's tick to read it outranks the recipe.
    let read = vec![TableChoice { sheet: Some("R6実績".into()), header_row: None, skip: false }];
    let again = compute(&[file("recipe.json", recipe.as_bytes(), Vec::new()), file("r7.xls", &xls, read)], &options);
    assert_eq!(total(&again, KpiId::HubsJointResearchCompany, 2024), Some(38.0));
}
