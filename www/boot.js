// Starts the wasm app without any network request: the module bytes (a promise) arrive as a JS module
// (written by xtask/hooks/wasm-module.mjs at build time), so the CSP can keep connect-src 'none'.
// This is the page's wasm (the UI); the engine's is loaded by the worker when it is first needed.
import init from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';

// ECharts (preloaded by index.html) is evaluated now, while the wasm inflates and compiles off this
// thread, instead of before this module runs: its ~130 ms of evaluation can overlap the compile
// rather than always come first (measured alone, 1,064 -> 1,049 ms to the first chart: small).
// The app's charts wait for this promise (src/app/echarts.rs, `next_chart`).
globalThis.mdkpiEcharts = new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = 'echarts.min.js';
  script.onload = resolve;
  script.onerror = () => reject(new Error('echarts.min.js did not load'));
  document.head.append(script);
});

try {
  await init({ module_or_path: await wasmBytes });
} catch (e) {
  const p = document.getElementById('loading');
  // The wasm uses 128-bit SIMD (.cargo/config.toml): a browser without it cannot compile it.
  const old = e instanceof WebAssembly.CompileError
    ? ' お使いのブラウザは古すぎる可能性があります。Chrome・Edge 91、Firefox 89、Safari 16.4 以降でお開きください。'
      + ' / This browser may be too old: please use Chrome or Edge 91, Firefox 89, Safari 16.4 or later.'
    : '';
  if (p) p.textContent = 'アプリを起動できませんでした / The app failed to start: ' + e + old;
  throw e;
}
