// Starts the wasm app without any network request: the module bytes (a promise) arrive as a JS module
// (written by xtask/hooks/wasm-module.mjs at build time), so the CSP can keep connect-src 'none'.
// This is the page's wasm (the UI); the engine's is loaded by the worker when it is first needed.
// <module-header>: the one-file edition replaces these lines with classic ones (xtask/one-file.mjs).
import init from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';
// </module-header>

// ECharts is an async script of index.html: it runs as soon as it has arrived, in the time the
// main thread would otherwise wait for this module's imports and the wasm's compile. The app's
// charts wait for this promise (src/charts/queue.rs). The window's load event waits
// for async scripts, so once it has fired without an `echarts`, the script failed (its own error
// event may have fired before this module ran). The script's id is not "echarts": an element's id
// is also a property of the window, and would pass for the library.
globalThis.mdkpiEcharts = new Promise((resolve, reject) => {
  const settle = () => (globalThis.echarts ? resolve() : reject(new Error('echarts.min.js did not load')));
  if (globalThis.echarts || document.readyState === 'complete') settle();
  else {
    document.getElementById('echarts-script')?.addEventListener('load', settle);
    window.addEventListener('load', settle);
  }
});

try {
  await init({ module_or_path: await wasmBytes });
} catch (e) {
  // The first screen's snapshot cannot work without the app: the reason shows instead.
  document.getElementById('snapshot')?.remove();
  document.documentElement.classList.add('no-snapshot');
  const p = document.getElementById('loading');
  // The wasm uses 128-bit SIMD (.cargo/config.toml): a browser without it cannot compile it.
  const old = e instanceof WebAssembly.CompileError
    ? ' お使いのブラウザは古すぎる可能性があります。Chrome・Edge 91、Firefox 113、Safari 16.4 以降でお開きください。'
      + ' / This browser may be too old: please use Chrome or Edge 91, Firefox 113, Safari 16.4 or later.'
    : '';
  if (p) p.textContent = 'アプリを起動できませんでした / The app failed to start: ' + e + old;
  throw e;
}
