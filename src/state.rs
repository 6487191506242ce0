//! The one reducer that holds the app's state. Every change goes through [`Action`]. A change that
//! needs computing starts a job (a new `request` id); the engine answers with progress and then the
//! results, which replace the shown ones. Components only render and dispatch.

use std::rc::Rc;

use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::options::{Filter, Options};
use mdkpi_contract::results::{Drill, DrillQuery, Facets, Payload, Results};
use mdkpi_contract::sample;
use mdkpi_contract::schema::{DatasetKind, Mapping};
use yew::Reducible;

use crate::route::{Route, View};

/// A file of the page: one of the embedded sample's, or one the user gave (numbered by the page's
/// blob store, `crate::files::Blobs`, which holds the handle on its bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileId {
    Sample(u8),
    User(u64),
}

/// An input as the reducer holds it: the user's choices for it, and its id. Its bytes stay with
/// the browser; only the engine reads them, in its worker.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    pub id: FileId,
    /// The file's own name, as the CLI uses.
    pub name: String,
    pub size: u64,
    pub kind: Option<DatasetKind>,
    pub encoding: Option<TextEncoding>,
    pub mapping: Option<Mapping>,
}

impl SourceFile {
    pub fn new(id: FileId, name: String, size: u64) -> SourceFile {
        SourceFile { id, name, size, kind: None, encoding: None, mapping: None }
    }

    /// The embedded sample, as if the user had dropped it on the page.
    pub fn sample() -> Vec<SourceFile> {
        (sample::FILES.iter().enumerate())
            .map(|(i, (name, text))| SourceFile::new(FileId::Sample(i as u8), (*name).to_owned(), text.len() as u64))
            .collect()
    }
}

/// A computation under way.
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    pub id: u64,
    pub label: String,
    pub fraction: f64,
}

/// A drill-down: the figure asked about, and the rows once they arrive.
#[derive(Debug, Clone, PartialEq)]
pub struct DrillView {
    pub id: u64,
    pub query: DrillQuery,
    /// What the figure is, in words (the dialog's title).
    pub title: String,
    pub drill: Option<Rc<Drill>>,
    pub error: Option<String>,
}

/// The inputs and options that the shown results were computed from.
#[derive(Debug, Clone, PartialEq)]
struct Committed {
    inputs: Rc<Vec<SourceFile>>,
    is_sample: bool,
    options: Options,
}

#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    pub inputs: Rc<Vec<SourceFile>>,
    /// The embedded synthetic sample is shown (the page says so prominently).
    pub is_sample: bool,
    pub options: Options,
    pub results: Rc<Results>,
    /// Each input's headers, for the column mapping step.
    pub headers: Rc<Vec<Vec<String>>>,
    /// The values each filter can take (of all rows read).
    pub facets: Rc<Facets>,
    /// The view shown (and in the URL hash); `scrolls` changes whenever it should be scrolled to.
    pub view: View,
    pub scrolls: u64,
    pub drill: Option<DrillView>,
    /// Counts drill-downs, so that a late answer to a closed one is ignored.
    drills: u64,
    /// A problem outside any file's content (a file the browser could not read or refused).
    pub notice: Option<String>,
    pub job: Option<Job>,
    /// The id of the latest request: the engine computes whenever it changes.
    pub request: u64,
    /// Counts cancellations: the engine restarts whenever it changes.
    pub cancels: u64,
    /// When the data was last kept on this browser; `None` while persistence is off (the default).
    pub persisted: Option<String>,
    committed: Committed,
}

pub enum Action {
    UseSample,
    LoadFiles(Vec<SourceFile>),
    SetOptions(Options),
    /// The user's choice of dataset kind, encoding and column mapping for input file `index`.
    Override {
        index: usize,
        kind: Option<DatasetKind>,
        encoding: Option<TextEncoding>,
        mapping: Option<Mapping>,
    },
    Progress {
        id: u64,
        label: String,
        fraction: f64,
    },
    Computed {
        id: u64,
        payload: Rc<Payload>,
    },
    Failed {
        id: u64,
        message: String,
    },
    Cancel,
    /// Filters set from the filter bar.
    SetFilter(Filter),
    /// A view picked, or a route read from the URL hash (its filters apply too).
    Navigate(Route),
    /// The rows behind a figure, asked for (with the figure in words).
    Drill(DrillQuery, String),
    Drilled {
        id: u64,
        drill: Rc<Drill>,
    },
    DrillFailed {
        id: u64,
        message: String,
    },
    CloseDrill,
    /// Data kept on this browser, found at start-up.
    Restore {
        files: Vec<SourceFile>,
        options: Options,
        saved_at: String,
    },
    /// Persistence switched on (with the time of the latest save) or off.
    Persisted(Option<String>),
    /// Everything was wiped: storage, files, results; back to the sample.
    ClearAll,
    Notice(String),
}

impl AppState {
    /// The first screen: the sample, computed at build time so that the first chart comes at once
    /// and the engine is not loaded until it is needed.
    pub fn with_sample() -> Self {
        let inputs = Rc::new(SourceFile::sample());
        let options = Options::default();
        let Payload { results, headers, facets } = sample::payload();
        let (results, headers, facets) = (Rc::new(results), Rc::new(headers), Rc::new(facets));
        let committed = Committed { inputs: inputs.clone(), is_sample: true, options: options.clone() };
        AppState {
            inputs,
            is_sample: true,
            options,
            results,
            headers,
            facets,
            view: View::default(),
            scrolls: 0,
            drill: None,
            drills: 0,
            notice: None,
            job: None,
            request: 0,
            cancels: 0,
            persisted: None,
            committed,
        }
    }

    /// The inputs the shown results came from (a drill-down reads these, not a pending change).
    pub fn committed_inputs(&self) -> Rc<Vec<SourceFile>> {
        self.committed.inputs.clone()
    }

    pub fn committed_options(&self) -> Options {
        self.committed.options.clone()
    }

    /// A new request for the current inputs and options.
    fn requesting(self, label: &str) -> Self {
        let id = self.request + 1;
        AppState { request: id, job: Some(Job { id, label: label.to_owned(), fraction: 0.0 }), notice: None, ..self }
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let state = (*self).clone();
        Rc::new(match action {
            Action::UseSample => {
                AppState { inputs: Rc::new(SourceFile::sample()), is_sample: true, drill: None, ..state }
                    .requesting("サンプル")
            }
            Action::LoadFiles(files) => {
                let label = files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ");
                AppState { inputs: Rc::new(files), is_sample: false, drill: None, ..state }.requesting(&label)
            }
            Action::SetFilter(filter) if filter == state.options.filter => state,
            Action::SetFilter(filter) => {
                let options = Options { filter, ..state.options.clone() };
                AppState { options, drill: None, ..state }.requesting("絞り込み / filtering")
            }
            Action::Navigate(route) => {
                let scrolls = state.scrolls + 1;
                let moved = AppState { view: route.view, scrolls, ..state };
                if route.filter == moved.options.filter {
                    moved
                } else {
                    let options = Options { filter: route.filter, ..moved.options.clone() };
                    AppState { options, drill: None, ..moved }.requesting("絞り込み / filtering")
                }
            }
            Action::Drill(query, title) => {
                let id = state.drills + 1;
                AppState { drill: Some(DrillView { id, query, title, drill: None, error: None }), drills: id, ..state }
            }
            Action::Drilled { id, drill } => match state.drill {
                Some(d) if d.id == id => AppState { drill: Some(DrillView { drill: Some(drill), ..d }), ..state },
                _ => state,
            },
            Action::DrillFailed { id, message } => match state.drill {
                Some(d) if d.id == id => AppState { drill: Some(DrillView { error: Some(message), ..d }), ..state },
                _ => state,
            },
            Action::CloseDrill => AppState { drill: None, ..state },
            Action::SetOptions(options) => AppState { options, ..state }.requesting("再集計 / recomputing"),
            Action::Override { index, kind, encoding, mapping } => {
                let mut inputs = (*state.inputs).clone();
                if let Some(file) = inputs.get_mut(index) {
                    file.kind = kind;
                    file.encoding = encoding;
                    file.mapping = mapping;
                }
                AppState { inputs: Rc::new(inputs), ..state }.requesting("再集計 / recomputing")
            }
            Action::Progress { id, label, fraction } => match &state.job {
                Some(job) if job.id == id => AppState { job: Some(Job { id, label, fraction }), ..state },
                _ => state,
            },
            Action::Computed { id, payload } if id == state.request => {
                let committed = Committed {
                    inputs: state.inputs.clone(),
                    is_sample: state.is_sample,
                    options: state.options.clone(),
                };
                AppState {
                    results: Rc::new(payload.results.clone()),
                    headers: Rc::new(payload.headers.clone()),
                    facets: Rc::new(payload.facets.clone()),
                    job: None,
                    committed,
                    ..state
                }
            }
            Action::Failed { id, message } if id == state.request => AppState {
                inputs: state.committed.inputs.clone(),
                is_sample: state.committed.is_sample,
                options: state.committed.options.clone(),
                job: None,
                notice: Some(format!("集計できませんでした / Could not compute: {message}")),
                // A wasm instance that trapped cannot be trusted: start a fresh worker.
                cancels: state.cancels + 1,
                ..state
            },
            // An answer to a request that has been replaced or cancelled.
            Action::Computed { .. } | Action::Failed { .. } => state,
            Action::Cancel => AppState {
                inputs: state.committed.inputs.clone(),
                is_sample: state.committed.is_sample,
                options: state.committed.options.clone(),
                job: None,
                // Answers to the cancelled request are ignored from now on.
                request: state.request + 1,
                cancels: state.cancels + 1,
                notice: Some("読み込みを中止しました。 / Cancelled.".to_owned()),
                ..state
            },
            Action::Restore { files, options, saved_at } => {
                AppState { inputs: Rc::new(files), is_sample: false, options, persisted: Some(saved_at), ..state }
                    .requesting("保存したデータ / saved data")
            }
            Action::Persisted(saved_at) => AppState { persisted: saved_at, ..state },
            Action::ClearAll => AppState {
                inputs: Rc::new(SourceFile::sample()),
                is_sample: true,
                options: Options::default(),
                persisted: None,
                drill: None,
                // The worker keeps what it read: replace it.
                cancels: state.cancels + 1,
                ..state
            }
            .requesting("サンプル"),
            Action::Notice(text) => AppState { notice: Some(text), ..state },
        })
    }
}
