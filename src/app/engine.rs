//! The engine: [`crate::pipeline::compute`] in a Web Worker, so that reading a large file never
//! freezes the page. The page posts the files and options; the worker answers with progress
//! messages, then the results JSON (which [`crate::report::intern`] reads back into typed values).
//! Where no worker can run (the worker script is missing, as in the component tests), the same
//! computation runs on the page instead.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use gloo::events::EventListener;
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{MessageEvent, Worker, WorkerOptions, WorkerType};
use yew::Callback;

use crate::ingest::decode::TextEncoding;
use crate::model::schema::DatasetKind;
use crate::kpi::filter::{drill, Drill, DrillQuery, Facets};
use crate::pipeline::{read, results_from, InputFile, Limits, Options, Read};
use crate::report::Results;

/// Everything of an input file but its bytes, which travel as a `Uint8Array` beside it.
#[derive(Serialize, Deserialize)]
struct FileMeta {
    name: String,
    kind: Option<DatasetKind>,
    encoding: Option<TextEncoding>,
    mapping: Option<BTreeMap<String, String>>,
}

/// What the engine hands back: the results, each input's headers (for the mapping step) and the
/// values the filters can take.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Payload {
    pub results: Results,
    pub headers: Vec<Vec<String>>,
    pub facets: Facets,
}

/// At most this many rows travel back for a drill-down (the total is always given).
pub const DRILL_LIMIT: usize = 5_000;

/// Computes `files` under `options`: the work itself, on whichever thread calls it.
pub fn run(files: &[InputFile], options: &Options, progress: &mut dyn FnMut(&str, f64)) -> Payload {
    let read = read(files, &options.limits, progress);
    progress("集計 / computing KPIs", 0.95);
    Payload { results: results_from(&read, options), facets: Facets::of(&read.rows), headers: read.headers }
}

/// The rows behind a figure, read on this thread (where no worker runs).
pub fn drill_here(files: &[InputFile], options: &Options, query: &DrillQuery) -> Drill {
    let read = read(files, &options.limits, &mut |_, _| {});
    drill(&read.rows, &options.filter, query, DRILL_LIMIT)
}

fn get(v: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    js_sys::Reflect::get(v, &JsValue::from_str(key))
}

/// Files as a JS array of `{meta, bytes}`: how they travel to the worker and into storage.
pub fn files_to_js(files: &[InputFile]) -> Result<js_sys::Array, JsValue> {
    let list = js_sys::Array::new();
    for f in files {
        let meta = FileMeta { name: f.name.clone(), kind: f.kind, encoding: f.encoding, mapping: f.mapping.clone() };
        let entry = js_sys::Object::new();
        js_sys::Reflect::set(&entry, &"meta".into(), &serde_json::to_string(&meta).map_err(error)?.into())?;
        js_sys::Reflect::set(&entry, &"bytes".into(), &js_sys::Uint8Array::from(f.bytes.as_slice()))?;
        list.push(&entry);
    }
    Ok(list)
}

/// The inverse of [`files_to_js`].
pub fn files_from_js(list: &js_sys::Array) -> Result<Vec<InputFile>, JsValue> {
    let mut inputs = Vec::with_capacity(list.length() as usize);
    for f in list.iter() {
        let meta: FileMeta = serde_json::from_str(&get(&f, "meta")?.as_string().unwrap_or_default()).map_err(error)?;
        let bytes = js_sys::Uint8Array::new(&get(&f, "bytes")?).to_vec();
        inputs.push(InputFile { name: meta.name, bytes, kind: meta.kind, encoding: meta.encoding, mapping: meta.mapping });
    }
    Ok(inputs)
}

/// What the worker has read: kept so that a change of definitions or filters only recomputes the
/// KPIs, and a drill-down only walks the rows.
struct Cache {
    limits: Limits,
    read: Read,
    facets: Facets,
}

thread_local! {
    static CACHE: RefCell<Option<Cache>> = const { RefCell::new(None) };
}

#[derive(Serialize)]
struct PayloadOut<'a> {
    results: &'a Results,
    headers: &'a [Vec<String>],
    facets: &'a Facets,
}

fn error(e: impl std::fmt::Display) -> JsValue {
    JsValue::from_str(&e.to_string())
}

/// Runs `work` on what the worker has read, reading `files` first when they are given (null
/// when the files are the ones the worker already read).
fn with_read<T>(
    files: JsValue,
    options: &Options,
    progress: &js_sys::Function,
    work: impl FnOnce(&Cache) -> Result<T, JsValue>,
) -> Result<T, JsValue> {
    let mut report = |label: &str, fraction: f64| {
        // A failed progress message must not stop the computation.
        let _ = progress.call2(&JsValue::NULL, &JsValue::from_str(label), &JsValue::from_f64(fraction));
    };
    let inputs = if files.is_null() || files.is_undefined() {
        None
    } else {
        let list: js_sys::Array = files.dyn_into().map_err(|_| error("files is not an array"))?;
        Some(files_from_js(&list)?)
    };
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        match (inputs, cache.as_ref()) {
            (None, Some(c)) if c.limits == options.limits => {}
            (None, _) => return Err(error("the worker has no files to recompute; send them again")),
            (Some(inputs), _) => {
                let read = read(&inputs, &options.limits, &mut report);
                let facets = Facets::of(&read.rows);
                *cache = Some(Cache { limits: options.limits.clone(), read, facets });
            }
        }
        let Some(c) = cache.as_ref() else { return Err(error("no data")) };
        report("集計 / computing KPIs", 0.95);
        work(c)
    })
}

/// The worker side of a request (called by `engine_compute` in the web bin).
pub fn compute_request(files: JsValue, options: &str, progress: &js_sys::Function) -> Result<String, JsValue> {
    let options: Options = serde_json::from_str(options).map_err(error)?;
    with_read(files, &options, progress, |c| {
        let results = results_from(&c.read, &options);
        serde_json::to_string(&PayloadOut { results: &results, headers: &c.read.headers, facets: &c.facets }).map_err(error)
    })
}

/// The worker side of a drill-down (called by `engine_drill` in the web bin): the rows behind
/// the figure `query` (JSON), as [`Drill`] JSON.
pub fn drill_request(files: JsValue, options: &str, query: &str, progress: &js_sys::Function) -> Result<String, JsValue> {
    let options: Options = serde_json::from_str(options).map_err(error)?;
    let query: DrillQuery = serde_json::from_str(query).map_err(error)?;
    with_read(files, &options, progress, |c| {
        serde_json::to_string(&drill(&c.read.rows, &options.filter, &query, DRILL_LIMIT)).map_err(error)
    })
}

/// A message from the worker.
pub enum EngineMessage {
    Progress { id: u64, label: String, fraction: f64 },
    Done { id: u64, payload: Rc<Payload> },
    Failed { id: u64, message: String },
    Drilled { id: u64, drill: Rc<Drill> },
    DrillFailed { id: u64, message: String },
    /// The worker could not start: compute on the page from now on.
    Unavailable,
}

/// The page's handle on the worker; dropping it terminates the worker (that is how cancel works).
pub struct Engine {
    worker: Worker,
    _message: EventListener,
    _error: EventListener,
}

impl Engine {
    pub fn start(on_message: Callback<EngineMessage>) -> Option<Engine> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        // A worker loaded from a URL takes its CSP from its own response headers, which a static
        // host does not set; a worker from a blob: URL inherits the page's policy (connect-src
        // 'none' included). So the worker is a one-line blob module that imports worker.js.
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
        // The page's compiled module (www/boot.js), so that the worker does not load and compile
        // the wasm again. Without it the worker imports the bytes itself.
        if let Ok(module) = js_sys::Reflect::get(&js_sys::global(), &"mdkpiWasmModule".into()) {
            if module.is_object() {
                let message = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&message, &"type".into(), &"module".into());
                let _ = js_sys::Reflect::set(&message, &"module".into(), &module);
                let _ = worker.post_message(&message);
            }
        }
        let on = on_message.clone();
        let message = EventListener::new(&worker, "message", move |event| {
            let Some(event) = event.dyn_ref::<MessageEvent>() else { return };
            let data = event.data();
            let id = get(&data, "id").ok().and_then(|v| v.as_f64()).unwrap_or(0.0) as u64;
            let text = |key| get(&data, key).ok().and_then(|v| v.as_string()).unwrap_or_default();
            let message = match text("type").as_str() {
                "progress" => EngineMessage::Progress {
                    id,
                    label: text("label"),
                    fraction: get(&data, "fraction").ok().and_then(|v| v.as_f64()).unwrap_or(0.0),
                },
                "done" => match serde_json::from_str::<Payload>(&text("payload")) {
                    Ok(payload) => EngineMessage::Done { id, payload: Rc::new(payload) },
                    Err(e) => EngineMessage::Failed { id, message: e.to_string() },
                },
                "drilled" => match serde_json::from_str::<Drill>(&text("payload")) {
                    Ok(drill) => EngineMessage::Drilled { id, drill: Rc::new(drill) },
                    Err(e) => EngineMessage::DrillFailed { id, message: e.to_string() },
                },
                "drill-error" => EngineMessage::DrillFailed { id, message: text("message") },
                _ => EngineMessage::Failed { id, message: text("message") },
            };
            on.emit(message);
        });
        let error = EventListener::new(&worker, "error", move |_| on_message.emit(EngineMessage::Unavailable));
        Some(Engine { worker, _message: message, _error: error })
    }

    /// Sends a request; the answer comes to `on_message` with the same `id`. `files` is `None`
    /// when the worker already has them (only the definitions changed).
    pub fn post(&self, id: u64, files: Option<&[InputFile]>, options: &Options) -> Result<(), JsValue> {
        self.send(id, files, options, None)
    }

    /// Asks for the rows behind a figure; the answer is [`EngineMessage::Drilled`] with `id`.
    pub fn post_drill(&self, id: u64, files: Option<&[InputFile]>, options: &Options, query: &DrillQuery) -> Result<(), JsValue> {
        self.send(id, files, options, Some(query))
    }

    fn send(&self, id: u64, files: Option<&[InputFile]>, options: &Options, query: Option<&DrillQuery>) -> Result<(), JsValue> {
        let list = files_to_js(files.unwrap_or_default())?;
        let message = js_sys::Object::new();
        js_sys::Reflect::set(&message, &"id".into(), &JsValue::from_f64(id as f64))?;
        if let Some(query) = query {
            js_sys::Reflect::set(&message, &"type".into(), &"drill".into())?;
            js_sys::Reflect::set(&message, &"query".into(), &serde_json::to_string(query).unwrap_or_default().into())?;
        }
        js_sys::Reflect::set(&message, &"options".into(), &serde_json::to_string(options).unwrap_or_default().into())?;
        // The byte arrays were made for this message: transferred, not copied, so that a large
        // file does not exist once more in the worker's heap.
        let transfer = js_sys::Array::new();
        if files.is_some() {
            for entry in list.iter() {
                transfer.push(&js_sys::Uint8Array::new(&get(&entry, "bytes")?).buffer());
            }
        }
        let files = if files.is_some() { JsValue::from(list) } else { JsValue::NULL };
        js_sys::Reflect::set(&message, &"files".into(), &files)?;
        self.worker.post_message_with_transfer(&message, &transfer)
    }
}

impl Drop for Engine {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}
