//! The browser's side of file input and output: reading dropped or chosen files, and downloads.

use gloo::file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

use crate::pipeline::InputFile;

/// Reads every file fully. The name is the file's own name, as the CLI uses.
pub async fn read_all(files: Vec<File>) -> Result<Vec<InputFile>, String> {
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let bytes = gloo::file::futures::read_as_bytes(&file)
            .await
            .map_err(|e| format!("{}: {e}", file.name()))?;
        out.push(InputFile::new(file.name(), bytes));
    }
    Ok(out)
}

/// Converts a `FileList` (from an input or a drop) into files.
pub fn from_list(list: Option<web_sys::FileList>) -> Vec<File> {
    list.map(|l| gloo::file::FileList::from(l).iter().cloned().collect()).unwrap_or_default()
}

/// [`download`], logging a failure to the console (there is nothing else to do about it).
pub fn offer(name: &str, mime: &str, bytes: &[u8]) {
    if let Err(e) = download(name, mime, bytes) {
        gloo::console::error!(e);
    }
}

/// Offers `bytes` as a download named `name`. Nothing leaves the browser: it is a blob: URL.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let url = ObjectUrl::from(Blob::new_with_options(bytes, Some(mime)));
    let document = gloo::utils::document();
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| "cannot create a link".to_owned())?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.set_hidden(true);
    let body = gloo::utils::body();
    body.append_child(&a).map_err(|_| "cannot attach the link".to_owned())?;
    a.click();
    a.remove();
    // Revoke the URL once the browser has had time to start the download.
    gloo::timers::callback::Timeout::new(60_000, move || drop(url)).forget();
    Ok(())
}
