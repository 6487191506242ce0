//! The one reducer that holds the app's state. Every change goes through [`Action`]. A change that
//! needs computing starts a job (a new `request` id); the engine answers with progress and then the
//! results, which replace the shown ones. Components only render and dispatch.

use std::rc::Rc;

use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::label::Money;
use mdkpi_contract::options::{Filter, Options};
use mdkpi_contract::results::{Drill, DrillQuery, Facets, Payload, Results, TableView};
use mdkpi_contract::sample;
use mdkpi_contract::schema::{DatasetKind, Mapping, TableChoice};
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
    /// When the file was last changed, as the browser reports it (ms since 1970), if known.
    pub modified: Option<u64>,
    pub kind: Option<DatasetKind>,
    pub encoding: Option<TextEncoding>,
    pub mapping: Option<Mapping>,
    /// The user's choices for the file's tables (a workbook's sheets): a header row, a sheet left out.
    pub tables: Vec<TableChoice>,
}

impl SourceFile {
    pub fn new(id: FileId, name: String, size: u64) -> SourceFile {
        SourceFile { id, name, size, modified: None, kind: None, encoding: None, mapping: None, tables: Vec::new() }
    }

    /// Whether `other` is this file given again: the same name, size and time of change. The page
    /// knows a file by what the browser says of it without reading it (a file may be 100 MB);
    /// two returns with the same name from two organisations differ in size or time, and are two.
    pub fn same_file(&self, other: &SourceFile) -> bool {
        (&self.name, self.size, self.modified) == (&other.name, other.size, other.modified)
    }

    /// The user's choice for one of the file's tables (`None`: the file itself), if any.
    pub fn choice(&self, sheet: Option<&str>) -> Option<&TableChoice> {
        self.tables.iter().find(|t| t.sheet.as_deref() == sheet)
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
    /// Each input's tables as laid out (where each header is), for choosing another header row.
    pub tables: Rc<Vec<TableView>>,
    /// The values each filter can take (of all rows read).
    pub facets: Rc<Facets>,
    /// The view shown (and in the URL hash), and the goal's section it opens at; `scrolls` changes
    /// whenever it should be scrolled to.
    pub view: View,
    pub goal: Option<u8>,
    /// The unit yen amounts are shown in (a way of showing, not of computing: nothing recomputes).
    pub money: Money,
    pub scrolls: u64,
    pub drill: Option<DrillView>,
    /// Counts drill-downs, so that a late answer to a closed one is ignored.
    drills: u64,
    /// A problem outside any file's content (a file the browser could not read or refused).
    pub notice: Option<Notice>,
    pub job: Option<Job>,
    /// The id of the latest request: the engine computes whenever it changes.
    pub request: u64,
    /// Counts cancellations: the engine restarts whenever it changes.
    pub cancels: u64,
    /// When the data was last kept on this browser; `None` while persistence is off (the default).
    pub persisted: Option<String>,
    /// The engine was started in the background and has read the sample (see `use_warm_up`).
    pub engine_warm: bool,
    committed: Committed,
}

pub enum Action {
    UseSample,
    /// Files chosen or dropped: added to those loaded (the sample aside); a file given again is
    /// recognised and not read twice (its rows would supersede themselves).
    AddFiles(Vec<SourceFile>),
    /// Files that replace every file loaded.
    ReplaceFiles(Vec<SourceFile>),
    /// One loaded file taken away; without any left, the sample is shown again.
    RemoveFile(FileId),
    SetOptions(Options),
    /// The user's choice of dataset kind, encoding and column mapping for input file `index`.
    Override {
        index: usize,
        kind: Option<DatasetKind>,
        encoding: Option<TextEncoding>,
        mapping: Option<Mapping>,
    },
    /// The user's choice for one table of input file `index` (a sheet, or the file's own table):
    /// its header row, or leaving it out. It replaces an earlier choice for the same table.
    ChooseTable {
        index: usize,
        choice: TableChoice,
    },
    Progress {
        id: u64,
        label: String,
        fraction: f64,
    },
    Computed {
        id: u64,
        /// Moved into the state, not copied: a results document is the biggest value the page holds.
        payload: Box<Payload>,
    },
    Failed {
        id: u64,
        message: String,
    },
    /// The engine, started in the background, has answered: the next request finds it running.
    EngineWarm,
    Cancel,
    /// Filters set from the filter bar.
    SetFilter(Filter),
    /// The unit yen amounts are shown in.
    SetMoney(Money),
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
    Notice(Notice),
}

/// A message to the user in both languages: the state has no language, the page shows the one it
/// is in (a language switched later switches the notice too).
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub ja: String,
    pub en: String,
}

impl Notice {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Notice {
        Notice { ja: ja.into(), en: en.into() }
    }

    /// A notice that a Japanese page shows with its English after it (`ja / en`), as those about
    /// files and computing always were: whoever reads a Japanese page may ask someone who reads
    /// English for help with them.
    pub fn both(ja: &str, en: String) -> Notice {
        Notice { ja: format!("{ja} / {en}"), en }
    }

    pub fn text(&self, lang: crate::lang::Lang) -> &str {
        lang.t(&self.ja, &self.en)
    }
}

impl AppState {
    /// The first screen: the sample, computed at build time so that the first chart comes at once
    /// and the engine is not loaded until it is needed.
    pub fn with_sample() -> Self {
        let inputs = Rc::new(SourceFile::sample());
        let options = Options::default();
        let Payload { results, headers, facets, tables } = sample::payload();
        let (results, headers, facets, tables) = (Rc::new(results), Rc::new(headers), Rc::new(facets), Rc::new(tables));
        let committed = Committed { inputs: inputs.clone(), is_sample: true, options: options.clone() };
        AppState {
            inputs,
            is_sample: true,
            options,
            results,
            headers,
            tables,
            facets,
            view: View::default(),
            goal: None,
            money: Money::Auto,
            scrolls: 0,
            drill: None,
            drills: 0,
            notice: None,
            job: None,
            request: 0,
            cancels: 0,
            persisted: None,
            engine_warm: false,
            committed,
        }
    }

    /// The inputs the shown results came from (a drill-down reads these, not a pending change).
    pub fn committed_inputs(&self) -> Rc<Vec<SourceFile>> {
        self.committed.inputs.clone()
    }

    /// Whether the figures shown are the sample's (until another file's results arrive).
    pub fn shows_sample(&self) -> bool {
        self.committed.is_sample
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

/// Files by name, as a job's label and a notice say them: `a.csv, b.csv`.
fn names_of(files: &[SourceFile]) -> String {
    files.iter().map(|f| f.name.as_str()).collect::<Vec<_>>().join(", ")
}

/// A year range that ends before it starts, which would empty every figure.
fn reversed(filter: &Filter) -> bool {
    matches!((filter.fiscal_year_from, filter.fiscal_year_to), (Some(from), Some(to)) if from > to)
}

fn reversed_notice(filter: &Filter) -> Notice {
    let year = |y: Option<i32>| y.map(|y| format!("FY{y}")).unwrap_or_default();
    let (from, to) = (year(filter.fiscal_year_from), year(filter.fiscal_year_to));
    Notice::both(
        &format!("年度の範囲が逆です（{from} から {to} まで）。絞り込みは変えていません。"),
        format!("The year range is reversed ({from} to {to}); the filters are unchanged."),
    )
}

/// Why the last request got no answer, naming the files it was reading for the first time: a
/// damaged one among them is the likely cause (the engine stops on some damaged workbooks).
fn failure_notice(state: &AppState, message: &str) -> Notice {
    let new: Vec<&str> = (state.inputs.iter())
        .filter(|f| !state.committed.inputs.iter().any(|c| c.id == f.id))
        .map(|f| f.name.as_str())
        .collect();
    if new.is_empty() {
        return Notice::both("集計できませんでした", format!("Could not compute: {message}"));
    }
    let files = new.join(", ");
    Notice::both(
        &format!("読み込めませんでした。壊れたファイルがないか確認してください: {files}"),
        format!("Could not read these files; one may be damaged: {files} ({message})"),
    )
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
            Action::AddFiles(files) => {
                let kept: &[SourceFile] = if state.is_sample { &[] } else { &state.inputs };
                // Against those loaded and those before it in the same drop.
                let (mut again, mut new) = (Vec::new(), Vec::<SourceFile>::new());
                for file in files {
                    if kept.iter().chain(&new).any(|k| k.same_file(&file)) {
                        again.push(file);
                    } else {
                        new.push(file);
                    }
                }
                let notice = (!again.is_empty()).then(|| {
                    let names = names_of(&again);
                    Notice::both(
                        &format!("読み込み済みのため追加しませんでした: {names}"),
                        format!("Already loaded, not added again: {names}"),
                    )
                });
                if new.is_empty() {
                    return Rc::new(AppState { notice, ..state });
                }
                let label = names_of(&new);
                let inputs = kept.iter().cloned().chain(new).collect();
                let added = AppState { inputs: Rc::new(inputs), is_sample: false, drill: None, ..state };
                AppState { notice, ..added.requesting(&label) }
            }
            Action::ReplaceFiles(files) if files.is_empty() => state,
            Action::ReplaceFiles(files) => {
                let label = names_of(&files);
                AppState { inputs: Rc::new(files), is_sample: false, drill: None, ..state }.requesting(&label)
            }
            Action::RemoveFile(id) if state.is_sample || !state.inputs.iter().any(|f| f.id == id) => state,
            Action::RemoveFile(id) => {
                let inputs: Vec<SourceFile> = state.inputs.iter().filter(|f| f.id != id).cloned().collect();
                if inputs.is_empty() {
                    AppState { inputs: Rc::new(SourceFile::sample()), is_sample: true, drill: None, ..state }
                        .requesting("サンプル")
                } else {
                    AppState { inputs: Rc::new(inputs), drill: None, ..state }.requesting("再集計 / recomputing")
                }
            }
            Action::SetMoney(money) => AppState { money, ..state },
            Action::SetFilter(filter) if filter == state.options.filter => state,
            Action::SetFilter(filter) if reversed(&filter) => {
                AppState { notice: Some(reversed_notice(&filter)), ..state }
            }
            Action::SetFilter(filter) => {
                let options = Options { filter, ..state.options.clone() };
                AppState { options, drill: None, ..state }.requesting("絞り込み / filtering")
            }
            Action::Navigate(route) => {
                let scrolls = state.scrolls + 1;
                let moved = AppState { view: route.view, goal: route.goal, money: route.money, scrolls, ..state };
                if reversed(&route.filter) {
                    // A link with a reversed range opens its view with the filters as they were.
                    AppState { notice: Some(reversed_notice(&route.filter)), ..moved }
                } else if route.filter == moved.options.filter {
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
            Action::ChooseTable { index, choice } => {
                let mut inputs = (*state.inputs).clone();
                let Some(file) = inputs.get_mut(index) else { return Rc::new(state) };
                // Kept even when it says "read, header found": it then outranks a recipe that
                // leaves the sheet out.
                file.tables.retain(|t| t.sheet != choice.sheet);
                file.tables.push(choice);
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
                let Payload { results, headers, facets, tables } = *payload;
                AppState {
                    results: Rc::new(results),
                    headers: Rc::new(headers),
                    tables: Rc::new(tables),
                    facets: Rc::new(facets),
                    job: None,
                    committed,
                    ..state
                }
            }
            Action::Failed { id, message } if id == state.request => AppState {
                notice: Some(failure_notice(&state, &message)),
                inputs: state.committed.inputs.clone(),
                is_sample: state.committed.is_sample,
                options: state.committed.options.clone(),
                job: None,
                // A wasm instance that trapped cannot be trusted: start a fresh worker.
                cancels: state.cancels + 1,
                ..state
            },
            // An answer to a request that has been replaced or cancelled.
            Action::Computed { .. } | Action::Failed { .. } => state,
            Action::EngineWarm => AppState { engine_warm: true, ..state },
            Action::Cancel => AppState {
                inputs: state.committed.inputs.clone(),
                is_sample: state.committed.is_sample,
                options: state.committed.options.clone(),
                job: None,
                // Answers to the cancelled request are ignored from now on.
                request: state.request + 1,
                cancels: state.cancels + 1,
                notice: Some(Notice::both("読み込みを中止しました。", "Cancelled.".to_owned())),
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

#[cfg(test)]
mod tests {
    use super::*;
    use mdkpi_contract::catalogue::KpiId;

    fn reduce(state: AppState, action: Action) -> AppState {
        (*Rc::new(state).reduce(action)).clone()
    }

    fn user_file(n: u64, name: &str) -> SourceFile {
        SourceFile::new(FileId::User(n), name.to_owned(), 100)
    }

    fn a_filter() -> Filter {
        Filter { fiscal_year_from: Some(2023), program: Some("事業A".into()), ..Filter::default() }
    }

    /// The sample's payload with its figures cut down to one, so that a commit shows.
    fn other_payload() -> Box<Payload> {
        let mut payload = sample::payload();
        payload.results.kpis.truncate(1);
        Box::new(payload)
    }

    fn query() -> DrillQuery {
        DrillQuery { id: KpiId::RdStageUpShare.into(), fiscal_year: Some(2023), breakdown: Default::default() }
    }

    fn drill() -> Rc<Drill> {
        Rc::new(Drill {
            query: Some(query()),
            columns: vec!["ファイル".into()],
            rows: vec![],
            total: 0,
            note: "".into(),
        })
    }

    #[test]
    fn the_first_screen_is_the_committed_sample_with_no_job() {
        let s = AppState::with_sample();
        assert!(s.is_sample);
        assert_eq!(*s.inputs, SourceFile::sample());
        assert_eq!(s.inputs.len(), sample::FILES.len());
        assert_eq!((s.request, s.cancels, s.job.as_ref()), (0, 0, None));
        assert!(!s.results.kpis.is_empty());
        assert_eq!(s.committed_inputs(), s.inputs);
        assert_eq!(s.committed_options(), Options::default());
    }

    #[test]
    fn loading_files_starts_a_job_with_a_new_request_and_replaces_the_inputs() {
        let s0 = AppState { notice: Some(Notice::new("old", "old")), ..AppState::with_sample() };
        let s0 = reduce(s0, Action::Drill(query(), "t".into()));
        let files = vec![user_file(1, "a.csv"), user_file(2, "b.csv")];
        let s1 = reduce(s0.clone(), Action::ReplaceFiles(files.clone()));
        assert_eq!(s1.request, s0.request + 1);
        assert_eq!(s1.job, Some(Job { id: s1.request, label: "a.csv, b.csv".into(), fraction: 0.0 }));
        assert_eq!(*s1.inputs, files);
        assert!(!s1.is_sample);
        assert_eq!((s1.notice.as_ref(), s1.drill.as_ref()), (None, None));
        // The shown results stay until the engine answers, and so do what they were computed from.
        assert!(Rc::ptr_eq(&s1.results, &s0.results));
        assert_eq!(*s1.committed_inputs(), SourceFile::sample());
        assert_eq!(s1.cancels, s0.cancels);
    }

    /// `name`, as the browser gives it: its size and time of change.
    fn given(n: u64, name: &str, size: u64, modified: u64) -> SourceFile {
        SourceFile { modified: Some(modified), ..SourceFile::new(FileId::User(n), name.to_owned(), size) }
    }

    fn names(state: &AppState) -> Vec<&str> {
        state.inputs.iter().map(|f| f.name.as_str()).collect()
    }

    #[test]
    fn files_added_later_join_those_loaded_and_the_sample_gives_way_to_the_first() {
        let s0 = AppState::with_sample();
        let s1 = reduce(s0.clone(), Action::AddFiles(vec![given(1, "members_a.csv", 10, 1)]));
        assert_eq!((names(&s1), s1.is_sample), (vec!["members_a.csv"], false));
        assert_eq!((s1.request, s1.job.as_ref().map(|j| j.label.as_str())), (s0.request + 1, Some("members_a.csv")));
        // Another association's return, with the same name: another file, added.
        let s2 = reduce(
            s1.clone(),
            Action::AddFiles(vec![given(2, "members_b.csv", 12, 2), given(3, "members_a.csv", 11, 3)]),
        );
        assert_eq!(names(&s2), ["members_a.csv", "members_b.csv", "members_a.csv"]);
        assert_eq!((s2.request, s2.notice.as_ref()), (s1.request + 1, None));
        assert_eq!(s2.job.as_ref().map(|j| j.label.as_str()), Some("members_b.csv, members_a.csv"));
    }

    #[test]
    fn a_file_given_again_is_recognised_said_and_not_read_twice() {
        let s1 = reduce(AppState::with_sample(), Action::AddFiles(vec![given(1, "a.csv", 10, 1)]));
        let s2 = reduce(s1.clone(), Action::AddFiles(vec![given(2, "a.csv", 10, 1)]));
        assert_eq!((names(&s2), s2.request), (vec!["a.csv"], s1.request));
        assert_eq!(
            s2.notice.as_ref().map(|n| n.ja.as_str()),
            Some("読み込み済みのため追加しませんでした: a.csv / Already loaded, not added again: a.csv")
        );
        // Given again beside a new one: the new one is read, and the notice stays.
        let s3 = reduce(s2.clone(), Action::AddFiles(vec![given(3, "a.csv", 10, 1), given(4, "b.csv", 10, 1)]));
        assert_eq!((names(&s3), s3.request), (vec!["a.csv", "b.csv"], s2.request + 1));
        assert!(s3.notice.as_ref().map(|n| n.ja.as_str()).is_some_and(|n| n.ends_with(": a.csv")), "{:?}", s3.notice);
        // Twice in one drop: read once.
        let s5 = reduce(s2.clone(), Action::AddFiles(vec![given(5, "c.csv", 3, 3), given(6, "c.csv", 3, 3)]));
        assert_eq!(names(&s5), ["a.csv", "c.csv"]);
        assert!(s5.notice.as_ref().map(|n| n.ja.as_str()).is_some_and(|n| n.ends_with(": c.csv")), "{:?}", s5.notice);
        // The sample's files are not the user's: a file named like one of them is added.
        let sample_name = SourceFile::sample()[0].clone();
        let s4 =
            reduce(AppState::with_sample(), Action::AddFiles(vec![SourceFile { id: FileId::User(9), ..sample_name }]));
        assert_eq!((s4.inputs.len(), s4.is_sample), (1, false));
    }

    #[test]
    fn a_removed_file_is_no_longer_read_and_removing_the_last_shows_the_sample() {
        let s1 =
            reduce(AppState::with_sample(), Action::AddFiles(vec![given(1, "a.csv", 1, 1), given(2, "b.csv", 2, 2)]));
        let s2 = reduce(s1.clone(), Action::RemoveFile(FileId::User(1)));
        assert_eq!((names(&s2), s2.request), (vec!["b.csv"], s1.request + 1));
        // Not loaded (already removed, or a sample file): nothing changes.
        assert_eq!(reduce(s2.clone(), Action::RemoveFile(FileId::User(1))), s2);
        let sample = AppState::with_sample();
        assert_eq!(reduce(sample.clone(), Action::RemoveFile(FileId::Sample(0))), sample);
        let s3 = reduce(s2.clone(), Action::RemoveFile(FileId::User(2)));
        assert_eq!((*s3.inputs == SourceFile::sample(), s3.is_sample, s3.request), (true, true, s2.request + 1));
    }

    #[test]
    fn replacing_takes_every_file_away_but_the_new_ones() {
        let s1 = reduce(AppState::with_sample(), Action::AddFiles(vec![given(1, "a.csv", 1, 1)]));
        let s2 = reduce(s1.clone(), Action::ReplaceFiles(vec![given(2, "a.csv", 1, 1), given(3, "c.csv", 1, 1)]));
        assert_eq!((names(&s2), s2.request), (vec!["a.csv", "c.csv"], s1.request + 1));
        assert_eq!(reduce(s2.clone(), Action::ReplaceFiles(vec![])), s2);
    }

    #[test]
    fn a_reversed_year_range_is_refused_with_a_message_from_the_bar_and_from_a_link() {
        let s0 = AppState::with_sample();
        let reversed = Filter { fiscal_year_from: Some(2024), fiscal_year_to: Some(2022), ..Filter::default() };
        let s1 = reduce(s0.clone(), Action::SetFilter(reversed.clone()));
        assert_eq!((s1.options.filter == s0.options.filter, s1.request), (true, s0.request));
        assert_eq!(
            s1.notice.as_ref().map(|n| n.ja.as_str()),
            Some("年度の範囲が逆です（FY2024 から FY2022 まで）。絞り込みは変えていません。 / The year range is reversed (FY2024 to FY2022); the filters are unchanged.")
        );
        let s2 = reduce(s0.clone(), Action::Navigate(Route { view: View::Kpis, filter: reversed, ..Route::default() }));
        assert_eq!((s2.view, s2.options.filter == s0.options.filter, s2.request), (View::Kpis, true, s0.request));
        assert!(s2.notice.is_some());
        // One year is a range.
        let one = Filter { fiscal_year_from: Some(2023), fiscal_year_to: Some(2023), ..Filter::default() };
        assert_eq!(reduce(s0.clone(), Action::SetFilter(one.clone())).options.filter, one);
    }

    #[test]
    fn the_money_unit_changes_how_figures_are_shown_and_computes_nothing() {
        let s0 = AppState::with_sample();
        let s1 = reduce(s0.clone(), Action::SetMoney(Money::Million));
        assert_eq!((s1.money, s1.request, s1.job.as_ref()), (Money::Million, s0.request, None));
        assert!(Rc::ptr_eq(&s1.results, &s0.results));
    }

    #[test]
    fn the_same_filter_again_changes_nothing_and_another_filter_recomputes() {
        let s0 = AppState::with_sample();
        assert_eq!(reduce(s0.clone(), Action::SetFilter(s0.options.filter.clone())), s0);
        let s1 = reduce(s0.clone(), Action::SetFilter(a_filter()));
        assert_eq!(s1.options.filter, a_filter());
        assert_eq!(s1.request, s0.request + 1);
        assert_eq!(s1.job.as_ref().map(|j| (j.id, j.label.as_str())), Some((s1.request, "絞り込み / filtering")));
        assert_eq!(reduce(s1.clone(), Action::SetFilter(a_filter())), s1);
    }

    #[test]
    fn an_answer_to_a_replaced_request_is_ignored() {
        let s1 = reduce(AppState::with_sample(), Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        let s2 = reduce(s1.clone(), Action::ReplaceFiles(vec![user_file(2, "b.csv")]));
        let stale = s1.request;
        assert_ne!(stale, s2.request);
        assert_eq!(reduce(s2.clone(), Action::Computed { id: stale, payload: other_payload() }), s2);
        assert_eq!(reduce(s2.clone(), Action::Failed { id: stale, message: "x".into() }), s2);
        let progress = Action::Progress { id: stale, label: "reading".into(), fraction: 0.5 };
        assert_eq!(reduce(s2.clone(), progress), s2);
    }

    #[test]
    fn the_engine_warmed_in_the_background_changes_no_figure_and_no_request() {
        let s1 = AppState::with_sample();
        let s2 = reduce(s1.clone(), Action::EngineWarm);
        assert!(s2.engine_warm && !s1.engine_warm);
        assert_eq!(AppState { engine_warm: false, ..s2.clone() }, s1);
        // A job under way is not touched either.
        let s3 = reduce(s1, Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        assert_eq!(reduce(s3.clone(), Action::EngineWarm).job, s3.job);
    }

    #[test]
    fn progress_of_the_current_request_moves_its_job() {
        let s1 = reduce(AppState::with_sample(), Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        let s2 = reduce(s1.clone(), Action::Progress { id: s1.request, label: "reading".into(), fraction: 0.5 });
        assert_eq!(s2.job, Some(Job { id: s1.request, label: "reading".into(), fraction: 0.5 }));
    }

    #[test]
    fn the_answer_to_the_current_request_is_shown_and_commits_its_inputs_and_options() {
        let files = vec![user_file(1, "a.csv")];
        let s1 = reduce(AppState::with_sample(), Action::ReplaceFiles(files.clone()));
        let s2 = reduce(s1, Action::SetFilter(a_filter()));
        let payload = other_payload();
        let s3 = reduce(s2.clone(), Action::Computed { id: s2.request, payload: payload.clone() });
        assert_eq!(*s3.results, payload.results);
        assert_eq!(*s3.headers, payload.headers);
        assert_eq!(*s3.facets, payload.facets);
        assert_eq!(s3.job, None);
        assert_eq!(*s3.committed_inputs(), files);
        assert_eq!(s3.committed_options().filter, a_filter());
        // A failure from now on goes back to these, not to the sample.
        let s4 = reduce(s3.clone(), Action::ReplaceFiles(vec![user_file(2, "b.csv")]));
        let s5 = reduce(s4.clone(), Action::Failed { id: s4.request, message: "boom".into() });
        assert_eq!((*s5.inputs == files, s5.is_sample, s5.options.filter == a_filter()), (true, false, true));
    }

    #[test]
    fn a_failure_restores_the_committed_inputs_and_options_says_why_and_restarts_the_engine() {
        let s0 = AppState::with_sample();
        let s1 = reduce(s0.clone(), Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        let s2 = reduce(s1, Action::SetFilter(a_filter()));
        let s3 = reduce(s2.clone(), Action::Failed { id: s2.request, message: "boom".into() });
        assert_eq!(s3.inputs, s0.inputs);
        assert!(s3.is_sample);
        assert_eq!(s3.options, s0.options);
        assert_eq!(s3.job, None);
        // The file being read is named: it is the likely cause.
        let notice = s3.notice.clone().map(|n| n.ja).unwrap_or_default();
        assert!(
            notice.starts_with("読み込めませんでした") && notice.contains(": a.csv") && notice.ends_with("(boom)"),
            "{notice}"
        );
        // With only the options changed, nothing new was read: the notice says what failed.
        let s4 = reduce(s0.clone(), Action::SetFilter(a_filter()));
        let s5 = reduce(s4.clone(), Action::Failed { id: s4.request, message: "boom".into() });
        assert_eq!(s5.notice.as_ref().map(|n| n.ja.as_str()), Some("集計できませんでした / Could not compute: boom"));
        assert_eq!(s3.cancels, s2.cancels + 1);
        assert_eq!(s3.request, s2.request);
        assert!(Rc::ptr_eq(&s3.results, &s0.results));
    }

    #[test]
    fn a_cancel_restores_the_committed_state_and_ignores_the_cancelled_answer() {
        let s0 = AppState::with_sample();
        let s1 = reduce(s0.clone(), Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        let s2 = reduce(s1.clone(), Action::Cancel);
        assert_eq!(s2.request, s1.request + 1);
        assert_eq!(s2.cancels, s1.cancels + 1);
        assert_eq!((s2.inputs.clone(), s2.is_sample, s2.options.clone()), (s0.inputs.clone(), true, s0.options));
        assert_eq!(s2.job, None);
        assert_eq!(s2.notice.as_ref().map(|n| n.ja.as_str()), Some("読み込みを中止しました。 / Cancelled."));
        assert_eq!(reduce(s2.clone(), Action::Computed { id: s1.request, payload: other_payload() }), s2);
    }

    #[test]
    fn navigating_changes_the_view_and_recomputes_only_for_another_filter() {
        let s0 = AppState::with_sample();
        let same = Route { view: View::StageUp, filter: s0.options.filter.clone(), ..Route::default() };
        let s1 = reduce(s0.clone(), Action::Navigate(same));
        assert_eq!((s1.view, s1.scrolls), (View::StageUp, s0.scrolls + 1));
        assert_eq!((s1.request, s1.job.as_ref()), (s0.request, None));
        let filtered = Route { view: View::Satisfaction, filter: a_filter(), goal: Some(3), money: Money::Thousand };
        let s2 = reduce(s1.clone(), Action::Navigate(filtered));
        assert_eq!(
            (s2.view, s2.goal, s2.money, s2.scrolls),
            (View::Satisfaction, Some(3), Money::Thousand, s1.scrolls + 1)
        );
        assert_eq!(s2.options.filter, a_filter());
        assert_eq!(s2.request, s1.request + 1);
        assert_eq!(s2.job.as_ref().map(|j| j.id), Some(s2.request));
    }

    #[test]
    fn an_override_changes_one_files_choices_and_recomputes() {
        let s0 = AppState::with_sample();
        let mapping: Mapping = Default::default();
        let choice = Action::Override {
            index: 2,
            kind: Some(DatasetKind::Projects),
            encoding: Some(TextEncoding::Cp932),
            mapping: Some(mapping.clone()),
        };
        let s1 = reduce(s0.clone(), choice);
        for (i, (before, after)) in s0.inputs.iter().zip(s1.inputs.iter()).enumerate() {
            if i == 2 {
                assert_eq!((after.kind, after.encoding), (Some(DatasetKind::Projects), Some(TextEncoding::Cp932)));
                assert_eq!(after.mapping.as_ref(), Some(&mapping));
                assert_eq!((after.id, &after.name, after.size), (before.id, &before.name, before.size));
            } else {
                assert_eq!(after, before);
            }
        }
        assert_eq!(s1.request, s0.request + 1);
        assert_eq!(s1.job.as_ref().map(|j| j.label.as_str()), Some("再集計 / recomputing"));
    }

    #[test]
    fn a_table_choice_replaces_that_sheets_choice_and_the_automatic_one_removes_it() {
        let s0 = reduce(AppState::with_sample(), Action::ReplaceFiles(vec![user_file(1, "a.xlsx")]));
        let sheet = |name: &str| Some(name.to_owned());
        let choose = |state: AppState, sheet: Option<String>, header_row: Option<u64>, skip: bool| {
            reduce(state, Action::ChooseTable { index: 0, choice: TableChoice { sheet, header_row, skip } })
        };
        let s1 = choose(s0.clone(), sheet("R5"), Some(3), false);
        let s2 = choose(s1.clone(), sheet("R6"), None, true);
        let s3 = choose(s2.clone(), sheet("R5"), Some(5), false);
        let rows: Vec<_> = s3.inputs[0].tables.iter().map(|t| (t.sheet.as_deref(), t.header_row, t.skip)).collect();
        assert_eq!(rows, [(Some("R6"), None, true), (Some("R5"), Some(5), false)]);
        assert_eq!(s3.request, s0.request + 3);
        // Back to automatic and read: said so (it outranks a recipe that leaves R5 out).
        let s4 = choose(s3, sheet("R5"), None, false);
        let rows: Vec<_> = s4.inputs[0].tables.iter().map(|t| (t.sheet.as_deref(), t.header_row, t.skip)).collect();
        assert_eq!(rows, [(Some("R6"), None, true), (Some("R5"), None, false)]);
        // No such file: nothing changes, nothing is recomputed.
        let s5 = reduce(s4.clone(), Action::ChooseTable { index: 9, choice: TableChoice::default() });
        assert_eq!(s5, s4);
    }

    #[test]
    fn a_drill_down_takes_only_the_answers_to_itself() {
        let s1 = reduce(AppState::with_sample(), Action::Drill(query(), "採択課題数".into()));
        let open = s1.drill.clone().expect("the dialog opens");
        assert_eq!((open.query, open.title.as_str(), open.drill, open.error), (query(), "採択課題数", None, None));
        let id = open.id;
        assert_eq!(reduce(s1.clone(), Action::Drilled { id: id + 1, drill: drill() }), s1);
        assert_eq!(reduce(s1.clone(), Action::DrillFailed { id: id + 1, message: "x".into() }), s1);
        let answered = reduce(s1.clone(), Action::Drilled { id, drill: drill() });
        assert_eq!(answered.drill.as_ref().and_then(|d| d.drill.clone()), Some(drill()));
        let failed = reduce(s1.clone(), Action::DrillFailed { id, message: "x".into() });
        assert_eq!(failed.drill.as_ref().and_then(|d| d.error.as_deref()), Some("x"));
        // A second drill-down gets a new id: a late answer to the first is not taken for it.
        let s2 = reduce(s1.clone(), Action::Drill(query(), "二つ目".into()));
        assert_ne!(s2.drill.as_ref().map(|d| d.id), Some(id));
        assert_eq!(reduce(s2.clone(), Action::Drilled { id, drill: drill() }), s2);
        // Closed: a late answer opens nothing.
        let closed = reduce(s2, Action::CloseDrill);
        assert_eq!(closed.drill, None);
        assert_eq!(reduce(closed.clone(), Action::Drilled { id: id + 1, drill: drill() }), closed);
    }

    #[test]
    fn restoring_saved_data_computes_it_and_marks_it_kept() {
        let files = vec![user_file(1, "saved.csv")];
        let options = Options { filter: a_filter(), ..Options::default() };
        let restore = Action::Restore { files: files.clone(), options: options.clone(), saved_at: "昨日".into() };
        let s1 = reduce(AppState::with_sample(), restore);
        assert_eq!((*s1.inputs == files, s1.is_sample, s1.options == options), (true, false, true));
        assert_eq!(s1.persisted.as_deref(), Some("昨日"));
        assert_eq!(s1.job.as_ref().map(|j| (j.id, j.label.as_str())), Some((1, "保存したデータ / saved data")));
    }

    #[test]
    fn clearing_all_returns_to_the_sample_and_replaces_the_engine() {
        let s0 = AppState::with_sample();
        let s1 = reduce(s0.clone(), Action::ReplaceFiles(vec![user_file(1, "a.csv")]));
        let s2 = reduce(s1.clone(), Action::Computed { id: s1.request, payload: other_payload() });
        let s3 = reduce(s2, Action::SetFilter(a_filter()));
        let s4 = reduce(s3, Action::Persisted(Some("今日".into())));
        let s5 = reduce(s4, Action::Drill(query(), "t".into()));
        let s6 = reduce(s5.clone(), Action::ClearAll);
        assert_eq!(*s6.inputs, SourceFile::sample());
        assert!(s6.is_sample);
        assert_eq!(s6.options, Options::default());
        assert_eq!((s6.persisted.as_ref(), s6.drill.as_ref()), (None, None));
        assert_eq!(s6.cancels, s5.cancels + 1);
        assert_eq!(s6.request, s5.request + 1);
        assert_eq!(s6.job.as_ref().map(|j| (j.id, j.label.as_str())), Some((s6.request, "サンプル")));
    }
}
