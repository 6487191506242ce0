//! The browser's side of file input and output: reading dropped or chosen files, and downloads.

use std::collections::BTreeMap;

use gloo::file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

use crate::ingest::decode::TextEncoding;
use crate::model::schema::DatasetKind;
use crate::pipeline::InputFile;

/// An input as the page holds it: the user's choices for it, and a handle on its bytes. The
/// browser keeps the bytes (a chosen or dropped file stays on disk, a saved one in IndexedDB), so
/// that the page never holds a large file in its memory: only the engine reads it, in its worker
/// ([`crate::app::engine`]). The CLI's and the engine's [`InputFile`] has the bytes instead.
#[derive(Debug, Clone, PartialEq)]
pub struct SourceFile {
    /// The file's own name, as the CLI uses.
    pub name: String,
    pub kind: Option<DatasetKind>,
    pub encoding: Option<TextEncoding>,
    pub mapping: Option<BTreeMap<String, String>>,
    pub blob: web_sys::Blob,
}

impl SourceFile {
    /// A chosen or dropped file, not read.
    pub fn of(file: &File) -> SourceFile {
        let blob: &web_sys::Blob = file.as_ref();
        SourceFile { name: file.name(), kind: None, encoding: None, mapping: None, blob: blob.clone() }
    }

    /// `input`'s bytes put in a blob (the embedded sample, or a file saved by an earlier version).
    pub fn from_input(input: InputFile) -> SourceFile {
        let InputFile { name, bytes, kind, encoding, mapping } = input;
        let blob: web_sys::Blob = Blob::new(bytes.as_slice()).into();
        SourceFile { name, kind, encoding, mapping, blob }
    }

    /// The embedded sample, as if the user had dropped it on the page.
    pub fn sample() -> Vec<SourceFile> {
        crate::sample::files().into_iter().map(SourceFile::from_input).collect()
    }

    /// Reads the bytes, for the engine on the page (the component tests; the worker reads them
    /// itself).
    pub async fn read(&self) -> Result<InputFile, String> {
        let bytes = gloo::file::futures::read_as_bytes(&Blob::from(self.blob.clone()))
            .await
            .map_err(|e| format!("{}: {e}", self.name))?;
        Ok(InputFile { name: self.name.clone(), bytes, kind: self.kind, encoding: self.encoding, mapping: self.mapping.clone() })
    }
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
