// The engine's Web Worker: reads and computes off the main thread, so that the page never freezes.
// It runs the engine's own wasm (src/bin/mdkpi-engine.rs), which the page never loads: the page's
// first screen needs no engine (its sample was computed at build time). Nothing is fetched: the
// bytes arrive as a JS module, like the page's (see boot.js).
import init, { engine_request } from './mdkpi-engine.js';

// Started at once, so that the first request does not wait for the import to be asked for.
const ready = import('./mdkpi-engine_bg.wasm.js').then((m) => init({ module_or_path: m.default }));

self.onmessage = async (event) => {
  const { id, request, files, options } = event.data;
  try {
    const engine = await ready;
    const progress = (label, fraction) => self.postMessage({ id, type: 'progress', label, fraction });
    const payload = engine_request(request, files, options, progress);
    // The wasm memory only grows: its size now is its peak so far (read by cargo xtask bench).
    self.postMessage({ id, type: 'done', payload, memory: engine.memory?.buffer.byteLength });
  } catch (error) {
    self.postMessage({ id, type: 'error', message: String(error) });
  }
};
