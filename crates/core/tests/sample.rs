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
