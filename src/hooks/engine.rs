use yew::prelude::*;

use crate::engine::EngineClient;
use crate::files::Blobs;

/// The page's blob store, and the engine client that sends the files in it: made once.
#[hook]
pub fn use_engine() -> (Blobs, EngineClient) {
    let blobs = use_state(Blobs::default);
    let engine = {
        let blobs = (*blobs).clone();
        use_state(move || EngineClient::new(blobs))
    };
    ((*blobs).clone(), (*engine).clone())
}
