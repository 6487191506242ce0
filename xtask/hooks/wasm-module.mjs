// Trunk post_build hook. Turns every *_bg.wasm in the staging directory into an ES module that
// exports the bytes, and removes the .wasm. With the page's CSP (connect-src 'none') the browser
// may not fetch the .wasm, but it may import a same-origin script.
//
// The bytes travel gzip-compressed (level 9) and base64-encoded, and the browser inflates them with
// its own DecompressionStream. The module exports a promise of the bytes, which wasm-bindgen's init
// awaits. Base64 of the raw wasm compressed badly (a server's gzip of it was
// 27% larger than gzip of the binary); base64 of already-compressed bytes costs ~2% after a
// server's gzip, and the page is small even where the server does not compress at all.
import { readdirSync, readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('wasm-module.mjs: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
let converted = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('_bg.wasm')) continue;
  const bytes = readFileSync(join(dir, name));
  const b64 = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION }).toString('base64');
  writeFileSync(
    join(dir, name + '.js'),
    `// ${name}, ${bytes.length} bytes, gzip + base64 (see xtask/hooks/wasm-module.mjs).\n` +
      `const b64 = "${b64}";\n` +
      `const gz = Uint8Array.fromBase64 ? Uint8Array.fromBase64(b64) : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));\n` +
      `const wasm = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));\n` +
      // A promise, not a top-level await: a worker importing this module must set its onmessage
      // at once, or the messages posted while it waited would be lost.
      `export default new Response(wasm).arrayBuffer().then((b) => new Uint8Array(b));\n`,
  );
  unlinkSync(join(dir, name));
  converted++;
}
// With inject_scripts = false Trunk leaves its <link data-trunk rel="rust"> links in the page; drop them.
const html = join(dir, 'index.html');
writeFileSync(html, readFileSync(html, 'utf8').replace(/[ \t]*<link data-trunk rel="rust"[^>]*>\n?/g, ''));
if (converted === 0) {
  console.error(`wasm-module.mjs: no *_bg.wasm in ${dir}`);
  process.exit(1);
}
