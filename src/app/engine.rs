//! The engine: the pure core ([`crate::pipeline`]) in a Web Worker, so that reading a large file
//! never freezes the page, and in a wasm of its own (`src/bin/mdkpi-engine.rs`), so that the page
//! does not download the readers, the decoders and the KPIs before it needs them.
//!
//! The page asks with a [`Request`] (JSON) beside the files, as blobs (handles: the page never
//! holds a file's bytes; `www/worker.js` streams them into wasm memory); the worker answers with
//! progress messages, then one answer. [`EngineClient`] is the page's side: it starts the worker on
//! the first request and turns each answer into a future. [`answer`] is the worker's side.
//!
//! The component tests have no worker script: [`answer_on_this_thread`] makes the client answer on
//! the page instead. Nothing else calls it, so the page's wasm does not link the engine.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::ingest::decode::TextEncoding;
use crate::kpi::filter::{drill, DrillQuery};
use crate::model::schema::DatasetKind;
use crate::app::files::SourceFile;
use crate::pipeline::{read_owned, recipe_from, rejected_rows_csv, InputFile, Limits, Options, Payload, Prepared, Read};
use crate::report::csv_export::cp932;
use crate::report::Results;

/// At most this many rows travel back for a drill-down (the total is always given).
pub const DRILL_LIMIT: usize = 5_000;

/// What the page asks of the engine.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum Request {
    /// Every KPI: a [`Payload`] as JSON.
    Compute,
    /// The rows behind a figure: a [`crate::kpi::filter::Drill`] as JSON.
    Drill { query: DrillQuery },
    /// Each file's rejected rows, as CSVs to fix and read again: an array of `{name, bytes}`.
    RejectedRows { results: Box<Results> },
    /// The kinds, encodings and column mappings of the files as a recipe: its JSON.
    Recipe,
    /// `text` in CP932: `{bytes, lost}`, `lost` being how many characters became `?`.
    Cp932 { text: String },
}

impl Request {
    /// Compute and Drill work on what the worker has read, and read again only when the files
    /// change; the others read the files they are sent, and keep nothing.
    fn uses_cache(&self) -> bool {
        matches!(self, Request::Compute | Request::Drill { .. })
    }
}

/// Everything of an input file but its bytes, which travel as a `Blob` beside it.
#[derive(Serialize, Deserialize)]
struct FileMeta {
    name: String,
    kind: Option<DatasetKind>,
    encoding: Option<TextEncoding>,
    mapping: Option<BTreeMap<String, String>>,
}

fn get(v: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(v, &JsValue::from_str(key))
}

fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<(), JsValue> {
    js_sys::Reflect::set(target, &JsValue::from_str(key), value).map(drop)
}

fn error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn meta_of(entry: &JsValue) -> Result<FileMeta, JsValue> {
    serde_json::from_str(&get(entry, "meta")?.as_string().unwrap_or_default()).map_err(error)
}

/// Files as a JS array of `{meta, blob}`: how they travel to the worker and into storage. A blob
/// is a handle: posting or storing it copies no bytes through the page.
pub fn files_to_js(files: &[SourceFile]) -> Result<js_sys::Array, JsValue> {
    let list = js_sys::Array::new();
    for f in files {
        let meta = FileMeta { name: f.name.clone(), kind: f.kind, encoding: f.encoding, mapping: f.mapping.clone() };
        let entry = js_sys::Object::new();
        set(&entry, "meta", &serde_json::to_string(&meta).map_err(error)?.into())?;
        set(&entry, "blob", &f.blob)?;
        list.push(&entry);
    }
    Ok(list)
}

/// The inverse of [`files_to_js`]. An entry saved by an earlier version holds `bytes` (a
/// `Uint8Array`) instead of a blob.
pub fn files_from_js(list: &js_sys::Array) -> Result<Vec<SourceFile>, JsValue> {
    let mut files = Vec::with_capacity(list.length() as usize);
    for entry in list.iter() {
        let FileMeta { name, kind, encoding, mapping } = meta_of(&entry)?;
        let blob = match get(&entry, "blob")?.dyn_into::<web_sys::Blob>() {
            Ok(blob) => blob,
            Err(_) => {
                let bytes = js_sys::Array::of1(&byte_array(&entry)?.into());
                web_sys::Blob::new_with_u8_array_sequence(&bytes)?
            }
        };
        files.push(SourceFile { name, kind, encoding, mapping, blob });
    }
    Ok(files)
}

/// The `bytes` of an entry (an answer's file), as it is: `new Uint8Array(array)` would copy it.
pub fn byte_array(entry: &JsValue) -> Result<js_sys::Uint8Array, JsValue> {
    get(entry, "bytes")?.dyn_into().map_err(|_| error("bytes is not a Uint8Array"))
}

// ---- The worker's side ----

/// What the engine has read: kept so that a change of definitions or filters only recomputes the
/// KPIs, and a drill-down only walks the rows.
struct Cache {
    limits: Limits,
    read: Read,
    /// Made once per read: a recompute reads it (the filter index, the typed projects) instead of
    /// the rows.
    prepared: Prepared,
}

thread_local! {
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

thread_local! {
    /// The bytes of the files of the request being asked, in order: `www/worker.js` streams each
    /// file's blob into wasm memory ([`receive_file`], [`receive_chunk`]) before it asks.
    static RECEIVED: RefCell<Vec<Vec<u8>>> = const { RefCell::new(Vec::new()) };
}

/// Starts file `index` (of `size` bytes) of the next request; index 0 forgets any earlier ones.
pub fn receive_file(index: u32, size: f64) {
    RECEIVED.with(|r| {
        let mut received = r.borrow_mut();
        if index == 0 {
            received.clear();
        }
        received.push(Vec::with_capacity(size as usize));
    });
}

/// Appends `chunk` to the file being received.
pub fn receive_chunk(chunk: &js_sys::Uint8Array) -> Result<(), JsValue> {
    RECEIVED.with(|r| {
        let mut received = r.borrow_mut();
        let bytes = received.last_mut().ok_or_else(|| error("a chunk came before its file"))?;
        // Copied out whole, then appended: `resize` first (zeroing what is then overwritten) was
        // ~0.37 s of a 107 MB read in a profile of the size-optimised wasm.
        bytes.extend_from_slice(&chunk.to_vec());
        Ok(())
    })
}

/// The files of `list` (`{meta, blob}`), with the bytes received for them.
fn read_files(list: &js_sys::Array, received: Vec<Vec<u8>>) -> Result<Vec<InputFile>, JsValue> {
    if received.len() != list.length() as usize {
        return Err(error(format!("{} files asked about, {} received", list.length(), received.len())));
    }
    list.iter()
        .zip(received)
        .map(|(entry, bytes)| {
            let FileMeta { name, kind, encoding, mapping } = meta_of(&entry)?;
            // No silent loss: a file that changed while it was read gives other bytes than its size.
            let size = get(&entry, "blob")?.dyn_into::<web_sys::Blob>().map(|b| b.size()).unwrap_or(f64::NAN);
            if bytes.len() as f64 != size {
                return Err(error(format!(
                    "{name}: {} / {size} バイトしか読めませんでした。もう一度選んでください。 / Only {} of {size} bytes could be read; choose the file again.",
                    bytes.len(),
                    bytes.len()
                )));
            }
            Ok(InputFile { name, bytes, kind, encoding, mapping })
        })
        .collect()
}

/// Answers `request` (JSON) for `files` (an array of `{meta, blob}` whose bytes were received, or
/// null for the files already read) under `options` (JSON), calling `progress(label, fraction)` as
/// the work goes on. Called by the engine wasm's `engine_request`.
pub fn answer(request: &str, files: JsValue, options: &str, progress: &js_sys::Function) -> Result<JsValue, JsValue> {
    let request: Request = serde_json::from_str(request).map_err(error)?;
    let options: Options = serde_json::from_str(options).map_err(error)?;
    let mut report = |label: &str, fraction: f64| {
        // A failed progress message must not stop the work.
        let _ = progress.call2(&JsValue::NULL, &JsValue::from_str(label), &JsValue::from_f64(fraction));
    };
    // Taken whatever the request: bytes left by a request that failed must not stay.
    let received = RECEIVED.with(|r| std::mem::take(&mut *r.borrow_mut()));
    let inputs = if files.is_null() || files.is_undefined() {
        None
    } else {
        let list: js_sys::Array = files.dyn_into().map_err(|_| error("files is not an array"))?;
        Some(read_files(&list, received)?)
    };
    answer_with(&request, inputs, &options, &mut report).map_err(error)
}

fn answer_with(
    request: &Request,
    inputs: Option<Vec<InputFile>>,
    options: &Options,
    report: &mut dyn FnMut(&str, f64),
) -> Result<JsValue, String> {
    let json = |r: serde_json::Result<String>| r.map(JsValue::from).map_err(|e| e.to_string());
    let object = |fields: &[(&str, JsValue)]| {
        let out = js_sys::Object::new();
        for (key, value) in fields {
            set(&out, key, value).map_err(|e| js_text(&e))?;
        }
        Ok::<JsValue, String>(out.into())
    };
    match request {
        Request::Compute => with_cache(inputs, options, report, |c| json(serde_json::to_string(&Payload::of(&c.read, &c.prepared, options)))),
        Request::Drill { query } => {
            with_cache(inputs, options, report, |c| json(serde_json::to_string(&drill(&c.read.rows, &options.filter, query, DRILL_LIMIT))))
        }
        Request::Recipe => Ok(recipe_from(&inputs.unwrap_or_default(), options).to_json().into()),
        Request::RejectedRows { results } => {
            let list = js_sys::Array::new();
            for (name, bytes) in rejected_rows_csv(&inputs.unwrap_or_default(), results, options) {
                list.push(&object(&[("name", name.into()), ("bytes", js_sys::Uint8Array::from(bytes.as_slice()).into())])?);
            }
            Ok(list.into())
        }
        Request::Cp932 { text } => {
            let (bytes, lost) = cp932(text);
            object(&[("bytes", js_sys::Uint8Array::from(bytes.as_slice()).into()), ("lost", JsValue::from_f64(lost as f64))])
        }
    }
}

/// Runs `work` on what the engine has read, reading `inputs` first when they are given (none
/// when the files are the ones already read).
fn with_cache(
    inputs: Option<Vec<InputFile>>,
    options: &Options,
    report: &mut dyn FnMut(&str, f64),
    work: impl FnOnce(&Cache) -> Result<JsValue, String>,
) -> Result<JsValue, String> {
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        match (inputs, cache.as_ref()) {
            (None, Some(c)) if c.limits == options.limits => {}
            (None, _) => return Err("the engine has no files to recompute; send them again".to_owned()),
            (Some(inputs), _) => {
                let read = read_owned(inputs, &options.limits, report);
                // Reading is done: `cargo xtask bench` times the ingest to this message.
                report("絞り込みの準備 / preparing filters", 0.95);
                let prepared = Prepared::of(&read);
                *cache = Some(Cache { limits: options.limits.clone(), read, prepared });
            }
        }
        let Some(c) = cache.as_ref() else { return Err("no data".to_owned()) };
        report("集計 / computing KPIs", 0.95);
        work(c)
    })
}

// ---- The page's side ----

/// Which files go with a request.
pub enum Files<'a> {
    /// None (text to encode).
    None,
    /// The files the answer is about, sent only when the engine has not read these ones (by
    /// identity) yet.
    Read(&'a Rc<Vec<SourceFile>>),
    /// Files sent with this request only: the engine keeps nothing of them.
    Once(&'a [SourceFile]),
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq)]
pub enum EngineError {
    /// [`EngineClient::cancel`] was called (the user cancelled, or the engine is replaced).
    Cancelled,
    /// The engine failed: it could not start, or its work failed (the message says which).
    Failed(String),
}

impl std::fmt::Display for EngineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EngineError::Cancelled => f.write_str("中止しました / cancelled"),
            EngineError::Failed(message) => f.write_str(message),
        }
    }
}

/// How the engine answers on the page itself (the component tests only; see the module docs).
type Local = fn(&Request, &[InputFile], &Options) -> Result<JsValue, String>;

thread_local! {
    static LOCAL: Cell<Option<Local>> = const { Cell::new(None) };
}

/// Makes every [`EngineClient`] on this thread answer on the page instead of in a worker. For the
/// component tests, which run without the worker script.
pub fn answer_on_this_thread() {
    LOCAL.with(|l| l.set(Some(|request, files, options| answer_with(request, Some(files.to_vec()), options, &mut |_, _| {}))));
}

/// A request as [`EngineClient::ask`] has taken it.
enum Asked {
    /// Posted to the worker, which will settle the promise.
    Posted(Result<js_sys::Promise, JsValue>),
    /// To answer on the page ([`answer_on_this_thread`]), once the files are read.
    Here(Local, Vec<SourceFile>, Request, Options),
}

struct Pending {
    resolve: js_sys::Function,
    reject: js_sys::Function,
    progress: Option<Callback<(String, f64)>>,
}

struct Connection {
    worker: Worker,
    _message: EventListener,
    _error: EventListener,
}

impl Drop for Connection {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

#[derive(Default)]
struct Client {
    connection: Option<Connection>,
    /// The files the current worker has read (by identity), so that they are not sent again when
    /// only the definitions or filters change.
    sent: Option<Rc<Vec<SourceFile>>>,
    pending: HashMap<u64, Pending>,
    next_id: u64,
}

impl Client {
    /// Lets the worker go, and hands back the requests it had not answered (for the caller to
    /// reject once it no longer holds the client).
    fn disconnect(&mut self) -> Vec<Pending> {
        self.connection = None;
        self.sent = None;
        self.pending.drain().map(|(_, p)| p).collect()
    }
}

/// The page's handle on the engine, shared by the components (a context of [`crate::app::App`]).
/// The worker starts with the first request, so the engine's wasm is not loaded until the user's
/// data, a filter or an export needs it.
#[derive(Clone, Default)]
pub struct EngineClient(Rc<RefCell<Client>>);

impl PartialEq for EngineClient {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

fn reject_all(pending: Vec<Pending>, error: &EngineError) {
    let value = match error {
        EngineError::Cancelled => JsValue::NULL,
        EngineError::Failed(message) => JsValue::from_str(message),
    };
    for p in pending {
        let _ = p.reject.call1(&JsValue::NULL, &value);
    }
}

impl EngineClient {
    /// Asks the engine; the future gives the answer (see [`Request`] for its shape). The request
    /// is posted at once, so requests are answered in the order they were made.
    pub fn ask(
        &self,
        request: &Request,
        files: Files<'_>,
        options: &Options,
        progress: Option<Callback<(String, f64)>>,
    ) -> impl Future<Output = Result<JsValue, EngineError>> {
        // The request is posted (or its files taken) now, whatever the caller does with the future.
        let work = match LOCAL.with(Cell::get) {
            Some(local) => {
                let files: Vec<SourceFile> = match files {
                    Files::None => Vec::new(),
                    Files::Read(f) => f.to_vec(),
                    Files::Once(f) => f.to_vec(),
                };
                Asked::Here(local, files, request.clone(), options.clone())
            }
            None => Asked::Posted(self.post(request, files, options, progress)),
        };
        async move {
            match work {
                Asked::Posted(promise) => {
                    let promise = promise.map_err(|e| EngineError::Failed(js_text(&e)))?;
                    JsFuture::from(promise)
                        .await
                        .map_err(|e| if e.is_null() { EngineError::Cancelled } else { EngineError::Failed(js_text(&e)) })
                }
                Asked::Here(local, files, request, options) => {
                    let mut inputs = Vec::with_capacity(files.len());
                    for f in &files {
                        inputs.push(f.read().await.map_err(EngineError::Failed)?);
                    }
                    local(&request, &inputs, &options).map_err(EngineError::Failed)
                }
            }
        }
    }

    /// [`EngineClient::ask`], then `done` with the answer, or `failed` with why there is none (a
    /// cancel is not a failure). For the downloads the engine makes.
    pub fn answer_then(
        &self,
        request: &Request,
        files: Files<'_>,
        options: &Options,
        done: impl FnOnce(JsValue) + 'static,
        failed: impl FnOnce(String) + 'static,
    ) {
        let answer = self.ask(request, files, options, None);
        wasm_bindgen_futures::spawn_local(async move {
            match answer.await {
                Ok(value) => done(value),
                Err(EngineError::Cancelled) => {}
                Err(EngineError::Failed(message)) => failed(message),
            }
        });
    }

    /// Stops whatever the engine is doing: pending requests end with [`EngineError::Cancelled`],
    /// and the next request starts a fresh worker (a wasm that trapped cannot be trusted).
    pub fn cancel(&self) {
        let pending = self.0.borrow_mut().disconnect();
        reject_all(pending, &EngineError::Cancelled);
    }

    fn post(&self, request: &Request, files: Files<'_>, options: &Options, progress: Option<Callback<(String, f64)>>) -> Result<js_sys::Promise, JsValue> {
        let mut client = self.0.borrow_mut();
        if client.connection.is_none() {
            client.connection = Some(connect(Rc::downgrade(&self.0)).ok_or_else(|| error("計算エンジンを起動できませんでした / The engine could not start"))?);
            client.sent = None;
        }
        let (list, keep) = match files {
            Files::None => (None, None),
            Files::Read(f) if client.sent.as_ref().is_some_and(|s| Rc::ptr_eq(s, f)) => (None, None),
            Files::Read(f) => (Some(files_to_js(f)?), Some(f.clone())),
            Files::Once(f) => (Some(files_to_js(f)?), None),
        };
        client.next_id += 1;
        let id = client.next_id;
        let message = js_sys::Object::new();
        set(&message, "id", &JsValue::from_f64(id as f64))?;
        set(&message, "request", &serde_json::to_string(request).map_err(error)?.into())?;
        set(&message, "options", &serde_json::to_string(options).map_err(error)?.into())?;
        set(&message, "files", &list.map(JsValue::from).unwrap_or(JsValue::NULL))?;
        let mut slot = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| slot = Some((resolve, reject)));
        let (resolve, reject) = slot.ok_or_else(|| error("Promise did not run its executor"))?;
        let connection = client.connection.as_ref().ok_or_else(|| error("no engine"))?;
        connection.worker.post_message(&message)?;
        if request.uses_cache() && keep.is_some() {
            client.sent = keep;
        }
        client.pending.insert(id, Pending { resolve, reject, progress });
        Ok(promise)
    }
}

fn js_text(value: &JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

/// Starts the worker. A worker loaded from a URL takes its CSP from its own response headers,
/// which a static host does not set; a worker from a blob: URL inherits the page's policy
/// (connect-src 'none' included). So the worker is a one-line blob module that imports worker.js.
fn connect(client: Weak<RefCell<Client>>) -> Option<Connection> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    let base = gloo::utils::document().base_uri().ok().flatten()?;
    let script = web_sys::Url::new_with_base("worker.js", &base).ok()?.href();
    let source = js_sys::Array::of1(&JsValue::from_str(&format!("import {};\n", serde_json::to_string(&script).ok()?)));
    let bag = web_sys::BlobPropertyBag::new();
    bag.set_type("text/javascript");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&source, &bag).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let worker = Worker::new_with_options(&url, &options).ok();
    let _ = web_sys::Url::revoke_object_url(&url);
    let worker = worker?;
    let on_message = client.clone();
    let message = EventListener::new(&worker, "message", move |event| {
        let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
        let Some(client) = on_message.upgrade() else { return };
        let data = event.data();
        let id = get(&data, "id").ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
        let kind = get(&data, "type").ok().and_then(|v| v.as_string()).unwrap_or_default();
        // Take what is needed and let go of the client before calling out: a callback may render,
        // and a render may ask the engine again.
        if kind == "progress" {
            let progress = client.borrow().pending.get(&id).and_then(|p| p.progress.clone());
            if let Some(progress) = progress {
                let label = get(&data, "label").ok().and_then(|v| v.as_string()).unwrap_or_default();
                let fraction = get(&data, "fraction").ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
                progress.emit((label, fraction));
            }
            return;
        }
        let Some(pending) = client.borrow_mut().pending.remove(&id) else { return };
        let _ = match kind.as_str() {
            "done" => pending.resolve.call1(&JsValue::NULL, &get(&data, "payload").unwrap_or(JsValue::UNDEFINED)),
            _ => {
                let message = get(&data, "message").ok().and_then(|v| v.as_string()).unwrap_or_default();
                pending.reject.call1(&JsValue::NULL, &JsValue::from_str(&message))
            }
        };
    });
    let error = EventListener::new(&worker, "error", move |_| {
        let Some(client) = client.upgrade() else { return };
        let failure = EngineError::Failed("計算エンジンを起動できませんでした / The engine could not start".to_owned());
        let pending = client.borrow_mut().disconnect();
        reject_all(pending, &failure);
    });
    Some(Connection { worker, _message: message, _error: error })
}
