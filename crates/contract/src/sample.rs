//! The embedded sample: SYNTHETIC data for every dataset kind, so that the first screen is never
//! empty and shows every goal. Every name and figure in it is invented (see
//! `xtask/data/make_sample.py`); the page labels it as such.

use crate::results::Payload;

/// (file name as it appears in the results, contents)
pub const FILES: [(&str, &str); 7] = [
    ("sample_projects_synthetic.csv", include_str!("../../../www/sample/projects.csv")),
    ("sample_trainings_synthetic.csv", include_str!("../../../www/sample/trainings.csv")),
    ("sample_satisfaction_synthetic.csv", include_str!("../../../www/sample/satisfaction.csv")),
    ("sample_members_synthetic.csv", include_str!("../../../www/sample/members.csv")),
    ("sample_hubs_synthetic.csv", include_str!("../../../www/sample/hubs.csv")),
    ("sample_reference_synthetic.csv", include_str!("../../../www/sample/reference.csv")),
    ("sample_followup_synthetic.csv", include_str!("../../../www/sample/followup.csv")),
];

/// The sample's payload under the default options, as JSON: the page's first screen. It is
/// computed ahead of time so that the page needs no engine until the user's own data or a filter
/// does (the engine is a second wasm, loaded by the worker; see ARCHITECTURE.md). The core's test
/// `the_embedded_payload_is_current` fails, and rewrites the file, when it is stale.
pub const PAYLOAD: &str = include_str!("../../../www/sample/payload.json");

/// [`PAYLOAD`], read.
pub fn payload() -> Payload {
    serde_json::from_str(PAYLOAD).expect("www/sample/payload.json is a payload (checked by the tests)")
}
