//! Column mapping and recipes: map a file whose headers match nothing, keep the mapping as a
//! data-free recipe, and re-apply it next year, when a column has been renamed.

use mdkpi_core::contract::diagnostics::IssueCode;
use mdkpi_core::contract::options::Options;
use mdkpi_core::contract::schema::{Col, DatasetKind, Mapping};
use mdkpi_core::model::recipe::Recipe;
use mdkpi_core::pipeline::{compute, recipe_from, InputFile};

const THIS_YEAR: &str =
    "調査の年,テーマ番号,採択した年度,開始時の段階,今の段階\n2023,T-1,2020,1,2\n2023,T-2,2021,2,2\n";
const NEXT_YEAR: &str = "調査の年,テーマ番号,採択年度(西暦),開始時の段階,今の段階\n2024,T-1,2020,1,3\n";

fn mapping() -> Mapping {
    [
        (Col::FiscalYear, "調査の年"),
        (Col::ProjectId, "テーマ番号"),
        (Col::AdoptedFy, "採択した年度"),
        (Col::StageAtAdoption, "開始時の段階"),
        (Col::CurrentStage, "今の段階"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .collect()
}

#[test]
fn unknown_headers_are_unusable_until_mapped() {
    let file = InputFile::new("themes.csv", THIS_YEAR.as_bytes().to_vec());
    let r = compute(std::slice::from_ref(&file), &Options::default());
    assert_eq!(r.datasets[0].kind, None);
    assert_eq!(r.issues[0].code(), IssueCode::UnknownKind);

    let mapped = InputFile { kind: Some(DatasetKind::Projects), mapping: Some(mapping()), ..file };
    let r = compute(std::slice::from_ref(&mapped), &Options::default());
    assert_eq!(r.datasets[0].kind, Some(DatasetKind::Projects));
    assert_eq!(r.datasets[0].rows_used, 2);
    assert_eq!(r.datasets[0].mapped_by.as_deref(), Some("user"));
    assert!(r.issues.is_empty(), "{:#?}", r.issues);

    // The recipe holds the mapping and no data.
    let recipe = recipe_from(&[mapped], &Options::default());
    let json = recipe.to_json();
    assert!(!json.contains("T-1") && !json.contains("2023,"), "{json}");
    assert_eq!(recipe.entries[0].columns, mapping());
}

#[test]
fn a_recipe_applies_next_year_and_reports_the_renamed_column() {
    let mapped = InputFile {
        kind: Some(DatasetKind::Projects),
        mapping: Some(mapping()),
        ..InputFile::new("themes.csv", THIS_YEAR.into())
    };
    let recipe = recipe_from(&[mapped], &Options::default()).to_json();
    let files =
        [InputFile::new("mdkpi-recipe.json", recipe.into_bytes()), InputFile::new("themes_2024.csv", NEXT_YEAR.into())];
    let r = compute(&files, &Options::default());
    // The recipe is applied, not read as data.
    assert_eq!(r.datasets.len(), 1);
    let d = &r.datasets[0];
    assert_eq!((d.kind, d.mapped_by.as_deref()), (Some(DatasetKind::Projects), Some("mdkpi-recipe.json")));
    // 採択した年度 was renamed: reported; the required column is then missing, so rows are rejected.
    let renamed =
        r.issues.iter().find(|i| i.code() == IssueCode::MappedColumnMissing).expect("renamed column reported");
    assert_eq!((renamed.value.as_deref(), renamed.row()), (Some("採択した年度"), Some(1)));
    assert!(r.issues.iter().any(|i| i.code() == IssueCode::MissingColumn));
    assert_eq!(d.rows_rejected, 1);
}

#[test]
fn recipes_parse_only_when_they_are_recipes() {
    assert!(Recipe::parse(b"[]").is_none());
    assert!(Recipe::parse(br#"{"schema": "mdkpi.results/1"}"#).is_none());
    assert!(Recipe::parse(br#"{"schema": "mdkpi.recipe/1", "entries": []}"#).is_some());
    // As editors save them: a BOM, a line break first.
    assert!(Recipe::parse("\u{FEFF}\r\n {\"schema\": \"mdkpi.recipe/1\", \"entries\": []}".as_bytes()).is_some());
    // A CSV that names the schema in a cell is data.
    assert!(Recipe::parse("年度,メモ\n2023,\"{\"\"schema\"\": \"\"mdkpi.recipe/1\"\"}\"\n".as_bytes()).is_none());
}
