//! The page's side of the engine: [`EngineClient`] asks the engine in its Web Worker, so that
//! reading a large file never freezes the page, and the engine's wasm (`crates/engine`) is not part
//! of the page's download.
//!
//! A request is a [`Call`] of the protocol (`mdkpi_contract::protocol`), posted as JSON beside the
//! files' blobs (handles: the page never holds a file's bytes); the worker relays it to the engine
//! and posts back each [`Reply`], as JSON, with the byte buffers an answer names. The worker starts
//! once the first screen is done, in the background ([`EngineClient::warm_up`]), or with the
//! first request if that comes sooner.
//!
//! The component tests have no worker script: [`answer_on_this_thread`] makes the client answer
//! through a function the test gives (the engine's own, linked into the test only).

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use mdkpi_contract::options::Options;
use mdkpi_contract::protocol::{Answer, Call, FileMeta, Reply, Request};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::files::Blobs;
use crate::state::SourceFile;

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

/// An answer, with the bytes it names by their place.
#[derive(Debug, Clone, PartialEq)]
pub struct Answered {
    pub answer: Answer,
    pub bytes: Vec<Vec<u8>>,
}

impl Answered {
    /// The bytes at `place`, or none.
    pub fn take(&mut self, place: usize) -> Vec<u8> {
        self.bytes.get_mut(place).map(std::mem::take).unwrap_or_default()
    }

    /// The files of an [`Answer::Files`], each named with its bytes (none for another answer).
    pub fn files(mut self) -> Vec<(String, Vec<u8>)> {
        let Answer::Files { files } = std::mem::replace(&mut self.answer, Answer::Recipe { json: String::new() })
        else {
            return Vec::new();
        };
        files.into_iter().map(|(name, place)| (name, self.take(place))).collect()
    }
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

/// An engine that answers on the page: a call and its files' bytes in, a reply and its bytes out.
pub type Local = Rc<dyn Fn(Call, Vec<Vec<u8>>) -> (Reply, Vec<Vec<u8>>)>;

thread_local! {
    static LOCAL: RefCell<Option<Local>> = const { RefCell::new(None) };
}

/// Makes every [`EngineClient`] on this thread answer through `engine` instead of a worker. For the
/// component tests, which run without the worker script.
pub fn answer_on_this_thread(engine: Local) {
    LOCAL.with(|l| *l.borrow_mut() = Some(engine));
}

fn meta(file: &SourceFile) -> FileMeta {
    FileMeta {
        name: file.name.clone(),
        kind: file.kind,
        encoding: file.encoding,
        mapping: file.mapping.clone(),
        size: file.size,
        tables: file.tables.clone(),
    }
}

fn error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

fn js_text(value: &JsValue) -> String {
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}

fn get(v: &JsValue, key: &str) -> Option<JsValue> {
    js_sys::Reflect::get(v, &JsValue::from_str(key)).ok()
}

/// The reply the worker posted with `data`, and the bytes beside it.
fn answered(data: &JsValue) -> Result<Answered, EngineError> {
    let reply = get(data, "reply").and_then(|r| r.as_string()).unwrap_or_default();
    let reply: Reply = serde_json::from_str(&reply).map_err(|e| EngineError::Failed(format!("not a reply: {e}")))?;
    let bytes = get(data, "bytes")
        .map(|b| js_sys::Array::from(&b).iter().map(|b| js_sys::Uint8Array::new(&b).to_vec()).collect());
    answer_of(reply, bytes.unwrap_or_default())
}

fn answer_of(reply: Reply, bytes: Vec<Vec<u8>>) -> Result<Answered, EngineError> {
    match reply {
        Reply::Answer { answer } => Ok(Answered { answer, bytes }),
        Reply::Failed { message } => Err(EngineError::Failed(message)),
        Reply::Progress { .. } => Err(EngineError::Failed("a progress reply came as the answer".to_owned())),
    }
}

/// A request as [`EngineClient::ask`] has taken it.
enum Asked {
    /// Posted to the worker, which will settle the promise.
    Posted(Result<js_sys::Promise, JsValue>),
    /// To answer on the page ([`answer_on_this_thread`]), once the files are read.
    Here(Local, Box<Call>, Vec<web_sys::Blob>),
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
    blobs: Blobs,
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

/// The page's handle on the engine, shared by the components (a context of [`crate::App`]).
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
    /// A client that finds the files' bytes in `blobs`.
    pub fn new(blobs: Blobs) -> EngineClient {
        EngineClient(Rc::new(RefCell::new(Client { blobs, ..Client::default() })))
    }

    /// Asks the engine; the future gives its answer. The request is posted at once, so requests
    /// are answered in the order they were made.
    pub fn ask(
        &self,
        request: Request,
        files: Files<'_>,
        options: &Options,
        progress: Option<Callback<(String, f64)>>,
    ) -> impl Future<Output = Result<Answered, EngineError>> {
        // The request is posted (or its files taken) now, whatever the caller does with the future.
        let local = LOCAL.with(|l| l.borrow().clone());
        let work = match local {
            Some(local) => {
                let list: &[SourceFile] = match &files {
                    Files::None => &[],
                    Files::Read(f) => f,
                    Files::Once(f) => f,
                };
                let blobs = self.0.borrow().blobs.clone();
                let metas = (!matches!(files, Files::None)).then(|| list.iter().map(meta).collect());
                let call = Call { request, options: options.clone(), files: metas };
                Asked::Here(local, Box::new(call), list.iter().map(|f| blobs.get(f.id)).collect())
            }
            None => Asked::Posted(self.post(request, files, options, progress)),
        };
        async move {
            match work {
                Asked::Posted(promise) => {
                    let promise = promise.map_err(|e| EngineError::Failed(js_text(&e)))?;
                    let data = JsFuture::from(promise).await.map_err(|e| {
                        if e.is_null() {
                            EngineError::Cancelled
                        } else {
                            EngineError::Failed(js_text(&e))
                        }
                    })?;
                    answered(&data)
                }
                Asked::Here(local, call, blobs) => {
                    let mut bytes = Vec::with_capacity(blobs.len());
                    for blob in blobs {
                        let read = gloo::file::futures::read_as_bytes(&gloo::file::Blob::from(blob)).await;
                        bytes.push(read.map_err(|e| EngineError::Failed(e.to_string()))?);
                    }
                    let (reply, bytes) = local(*call, bytes);
                    answer_of(reply, bytes)
                }
            }
        }
    }

    /// [`EngineClient::ask`], then `done` with the answer, or `failed` with why there is none (a
    /// cancel is not a failure). For the downloads the engine makes.
    pub fn answer_then(
        &self,
        request: Request,
        files: Files<'_>,
        options: &Options,
        done: impl FnOnce(Answered) + 'static,
        failed: impl FnOnce(String) + 'static,
    ) {
        self.answer_then_boxed(request, files, options, Box::new(done), Box::new(failed));
    }

    /// [`EngineClient::answer_then`] for every caller at once: generic, the request's future was
    /// copied into the page's wasm for each (~18 KB apiece before wasm-opt).
    fn answer_then_boxed(
        &self,
        request: Request,
        files: Files<'_>,
        options: &Options,
        done: Box<dyn FnOnce(Answered)>,
        failed: Box<dyn FnOnce(String)>,
    ) {
        let answer = self.ask(request, files, options, None);
        wasm_bindgen_futures::spawn_local(async move {
            match answer.await {
                Ok(answered) => done(answered),
                Err(EngineError::Cancelled) => {}
                Err(EngineError::Failed(message)) => failed(message),
            }
        });
    }

    /// Starts the worker, unless it has been asked something already, and has it read `inputs` (the
    /// sample shown) under `options` ([`Request::WarmUp`]): its wasm is then compiled, the
    /// readers' code too (the browser compiles a function when it first runs), and the sample's
    /// rows kept for a filter. `None` when there is nothing to start: a worker runs already, or
    /// the engine answers on this thread.
    pub fn warm_up(
        &self,
        inputs: &Rc<Vec<SourceFile>>,
        options: &Options,
    ) -> Option<impl Future<Output = Result<Answered, EngineError>>> {
        if LOCAL.with(|l| l.borrow().is_some()) || self.0.borrow().connection.is_some() {
            return None;
        }
        Some(self.ask(Request::WarmUp, Files::Read(inputs), options, None))
    }

    /// Stops whatever the engine is doing: pending requests end with [`EngineError::Cancelled`],
    /// and the next request starts a fresh worker (a wasm that trapped cannot be trusted).
    pub fn cancel(&self) {
        let pending = self.0.borrow_mut().disconnect();
        reject_all(pending, &EngineError::Cancelled);
    }

    fn post(
        &self,
        request: Request,
        files: Files<'_>,
        options: &Options,
        progress: Option<Callback<(String, f64)>>,
    ) -> Result<js_sys::Promise, JsValue> {
        let mut client = self.0.borrow_mut();
        if client.connection.is_none() {
            let connection = connect(Rc::downgrade(&self.0))
                .ok_or_else(|| error("計算エンジンを起動できませんでした / The engine could not start"))?;
            client.connection = Some(connection);
            client.sent = None;
        }
        let (list, keep): (Option<&[SourceFile]>, _) = match files {
            Files::None => (None, None),
            Files::Read(f) if client.sent.as_ref().is_some_and(|s| Rc::ptr_eq(s, f)) => (None, None),
            Files::Read(f) => (Some(f.as_slice()), Some(f.clone())),
            Files::Once(f) => (Some(f), None),
        };
        let uses_cache = request.uses_cache();
        let call = Call { request, options: options.clone(), files: list.map(|l| l.iter().map(meta).collect()) };
        let blobs = list.map(|l| {
            let array = js_sys::Array::new();
            for f in l {
                array.push(&client.blobs.get(f.id));
            }
            array
        });
        client.next_id += 1;
        let id = client.next_id;
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"id".into(), &JsValue::from_f64(id as f64))?;
        js_sys::Reflect::set(&message, &"call".into(), &serde_json::to_string(&call).map_err(error)?.into())?;
        js_sys::Reflect::set(&message, &"blobs".into(), &blobs.map(JsValue::from).unwrap_or(JsValue::NULL))?;
        let mut slot = None;
        let promise = js_sys::Promise::new(&mut |resolve, reject| slot = Some((resolve, reject)));
        let (resolve, reject) = slot.ok_or_else(|| error("Promise did not run its executor"))?;
        let connection = client.connection.as_ref().ok_or_else(|| error("no engine"))?;
        connection.worker.post_message(&message)?;
        if uses_cache && keep.is_some() {
            client.sent = keep;
        }
        client.pending.insert(id, Pending { resolve, reject, progress });
        Ok(promise)
    }
}

/// Starts the worker. A worker loaded from a URL takes its CSP from its own response headers,
/// which a static host does not set; a worker from a blob: URL inherits the page's policy
/// (connect-src 'none' included). So the worker is a one-line blob module that imports worker.js;
/// or, in the one-file edition (mdkpi.html, which can import nothing), the classic script the file
/// carries as text.
fn connect(client: Weak<RefCell<Client>>) -> Option<Connection> {
    let options = WorkerOptions::new();
    let document = gloo::utils::document();
    let source = match document.get_element_by_id("mdkpi-worker").and_then(|s| s.text_content()) {
        Some(classic) => {
            options.set_type(WorkerType::Classic);
            classic
        }
        None => {
            options.set_type(WorkerType::Module);
            let base = document.base_uri().ok().flatten()?;
            let script = web_sys::Url::new_with_base("worker.js", &base).ok()?.href();
            format!("import {};\n", serde_json::to_string(&script).ok()?)
        }
    };
    let source = js_sys::Array::of1(&JsValue::from_str(&source));
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
        let id = get(&data, "id").and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
        // Take what is needed and let go of the client before calling out: a callback may render,
        // and a render may ask the engine again.
        let reply = get(&data, "reply").and_then(|r| r.as_string());
        if let Some(Ok(Reply::Progress { label, fraction })) = reply.as_deref().map(serde_json::from_str::<Reply>) {
            let progress = client.borrow().pending.get(&id).and_then(|p| p.progress.clone());
            if let Some(progress) = progress {
                progress.emit((label, fraction));
            }
            return;
        }
        let Some(pending) = client.borrow_mut().pending.remove(&id) else { return };
        let _ = match get(&data, "failed").and_then(|f| f.as_string()) {
            // The worker could not run the engine, or could not read a file.
            Some(failed) => {
                let detail = get(&data, "detail").map(|d| js_text(&d)).unwrap_or_default();
                pending.reject.call1(&JsValue::NULL, &JsValue::from_str(&transport_failure(&failed, &detail)))
            }
            None => pending.resolve.call1(&JsValue::NULL, &data),
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

/// What the user is told when the worker could not do its part: read a file (`read`), or run the
/// engine at all.
fn transport_failure(failed: &str, detail: &str) -> String {
    match failed {
        // A chosen file that was changed, moved or deleted since cannot be read any more.
        "read" => format!(
            "ファイルを読めませんでした。選んだ後に変更・移動された場合は、もう一度選んでください。 / A file could not be read; if it was changed or moved since it was chosen, choose it again. ({detail})"
        ),
        _ => format!("計算エンジンが失敗しました / The engine failed: {detail}"),
    }
}
