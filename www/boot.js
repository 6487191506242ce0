// Starts the wasm app without any network request: the module bytes (a promise) arrive as a JS module
// (written by xtask/hooks/wasm-module.mjs at build time), so the CSP can keep connect-src 'none'.
// This is the page's wasm (the UI); the engine's is loaded by the worker when it is first needed.
import init from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';

try {
  await init({ module_or_path: await wasmBytes });
} catch (e) {
  const p = document.getElementById('loading');
  if (p) p.textContent = 'アプリを起動できませんでした / The app failed to start: ' + e;
  throw e;
}
