//! KPI definitions (`mdkpi.kpis/1`) of any content, over data files that have the columns they may
//! name: no panic; every problem is an issue, not a lost definition; shares stay within their
//! denominators.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mdkpi_core::contract::options::Options;
use mdkpi_core::pipeline::{compute, InputFile};

const MEMBERS: &[u8] = include_bytes!("../../tests/fixtures/members_iso.csv");
const HUBS: &[u8] = include_bytes!("../../tests/fixtures/hubs_patents.csv");
const PROJECTS: &[u8] = include_bytes!("../../tests/fixtures/outcomes_small.csv");

fuzz_target!(|data: &[u8]| {
    // Inside the envelope, so that most inputs reach the definitions' own checks.
    let mut file = br#"{"schema": "mdkpi.kpis/1", "kpis": ["#.to_vec();
    file.extend_from_slice(data);
    file.extend_from_slice(b"]}");
    let inputs = [
        InputFile::new("m.csv", MEMBERS.to_vec()),
        InputFile::new("h.csv", HUBS.to_vec()),
        InputFile::new("p.csv", PROJECTS.to_vec()),
        InputFile::new("k.json", file),
    ];
    let r = compute(&inputs, &Options::default());
    for k in r.kpis.iter().filter(|k| k.id.builtin().is_none()) {
        assert!(r.catalogue().def(k.id).is_some(), "a figure of {} without its definition", k.id);
        if let (Some(x), Some(n)) = (k.numerator, k.denominator) {
            assert!(x <= n, "{} {x} > {n}", k.id);
        }
    }
    let _ = r.to_json();
});
