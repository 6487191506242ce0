// Writes dist/mdkpi.html: the whole app in one file that opens by double-click from file://, with
// the same privacy guarantees as the site. Run by `cargo xtask build` after Trunk has built dist/.
//
//   node xtask/one-file.mjs DIST WASM_DIR
//
// From file:// a browser runs no module script that imports another file, and fetches nothing, so:
// - every script is a classic inline script. wasm-bindgen writes the JS glue again for its
//   `no-modules` target from the same input wasm (WASM_DIR: cargo's wasm32 release directory); its
//   wasm is the same as for the `web` target, so the optimised bytes Trunk put in dist/ fit it (the
//   imports and exports are compared before anything is written);
// - the wasm bytes travel inside the scripts (gzip + base64, as in dist/, see hooks/wasm-module.mjs)
//   and are instantiated from memory;
// - the engine's worker is a classic script kept as text (<script type="text/plain">) that the page
//   starts from a blob: URL (src/engine.rs), so that it inherits the page's CSP;
// - www/boot.js and www/worker.js are used as they are, but for their module header (between the
//   `<module-header>` markers), which is replaced by a classic one;
// - the CSP allows each inline script and style by its SHA-256, and nothing else.
// The privacy page is a section of the file, which the header's badge opens.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';

const [dist, wasmDir] = process.argv.slice(2);
if (!dist || !wasmDir) {
  console.error('usage: node xtask/one-file.mjs DIST WASM_DIR');
  process.exit(2);
}
const read = (name) => readFileSync(join(dist, name), 'utf8');
const fail = (message) => {
  console.error(`one-file.mjs: ${message}`);
  process.exit(1);
};

/** The gzip + base64 bytes of a wasm module Trunk built, from its dist/*_bg.wasm.js. */
function builtBytes(name) {
  const b64 = /const b64 = "([A-Za-z0-9+/=]+)";/.exec(read(`${name}_bg.wasm.js`))?.[1];
  if (!b64) fail(`no bytes in ${name}_bg.wasm.js`);
  return b64;
}

/** A module's imports and exports, by name: what its JS glue must agree with. */
function shape(bytes) {
  const module = new WebAssembly.Module(bytes);
  const names = (list) => list.map((d) => `${d.module ?? ''}.${d.name}:${d.kind}`).sort().join('\n');
  return names(WebAssembly.Module.imports(module)) + '\n--\n' + names(WebAssembly.Module.exports(module));
}

/** wasm-bindgen's classic-script glue for `name`, checked against the bytes in dist/. */
function classicGlue(name, b64) {
  const out = mkdtempSync(join(tmpdir(), 'mdkpi-one-file-'));
  try {
    execFileSync('wasm-bindgen', ['--target', 'no-modules', '--no-typescript', '--out-dir', out, join(wasmDir, `${name}.wasm`)]);
    const fresh = readFileSync(join(out, `${name}_bg.wasm`));
    if (shape(fresh) !== shape(gunzipSync(Buffer.from(b64, 'base64')))) {
      fail(`${name}: the wasm in dist/ does not match ${wasmDir}/${name}.wasm (build both from the same sources)`);
    }
    return readFileSync(join(out, `${name}.js`), 'utf8');
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** `source` with its module header (between the markers) replaced by `header`. */
function withHeader(file, header) {
  const source = readFileSync(join('www', file), 'utf8');
  const start = source.indexOf('// <module-header>');
  const end = source.indexOf('// </module-header>');
  if (start < 0 || end < start) fail(`www/${file} has no <module-header> markers`);
  return source.slice(0, start) + header + source.slice(source.indexOf('\n', end) + 1);
}

// Inflates gzip + base64 bytes with the browser's own DecompressionStream: a promise of the bytes.
const INFLATE = `function mdkpiInflate(b64) {
  const gz = Uint8Array.fromBase64 ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new Response(new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'))).arrayBuffer().then((b) => new Uint8Array(b));
}
`;

/** Text safe inside an inline <script> or <style>, with the line ends the browser hashes. */
function inline(text) {
  // The parser turns CR LF and lone CRs into LF before the CSP hashes an element: the hashes are
  // taken, and the text written, as the browser will see it (a Windows checkout has CR LF).
  const lf = text.replace(/\r\n?/g, '\n');
  // `<!--` in a script can change where the parser ends it: none of ours has one, and any that
  // appears is refused rather than guessed at.
  if (lf.includes('<!--')) fail('an inlined script or style holds "<!--"');
  // `</script` or `</style` (in any case) would end the element: in our scripts it can only be
  // inside a string, a regular expression or a comment, where `<\/` means the same.
  return lf.replace(/<\/(script|style)/gi, '<\\/$1');
}

const sha = (text) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

const pageBytes = builtBytes('mdkpi-web');
const engineBytes = builtBytes('mdkpi-engine');
const page = inline(
  classicGlue('mdkpi-web', pageBytes) +
    INFLATE +
    // boot.js's body awaits at the top level: an async function here.
    '(async () => {\n' +
    withHeader('boot.js', `const init = wasm_bindgen;\nconst wasmBytes = mdkpiInflate("${pageBytes}");\n`) +
    '})();\n',
);
const worker = inline(
  classicGlue('mdkpi-engine', engineBytes) +
    INFLATE +
    withHeader(
      'worker.js',
      'const init = wasm_bindgen;\n' +
        'const { engine_answer, engine_begin, engine_receive_chunk, engine_receive_file } = wasm_bindgen;\n' +
        `const ready = init({ module_or_path: mdkpiInflate("${engineBytes}") });\n`,
    ),
);
const echarts = inline(read('echarts.min.js'));
const version = JSON.parse(execFileSync('cargo', ['metadata', '--no-deps', '--format-version', '1', '--offline']))
  .packages.find((p) => p.name === 'mdkpi-web').version;
// The privacy page's text, as a closed section at the end of the file (without what this script
// writes into the site's privacy page, should it run again on the same dist/).
const ONE_FILE = /\s*<!-- one-file -->[\s\S]*?<!-- \/one-file -->/;
const privacyPage = read('privacy.html').replace(ONE_FILE, '');
const main = /<main class="doc">([\s\S]*?)<\/main>/.exec(privacyPage)?.[1];
if (!main) fail('no <main class="doc"> in privacy.html');
const about = main.replace(/\s*<p><a href="index.html">[\s\S]*?<\/a><\/p>/, '');
const style = inline(
  read('style.css') +
    '\n/* The one-file edition: its privacy page is a section of the file. */\n' +
    '#mdkpi-about { max-width: 60rem; margin: 2rem auto; padding: 0 1.5rem; }\n' +
    '#mdkpi-about > summary { cursor: pointer; color: var(--accent); font-weight: 600; }\n',
);
// The page's placeholder (what shows before the app starts, or without JavaScript), and the first
// screen's snapshot (xtask/snapshot.mjs), as the site has them.
const appDiv = /<div id="app">[\s\S]*?<\/div>/.exec(read('index.html'))?.[0];
if (!appDiv) fail('no <div id="app"> in index.html');
const snapshot = /<!-- snapshot -->[\s\S]*?<!-- \/snapshot -->/.exec(read('index.html'))?.[0] ?? '';
const firstScreen = inline(read('first-screen.js'));
const icon = 'data:image/svg+xml;base64,' + readFileSync(join(dist, 'icon.svg')).toString('base64');
const csp =
  `default-src 'none'; script-src ${sha(firstScreen)} ${sha(echarts)} ${sha(page)} 'wasm-unsafe-eval'; style-src ${sha(style)}; ` +
  "worker-src blob:; connect-src 'none'; img-src data: blob:; font-src 'none'; object-src 'none'; base-uri 'none'; form-action 'none'";

const html = `<!doctype html>
<html lang="ja">
<head>
  <meta charset="utf-8">
  <!-- mdkpi ${version}, the one-file edition (made by xtask/one-file.mjs). Nothing may leave this
       file: connect-src 'none' forbids every fetch; each script and style is allowed by its hash;
       the engine's worker starts from a blob: URL and inherits this policy. -->
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="referrer" content="no-referrer">
  <meta name="generator" content="mdkpi ${version} (one file)">
  <title>医療機器基本計画 KPI ダッシュボード</title>
  <link rel="icon" href="${icon}">
  <style>${style}</style>
  <script>${firstScreen}</script>
  <script type="text/plain" id="mdkpi-worker">${worker}</script>
</head>
<body>
  ${appDiv}
  ${snapshot}
  <details id="mdkpi-about" class="doc">
    <summary>このファイルについて：データがブラウザの外に出ないことの確かめ方 / About this file: how to verify that your data stays in this browser</summary>
    <p>mdkpi ${version}（1ファイル版）。このファイルだけで動きます。サーバーもネットワークも使いません。
      受け取ったファイルが改変されていないことは、配布元が公開する SHA-256 と照合して確かめられます
      （Windows: <code>certutil -hashfile mdkpi.html SHA256</code>、Mac・Linux: <code>sha256sum mdkpi.html</code>）。
      ファイル自身の SHA-256 はファイルの中には書けません（書けば値が変わるため）。 /
      mdkpi ${version}, the one-file edition: it runs from this file alone, with no server and no network.
      Check a copy you received against the SHA-256 its publisher lists (a file cannot carry its own hash:
      writing it in would change it).</p>
    <p>このファイルのポリシー / This file's policy: <code>default-src 'none'</code>; scripts and the style sheet
      only those inside this file, each allowed by its SHA-256; <code>connect-src 'none'</code>; the engine's worker
      from <code>blob:</code>. 以下のウェブ版の説明で「同じ場所」とあるのは、このファイル自身のことです。 /
      Where the site's text below says "the same origin", read "this file".</p>
${about}
  </details>
  <!-- After the first screen's snapshot, which is painted while ECharts (600 KB) is evaluated. -->
  <script>${echarts}</script>
  <!-- Last, as a module script would be deferred: the app mounts on #app, which is parsed by now. -->
  <script>${page}</script>
</body>
</html>
`;
writeFileSync(join(dist, 'mdkpi.html'), html);
const digest = createHash('sha256').update(html, 'utf8').digest('hex');
writeFileSync(join(dist, 'mdkpi.html.sha256'), `${digest}  mdkpi.html\n`);
// The site's privacy page names the one file's version and SHA-256, for checking a copy received by
// mail against it.
const sitePrivacy = privacyPage.replace(
    /(\s*<p><a href="index.html">)/,
    `\n    <!-- one-file -->\n    <h2>1ファイル版 / The one-file edition</h2>\n    <p data-testid="one-file-sha256">mdkpi.html（mdkpi ${version}）の SHA-256 / SHA-256 of mdkpi.html (mdkpi ${version}):<br><code>${digest}</code></p>\n    <!-- /one-file -->$1`,
);
if (sitePrivacy === privacyPage) fail('privacy.html has no back link to put the SHA-256 before');
writeFileSync(join(dist, 'privacy.html'), sitePrivacy);
const gz = gzipSync(Buffer.from(html, 'utf8'), { level: 9 }).length;
console.error(`one-file.mjs: dist/mdkpi.html ${Buffer.byteLength(html)} bytes (${gz} gzip), SHA-256 ${digest}`);
