//! The browser's side of files: the handles on their bytes, and downloads.
//!
//! The reducer knows a file by its [`FileId`] ([`crate::state::SourceFile`]); its bytes stay with
//! the browser (a chosen or dropped file on disk, a saved one in IndexedDB), behind a `Blob` handle
//! kept here, so that the page never holds a large file in its memory: only the engine reads it,
//! in its worker.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use gloo::file::{Blob, File, ObjectUrl};
use wasm_bindgen::JsCast;
use web_sys::HtmlAnchorElement;

use crate::state::{FileId, SourceFile};

/// The blobs behind the page's files, by id. Shared by the components that add files (the data
/// panel, the saved data) and the engine client that sends them.
#[derive(Clone, Default)]
pub struct Blobs(Rc<RefCell<Inner>>);

#[derive(Default)]
struct Inner {
    blobs: HashMap<FileId, web_sys::Blob>,
    next: u64,
}

impl PartialEq for Blobs {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl Blobs {
    /// Keeps `blob` and gives the file the reducer will know it by.
    pub fn add(&self, name: String, blob: web_sys::Blob) -> SourceFile {
        let mut inner = self.0.borrow_mut();
        inner.next += 1;
        let id = FileId::User(inner.next);
        let size = blob.size() as u64;
        inner.blobs.insert(id, blob);
        SourceFile::new(id, name, size)
    }

    /// A chosen or dropped file, not read.
    pub fn add_file(&self, file: &File) -> SourceFile {
        let blob: &web_sys::Blob = file.as_ref();
        SourceFile { modified: Some(modified(blob)), ..self.add(file.name(), blob.clone()) }
    }

    /// The blob of file `id`. A file of the embedded sample is made from its text when first asked.
    pub fn get(&self, id: FileId) -> web_sys::Blob {
        let mut inner = self.0.borrow_mut();
        let blob = inner.blobs.entry(id).or_insert_with(|| match id {
            FileId::Sample(i) => {
                let text = mdkpi_contract::sample::FILES.get(usize::from(i)).map_or("", |(_, text)| text);
                Blob::new(text.as_bytes()).into()
            }
            // An id this store never gave: an empty file, which reads as such.
            FileId::User(_) => Blob::new(&[][..]).into(),
        });
        blob.clone()
    }
}

/// When a file was last changed (ms since 1970), as the browser says; a blob that is not a file
/// (a stored one from an older version) says 0.
pub fn modified(blob: &web_sys::Blob) -> u64 {
    blob.dyn_ref::<web_sys::File>().map_or(0, |f| f.last_modified().max(0.0) as u64)
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
    let a: HtmlAnchorElement =
        document.create_element("a").map_err(|_| "cannot create a link".to_owned())?.unchecked_into();
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
