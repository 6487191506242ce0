//! The browser app's entry point. Trunk builds this bin for wasm32; wasm-bindgen runs `main` when
//! `boot.js` initialises the module.

#[cfg(target_arch = "wasm32")]
fn main() {
    mdkpi::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mdkpi-web is the browser app: run `cargo xtask serve`. The CLI is `mdkpi`.");
    std::process::exit(2);
}
