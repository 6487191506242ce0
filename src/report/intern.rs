//! Reading the results contract back into typed values: the page receives it as JSON from its Web
//! Worker. Its `&'static str` fields come from a closed vocabulary (the catalogue's ids, breakdown
//! dimensions, directions, exclusion reasons and definition words), so they map back to the
//! program's own strings. Anything else is an error: no string is leaked to make it fit.

use std::collections::BTreeMap;

use serde::de::{Deserialize, Deserializer, Error};

use crate::kpi::catalogue::CATALOGUE;

/// `&'static str`, written through an alias so that serde does not try to borrow it from the input
/// (it borrows fields written `&str` implicitly); these fields are interned by [`str`] instead.
pub type Word = &'static str;

const WORDS: &[&str] = &[
    super::SCHEMA,
    "mdkpi",
    env!("CARGO_PKG_VERSION"),
    // breakdown dimensions
    "program", "association", "hub", "priority_area", "adoption_stage", "current_stage", "answer",
    // directions
    "up", "down", "flat",
    // exclusion reasons
    "unknown_stage", "discontinued", "completed", "adopted_too_recently", "no_survey_year", "flag_unknown",
    // definitions
    "project_per_survey_fiscal_year", "current_stage_greater_than_stage_at_adoption", "counts_once",
    "excluded_and_counted", "excluded", "included", "wilson_score_95", "primary_and_complementary",
    "two_proportion_z_test_pooled", crate::kpi::trend::TARGET_METHOD,
];

/// The program's own copy of `s`, if `s` belongs to the vocabulary.
pub fn intern(s: &str) -> Option<&'static str> {
    WORDS.iter().copied().chain(CATALOGUE.iter().map(|d| d.id)).find(|w| *w == s)
}

fn word<E: Error>(s: &str) -> Result<&'static str, E> {
    intern(s).ok_or_else(|| E::custom(format!("unexpected word in results: {s:?}")))
}

pub fn str<'de, D: Deserializer<'de>>(d: D) -> Result<Word, D::Error> {
    word(&String::deserialize(d)?)
}

pub fn opt_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<&'static str>, D::Error> {
    Option::<String>::deserialize(d)?.map(|s| word(&s)).transpose()
}

pub fn keys<'de, D, V>(d: D) -> Result<BTreeMap<&'static str, V>, D::Error>
where
    D: Deserializer<'de>,
    V: Deserialize<'de>,
{
    BTreeMap::<String, V>::deserialize(d)?.into_iter().map(|(k, v)| Ok((word(&k)?, v))).collect()
}

#[cfg(test)]
mod tests {
    use crate::pipeline::{compute, InputFile, Options};
    use crate::report::Results;

    #[test]
    fn results_round_trip_through_json() {
        let mut files = crate::sample::files();
        for f in ["stage_up_small.csv", "trainings_cp932.csv", "satisfaction_utf16.txt", "members_utf8bom.csv", "hubs.json", "workspace.json"] {
            let bytes = std::fs::read(format!("tests/fixtures/{f}")).unwrap();
            files.push(InputFile::new(f, bytes));
        }
        for options in [Options::default(), serde_json::from_str(r#"{"statistics": {"min_cell_size": 1}, "stage_up": {"exclude_discontinued": true, "min_years_since_adoption": 2}}"#).unwrap()] {
            let results = compute(&files, &options);
            let back: Results = serde_json::from_str(&results.to_json()).unwrap();
            assert_eq!(back, results);
        }
        assert!(serde_json::from_str::<Results>(&compute(&files, &Options::default()).to_json().replace("\"up\"", "\"sideways\"")).is_err());
    }
}
