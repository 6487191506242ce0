// The engine's Web Worker: reads and computes off the main thread, so that the page never freezes.
// It runs the engine's own wasm (crates/engine), which the page never loads: the page's first
// screen needs no engine (its sample was computed at build time). Nothing is fetched: the bytes
// arrive as a JS module, like the page's (see boot.js).
//
// It only relays. The page posts {id, call, blobs}: a call of the protocol (JSON, see
// crates/contract/src/protocol.rs) and the files' blobs. The engine's replies (JSON) go back as
// {id, reply}, the last with the byte buffers it names: {id, reply, bytes}. Only what the engine
// cannot say itself is this file's: {id, failed: 'read' | 'engine', detail}.
// <module-header>: the one-file edition replaces these lines with classic ones (xtask/one-file.mjs).
import init, { engine_answer, engine_begin, engine_receive_chunk, engine_receive_file } from './mdkpi-engine.js';

// Started at once, so that the first request does not wait for the import to be asked for.
const ready = import('./mdkpi-engine_bg.wasm.js').then((m) => init({ module_or_path: m.default }));
// </module-header>

const CHUNK = 8 * 1024 * 1024;
// A read that gives nothing for this long is given up on, and the rest read another way.
const STALL_MS = 15_000;
const STALLED = Symbol('stalled');

// What `promise` gives, or STALLED after `ms`. The pending timer matters: without one, a byte
// stream read of a blob sometimes never completed in this worker (Chromium 156: reading the
// sample's blobs hung in about one run of six, and the million-row e2e import once, probably the
// same); with one, none did in 16 runs, and none needed the fallback. The cause is not known.
function within(promise, ms) {
  let timer;
  const stalled = new Promise((resolve) => { timer = setTimeout(() => resolve(STALLED), ms); });
  return Promise.race([promise, stalled]).finally(() => clearTimeout(timer));
}

// Each file's bytes go into wasm memory a chunk at a time. A large file goes through one buffer
// that a "bring your own buffer" reader fills again and again: the page sends blobs (handles),
// never bytes, and reading a large blob whole, or chunk by chunk into new buffers, left the
// renderer ~30–100 MB larger for a 107 MB file (freed buffers stay resident), which
// `cargo xtask bench` measured. A small blob, or the rest of a stream that stalled, is read
// slice by slice.
async function receive(blobs, post) {
  for (const [index, blob] of blobs.entries()) {
    post(engine_receive_file(index));
    let at = blob.size > CHUNK ? await stream(blob) : 0;
    for (; at < blob.size; at += CHUNK) {
      const part = await within(blob.slice(at, Math.min(blob.size, at + CHUNK)).arrayBuffer(), STALL_MS);
      if (part === STALLED) throw new Error('reading stalled');
      engine_receive_chunk(new Uint8Array(part));
    }
  }
}

// Streams `blob` into the file being received; returns how many bytes it gave.
async function stream(blob) {
  const reader = blob.stream().getReader({ mode: 'byob' });
  let buffer = new ArrayBuffer(CHUNK);
  let at = 0;
  for (;;) {
    const read = await within(reader.read(new Uint8Array(buffer)), STALL_MS);
    if (read === STALLED) {
      reader.cancel().catch(() => {});
      return at;
    }
    if (read.done) return at;
    engine_receive_chunk(read.value);
    at += read.value.byteLength;
    buffer = read.value.buffer;
  }
}

async function handle({ id, call, blobs }) {
  const post = (reply) => self.postMessage({ id, reply });
  const fail = (failed, error) => self.postMessage({ id, failed, detail: String(error) });
  let engine;
  try {
    engine = await ready;
    engine_begin(call);
  } catch (error) {
    return fail('engine', error);
  }
  if (blobs) {
    try {
      await receive(blobs, post);
    } catch (error) {
      return fail('read', error);
    }
  }
  try {
    const { reply, bytes } = engine_answer(post);
    // The wasm memory only grows: its size now is its peak so far (read by cargo xtask bench).
    self.postMessage({ id, reply, bytes, memory: engine.memory?.buffer.byteLength });
  } catch (error) {
    fail('engine', error);
  }
}

// One request at a time, in the order they came: reading a file waits, and the next request must
// not run meanwhile.
let queue = Promise.resolve();
self.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};
