// Trunk post_build hook. Turns every *_bg.wasm in the staging directory into an ES module that
// exports the bytes, and removes the .wasm. With the page's CSP (connect-src 'none') the browser
// may not fetch the .wasm, but it may import a same-origin script. Base64 costs ~33% more bytes
// before compression, about 5% after gzip.
import { readdirSync, readFileSync, writeFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('wasm-module.mjs: TRUNK_STAGING_DIR is not set (run me as a Trunk hook)');
  process.exit(1);
}
let converted = 0;
for (const name of readdirSync(dir)) {
  if (!name.endsWith('_bg.wasm')) continue;
  const bytes = readFileSync(join(dir, name));
  const b64 = bytes.toString('base64');
  writeFileSync(
    join(dir, name + '.js'),
    `// ${name}, ${bytes.length} bytes, as a module (see xtask/hooks/wasm-module.mjs).\n` +
      `const b64 = "${b64}";\n` +
      `export default Uint8Array.fromBase64 ? Uint8Array.fromBase64(b64)\n` +
      `  : Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));\n`,
  );
  unlinkSync(join(dir, name));
  converted++;
}
// With inject_scripts = false Trunk leaves its <link data-trunk rel="rust"> in the page; drop it.
const html = join(dir, 'index.html');
writeFileSync(html, readFileSync(html, 'utf8').replace(/[ \t]*<link data-trunk rel="rust"[^>]*>\n?/, ''));
if (converted === 0) {
  console.error(`wasm-module.mjs: no *_bg.wasm in ${dir}`);
  process.exit(1);
}
