// Shared set-up for the end-to-end tests: serve dist/, drive Debian's Chromium with playwright-core
// (which downloads no browser), and record everything that could betray the privacy promise:
// every request, every CSP violation, every console error.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { serveDir } from '../../xtask/serve.mjs';

export const root = new URL('../../', import.meta.url).pathname;
export const dist = process.env.MDKPI_DIST ?? join(root, 'dist');
export const cli = process.env.MDKPI_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(root, 'target'), 'debug/mdkpi');
export const shots = join(root, 'target/e2e');
mkdirSync(shots, { recursive: true });

/** The CLI's results JSON for files, exactly as printed (also when it exits 2: nothing usable). */
export function cliJson(...files) {
  try {
    return execFileSync(cli, ['compute', ...files], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    if (e.status === 2 && e.stdout) return e.stdout;
    throw e;
  }
}

// Flags for headless Chromium as root on a machine without general network access.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic', '--disable-features=Translate,OptimizationHints',
];

/** The app in headless Chromium: served from dist/, or, given a path, opened from that file
 * (file://), as a user double-clicks the one-file edition; in a Japanese browser unless `locale`
 * says otherwise. */
export async function openApp(file, { locale = 'ja-JP' } = {}) {
  const served = file ? null : await serveDir(dist, 0);
  const url = file ? pathToFileURL(file).href : served.url;
  const origin = new URL(url).origin;
  const browser = await chromium.launch({
    executablePath: process.env.MDKPI_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ acceptDownloads: true, locale, viewport: { width: 1280, height: 900 } });
  const requests = [];
  const errors = [];
  // Violations are reported to this process, so that none is lost when a test reloads the page.
  const violations = [];
  await context.exposeBinding('__reportCsp', (_source, text) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__reportCsp(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  /** A new tab on the app, recorded like every other (requests, errors, CSP violations). */
  const openPage = async () => {
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(url);
    // The sample's figures are on the page (the stage-up view's among the last made), shown or not.
    await page.waitForSelector('[data-testid=stage-up-table] [data-field=value]', { state: 'attached' });
    return page;
  };
  const page = await openPage();
  return {
    page, url, origin, requests, errors, openPage,
    cspViolations: async () => violations,
    /** Requests that went anywhere but this origin, or this file (data: and blob: stay in the page). */
    foreignRequests: () =>
      requests.filter((u) => !u.startsWith('data:') && !u.startsWith('blob:') && (file ? u !== url : new URL(u).origin !== origin)),
    async close() {
      await browser.close();
      if (served) await new Promise((r) => served.server.close(r));
    },
  };
}

/** Opens a view from the navigation bar, as a user does; the page shows one view at a time. */
export async function showView(page, view) {
  await page.locator(`[data-view-link="${view}"]`).click();
  await page.locator(`#view-${view}`).waitFor();
}

/** Loads files in place of those shown (the data view's "replace all"; while the sample is shown,
 * the file button, which replaces it), and waits until the engine has computed them. */
export async function replaceFiles(page, files) {
  await showView(page, 'data');
  const replace = page.locator('[data-testid=replace-input]');
  const input = (await replace.count()) > 0 ? replace : page.locator('[data-testid=file-input]');
  await changed(page, () => input.setInputFiles(files));
}

/** The text of a figure, found by its data attributes (in whichever view holds it, shown or not). */
export async function figure(page, kpiId, fiscalYear, breakdown, field) {
  const sel = `[data-kpi-id="${kpiId}"][data-fiscal-year="${fiscalYear ?? ''}"][data-breakdown='${JSON.stringify(breakdown)}'][data-field="${field}"]`;
  return (await page.locator(sel).textContent())?.trim();
}

/** Runs `action`, then waits until the engine has computed what it asked for. */
export async function changed(page, action) {
  const before = Number(await page.getAttribute('main', 'data-request'));
  await action();
  await page.waitForFunction((b) => {
    const main = document.querySelector('main');
    return Number(main.dataset.request) > b && main.dataset.busy === 'false';
  }, before, { timeout: 120_000 });
}
