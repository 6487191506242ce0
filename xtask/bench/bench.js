// The page side of `cargo xtask bench`, served from the same origin as the built app and under the
// same CSP. It drives the app's own engine worker (www/worker.js) and PapaParse's worker on the same
// File objects, in the same Chromium.
const base = new URL('./', location.href).href;

function engine() {
  // As the app does: a blob: module that imports worker.js, so the page's CSP binds the worker.
  const source = `import ${JSON.stringify(new URL('worker.js', base).href)};\n`;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url, { type: 'module' });
  URL.revokeObjectURL(url);
  return worker;
}

// The engine's protocol (crates/contract/src/protocol.rs): a call posted with the files' blobs,
// replies back as JSON; the last one is the answer.
function ask(worker, message, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    worker.onmessage = (e) => {
      if (e.data.failed) return reject(new Error(`${e.data.failed}: ${e.data.detail}`));
      const reply = JSON.parse(e.data.reply);
      if (reply.progress) onProgress(reply.progress.label);
      else if (reply.answer) resolve({ answer: reply.answer.answer, memory: e.data.memory });
      else reject(new Error(reply.failed?.message));
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage(message);
  });
}

// A `Request::Compute` call with `files` (null: the files the engine has read) under `options`.
const compute = (files, options = {}) => JSON.stringify({
  request: 'compute',
  options,
  files: files && files.map((f) => ({ name: f.name, kind: null, encoding: null, mapping: null, size: f.size })),
});

window.bench = {
  files: () => [...document.getElementById('files').files],

  /** Our ingest of `file` in the engine worker (decode, parse, normalise, validate: until the
   *  worker says it is preparing the filters), and on to every KPI and the results JSON back,
   *  in a worker that has read the sample first, as the app's does in the background once its
   *  first screen is done (src/hooks/compute.rs, `use_warm_up`); then a filter change on the rows
   *  the worker kept, five times. */
  async ours(index, program) {
    const file = window.bench.files()[index];
    const worker = engine();
    const sample = [...document.getElementById('sample').files];
    if (sample.length === 0) throw new Error('no sample files to start the engine with');
    await ask(worker, { id: 0, call: compute(sample), blobs: sample });
    const t0 = performance.now();
    let read = null;
    // crates/engine reports this once the files are read, before it indexes them.
    // The engine says it is reading once it has received the file's bytes.
    let parsing = null;
    const onProgress = (label) => {
      if (parsing === null && label.includes('reading')) parsing = performance.now();
      if (read === null && label.includes('preparing filters')) read = performance.now();
    };
    // As the app does (src/engine.rs): the page hands over the File, a handle; the worker reads
    // its bytes into wasm memory.
    const done = await ask(worker, { id: 1, call: compute([file]), blobs: [file] }, onProgress);
    const t1 = performance.now();
    if (read === null) throw new Error('the engine never said that it had read the file');
    const { results, facets } = done.answer.computed.payload;
    const filter = { program: facets.programs[program] };
    // Several refilters after each ingest (each recomputes every KPI: the engine keeps no results),
    // so that the median of a refilter does not rest on three samples.
    const refilter_ms = [];
    let refiltered = null;
    for (let rep = 0; rep < 5; rep++) {
      const t2 = performance.now();
      refiltered = await ask(worker, { id: 2 + rep, call: compute(null, { filter }), blobs: null });
      refilter_ms.push(performance.now() - t2);
    }
    worker.terminate();
    // The projects the filtered stage-up rate counts: a filter that matched nothing would be cheap.
    const kept = (r) => r.kpis.filter((k) => k.id === 'rd.stage_up.share' && Object.keys(k.breakdown).length === 0).reduce((n, k) => n + (k.denominator ?? 0), 0);
    return {
      ingest_ms: read - t0,
      receive_ms: parsing - t0,
      with_kpis_ms: t1 - t0,
      refilter_ms,
      refilter_kept: kept(refiltered.answer.computed.payload.results),
      counted: kept(results),
      wasm_memory_bytes: done.memory,
      rows_used: results.datasets[0].rows_used,
      rows_read: results.datasets[0].rows_read,
    };
  },

  /** A peer parser (xtask/bench/peer-worker.js: `udsv`, `d3`, `papa` on the text, `sheetjs` on a
   *  workbook's bytes) in a worker of its own, on the same File: from posting the File to the
   *  worker's reply, once its script is loaded (and, for the CSV parsers, once it has parsed a
   *  one-row file, as our engine is warmed). */
  async peer(index, name) {
    const file = window.bench.files()[index];
    const worker = new Worker(`peer-worker.js?peer=${name}`);
    const reply = () => new Promise((resolve, reject) => {
      worker.onmessage = (e) => (e.data.failed ? reject(new Error(e.data.failed)) : resolve(e.data));
      worker.onerror = (e) => reject(new Error(`${name}: ${e.message}`));
    });
    try {
      await reply();
      if (name !== 'sheetjs') {
        const warm = new File(['年度,課題ID,採択年度\n2023,A,2022\n'], 'warm.csv');
        const warmed = reply();
        worker.postMessage({ file: warm });
        await warmed;
      }
      const answer = reply();
      const t0 = performance.now();
      worker.postMessage({ file });
      const r = await answer;
      return { ms: performance.now() - t0, parse_ms: r.parse_ms, read_ms: r.read_ms, rows: r.rows };
    } finally {
      worker.terminate();
    }
  },

  /** PapaParse with `worker: true, header: true` on the same File. */
  papa(index) {
    const file = window.bench.files()[index];
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      Papa.parse(file, {
        worker: true,
        header: true,
        skipEmptyLines: true,
        complete: (r) => resolve({ ms: performance.now() - t0, rows: r.data.length }),
        error: (e) => reject(new Error(String(e))),
      });
    });
  },
};
document.body.dataset.ready = 'true';
