//! Opt-in persistence: the user's files, options and mapping kept in IndexedDB on this browser only,
//! and only after the user switches it on. While it is off, nothing is stored, and no database is
//! even opened (`indexedDB.databases()` is consulted first). Clearing deletes the database.

use rexie::{ObjectStore, Rexie, TransactionMode};
use wasm_bindgen::{JsCast, JsValue};

use crate::app::engine::{files_from_js, files_to_js};
use crate::app::files::SourceFile;
use crate::pipeline::Options;

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
    let Ok(databases) = js_sys::Reflect::get(&factory, &"databases".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else {
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

/// Keeps `files` and `options`; returns when they were saved.
pub async fn save(files: &[SourceFile], options: &Options) -> Result<String, String> {
    let saved_at = now_label();
    let record = js_sys::Object::new();
    js_sys::Reflect::set(&record, &"files".into(), &files_to_js(files).map_err(error)?.into()).map_err(error)?;
    js_sys::Reflect::set(&record, &"options".into(), &serde_json::to_string(options).map_err(error)?.into()).map_err(error)?;
    js_sys::Reflect::set(&record, &"saved_at".into(), &saved_at.as_str().into()).map_err(error)?;
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadWrite).map_err(error)?;
    tx.store(STORE).map_err(error)?.put(&record, Some(&KEY.into())).await.map_err(error)?;
    tx.done().await.map_err(error)?;
    db.close();
    Ok(saved_at)
}

/// What was kept, if the user had switched persistence on.
pub async fn load() -> Result<Option<(Vec<SourceFile>, Options, String)>, String> {
    if !exists().await {
        return Ok(None);
    }
    let db = open().await?;
    let tx = db.transaction(&[STORE], TransactionMode::ReadOnly).map_err(error)?;
    let record = tx.store(STORE).map_err(error)?.get(KEY.into()).await.map_err(error)?;
    db.close();
    let Some(record) = record.filter(|r| r.is_object()) else { return Ok(None) };
    let get = |k: &str| js_sys::Reflect::get(&record, &k.into()).map_err(error);
    let files = files_from_js(&js_sys::Array::from(&get("files")?)).map_err(error)?;
    let options = serde_json::from_str(&get("options")?.as_string().unwrap_or_default()).map_err(error)?;
    let saved_at = get("saved_at")?.as_string().unwrap_or_default();
    Ok(Some((files, options, saved_at)))
}

/// Deletes everything kept on this browser.
pub async fn wipe() -> Result<(), String> {
    Rexie::delete(DB).await.map_err(error)
}
