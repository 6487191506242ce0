//! The page's effects, a hook each. [`App`](crate::App) calls them in a fixed order, which is the
//! order their effects run in after a render: a cancel ends the old worker before a new request
//! starts the next one.

mod compute;
mod drill;
mod engine;
mod first_screen;
mod language;
mod persistence;
mod route;

pub use compute::{use_cancel, use_compute, use_warm_up};
pub use drill::use_drill;
pub use engine::use_engine;
pub use first_screen::{use_first_screen, use_rest, FirstScreen};
pub use language::use_language;
pub use persistence::use_persistence;
pub use route::{use_route, use_title};
