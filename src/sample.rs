//! The embedded sample: SYNTHETIC data, so that the first screen is never empty. Every name and
//! figure in it is invented (see `xtask/data/make_sample.py`); the page labels it as such.

use crate::pipeline::InputFile;

/// The file name the sample appears under in the results (`datasets[].source`).
pub const PROJECTS_NAME: &str = "sample_projects_synthetic.csv";
pub const PROJECTS_CSV: &str = include_str!("../www/sample/projects.csv");

/// The sample as input files, exactly as if the user had dropped them on the page.
pub fn files() -> Vec<InputFile> {
    vec![InputFile::new(PROJECTS_NAME, PROJECTS_CSV.as_bytes().to_vec())]
}
