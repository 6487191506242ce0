// Starts the wasm app without any network request: the module bytes (a promise) arrive as a JS module
// (written by xtask/hooks/wasm-module.mjs at build time), so the CSP can keep connect-src 'none'.
import init from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';

try {
  const module = await WebAssembly.compile(await wasmBytes);
  // The engine worker is handed this compiled module (src/app/engine.rs posts it first), so it
  // neither loads nor compiles the wasm a second time.
  globalThis.mdkpiWasmModule = module;
  await init({ module_or_path: module });
} catch (e) {
  const p = document.getElementById('loading');
  if (p) p.textContent = 'アプリを起動できませんでした / The app failed to start: ' + e;
  throw e;
}
