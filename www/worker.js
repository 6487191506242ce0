// The engine's Web Worker: reads and computes off the main thread, so that the page never freezes.
// It runs the same wasm as the page (whose main() starts the UI only where there is a window): the
// module the page compiled, when the first message brings it (src/app/engine.rs), or else the bytes
// imported from a module like boot.js does. Nothing is fetched.
import init, { engine_compute, engine_drill } from './mdkpi-web.js';

let ready = null;

self.onmessage = async (event) => {
  if (event.data?.type === 'module') {
    ready = init({ module_or_path: event.data.module });
    return;
  }
  ready ??= import('./mdkpi-web_bg.wasm.js').then((m) => init({ module_or_path: m.default }));
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
