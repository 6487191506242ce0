//! The browser app's page, built by Trunk: the UI only. The engine (reading, KPIs) is a second
//! wasm, `mdkpi-engine`, which the engine's Web Worker loads when it is first needed.

#[cfg(target_arch = "wasm32")]
fn main() {
    mdkpi_web::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("mdkpi-web is the browser app: run `cargo xtask serve`. The CLI is `mdkpi`.");
    std::process::exit(2);
}
