//! The embedded sample: its precomputed payload is current, and it covers every kind, KPI and goal.

use mdkpi_core::contract::catalogue::CATALOGUE;
use mdkpi_core::contract::options::Options;
use mdkpi_core::contract::plan::GOALS;
use mdkpi_core::contract::results::Payload;
use mdkpi_core::contract::sample::{payload, PAYLOAD};
use mdkpi_core::pipeline::compute;

/// Like rust-analyzer's generated files: a stale copy fails the test run and is rewritten, so
/// the next run (and the commit) has the fresh one.
#[test]
fn the_embedded_payload_is_current() {
    let inputs = mdkpi_core::sample::files();
    let options = Options::default();
    let read = mdkpi_core::pipeline::read(&inputs, &options.limits, &mut |_, _| {});
    let prepared = mdkpi_core::pipeline::Prepared::of(&read);
    let fresh = serde_json::to_string(&mdkpi_core::pipeline::payload(&read, &prepared, &options)).unwrap() + "\n";
    if PAYLOAD != fresh {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../www/sample/payload.json");
        std::fs::write(path, &fresh).unwrap();
        panic!("www/sample/payload.json was stale and has been rewritten: run the tests again and commit it");
    }
    assert_eq!(payload(), serde_json::from_str::<Payload>(&fresh).unwrap());
}

#[test]
fn the_sample_covers_every_kind_kpi_and_goal_without_problems() {
    let r = compute(&mdkpi_core::sample::files(), &Options::default());
    assert!(r.issues.is_empty(), "{:#?}", r.issues);
    assert_eq!(r.datasets.len(), 7);
    assert!(r.datasets.iter().all(|d| d.kind.is_some() && d.rows_used == d.rows_read));
    for d in CATALOGUE {
        assert!(r.kpis.iter().any(|k| k.id == d.id && k.value.is_some()), "{} has no value", d.id);
    }
    for g in GOALS {
        let numeric = g
            .headline_kpi
            .is_some_and(|id| r.kpis.iter().any(|k| k.id == id && k.breakdown.is_empty() && k.value.is_some()));
        let followup = r.followup.iter().any(|f| f.goal == g.number);
        assert!(numeric || followup, "goal {} has no data", g.number);
    }
    assert!(!r.reference.is_empty());
}

/// Results from the sample's files say so, under any name and beside other files, and so does
/// their CSV's first line; results from other files say nothing of it.
#[test]
fn results_with_a_sample_file_are_marked_and_others_are_not() {
    use mdkpi_core::contract::csv_text::results_csv_text;
    use mdkpi_core::pipeline::InputFile;
    let options = Options::default();
    let sample = mdkpi_core::sample::files();
    let renamed = InputFile::new("予算.csv", sample[0].bytes.clone());
    let other =
        InputFile::new("p.csv", b"\xef\xbb\xbf\xe5\xb9\xb4\xe5\xba\xa6,\xe8\xaa\xb2\xe9\xa1\x8cID\n2023,A\n".to_vec());
    for inputs in [sample.clone(), vec![renamed.clone()], vec![other.clone(), renamed]] {
        let r = compute(&inputs, &options);
        assert!(r.sample);
        assert!(
            results_csv_text(&r).starts_with("# 合成データ / SAMPLE: 架空の値です"),
            "{}",
            &results_csv_text(&r)[..80]
        );
        assert!(serde_json::to_string(&r).unwrap().contains("\"sample\":true"));
    }
    let r = compute(&[other], &options);
    assert!(!r.sample);
    assert!(results_csv_text(&r).starts_with("# mdkpi "));
    assert!(!serde_json::to_string(&r).unwrap().contains("\"sample\""));
}
