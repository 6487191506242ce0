//! The one reducer that holds the app's state. Every change goes through [`Action`], and every
//! figure comes from [`crate::pipeline::compute`]; components only render and dispatch.

use std::collections::BTreeMap;
use std::rc::Rc;

use yew::Reducible;

use crate::ingest::decode::TextEncoding;
use crate::model::schema::DatasetKind;
use crate::pipeline::{compute, headers_of, InputFile, Options};
use crate::report::Results;
use crate::sample;

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<InputFile>>,
    /// The embedded synthetic sample is shown (the page says so prominently).
    pub is_sample: bool,
    pub options: Options,
    pub results: Rc<Results>,
    /// Each input's headers, for the column mapping step.
    pub headers: Rc<Vec<Vec<String>>>,
    /// A problem outside any file's content (a file the browser could not read).
    pub notice: Option<String>,
}

pub enum Action {
    UseSample,
    LoadFiles(Vec<InputFile>),
    SetOptions(Options),
    /// The user's choice of dataset kind and encoding for input file `index` (None: detect).
    Override {
        index: usize,
        kind: Option<DatasetKind>,
        encoding: Option<TextEncoding>,
        mapping: Option<BTreeMap<String, String>>,
    },
    Notice(String),
}

impl AppState {
    fn computed(inputs: Rc<Vec<InputFile>>, is_sample: bool, options: Options) -> Self {
        let results = Rc::new(compute(&inputs, &options));
        let headers = Rc::new(inputs.iter().map(|f| headers_of(f, &options.limits)).collect());
        AppState { inputs, is_sample, options, results, headers, notice: None }
    }

    /// The first screen: the sample, computed, so that it is never empty.
    pub fn with_sample() -> Self {
        Self::computed(Rc::new(sample::files()), true, Options::default())
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(match action {
            Action::UseSample => Self::computed(Rc::new(sample::files()), true, self.options.clone()),
            Action::LoadFiles(files) => Self::computed(Rc::new(files), false, self.options.clone()),
            Action::SetOptions(options) => Self::computed(self.inputs.clone(), self.is_sample, options),
            Action::Override { index, kind, encoding, mapping } => {
                let mut inputs = (*self.inputs).clone();
                if let Some(file) = inputs.get_mut(index) {
                    file.kind = kind;
                    file.encoding = encoding;
                    file.mapping = mapping;
                }
                Self::computed(Rc::new(inputs), self.is_sample, self.options.clone())
            }
            Action::Notice(text) => AppState { notice: Some(text), ..(*self).clone() },
        })
    }
}
