//! The embedded sample: SYNTHETIC data for every dataset kind, so that the first screen is never
//! empty and shows every goal. Every name and figure in it is invented (see
//! `xtask/data/make_sample.py`); the page labels it as such.

use crate::pipeline::{InputFile, Payload};

/// (file name as it appears in the results, contents)
pub const FILES: [(&str, &str); 7] = [
    ("sample_projects_synthetic.csv", include_str!("../www/sample/projects.csv")),
    ("sample_trainings_synthetic.csv", include_str!("../www/sample/trainings.csv")),
    ("sample_satisfaction_synthetic.csv", include_str!("../www/sample/satisfaction.csv")),
    ("sample_members_synthetic.csv", include_str!("../www/sample/members.csv")),
    ("sample_hubs_synthetic.csv", include_str!("../www/sample/hubs.csv")),
    ("sample_reference_synthetic.csv", include_str!("../www/sample/reference.csv")),
    ("sample_followup_synthetic.csv", include_str!("../www/sample/followup.csv")),
];

/// The sample as input files, exactly as if the user had dropped them on the page.
pub fn files() -> Vec<InputFile> {
    FILES.iter().map(|(name, text)| InputFile::new(*name, text.as_bytes().to_vec())).collect()
}

/// The sample's payload under the default options, as JSON: the page's first screen. It is
/// computed ahead of time so that the page needs no engine until the user's own data or a filter
/// does (the engine is a second wasm, loaded by the worker; see ARCHITECTURE.md). The test
/// `the_embedded_payload_is_current` fails, and rewrites the file, when it is stale.
pub const PAYLOAD: &str = include_str!("../www/sample/payload.json");

/// [`PAYLOAD`], read.
pub fn payload() -> Payload {
    serde_json::from_str(PAYLOAD).expect("www/sample/payload.json is a payload (checked by the tests)")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::catalogue::CATALOGUE;
    use crate::model::plan::GOALS;
    use crate::pipeline::{compute, Options};

    /// Like rust-analyzer's generated files: a stale copy fails the test run and is rewritten, so
    /// the next run (and the commit) has the fresh one.
    #[test]
    fn the_embedded_payload_is_current() {
        let inputs = files();
        let options = Options::default();
        let read = crate::pipeline::read(&inputs, &options.limits, &mut |_, _| {});
        let prepared = crate::pipeline::Prepared::of(&read);
        let fresh = serde_json::to_string(&Payload::of(&read, &prepared, &options)).unwrap() + "\n";
        if PAYLOAD != fresh {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/www/sample/payload.json");
            std::fs::write(path, &fresh).unwrap();
            panic!("www/sample/payload.json was stale and has been rewritten: run the tests again and commit it");
        }
        assert_eq!(payload(), serde_json::from_str::<Payload>(&fresh).unwrap());
    }

    #[test]
    fn the_sample_covers_every_kind_kpi_and_goal_without_problems() {
        let r = compute(&files(), &Options::default());
        assert!(r.issues.is_empty(), "{:#?}", r.issues);
        assert_eq!(r.datasets.len(), 7);
        assert!(r.datasets.iter().all(|d| d.kind.is_some() && d.rows_used == d.rows_read));
        for d in CATALOGUE {
            assert!(r.kpis.iter().any(|k| k.id == d.id && k.value.is_some()), "{} has no value", d.id);
        }
        for g in GOALS {
            let numeric = g.headline_kpi.is_some_and(|id| r.kpis.iter().any(|k| k.id == id && k.breakdown.is_empty() && k.value.is_some()));
            let followup = r.followup.iter().any(|f| f.goal == g.number);
            assert!(numeric || followup, "goal {} has no data", g.number);
        }
        assert!(!r.reference.is_empty());
    }
}
