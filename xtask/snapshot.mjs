// The first screen, rendered at build time: the app's own overview of the embedded sample, as
// Chromium lays it out, written into dist/index.html (#snapshot) so that it paints before the
// page's wasm and ECharts have arrived. The app replaces it as it starts (src/lib.rs), and
// www/first-screen.js hides it where the app's first screen would be another one (a view, filter
// or unit in the URL, or an English browser). It is static HTML: no script, no inline style (the
// CSP allows neither), and `inert`, since nothing in it works until the app runs.
// Usage: node xtask/snapshot.mjs DIST
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serveDir } from './serve.mjs';

const dist = process.argv[2];
const index = join(dist, 'index.html');
const START = '<!-- snapshot -->';
const END = '<!-- /snapshot -->';
const fail = (why) => { console.error(`snapshot.mjs: ${why}`); process.exit(1); };

// The app is rendered without any snapshot of an earlier build in the page.
const page0 = readFileSync(index, 'utf8').replace(new RegExp(`\\s*${START}[\\s\\S]*?${END}`), '');
writeFileSync(index, page0);

const { server, url } = await serveDir(dist, 0);
const browser = await chromium.launch({
  executablePath: process.env.MDKPI_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
try {
  const context = await browser.newContext({ locale: 'ja-JP', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(url);
  // Every view made, so that the overview is as it stays.
  await page.waitForSelector('[data-testid=stage-up-table] [data-field=value]', { state: 'attached', timeout: 60_000 });
  if (errors.length) fail(`the app failed: ${errors.join('; ')}`);
  const body = await page.evaluate(() => {
    const app = document.getElementById('app').cloneNode(true);
    // The overview only (the other views are hidden on the first screen), and nothing that is
    // printed only (the print line carries today's date), nor the dialogs.
    for (const e of app.querySelectorAll('.view:not(#view-overview), .print-only, dialog, [hidden]')) e.remove();
    if (app.querySelector('[style], script')) return null;
    return app.innerHTML;
  });
  if (body === null) fail('the first screen holds an inline style or a script, which the CSP would refuse');
  if (!body.includes('id="view-overview"')) fail('no overview in the first screen');
  const snapshot = `${START}<div id="snapshot" inert>${body}</div>${END}`;
  const withSnapshot = page0.replace(/(<div id="app">[\s\S]*?<\/div>)/, (app) => `${app}\n  ${snapshot}`);
  if (withSnapshot === page0) fail('no <div id="app"> in index.html');
  writeFileSync(index, withSnapshot);
  console.log(`snapshot.mjs: the first screen, ${body.length} bytes, written into ${index}`);
} finally {
  await browser.close();
  server.close();
}
