//! The contract read back: what the core writes, the contract reads as it was written. The page
//! receives the results as JSON from its worker, and the templates it offers must load.

use mdkpi_core::contract::diagnostics::IssueCode;
use mdkpi_core::contract::options::Options;
use mdkpi_core::contract::results::Results;
use mdkpi_core::contract::schema::DatasetKind;
use mdkpi_core::contract::template::{template_csv, template_name};
use mdkpi_core::pipeline::{compute, InputFile};

#[test]
fn results_round_trip_through_json() {
    let mut files = mdkpi_core::sample::files();
    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures");
    for f in [
        "stage_up_small.csv",
        "trainings_cp932.csv",
        "satisfaction_utf16.txt",
        "members_utf8bom.csv",
        "hubs.json",
        "workspace.json",
    ] {
        files.push(InputFile::new(f, std::fs::read(format!("{fixtures}/{f}")).unwrap()));
    }
    let options: [Options; 2] = [
        Options::default(),
        serde_json::from_str(
            r#"{"statistics": {"min_cell_size": 1}, "stage_up": {"exclude_discontinued": true, "min_years_since_adoption": 2}}"#,
        )
        .unwrap(),
    ];
    for options in options {
        let results = compute(&files, &options);
        assert!(!results.issues.is_empty(), "the fixtures have issues to read back");
        let json = results.to_json();
        let back: Results = serde_json::from_str(&json).unwrap();
        assert_eq!(back, results);
        assert_eq!(back.to_json(), json, "written again, byte for byte");
    }
    let json = compute(&files, &Options::default()).to_json();
    assert!(serde_json::from_str::<Results>(&json.replace("\"up\"", "\"sideways\"")).is_err());
}

#[test]
fn every_template_round_trips_with_its_example_row() {
    for kind in DatasetKind::ALL {
        let r = compute(&[InputFile::new(template_name(kind), template_csv(kind))], &Options::default());
        let d = &r.datasets[0];
        assert_eq!(d.kind, Some(kind), "{kind:?} detected");
        // The example row is used; the description row is skipped with a warning, not rejected.
        assert_eq!((d.rows_read, d.rows_used, d.rows_rejected), (1, 1, 0), "{kind:?}: {:#?}", r.issues);
        assert_eq!(r.issues.len(), 1, "{kind:?}: {:#?}", r.issues);
        assert_eq!(r.issues[0].code(), IssueCode::TemplateNotes);
        assert_eq!(r.issues[0].row(), Some(2));
    }
}

#[test]
fn the_results_csv_has_one_row_per_figure_with_definitions_first() {
    let r = compute(&mdkpi_core::sample::files(), &Options::default());
    let text = mdkpi_core::contract::csv_text::results_csv_text(&r);
    let lines: Vec<&str> = text.lines().collect();
    // The sample's mark first (its files are the sample's), then the definitions.
    assert!(lines[0].starts_with("# 合成データ / SAMPLE"), "{}", lines[0]);
    let lines = &lines[1..];
    assert!(lines[0].starts_with("# mdkpi"));
    assert!(lines[2].contains("公表用: 回答者5人未満・企業3社未満・課題3件未満のセルは x"), "{}", lines[2]);
    assert!(lines[4].starts_with("# x: 非表示"), "{}", lines[4]);
    assert!(lines[5].starts_with("kpi_id,指標,年度"));
    assert_eq!(lines.len(), 6 + r.kpis.len());
    // A hidden figure reads x, as on the page; the sample has some.
    let hidden = lines[6..].iter().filter(|l| l.contains(",x,x,")).count();
    assert_eq!(hidden, r.kpis.iter().filter(|k| k.suppressed).count());
    assert!(hidden > 0);
    assert!(!text.contains("sep="));
}

#[test]
fn the_results_csv_in_both_encodings_and_what_cp932_cannot_hold() {
    use mdkpi_core::contract::csv_text::CsvEncoding;
    use mdkpi_core::contract::encoding::TextEncoding;
    use mdkpi_core::ingest::decode::decode;
    use mdkpi_core::report::csv_export::results_csv;
    let csv = "年度,課題ID,採択年度,事業名\nR5,A,2020,=cmd\nR5,B,2021,😀事業\n";
    let r = compute(&[InputFile::new("p.csv", csv.as_bytes().to_vec())], &Options::default());
    let (utf8, lost) = results_csv(&r, CsvEncoding::Utf8Bom);
    assert_eq!((decode(&utf8).encoding, lost), (TextEncoding::Utf8Bom, 0));
    let text = decode(&utf8).text;
    assert!(text.contains("'=cmd") && !text.contains(",=cmd"), "formula cells are neutralised");
    let (sjis, lost) = results_csv(&r, CsvEncoding::Cp932);
    let back = decode(&sjis);
    assert_eq!((back.encoding, back.malformed), (TextEncoding::Cp932, 0));
    assert!(back.text.contains("指標") && back.text.contains("?事業"));
    assert!(!back.text.contains("&#"), "no HTML character references in a CSV");
    assert_eq!(lost, back.text.matches("?事業").count(), "every emoji that became ? is counted");
    assert!(lost > 0);
}
