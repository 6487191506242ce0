// Serves a built site on 127.0.0.1, for `cargo xtask serve` and the end-to-end tests.
// Usage: node xtask/serve.mjs DIR [PORT]   (PORT 0 picks a free one)
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';

/** Starts a static server; resolves to { server, url }. `setHeaders(res, pathname)`, if given, may
 * add response headers (the bench gives its peer parsers' worker a policy of its own). */
export function serveDir(dir, port = 0, { setHeaders } = {}) {
  const handler = sirv(dir, { dev: true, etag: true, setHeaders });
  const server = http.createServer((req, res) => handler(req, res, () => {
    res.statusCode = 404;
    res.end('not found');
  }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(Number(port), '127.0.0.1', () => {
      resolve({ server, url: `http://127.0.0.1:${server.address().port}/` });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dir = 'dist', port = '8080'] = process.argv.slice(2);
  serveDir(dir, port).then(
    ({ url }) => console.log(`mdkpi: serving ${dir} at ${url}`),
    (e) => {
      console.error(`mdkpi: cannot serve on 127.0.0.1:${port}: ${e.message} (try cargo xtask serve --port 8081)`);
      process.exit(1);
    },
  );
}
