//! The engine of the page: the core behind the protocol of [`mdkpi_core::contract::protocol`].
//!
//! The page's Web Worker (`www/worker.js`) runs this crate's wasm (`src/main.rs`, a thin
//! wasm-bindgen layer) and relays: it hands the engine a [`Call`] as JSON, streams the files' blobs
//! into it chunk by chunk, and posts back each [`Reply`] with the byte buffers it names. Everything
//! here is plain Rust and tested natively; the page's component tests, which run without a worker,
//! answer through [`Engine::answer_call`].
//!
//! The engine keeps what it read ([`Read`] and what it [`Prepared`] of it), so that a filter or a
//! definition changed recomputes only the KPIs, and a drill-down only walks the kept rows.
//!
//! ```
//! use mdkpi_core::contract::protocol::{Answer, Call, Request, Reply};
//! let mut engine = mdkpi_engine::Engine::default();
//! let call = Call { request: Request::Cp932 { text: "年度".into() }, options: Default::default(), files: None };
//! let (reply, bytes) = engine.answer_call(call, Vec::new(), &mut |_| {});
//! assert_eq!(reply, Reply::Answer { answer: Answer::Encoded { bytes: 0, lost: 0 } });
//! assert_eq!(bytes, [b"\x94\x4e\x93\x78".to_vec()]);
//! ```

pub mod xlsx;

use mdkpi_core::contract::catalogue::Catalogue;
use mdkpi_core::contract::options::{Limits, Options};
use mdkpi_core::contract::protocol::{Answer, Call, FileMeta, Reply, Request, DRILL_LIMIT};
use mdkpi_core::contract::schema::DatasetKind;
use mdkpi_core::diagnostics::Diagnostic;
use mdkpi_core::kpi::filter::drill;
use mdkpi_core::pipeline::{
    payload, previews, read, read_owned, recipe_from, rejected_rows_csv, InputFile, Prepared, Read,
};
use mdkpi_core::report::csv_export::{cp932, results_csv};

/// What the engine has read, kept for the next call.
struct Cache {
    limits: Limits,
    read: Read,
    /// Made once per read: a recompute reads it (the filter index, the typed projects) instead of
    /// the rows.
    prepared: Prepared,
}

/// The engine's state across calls: what it has read, and the call under way with the bytes of
/// its files received so far.
#[derive(Default)]
pub struct Engine {
    cache: Option<Cache>,
    call: Option<Call>,
    received: Vec<Vec<u8>>,
}

impl Engine {
    /// Starts on `call` (JSON): the files it names, if any, are received next, in order. Bytes
    /// left by a call that failed are dropped.
    pub fn begin(&mut self, call: &str) -> Result<(), String> {
        self.received.clear();
        self.call = Some(serde_json::from_str(call).map_err(|e| format!("not a call: {e}"))?);
        Ok(())
    }

    /// Starts receiving the call's file `index`. Returns the progress to show meanwhile.
    pub fn receive_file(&mut self, index: usize) -> Reply {
        let file = self.call.as_ref().and_then(|c| c.files.as_ref()).and_then(|f| f.get(index));
        self.received.push(Vec::with_capacity(file.map_or(0, |f| f.size) as usize));
        let name = file.map_or("", |f| f.name.as_str());
        Reply::Progress { label: format!("{name}: ファイルを開いています / opening"), fraction: 0.0 }
    }

    /// Appends `chunk` to the file being received.
    pub fn receive_chunk(&mut self, chunk: &[u8]) -> Result<(), String> {
        let bytes = self.received.last_mut().ok_or("a chunk came before its file")?;
        bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Answers the call begun, with the files received, telling `progress` how it goes. Returns
    /// the reply and the byte buffers it names.
    pub fn answer(&mut self, progress: &mut dyn FnMut(&Reply)) -> (Reply, Vec<Vec<u8>>) {
        let Some(call) = self.call.take() else {
            return (Reply::Failed { message: "no call to answer".to_owned() }, Vec::new());
        };
        let received = std::mem::take(&mut self.received);
        match self.answer_with(call, received, progress) {
            Ok((answer, bytes)) => (Reply::Answer { answer }, bytes),
            Err(message) => (Reply::Failed { message }, Vec::new()),
        }
    }

    /// [`Engine::begin`], the files' bytes and [`Engine::answer`] at once.
    pub fn answer_call(
        &mut self,
        call: Call,
        files: Vec<Vec<u8>>,
        progress: &mut dyn FnMut(&Reply),
    ) -> (Reply, Vec<Vec<u8>>) {
        self.call = Some(call);
        self.received = files;
        self.answer(progress)
    }

    fn answer_with(
        &mut self,
        call: Call,
        received: Vec<Vec<u8>>,
        progress: &mut dyn FnMut(&Reply),
    ) -> Result<(Answer, Vec<Vec<u8>>), String> {
        let Call { request, options, files } = call;
        let inputs = files.map(|metas| inputs(metas, received)).transpose()?;
        let mut report = |label: &str, fraction: f64| progress(&Reply::Progress { label: label.to_owned(), fraction });
        let answer = match request {
            Request::Compute | Request::WarmUp => {
                if request == Request::WarmUp {
                    let text = inputs.as_ref().and_then(|i| i.first()).map(|f| String::from_utf8_lossy(&f.bytes));
                    warm_readers(text.as_deref().unwrap_or_default(), &options.limits)?;
                }
                let cache = self.cached(inputs, &options, &mut report)?;
                Answer::Computed { payload: Box::new(payload(&cache.read, &cache.prepared, &options)) }
            }
            Request::Drill { query } => {
                let cache = self.cached(inputs, &options, &mut report)?;
                Answer::Drilled {
                    drill: Box::new(drill(
                        &cache.read.rows,
                        &options.filter,
                        &query,
                        DRILL_LIMIT,
                        &Catalogue { defined: &cache.read.kpis },
                    )),
                }
            }
            Request::ResultsJson => {
                let cache = self.cached(inputs, &options, &mut report)?;
                let json = payload(&cache.read, &cache.prepared, &options).results.to_json();
                let files = vec![("mdkpi-results.json".to_owned(), 0)];
                return Ok((Answer::Files { files }, vec![json.into_bytes()]));
            }
            Request::ResultsCsv { encoding } => {
                let cache = self.cached(inputs, &options, &mut report)?;
                let (bytes, lost) = results_csv(&payload(&cache.read, &cache.prepared, &options).results, encoding);
                return Ok((Answer::Encoded { bytes: 0, lost }, vec![bytes]));
            }
            Request::ResultsXlsx { lang, money } => {
                let cache = self.cached(inputs, &options, &mut report)?;
                let results = payload(&cache.read, &cache.prepared, &options).results;
                let bytes = xlsx::tables::results_workbook(&results, lang, money)?;
                return Ok((Answer::Files { files: vec![("mdkpi-results.xlsx".to_owned(), 0)] }, vec![bytes]));
            }
            Request::TableXlsx { name, table } => {
                let bytes = xlsx::tables::table_workbook(&name, &table)?;
                let file = mdkpi_core::contract::safe::file_name(&format!("{name}.xlsx"));
                return Ok((Answer::Files { files: vec![(file, 0)] }, vec![bytes]));
            }
            Request::Recipe => Answer::Recipe { json: recipe_from(&inputs.unwrap_or_default(), &options).to_json() },
            Request::RejectedRows => {
                let inputs = inputs.unwrap_or_default();
                let read = read(&inputs, &options.limits, &mut report);
                let issues: Vec<_> = read.issues.iter().map(Diagnostic::publish).collect();
                let files = rejected_rows_csv(&inputs, &issues, &options);
                let (names, bytes): (Vec<String>, Vec<Vec<u8>>) = files.into_iter().unzip();
                return Ok((
                    Answer::Files { files: names.into_iter().enumerate().map(|(i, n)| (n, i)).collect() },
                    bytes,
                ));
            }
            Request::Preview => {
                let file = inputs.unwrap_or_default().into_iter().next().ok_or("no file to preview")?;
                Answer::Previews { tables: previews(&file, &options) }
            }
            Request::TemplateXlsx { kind, fiscal_year } => {
                let bytes = xlsx::template::template_xlsx(kind, fiscal_year)?;
                let files = vec![(xlsx::template::template_xlsx_name(kind), 0)];
                return Ok((Answer::Files { files }, vec![bytes]));
            }
            Request::Cp932 { text } => {
                let (bytes, lost) = cp932(&text);
                return Ok((Answer::Encoded { bytes: 0, lost }, vec![bytes]));
            }
        };
        Ok((answer, Vec::new()))
    }

    /// What the engine has read, reading `inputs` first when they are given (none when the files
    /// are the ones already read).
    fn cached(
        &mut self,
        inputs: Option<Vec<InputFile>>,
        options: &Options,
        report: &mut dyn FnMut(&str, f64),
    ) -> Result<&Cache, String> {
        match (inputs, &self.cache) {
            (None, Some(c)) if c.limits == options.limits => {}
            (None, _) => return Err("the engine has no files to recompute; send them again".to_owned()),
            (Some(inputs), _) => {
                // The engine's old read goes before the new one is made: both would not fit.
                self.cache = None;
                let read = read_owned(inputs, &options.limits, report);
                // Reading is done: `cargo xtask bench` times the ingest to this message.
                report("絞り込みの準備 / preparing filters", 0.95);
                let prepared = Prepared::of(&read);
                self.cache = Some(Cache { limits: options.limits.clone(), read, prepared });
            }
        }
        report("集計 / computing KPIs", 0.95);
        self.cache.as_ref().ok_or_else(|| "no data".to_owned())
    }
}

/// Reads a workbook (the projects template, as the engine writes it) and `text` in Shift_JIS, and
/// lets go of what they gave: see [`Request::WarmUp`].
fn warm_readers(text: &str, limits: &Limits) -> Result<(), String> {
    let book = xlsx::template::template_xlsx(Some(DatasetKind::Projects), 2024)?;
    let (sjis, _) = cp932(text);
    let read =
        read(&[InputFile::new("warm-up.xlsx", book), InputFile::new("warm-up.csv", sjis)], limits, &mut |_, _| {});
    // A sheet read: the workbook's code ran.
    match read.datasets.iter().any(|d| d.sheet.is_some()) {
        true => Ok(()),
        false => Err("warm-up: the workbook gave no sheet".to_owned()),
    }
}

/// The input files of a call: each file's choices, and the bytes received for it. A file that gave
/// other bytes than its size (changed while it was read) is refused: no silent loss.
fn inputs(metas: Vec<FileMeta>, received: Vec<Vec<u8>>) -> Result<Vec<InputFile>, String> {
    if received.len() != metas.len() {
        return Err(format!("{} files asked about, {} received", metas.len(), received.len()));
    }
    metas
        .into_iter()
        .zip(received)
        .map(|(FileMeta { name, kind, encoding, mapping, size, tables }, bytes)| {
            if bytes.len() as u64 != size {
                let got = bytes.len();
                return Err(format!(
                    "{name}: {got} / {size} バイトしか読めませんでした。もう一度選んでください。 / Only {got} of {size} bytes could be read; choose the file again."
                ));
            }
            Ok(InputFile { name, bytes, kind, encoding, mapping, tables })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use mdkpi_core::contract::catalogue::KpiId;
    use mdkpi_core::contract::results::DrillQuery;
    use mdkpi_core::contract::schema::DatasetKind;

    use super::*;

    fn sample_call(request: Request, options: Options) -> (Call, Vec<Vec<u8>>) {
        let files = mdkpi_core::sample::files();
        let metas = files
            .iter()
            .map(|f| FileMeta {
                name: f.name.clone(),
                kind: None,
                encoding: None,
                mapping: None,
                size: f.bytes.len() as u64,
                tables: Vec::new(),
            })
            .collect();
        (Call { request, options, files: Some(metas) }, files.into_iter().map(|f| f.bytes).collect())
    }

    fn computed(reply: Reply) -> mdkpi_core::contract::results::Payload {
        match reply {
            Reply::Answer { answer: Answer::Computed { payload } } => *payload,
            other => panic!("{other:?}"),
        }
    }

    /// The engine's answer is the core's: the same results as `pipeline::compute`, read once and
    /// then recomputed without the files under another filter.
    #[test]
    fn it_answers_as_the_core_computes_and_recomputes_without_the_files() {
        let mut engine = Engine::default();
        let (call, bytes) = sample_call(Request::Compute, Options::default());
        let mut progress = Vec::new();
        let (reply, _) = engine.answer_call(call, bytes, &mut |p| progress.push(p.clone()));
        let expected = mdkpi_core::pipeline::compute(&mdkpi_core::sample::files(), &Options::default());
        assert_eq!(computed(reply).results, expected);
        assert!(progress.iter().any(|p| matches!(p, Reply::Progress { label, .. } if label.contains("preparing"))));

        let filtered: Options = serde_json::from_str(r#"{"filter": {"priority_area": 2}}"#).unwrap();
        let call = Call { request: Request::Compute, options: filtered.clone(), files: None };
        let (reply, _) = engine.answer_call(call, Vec::new(), &mut |_| {});
        let expected = mdkpi_core::pipeline::compute(&mdkpi_core::sample::files(), &filtered);
        assert_eq!(computed(reply).results, expected);

        let query =
            DrillQuery { id: KpiId::RdProjectsActive.into(), fiscal_year: Some(2024), breakdown: Default::default() };
        let call = Call { request: Request::Drill { query }, options: filtered, files: None };
        match engine.answer_call(call, Vec::new(), &mut |_| {}).0 {
            Reply::Answer { answer: Answer::Drilled { drill } } => assert!(drill.total > 0),
            other => panic!("{other:?}"),
        }
    }

    /// The page's background start: the sample's results, as a compute gives them, the sample kept
    /// for the next request; and the workbook and Shift_JIS readers did read.
    #[test]
    fn a_warm_up_answers_as_a_compute_and_keeps_the_files() {
        let mut engine = Engine::default();
        let (call, bytes) = sample_call(Request::WarmUp, Options::default());
        let (reply, _) = engine.answer_call(call, bytes, &mut |_| {});
        let expected = mdkpi_core::pipeline::compute(&mdkpi_core::sample::files(), &Options::default());
        assert_eq!(computed(reply).results, expected);
        let call = Call { request: Request::Compute, options: Options::default(), files: None };
        assert_eq!(computed(engine.answer_call(call, Vec::new(), &mut |_| {}).0).results, expected);
        assert_eq!(warm_readers("年度,課題ID\nR5,甲\n", &Limits::default()), Ok(()));
    }

    /// The worker's way: the call as JSON, then each file in chunks.
    #[test]
    fn a_call_in_json_with_its_files_in_chunks_reads_like_one_at_once() {
        let (call, bytes) = sample_call(Request::Compute, Options::default());
        let mut engine = Engine::default();
        engine.begin(&serde_json::to_string(&call).unwrap()).unwrap();
        for (i, file) in bytes.iter().enumerate() {
            assert!(matches!(engine.receive_file(i), Reply::Progress { label, .. } if label.contains("opening")));
            for chunk in file.chunks(1000) {
                engine.receive_chunk(chunk).unwrap();
            }
        }
        let (reply, _) = engine.answer(&mut |_| {});
        let (whole, _) = Engine::default().answer_call(call, bytes, &mut |_| {});
        assert_eq!(reply, whole);
        assert!(engine.begin("{\"request\": 3}").is_err());
    }

    #[test]
    fn a_file_that_gave_other_bytes_than_its_size_is_refused_and_nothing_is_kept() {
        let (call, mut bytes) = sample_call(Request::Compute, Options::default());
        bytes[0].pop();
        let mut engine = Engine::default();
        let (reply, _) = engine.answer_call(call, bytes, &mut |_| {});
        assert!(matches!(&reply, Reply::Failed { message } if message.contains("bytes could be read")), "{reply:?}");
        let again = Call { request: Request::Compute, options: Options::default(), files: None };
        assert!(matches!(engine.answer_call(again, Vec::new(), &mut |_| {}).0, Reply::Failed { .. }));
    }

    /// A template is asked for without files, and comes back as one named file.
    #[test]
    fn a_workbook_template_comes_back_as_a_file() {
        let request = Request::TemplateXlsx { kind: Some(DatasetKind::Members), fiscal_year: 2025 };
        let call: Call = serde_json::from_str(
            &serde_json::to_string(&Call { request, options: Options::default(), files: None }).unwrap(),
        )
        .unwrap();
        let (reply, bytes) = Engine::default().answer_call(call, Vec::new(), &mut |_| {});
        let Reply::Answer { answer: Answer::Files { files } } = reply else { panic!("{reply:?}") };
        assert_eq!(files, [("mdkpi_template_members.xlsx".to_owned(), 0)]);
        assert_eq!(bytes, [xlsx::template::template_xlsx(Some(DatasetKind::Members), 2025).unwrap()]);
    }

    #[test]
    fn files_and_text_come_back_as_bytes_named_by_their_place() {
        let (mut call, mut bytes) = sample_call(Request::Recipe, Options::default());
        let rejected = "年度,課題ID,採択年度\n2023,,2021\n";
        call.files.as_mut().unwrap().push(FileMeta {
            name: "bad.csv".into(),
            kind: None,
            encoding: None,
            mapping: None,
            size: rejected.len() as u64,
            tables: Vec::new(),
        });
        bytes.push(rejected.as_bytes().to_vec());
        let inputs: Vec<InputFile> = call
            .files
            .clone()
            .unwrap()
            .into_iter()
            .zip(bytes.clone())
            .map(|(m, b)| InputFile::new(m.name, b))
            .collect();
        assert!(!mdkpi_core::pipeline::compute(&inputs, &Options::default()).issues.is_empty());
        call.request = Request::RejectedRows;
        let (reply, out) = Engine::default().answer_call(call, bytes, &mut |_| {});
        let Reply::Answer { answer: Answer::Files { files } } = reply else { panic!("{reply:?}") };
        assert_eq!(files, [("bad_rejected.csv".to_owned(), 0)]);
        assert!(String::from_utf8_lossy(&out[0]).contains("2023,,2021"));
    }
}
