// One peer parser in a dedicated worker, for `cargo xtask bench`: `peer-worker.js?peer=NAME`.
// Each peer is timed on the same `File` as our engine: it is posted here (a handle), read here
// (`file.text()`, or `arrayBuffer()` for a workbook) and parsed; the reply says how many rows came
// out, so that a figure cannot be of an empty result.
//
// uDSV's and d3-dsv's object rows are built by `new Function`, which the app's policy forbids: this
// script is served with a policy of its own that allows it (xtask/bench/run.mjs, `PEER_CSP`). A
// worker made from a same-origin URL takes its policy from its own response, not from the page;
// the page, the app and its engine keep the app's.
const peer = new URL(self.location.href).searchParams.get('peer');
const scripts = {
  udsv: 'uDSV.iife.min.js',
  d3: 'd3-dsv.min.js',
  papa: 'papaparse.min.js',
  sheetjs: 'xlsx.full.min.js',
};
importScripts(scripts[peer]);

const parsers = {
  // String objects, as the issue measured (typedObjs would infer types too; the app's reader
  // does more than either: it normalises and validates every cell).
  udsv: (text) => {
    const parser = uDSV.initParser(uDSV.inferSchema(text));
    return parser.stringObjs(text).length;
  },
  d3: (text) => d3.csvParse(text).length,
  papa: (text) => Papa.parse(text, { header: true, skipEmptyLines: true }).data.length,
  sheetjs: (bytes) => {
    const book = XLSX.read(bytes, { type: 'array' });
    return XLSX.utils.sheet_to_json(book.Sheets[book.SheetNames[0]]).length;
  },
};

self.onmessage = async (e) => {
  try {
    const t0 = performance.now();
    const input = peer === 'sheetjs' ? new Uint8Array(await e.data.file.arrayBuffer()) : await e.data.file.text();
    const t1 = performance.now();
    const rows = parsers[peer](input);
    const t2 = performance.now();
    self.postMessage({ rows, read_ms: t1 - t0, parse_ms: t2 - t1 });
  } catch (err) {
    self.postMessage({ failed: `${peer}: ${err && err.message ? err.message : err}` });
  }
};
self.postMessage({ ready: true });
