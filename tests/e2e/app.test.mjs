// End to end through the real page in headless Chromium: first screen, upload, drag and drop,
// a definition switch, the export, and the privacy promise over the whole session.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliJson, figure, openApp, root, shots } from './harness.mjs';

const SHARE = 'rd.stage_up.share';
const FIXTURE = join(root, 'tests/fixtures/stage_up_small.csv');

describe('mdkpi in the browser', () => {
  let app;
  before(async () => { app = await openApp(); });
  after(async () => { await app?.close(); });

  test('the first screen is the labelled synthetic sample, computed and charted', async () => {
    const { page } = app;
    assert.match(await page.locator('[data-testid=sample-banner]').textContent(), /合成サンプルデータ/);
    assert.match(await page.locator('[data-testid=privacy-badge]').textContent(), /データはこのブラウザの外に送信されません/);
    // ECharts drew into a canvas (the chart is not empty).
    await page.locator('[data-chart="stage-up-by-adoption-stage"] canvas').first().waitFor();
    // The figures equal what the CLI computes from the same sample file.
    const expected = JSON.parse(cliJson(join(root, 'www/sample/projects.csv')));
    let checked = 0;
    for (const k of expected.kpis) {
      if (k.id !== SHARE || !(Object.keys(k.breakdown).length === 0 || 'adoption_stage' in k.breakdown)) continue;
      assert.equal(await figure(page, SHARE, k.fiscal_year, k.breakdown, 'value'), `${(k.value * 100).toFixed(1)}%`);
      assert.equal(await figure(page, SHARE, k.fiscal_year, k.breakdown, 'denominator'), String(k.denominator));
      checked++;
    }
    assert.equal(checked, 10);
    await page.screenshot({ path: join(shots, 'first-screen.png'), fullPage: true });
  });

  test('an uploaded file gives the hand-computed figures and the issues with their rows', async () => {
    const { page } = app;
    await page.locator('[data-testid=file-input]').setInputFiles(FIXTURE);
    await page.locator('[data-testid=datasets] tr[data-source="stage_up_small.csv"]').waitFor();
    assert.equal(await page.locator('[data-testid=sample-banner]').count(), 0);
    // Worked by hand in tests/fixtures/README.md.
    assert.equal(await figure(page, SHARE, 2023, {}, 'value'), '54.5%');
    assert.equal(await figure(page, SHARE, 2023, {}, 'numerator'), '6');
    assert.equal(await figure(page, SHARE, 2023, {}, 'denominator'), '11');
    assert.equal(await figure(page, SHARE, 2023, { adoption_stage: 1 }, 'value'), '66.7%');
    assert.equal(await figure(page, SHARE, 2023, { adoption_stage: 3 }, 'value'), '33.3%');
    assert.equal(await figure(page, SHARE, 2023, { adoption_stage: 4 }, 'value'), '50.0%');
    assert.equal(await figure(page, SHARE, 2024, {}, 'value'), '75.0%');
    assert.equal(await figure(page, SHARE, 2024, { adoption_stage: 2 }, 'value'), '0.0%');
    const row = page.locator('[data-testid=datasets] tr[data-source="stage_up_small.csv"]');
    assert.equal(await row.locator('[data-field=rows_read]').textContent(), '17');
    assert.equal(await row.locator('[data-field=rows_used]').textContent(), '16');
    assert.equal(await row.locator('[data-field=rows_rejected]').textContent(), '1');
    assert.match(await page.locator('[data-testid=issues-summary]').textContent(), /エラー 1 件・警告 1 件/);
    const error = page.locator('[data-testid=issues] tr[data-severity="エラー"]');
    assert.match(await error.textContent(), /14/);
    assert.match(await error.textContent(), /採択年度/);
  });

  test('the exported JSON is byte-identical to the CLI output for the same file', async () => {
    const { page } = app;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.locator('[data-action=export-results-json]').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mdkpi-results.json');
    const exported = readFileSync(await download.path(), 'utf8');
    assert.equal(exported, cliJson(FIXTURE));
    const results = JSON.parse(exported);
    assert.equal(results.schema, 'mdkpi.results/1');
    const total = results.kpis.find((k) => k.id === SHARE && k.fiscal_year === 2023 && Object.keys(k.breakdown).length === 0);
    assert.deepEqual([total.numerator, total.denominator], [6, 11]);
    assert.ok(total.ci95[0] < 6 / 11 && 6 / 11 < total.ci95[1]);
  });

  test('switching a definition recomputes live and is stated in the footnote', async () => {
    const { page } = app;
    await page.locator('input[data-option=exclude_discontinued]').check();
    assert.equal(await figure(page, SHARE, 2023, {}, 'value'), '60.0%');
    assert.equal(await figure(page, SHARE, 2023, {}, 'denominator'), '10');
    assert.match(await page.locator('[data-testid=stage-up-definition]').textContent(), /中止: 分母から除外/);
    await page.locator('input[data-option=exclude_discontinued]').uncheck();
    assert.equal(await figure(page, SHARE, 2023, {}, 'denominator'), '11');
  });

  test('a file dropped on the page is computed like a chosen one', async () => {
    const { page } = app;
    const text = readFileSync(FIXTURE, 'utf8');
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'dropped.csv', { type: 'text/csv' }));
      return dt;
    }, text);
    await page.dispatchEvent('[data-testid=dropzone]', 'drop', { dataTransfer });
    await page.locator('[data-testid=datasets] tr[data-source="dropped.csv"]').waitFor();
    assert.equal(await figure(page, SHARE, 2023, {}, 'value'), '54.5%');
  });

  test('the whole session made no request outside the page origin and broke no CSP rule', async () => {
    assert.ok(app.requests.length > 0, 'requests were recorded');
    assert.deepEqual(app.foreignRequests(), []);
    assert.deepEqual(await app.cspViolations(), []);
    assert.deepEqual(app.errors, []);
  });
});
