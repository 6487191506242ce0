// The engine's Web Worker: reads and computes off the main thread, so that the page never freezes.
// It loads the same wasm as the page (whose main() starts the UI only where there is a window),
// from a module, like boot.js: nothing is fetched.
import init, { engine_compute } from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';

const ready = init({ module_or_path: wasmBytes });

self.onmessage = async (event) => {
  const { id, files, options } = event.data;
  try {
    await ready;
    const progress = (label, fraction) => self.postMessage({ id, type: 'progress', label, fraction });
    self.postMessage({ id, type: 'done', payload: engine_compute(files, options, progress) });
  } catch (error) {
    self.postMessage({ id, type: 'error', message: String(error) });
  }
};
