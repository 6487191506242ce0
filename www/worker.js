// The engine's Web Worker: reads and computes off the main thread, so that the page never freezes.
// It loads the same wasm as the page (whose main() starts the UI only where there is a window),
// from a module, like boot.js: nothing is fetched.
import init, { engine_compute, engine_drill } from './mdkpi-web.js';
import wasmBytes from './mdkpi-web_bg.wasm.js';

const ready = init({ module_or_path: wasmBytes });

self.onmessage = async (event) => {
  const { id, type, files, options, query } = event.data;
  try {
    await ready;
    const progress = (label, fraction) => self.postMessage({ id, type: 'progress', label, fraction });
    if (type === 'drill') {
      self.postMessage({ id, type: 'drilled', payload: engine_drill(files, options, query, progress) });
    } else {
      const payload = engine_compute(files, options, progress);
      // The wasm memory only grows: its size now is its peak so far (read by cargo xtask bench).
      const memory = (await ready).memory?.buffer.byteLength;
      self.postMessage({ id, type: 'done', payload, memory });
    }
  } catch (error) {
    self.postMessage({ id, type: type === 'drill' ? 'drill-error' : 'error', message: String(error) });
  }
};
