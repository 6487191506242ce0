// The one-file edition (dist/mdkpi.html), copied alone into an empty folder and opened from
// file:// as a double-click opens it: the same dashboard and the same exports as the served site,
// with no request but the file itself and its own blob: and data: URLs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliJson, dist, figure, openApp, replaceFiles, root, showView } from './harness.mjs';

const fixture = (name) => join(root, 'tests/fixtures', name);
const FILES = ['stage_up_small.csv', 'workbooks/kyoten_jisseki.xlsx', 'trainings_cp932.csv'];

async function load(page, names) {
  await replaceFiles(page, names.map(fixture));
}

async function exportJson(page) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-results-json]').click()]);
  return readFileSync(await download.path(), 'utf8');
}

describe('the one-file edition', () => {
  let folder;
  let file;
  let site;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'mdkpi-one-file-'));
    copyFileSync(join(dist, 'mdkpi.html'), join(folder, 'mdkpi.html'));
    file = await openApp(join(folder, 'mdkpi.html'));
    site = await openApp();
  });
  after(async () => {
    await file?.close();
    await site?.close();
    if (folder) rmSync(folder, { recursive: true, force: true });
  });

  test('opened from file://, it shows the sample dashboard with its charts', async () => {
    const { page } = file;
    assert.match(page.url(), /^file:\/\//);
    await showView(page, 'stage-up');
    await page.locator('[data-chart="stage-up-by-adoption-stage"] canvas').first().waitFor();
    assert.equal(await page.locator('.goal-card').count(), 11);
    // The same figure as the served site's, on the same sample.
    const share = (p) => figure(p, 'rd.stage_up.share', 2023, {}, 'value');
    assert.equal(await share(page), await share(site.page));
  });

  test('files dropped on it give the same dashboard and byte-identical exports as the served site', async () => {
    await load(file.page, FILES);
    await load(site.page, FILES);
    for (const { page } of [file, site]) {
      await page.locator('[data-testid=datasets] tr[data-source="kyoten_jisseki.xlsx"]').first().waitFor();
    }
    const fromFile = await exportJson(file.page);
    assert.equal(fromFile, await exportJson(site.page));
    assert.equal(fromFile, cliJson(...FILES.map(fixture)));
    assert.equal(JSON.parse(fromFile).datasets.filter((d) => d.source === 'kyoten_jisseki.xlsx').length, 4);
    const rows = (page) => page.locator('[data-testid=datasets] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent));
    assert.deepEqual(await rows(file.page), await rows(site.page));
    await showView(file.page, 'stage-up');
    await file.page.locator('[data-chart="stage-up-by-adoption-stage"] canvas').first().waitFor();
    // The engine read them in a worker started from a blob: URL (the file carries its source).
    assert.ok(file.page.workers().some((w) => w.url().startsWith('blob:')), 'no blob: worker');
  });

  test('its privacy page is a section of the file, which the badge opens', async () => {
    const { page } = file;
    const tabs = page.context().pages().length;
    await page.locator('[data-testid=privacy-badge]').click();
    const about = page.locator('#mdkpi-about');
    assert.equal(await about.evaluate((d) => d.open), true);
    assert.match(await about.textContent(), /default-src 'none'/);
    assert.match(await about.textContent(), /mdkpi \d+\.\d+\.\d+/);
    // The badge's own target (privacy.html, in a new tab) is not followed: there is no such file.
    assert.equal(page.context().pages().length, tabs);
  });

  test("the site's privacy page names the one file's SHA-256, which a copy can be checked against", async () => {
    const page = await site.openPage();
    await page.goto(new URL('privacy.html', site.url).href);
    const stated = await page.locator('[data-testid=one-file-sha256] code').textContent();
    const copy = createHash('sha256').update(readFileSync(join(folder, 'mdkpi.html'))).digest('hex');
    assert.equal(stated, copy);
    assert.equal(readFileSync(join(dist, 'mdkpi.html.sha256'), 'utf8'), `${copy}  mdkpi.html\n`);
    await page.close();
  });

  test('saving from file:// works where the browser allows it, warns what it shares, and says why it fails', async () => {
    // Chromium gives pages opened from files one storage, shared: it works, with a warning.
    const { page } = file;
    await showView(page, 'data');
    await page.locator('[data-testid=file-storage-warning]').waitFor();
    await page.locator('input[data-option=persist]').check();
    await page.locator('[data-testid=persisted-at]').waitFor();
    await page.locator('input[data-option=persist]').uncheck();
    // A browser that gives such a page no storage: the switch goes back off and says why.
    const denied = await file.openPage();
    await denied.evaluate(() => Object.defineProperty(window, 'indexedDB', {
      get() { throw new DOMException('The user denied permission to access the database.', 'SecurityError'); },
    }));
    await showView(denied, 'data');
    // Clicked, not checked: the switch goes back off at once, which `check` would take for a fault.
    await denied.locator('input[data-option=persist]').click();
    const notice = denied.locator('[role=alert]');
    await notice.waitFor();
    assert.match(await notice.textContent(), /保存できませんでした[\s\S]*ファイルから直接開いたページ/);
    assert.equal(await denied.locator('input[data-option=persist]').isChecked(), false);
    await denied.close();
  });

  test('it made no request but the file and its own blob: and data: URLs, and broke no CSP rule', async () => {
    assert.deepEqual(file.foreignRequests(), []);
    assert.ok(file.requests.some((u) => u.startsWith('blob:')), 'the engine ran in a blob: worker');
    assert.deepEqual(await file.cspViolations(), []);
    assert.deepEqual(file.errors, []);
  });
});
