//! Opt-in persistence: the user's files, options and mapping kept in IndexedDB on this browser only,
//! and only after the user switches it on. While it is off, nothing is stored, and no database is
//! even opened (`indexedDB.databases()` is consulted first). Clearing deletes the database.

use mdkpi_contract::encoding::TextEncoding;
use mdkpi_contract::options::Options;
use mdkpi_contract::schema::{DatasetKind, Mapping, TableChoice};
use rexie::{ObjectStore, Rexie, TransactionMode};
use serde::{Deserialize, Serialize};
use wasm_bindgen::{JsCast, JsValue};

use crate::files::Blobs;
use crate::state::SourceFile;

const DB: &str = "mdkpi";
const STORE: &str = "workspace";
const KEY: &str = "current";

fn error(e: impl std::fmt::Debug) -> String {
    format!("{e:?}")
}

async fn open() -> Result<Rexie, String> {
    Rexie::builder(DB).version(1).add_object_store(ObjectStore::new(STORE)).build().await.map_err(error)
}

/// Whether the database exists, without creating it.
async fn exists() -> bool {
    let Some(factory) = gloo::utils::window().indexed_db().ok().flatten() else { return false };
    let Ok(databases) =
        js_sys::Reflect::get(&factory, &"databases".into()).and_then(|f| f.dyn_into::<js_sys::Function>())
    else {
        return false;
    };
    let Ok(promise) = databases.call0(&factory).and_then(|p| p.dyn_into::<js_sys::Promise>()) else { return false };
    let Ok(list) = wasm_bindgen_futures::JsFuture::from(promise).await else { return false };
    js_sys::Array::from(&list)
        .iter()
        .any(|d| js_sys::Reflect::get(&d, &"name".into()).ok().and_then(|n| n.as_string()).as_deref() == Some(DB))
}

/// The local date and time, as the page shows when the data was saved.
pub fn now_label() -> String {
    js_sys::Date::new_0().to_locale_string("ja-JP", &JsValue::UNDEFINED).into()
}

/// A saved file's choices: what the record keeps beside its blob.
#[derive(Serialize, Deserialize)]
struct Saved {
    name: String,
    kind: Option<DatasetKind>,
    encoding: Option<TextEncoding>,
    mapping: Option<Mapping>,
    #[serde(default)]
    tables: Vec<TableChoice>,
}

fn get(v: &JsValue, key: &str) -> Result<JsValue, String> {
    js_sys::Reflect::get(v, &key.into()).map_err(error)
}

fn set(v: &JsValue, key: &str, value: &JsValue) -> Result<(), String> {
    js_sys::Reflect::set(v, &key.into(), value).map(drop).map_err(error)
}

/// Files as a JS array of `{meta, blob}`: a blob is a handle, and storing it copies no bytes
/// through the page.
pub fn files_to_js(files: &[SourceFile], blobs: &Blobs) -> Result<js_sys::Array, String> {
    let list = js_sys::Array::new();
    for f in files {
        let saved = Saved {
            name: f.name.clone(),
            kind: f.kind,
            encoding: f.encoding,
            mapping: f.mapping.clone(),
            tables: f.tables.clone(),
        };
        let entry: JsValue = js_sys::Object::new().into();
        set(&entry, "meta", &serde_json::to_string(&saved).map_err(error)?.into())?;
        set(&entry, "blob", &blobs.get(f.id))?;
        list.push(&entry);
    }
    Ok(list)
}

/// The inverse of [`files_to_js`], each blob kept in `blobs`. An entry saved by an earlier
/// version holds `bytes` (a `Uint8Array`) instead of a blob.
pub fn files_from_js(list: &js_sys::Array, blobs: &Blobs) -> Result<Vec<SourceFile>, String> {
    let mut files = Vec::with_capacity(list.length() as usize);
    for entry in list.iter() {
        let Saved { name, kind, encoding, mapping, tables } =
            serde_json::from_str(&get(&entry, "meta")?.as_string().unwrap_or_default()).map_err(error)?;
        let blob = match get(&entry, "blob")?.dyn_into::<web_sys::Blob>() {
            Ok(blob) => blob,
            Err(_) => {
                let bytes = js_sys::Array::of1(&get(&entry, "bytes")?);
                web_sys::Blob::new_with_u8_array_sequence(&bytes).map_err(error)?
            }
        };
        let modified = Some(crate::files::modified(&blob));
        files.push(SourceFile { kind, encoding, mapping, tables, modified, ..blobs.add(name, blob) });
    }
    Ok(files)
}

/// Keeps `files` (their blobs in `blobs`) and `options`; returns when they were saved.
pub async fn save(files: &[SourceFile], blobs: &Blobs, options: &Options) -> Result<String, String> {
    let saved_at = now_label();
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"files".into(), &files_to_js(files, blobs)?.into()).map_err(error)?;
    js_sys::Reflect::set(&record, &"options".into(), &serde_json::to_string(options).map_err(error)?.into())
        .map_err(error)?;
    js_sys::Reflect::set(&record, &"saved_at".into(), &saved_at.as_str().into()).map_err(error)?;
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(error)?;
    tx.store(STORE).map_err(error)?.put(&record, Some(&KEY.into())).await.map_err(error)?;
    tx.done().await.map_err(error)?;
    db.close();
    Ok(saved_at)
}

/// What was kept, if the user had switched persistence on; its blobs are added to `blobs`.
pub async fn load(blobs: &Blobs) -> Result<Option<(Vec<SourceFile>, Options, String)>, String> {
    if !exists().await {
        return Ok(None);
    }
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly).map_err(error)?;
    let record = tx.store(STORE).map_err(error)?.get(KEY.into()).await.map_err(error)?;
    db.close();
    let Some(record) = record.filter(|r| r.is_object()) else { return Ok(None) };
    let files = files_from_js(&js_sys::Array::from(&get(&record, "files")?), blobs)?;
    let options = serde_json::from_str(&get(&record, "options")?.as_string().unwrap_or_default()).map_err(error)?;
    let saved_at = get(&record, "saved_at")?.as_string().unwrap_or_default();
    Ok(Some((files, options, saved_at)))
}

/// Deletes everything kept on this browser.
pub async fn wipe() -> Result<(), String> {
    Rexie::delete(DB).await.map_err(error)
}

/// Whether the page was opened from a file (the one-file edition, double-clicked): its storage is
/// the browser's for every local file, or none at all.
pub fn opened_from_file() -> bool {
    gloo::utils::window().location().protocol().as_deref() == Ok("file:")
}
