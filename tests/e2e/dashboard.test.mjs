// The committee dashboard end to end on the embedded sample: every view from the navigation bar
// (charts, tables, axe-core), a filter that changes the figures and survives in the URL, the rows
// behind a figure, chart and table exports, and the README screenshots.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { changed, figure, openApp, root } from './harness.mjs';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const VIEWS = ['overview', 'kpi', 'stage-up', 'satisfaction', 'reference', 'data'];
// Views that draw charts (the reference statistics are a table; the data view has none).
const CHARTED = ['kpi', 'stage-up', 'satisfaction'];

/** The cells of one CSV line (quoted cells unquoted). */
function cells(line) {
  const out = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) { out.push(cell); cell = ''; } else cell += c;
  }
  return [...out, cell];
}

/** A workbook as LibreOffice reads it: each sheet's rows, each cell `{ text, number }` (number
 * only for a cell LibreOffice holds as a number, with its type: float, percentage). Read through LibreOffice's flat XML, so that the
 * test sees what a secretariat's spreadsheet sees, not what our writer meant. */
function libreOffice(bytes) {
  const dir = mkdtempSync(join(tmpdir(), 'mdkpi-lo-'));
  writeFileSync(join(dir, 'book.xlsx'), bytes);
  execFileSync(process.env.MDKPI_SOFFICE ?? 'soffice',
    ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'fods', '--outdir', dir, join(dir, 'book.xlsx')],
    { stdio: 'ignore', timeout: 120_000 });
  const xml = readFileSync(join(dir, 'book.fods'), 'utf8');
  const unescape = (t) => t.replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const sheets = new Map();
  for (const [, name, body] of xml.matchAll(/<table:table table:name="([^"]*)"[^>]*>([\s\S]*?)<\/table:table>/g)) {
    const rows = [];
    for (const [, row] of body.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)) {
      const cells = [];
      for (const [, attrs, inner] of row.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)) {
        const repeat = Number(/table:number-columns-repeated="(\d+)"/.exec(attrs)?.[1] ?? 1);
        const [, type, value] = /office:value-type="(float|percentage|currency)"[^>]*?office:value="([^"]*)"/.exec(attrs) ?? [];
        const cell = { text: unescape(inner ?? '').trim(), number: value === undefined ? null : Number(value), type };
        for (let i = 0; i < Math.min(repeat, 32); i++) cells.push(cell);
      }
      rows.push(cells);
    }
    sheets.set(name.replace(/&amp;/g, '&'), rows);
  }
  return sheets;
}

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

/** The cells' text as the eye reads it: a figure's button also holds its name for a screen reader,
 * out of sight (.visually-hidden), which a table compared with its CSV leaves out. */
const asSeen = (cells) => cells.map((cell) => {
  const copy = cell.cloneNode(true);
  for (const hidden of copy.querySelectorAll('.visually-hidden')) hidden.remove();
  return copy.textContent.trim();
});

describe('the committee dashboard', () => {
  let app;
  before(async () => { app = await openApp(); });
  after(async () => { await app?.close(); });

  test('every view opens from the navigation bar with its charts and tables, and axe finds nothing serious', async () => {
    const { page } = app;
    // axe is evaluated through the DevTools protocol, which the page's CSP does not govern.
    await page.evaluate(AXE);
    for (const view of VIEWS) {
      await page.locator(`[data-view-link="${view}"]`).click();
      await page.waitForFunction((v) => location.hash.includes(`view=${v}`), view);
      assert.equal(await page.locator(`[data-view-link="${view}"]`).getAttribute('aria-current'), 'page');
      // Only this view is shown, from its top.
      assert.deepEqual(await page.locator('.view:visible').evaluateAll((vs) => vs.map((v) => v.id)), [`view-${view}`]);
      assert.equal(await page.evaluate(() => scrollY), 0, `${view} opens at its top`);
      if (CHARTED.includes(view)) {
        assert.ok(await page.locator(`#view-${view} [data-chart] canvas`).count() > 0, `${view} has a drawn chart`);
        const summary = await page.locator(`#view-${view} [data-testid=chart-summary]`).first().textContent();
        assert.ok(summary.length > 20, `${view}: the chart has a description: ${summary}`);
      }
      if (view !== 'overview') {
        assert.ok(await page.locator(`#view-${view} table`).count() > 0, `${view} has a table`);
      }
      const violations = await page.evaluate(async (v) => {
        const r = await axe.run(document.querySelector(`#view-${v}`), { resultTypes: ['violations'] });
        return [r.passes.length, r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
          .map((x) => `${x.id} (${x.impact}): ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)];
      }, view);
      assert.ok(violations[0] > 5, `axe ran its rules on ${view}`);
      assert.deepEqual(violations[1], [], `${view}: ${violations[1].join('\n')}`);
    }
    // The header, the navigation and the filters too.
    const chrome = await page.evaluate(async () => {
      const r = await axe.run({ include: [['header'], ['nav.toolbar']] }, { resultTypes: ['violations'] });
      return r.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical').map((x) => x.id);
    });
    assert.deepEqual(chrome, []);
    // Back returns to the view before; a goal card's link opens the KPI view at that goal.
    await page.goBack();
    await page.waitForFunction(() => location.hash.includes('view=reference'));
    assert.deepEqual(await page.locator('.view:visible').evaluateAll((vs) => vs.map((v) => v.id)), ['view-reference']);
    await page.locator('[data-view-link=overview]').click();
    await page.locator('.goal-card[data-goal="3"] a[data-view-link-inline=kpi]').click();
    await page.waitForFunction(() => location.hash.includes('goal=3'));
    const top = await page.locator('#goal-3').evaluate((el) => el.getBoundingClientRect().top);
    const bar = await page.locator('nav.toolbar').evaluate((el) => el.getBoundingClientRect().bottom);
    assert.ok(top >= bar - 1 && top < bar + 60, `goal ③ opens under the sticky bar (top ${top}, bar ${bar})`);
  });

  test('on a laptop and a phone the sticky area takes at most 15% of the height, and no view is wider than the screen', async () => {
    const { page } = app;
    const size = page.viewportSize();
    // 320 px: WCAG 1.4.10's reflow width (1280 px at 400% zoom).
    for (const [width, height] of [[1366, 768], [390, 844], [320, 640]]) {
      await page.setViewportSize({ width, height });
      for (const view of VIEWS) {
        await page.locator(`[data-view-link="${view}"]`).click();
        await page.locator(`#view-${view}`).waitFor();
        const [bar, scrollWidth] = await page.evaluate(() => [document.querySelector('nav.toolbar').getBoundingClientRect().height, document.documentElement.scrollWidth]);
        assert.ok(bar <= 0.15 * height, `${width}×${height} ${view}: the sticky bar is ${bar} px`);
        assert.ok(scrollWidth <= width, `${width}×${height} ${view}: the page is ${scrollWidth} px wide`);
      }
      // The sample's mark stays in the sticky bar on every view.
      assert.equal(await page.locator('[data-testid=sample-badge]').isVisible(), true);
    }
    // On the phone the filters fold behind one button that opens them.
    await page.setViewportSize({ width: 390, height: 844 });
    assert.equal(await page.locator('[data-filter=program]').isVisible(), false);
    await page.locator('[data-action=toggle-filters]').click();
    assert.equal(await page.locator('[data-filter=program]').isVisible(), true);
    await page.locator('[data-action=toggle-filters]').click();
    await page.setViewportSize(size);
  });

  test('the focus shows on every control, clear of the sticky bar, and every control is at least 24 × 24 px', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1366, height: 768 });
    for (const view of ['overview', 'kpi', 'stage-up', 'satisfaction', 'data']) {
      await page.locator(`[data-view-link="${view}"]`).click();
      await page.locator(`#view-${view}`).waitFor();
      const seen = new Set();
      for (let i = 0; i < 800; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          // A hidden file input shows its focus on the label that draws its button.
          const ring = el.matches('input.visually-hidden') ? el.closest('label') : el;
          const style = getComputedStyle(ring);
          const box = ring.getBoundingClientRect();
          // A checkbox's target is its label too (a click on either toggles it).
          const target = (el.matches('input') && el.closest('label')) || ring;
          const bar = document.querySelector('nav.toolbar').getBoundingClientRect();
          return {
            key: ring.outerHTML.slice(0, 120),
            ring: (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none',
            clear: Boolean(ring.closest('header, nav.toolbar')) || (box.top >= bar.bottom - 1 && box.bottom <= innerHeight + 1),
            size: [target.getBoundingClientRect().width, target.getBoundingClientRect().height],
            inline: Boolean(ring.closest('p, li')) && ring.matches('a'),
          };
        });
        if (f === null || seen.has(f.key)) break;
        seen.add(f.key);
        assert.ok(f.ring, `${view}: no visible focus on ${f.key}`);
        assert.ok(f.clear, `${view}: the focus is hidden under the sticky bar or off screen on ${f.key}`);
        // Links inside a sentence are exempt (WCAG 2.5.8, "inline").
        if (!f.inline) assert.ok(f.size[0] >= 24 && f.size[1] >= 24, `${view}: ${f.key} is ${f.size.join('×')} px`);
      }
      assert.ok(seen.size > 10, `${view}: ${seen.size} controls reached by Tab`);
    }
  });

  test('the README screenshots of the overview, stage-up and satisfaction views', async () => {
    const { page } = app;
    for (const view of ['overview', 'stage-up', 'satisfaction']) {
      await page.locator(`[data-view-link="${view}"]`).click();
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(root, 'docs', `${view}.png`) });
    }
  });

  test('a filter changes the figures, says so, travels in the URL and in the export, and clears', async () => {
    const { page } = app;
    const total = () => figure(page, 'rd.projects.active', 2024, {}, 'value');
    const members = () => figure(page, 'members.companies', 2024, {}, 'value');
    const [allProjects, allMembers] = [await total(), await members()];
    const program = await page.locator('[data-filter=program] option').nth(1).getAttribute('value');
    const cell = await figure(page, 'rd.projects.active', 2024, { program }, 'value');
    await changed(page, () => page.selectOption('[data-filter=program]', program));
    // The total is now the program's cell; companies have no program and are untouched.
    assert.equal(await total(), cell);
    assert.notEqual(cell, allProjects);
    assert.equal(await members(), allMembers);
    assert.ok((await page.locator('[data-testid=filter-note]').textContent()).includes(`事業 ${program}`));
    // Beside the member companies' figures: the program filter does not apply to them.
    const note = page.locator('section[data-kpi="members.companies"] [data-testid=unfiltered]');
    assert.match(await note.textContent(), /この絞り込みは適用されません（事業）/);
    assert.equal(await page.locator('section[data-kpi="rd.projects.active"] [data-testid=unfiltered]').count(), 0);
    assert.equal(await page.locator('.goal-card[data-goal="2"] [data-testid=unfiltered]').count(), 1);
    // A reversed year range is refused with a message, and changes nothing.
    const years = await page.locator('[data-filter=fy_from] option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean));
    await page.selectOption('[data-filter=fy_to]', years[0]);
    await changed(page, () => page.selectOption('[data-filter=fy_to]', ''));
    await page.selectOption('[data-filter=fy_from]', years.at(-1));
    await page.waitForFunction(() => document.querySelector('main').dataset.busy === 'false');
    await page.selectOption('[data-filter=fy_to]', years[0]);
    assert.match(await page.locator('[data-testid=notice]').textContent(), /年度の範囲が逆です/);
    await changed(page, () => page.locator('.chip[data-chip="fiscal years"] .chip-remove').click());
    assert.equal(await page.locator('.chip[data-chip="fiscal years"]').count(), 0);
    const hash = await page.evaluate(() => location.hash);
    assert.equal(new URLSearchParams(hash.slice(1)).get('program'), program);
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-results-json]').click()]);
    assert.equal(JSON.parse(readFileSync(await json.path(), 'utf8')).definitions.filter.program, program);
    // The same URL in a new tab shows the same filtered figures.
    const other = await app.openPage();
    await other.goto(`${app.url}${hash}`);
    await other.waitForFunction(() => document.querySelector('main').dataset.busy === 'false' && Number(document.querySelector('main').dataset.request) > 0);
    assert.equal(await other.locator('[data-filter=program]').inputValue(), program);
    assert.equal(await figure(other, 'rd.projects.active', 2024, {}, 'value'), cell);
    await other.close();
    await changed(page, () => page.locator('[data-action=clear-filters]').click());
    assert.equal(await total(), allProjects);
    assert.equal(await page.locator('[data-testid=filter-note]').count(), 0);
  });

  test('the money unit changes every yen figure on the page and in the chart exports, and travels in the URL', async () => {
    const { page } = app;
    await page.locator('[data-view-link=kpi]').click();
    const [json] = await Promise.all([page.waitForEvent('download'), page.locator('[data-action=export-results-json]').click()]);
    const grant = JSON.parse(readFileSync(await json.path(), 'utf8')).kpis
      .filter((k) => k.id === 'rd.grant.amount' && Object.keys(k.breakdown).length === 0 && k.value != null);
    assert.ok(grant.length >= 2, 'the sample has grant amounts');
    const shown = (fy) => figure(page, 'rd.grant.amount', fy, {}, 'value');
    // Rounded as Rust's format! rounds (toFixed: the exact binary value), then grouped by thousands.
    const grouped = (v, digits) => {
      const [whole, fraction] = v.toFixed(digits).split('.');
      return Number(whole).toLocaleString('en-US') + (fraction ? `.${fraction}` : '');
    };
    for (const [slug, divisor, digits, unit] of [['thousand', 1e3, 0, '千円'], ['million', 1e6, 1, '百万円'], ['100m', 1e8, 2, '億円'], ['yen', 1, 0, '円']]) {
      await page.selectOption('[data-option=money]', slug);
      assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('money'), slug);
      for (const k of grant) assert.equal(await shown(k.fiscal_year), `${grouped(k.value / divisor, digits)}${unit}`, `${slug} FY${k.fiscal_year}`);
      // The chart draws the same numbers, on an axis named in the unit, under a title that says it.
      const option = await page.evaluate(() => echarts.getInstanceByDom(document.querySelector('[data-chart="trend-rd.grant.amount"]')).getOption());
      assert.equal(option.yAxis[0].name, unit);
      assert.equal(option.series.find((x) => x.name === '助成額').data[0], Number((grant[0].value / divisor).toFixed(digits)));
    }
    await page.selectOption('[data-option=money]', 'million');
    const svg = (await download(page, () => page.locator('[data-chart-figure="trend-rd.grant.amount"] [data-action=export-svg]').click())).bytes.toString('utf8');
    assert.ok(svg.includes('助成額（百万円）の推移'), 'the exported title names the unit');
    // A link keeps it; "auto" (億円 and 万円 by amount) is the default and is not written.
    const other = await app.openPage();
    await other.goto(`${app.url}${await page.evaluate(() => location.hash)}`);
    assert.equal(await figure(other, 'rd.grant.amount', grant[0].fiscal_year, {}, 'value'), `${grouped(grant[0].value / 1e6, 1)}百万円`);
    await other.close();
    await page.selectOption('[data-option=money]', 'auto');
    assert.equal(new URLSearchParams((await page.evaluate(() => location.hash)).slice(1)).get('money'), null);
  });

  test('a KPI table exports as shown, and every export of the sample says it is the sample', async () => {
    const { page } = app;
    await page.locator('[data-view-link=kpi]').click();
    await page.selectOption('[data-option=money]', 'million');
    const section = page.locator('section[data-kpi="rd.grant.amount"]');
    const csv = await download(page, () => section.locator(':scope > .csv-buttons [data-action=table-csv]').click());
    assert.equal(csv.name, 'mdkpi_rd.grant.amount.csv');
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    assert.equal(lines[0], '# 合成データ / SAMPLE');
    assert.equal(lines[1], '# 助成額（百万円）');
    assert.match(lines[2], /^"?# データ: sample_projects_synthetic\.csv ・ n は課題数/);
    assert.equal(lines[3], '年度,区分,値,n,95%信頼区間,前年比,次年度の目安');
    // The rows as the table shows them: 和暦 labels, the unit, the change; then the breakdowns.
    const shown = await section.locator('table[data-kpi-table] tbody tr').first().locator('td').evaluateAll(asSeen);
    assert.deepEqual(cells(lines[4]), shown);
    assert.match(shown[2], /^[\d,.]+百万円$/);
    assert.ok(lines.some((l) => l.includes('事業: ')), 'the breakdowns, named by their dimension');
    await page.selectOption('[data-option=money]', 'auto');
    // The results, JSON and CSV, carry the mark too.
    const json = await download(page, () => page.locator('[data-action=export-results-json]').click());
    assert.equal(JSON.parse(json.bytes.toString('utf8')).sample, true);
    const results = await download(page, () => page.locator('[data-action=export-results-csv]').click());
    assert.match(results.bytes.toString('utf8'), /^\uFEFF# 合成データ \/ SAMPLE: 架空の値です/);
  });

  test('the results and a table export as .xlsx that LibreOffice reads with the figures as numbers', async () => {
    const { page } = app;
    await page.locator('[data-view-link=kpi]').click();
    const json = JSON.parse((await download(page, () => page.locator('[data-action=export-results-json]').click())).bytes.toString('utf8'));
    const total = (id, fy) => json.kpis.find((k) => k.id === id && k.fiscal_year === fy && Object.keys(k.breakdown).length === 0);
    const book = await download(page, () => page.locator('[data-action=export-results-xlsx]').click());
    assert.equal(book.name, 'mdkpi-results.xlsx');
    const sheets = libreOffice(book.bytes);
    assert.equal([...sheets.keys()][0], '概要');
    assert.equal(sheets.get('概要')[0][0].text, '合成データ / SAMPLE');
    const ids = new Set(json.kpis.map((k) => k.id));
    assert.equal(sheets.size, ids.size + 2, 'a summary, a sheet per KPI with figures, the definitions');
    const trainees = sheets.get('training.trainees');
    assert.equal(trainees[1][0].text, '受講者数（延べ人数, 人）');
    for (const fy of [2022, 2023, 2024]) {
      const row = trainees.find((r) => r[0]?.text.endsWith(`(FY${fy})`) && r[1]?.text === '全体');
      assert.equal(row[2].number, total('training.trainees', fy).value, `FY${fy}: a number, the results' figure`);
    }
    const share = sheets.get('rd.stage_up.share').find((r) => r[0]?.text.endsWith('(FY2024)') && r[1]?.text === '全体');
    // LibreOffice keeps 15 significant digits.
    assert.ok(Math.abs(share[2].number - total('rd.stage_up.share', 2024).value) < 1e-12, 'a share is the fraction…');
    assert.equal(share[2].type, 'percentage', '… shown as a percentage');
    const hidden = json.kpis.find((k) => k.suppressed);
    const hiddenRows = sheets.get(hidden.id).filter((r) => r[0]?.text.endsWith(`(FY${hidden.fiscal_year})`) && r[2]?.text === 'x');
    assert.ok(hiddenRows.length > 0 && hiddenRows.every((r) => r[2].number === null), 'a hidden figure reads x, no number');

    // One table, in the money unit chosen: the figure in 百万円, a number.
    await page.selectOption('[data-option=money]', 'million');
    const section = page.locator('section[data-kpi="rd.grant.amount"]');
    const table = await download(page, () => section.locator(':scope > .csv-buttons [data-action=table-xlsx]').click());
    assert.equal(table.name, 'mdkpi_rd.grant.amount.xlsx');
    const [rows] = libreOffice(table.bytes).values();
    assert.equal(rows[0][0].text, '合成データ / SAMPLE');
    assert.equal(rows[1][0].text, '助成額（百万円）');
    const grant = rows.find((r) => r[0]?.text.endsWith('(FY2024)') && r[1]?.text === '全体');
    assert.ok(Math.abs(grant[2].number - total('rd.grant.amount', 2024).value / 1e6) < 1e-6, `${grant[2].number}`);
    assert.ok(rows.some((r) => r[0]?.text.startsWith('データ: ')), 'the footnotes under the table');
    await page.selectOption('[data-option=money]', 'auto');
  });

  test('a figure opens the rows behind it, sortable, searchable and exportable', async () => {
    const { page } = app;
    await page.locator('[data-view-link=kpi]').click();
    const n = await figure(page, 'rd.projects.active', 2024, {}, 'n');
    await page.locator('button:has([data-kpi-id="rd.projects.active"][data-fiscal-year="2024"][data-breakdown="{}"][data-field=value])').click();
    const dialog = page.locator('[data-testid=drill]');
    await dialog.locator('[data-testid=drill-table] tbody tr').first().waitFor();
    assert.equal(await dialog.locator('[data-testid=drill-table] tbody tr').count(), Number(n));
    assert.match(await dialog.locator('[data-testid=drill-count]').textContent(), new RegExp(`${n}行中 ${n}行`));
    // Sort by 課題ID, descending on the second click.
    const idHeader = dialog.locator('th', { hasText: '課題ID' });
    await idHeader.locator('button').click();
    await idHeader.locator('button').click();
    assert.equal(await idHeader.getAttribute('aria-sort'), 'descending');
    const col = await dialog.locator('thead th').allTextContents();
    const idIndex = col.findIndex((t) => t.startsWith('課題ID'));
    const ids = await dialog.locator(`tbody tr td:nth-child(${idIndex + 1})`).allTextContents();
    assert.deepEqual(ids, [...ids].sort().reverse());
    // Search narrows to the rows that contain the text.
    await dialog.locator('[data-testid=drill-search]').fill(ids[0]);
    assert.equal(await dialog.locator('[data-testid=drill-table] tbody tr').count(), ids.filter((i) => i.includes(ids[0])).length);
    const csv = await download(page, () => dialog.locator('[data-action=table-csv]').click());
    assert.deepEqual([...csv.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const text = csv.bytes.toString('utf8');
    assert.match(text, /^\uFEFF# 実施中の課題数・令和6年度 \(FY2024\)・全体/);
    assert.ok(text.includes(ids[0]));
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('[data-testid=drill]').open);
  });

  test('a chart exports as a 2× PNG and as SVG with its title and footnote in Japanese', async () => {
    const { page } = app;
    await page.locator('[data-view-link=stage-up]').click();
    const fig = page.locator('[data-chart-figure="stage-up-by-adoption-stage"]');
    const png = await download(page, () => fig.locator('[data-action=export-png]').click());
    assert.equal(png.name, 'mdkpi_stage-up-by-adoption-stage.png');
    assert.equal(png.bytes.subarray(1, 4).toString('latin1'), 'PNG');
    // 1280×720 (16:9) at pixel ratio 2.
    assert.deepEqual([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)], [2560, 1440]);
    const svg = await download(page, () => fig.locator('[data-action=export-svg]').click());
    const text = svg.bytes.toString('utf8');
    assert.match(text, /^<svg/);
    assert.ok(text.includes('ステージアップ率（採択時ステージ別, %）'), 'title with its unit');
    assert.ok(text.includes('sample_projects_synthetic.csv'), 'footnote with its source');
    assert.ok(!text.includes('sample_trainings_synthetic.csv'), 'footnote without the files not behind the chart');
    assert.ok(text.includes('合成データ / SAMPLE'), 'the sample mark');
    // 4:3 for older slide templates, and to the clipboard as a PNG where the browser allows it.
    await fig.locator('[data-option=shape]').selectOption('4:3');
    const square = await download(page, () => fig.locator('[data-action=export-png]').click());
    assert.deepEqual([square.bytes.readUInt32BE(16), square.bytes.readUInt32BE(20)], [2048, 1536]);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: app.origin });
    await fig.locator('[data-action=copy-png]').click();
    assert.match(await fig.locator('[data-testid=copied]').textContent(), /画像をコピーしました/);
    const copied = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      const png = new DataView(await (await item.getType('image/png')).arrayBuffer());
      return [item.types, png.getUint32(16), png.getUint32(20)];
    });
    assert.deepEqual(copied, [['image/png'], 2048, 1536]);
    await fig.locator('[data-option=shape]').selectOption('16:9');
    // A KPI's trend: its unit in the title, and what its n counts.
    await page.locator('[data-view-link=kpi]').click();
    const trend = page.locator('[data-chart-figure="trend-training.trainees"]');
    const trendSvg = (await download(page, () => trend.locator('[data-action=export-svg]').click())).bytes.toString('utf8');
    assert.ok(trendSvg.includes('受講者数（延べ人数, 人）の推移'), 'trend title with its unit');
    assert.ok(trendSvg.includes('n は集計した報告の行数'), 'what n counts');
    assert.ok(trendSvg.includes('データ: sample_trainings_synthetic.csv ・'), 'only its own source');
    assert.ok(text.includes('公表用') && text.includes('x（補完秘匿あり）'), 'footnote with the mode and the disclosure rule');
  });

  test('the page is Japanese first and switches to English and back', async () => {
    const { page } = app;
    assert.equal(await page.getAttribute('html', 'lang'), 'ja');
    await page.locator('[data-action=toggle-lang]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.equal((await page.locator('[data-view-link="stage-up"]').textContent()).trim(), 'Stage-up');
    assert.match(await page.locator('[data-kpi="rd.projects.active"] h4').textContent(), /^Projects active/);
    assert.match(await page.locator('h1').textContent(), /KPI dashboard/);
    // The tables' own words and the trend charts' legends follow; the data's words do not.
    const table = page.locator('[data-kpi-table="rd.projects.active"]');
    assert.equal((await table.locator('tr.total td').nth(1).textContent()).trim(), 'All');
    assert.match(await table.locator('td.trend').last().textContent(), /\(prev\. [0-9,]+\)/);
    const legend = await page.evaluate(() => echarts.getInstanceByDom(document.querySelector('[data-chart="trend-rd.projects.active"]')).getOption().series.map((s) => s.name));
    assert.ok(legend.includes('Projects active'), `${legend}`);
    assert.ok(legend.some((n) => n.startsWith("Next year's guide")), `${legend}`);
    const stageUp = page.locator('[data-testid=stage-up-table]');
    assert.match(await stageUp.locator('thead').textContent(), /Stage at adoption/);
    assert.ok((await stageUp.locator('tbody td').allTextContents()).includes('All'));
    const stages = await page.evaluate(() => echarts.getInstanceByDom(document.querySelector('[data-chart="stage-up-by-adoption-stage"]')).getOption().xAxis[0].data);
    assert.ok(stages.includes('1 basic research'), `${stages}`);
    const levels = await page.evaluate(() => echarts.getInstanceByDom(document.querySelector('[data-chart="satisfaction-likert"]')).getOption().legend[0].data);
    assert.deepEqual(levels, ['1 very dissatisfied', '2 dissatisfied', '3 neutral', '4 satisfied', '5 very satisfied']);
    assert.match(await page.locator('[data-testid=likert-table] thead').textContent(), /Satisfied or better/);
    await page.locator('[data-action=toggle-lang]').click();
    await page.waitForFunction(() => document.documentElement.lang === 'ja');
    assert.match(await page.locator('[data-kpi="rd.projects.active"] h4').textContent(), /^実施中の課題数/);
    assert.equal((await table.locator('tr.total td').nth(1).textContent()).trim(), '全体');
  });

  test('the satisfaction bars are centred on neutral and agree with their table', async () => {
    const { page } = app;
    const option = await page.evaluate(() => {
      const el = document.querySelector('[data-chart="satisfaction-likert"]');
      return echarts.getInstanceByDom(el).getOption();
    });
    const cells = await page.locator('[data-testid=likert-table] tbody tr').first().locator('td').evaluateAll(asSeen);
    const n = Number(cells[6]);
    for (const [level, name] of [[4, '4 満足'], [5, '5 大変満足']]) {
      const shown = cells[level].replace(/[^0-9]/g, '');
      const series = option.series.find((s) => s.name === name);
      if (shown === '') continue; // hidden (x): nothing to compare
      assert.equal(series.data[0].value, Math.round((Number(shown) / n) * 1000) / 10, name);
    }
    // The neutral answer is split across zero: half to each side.
    const neutral = option.series.filter((s) => s.name === '3 どちらともいえない').map((s) => s.data[0].value);
    assert.equal(neutral.length, 2);
    assert.ok(neutral[0] === -neutral[1] || neutral.every((v) => v == null), `${neutral}`);
  });

  test('a series has the pattern of its name\'s place in its chart, as its colour is, in every chart', async () => {
    const { page } = app;
    // ECharts alone gives a series the pattern of its name, from a scope shared by all charts.
    const seen = await page.evaluate(() => [...document.querySelectorAll('[data-chart]')].flatMap((el) => {
      const chart = echarts.getInstanceByDom(el);
      if (!chart) return [];
      const option = chart.getOption();
      // A name's place among the chart's names: the two halves of a split bar share theirs.
      const names = [];
      return option.series.filter((s) => s.type === 'bar' || s.type === 'line').map((s) => {
        if (!names.includes(s.name)) names.push(s.name);
        return { chart: el.dataset.chart, i: names.indexOf(s.name), y: JSON.stringify(s.itemStyle?.decal?.dashArrayY) };
      });
    }));
    assert.ok(seen.filter((s) => s.i > 0).length > 5, `charts with several series: ${seen.length}`);
    const byPlace = ['[2,5]', '[6,0]', '[4,3]', '[6,0]', '[1,0,6,0]', '[7,2]'];
    for (const s of seen) assert.equal(s.y, byPlace[s.i % 6], `${s.chart} series ${s.i}`);
  });

  test('without ECharts every chart says so, and the tables still give every figure', async () => {
    // ECharts is an async script: if it fails, it may fail before boot.js runs and listens.
    const page = await app.page.context().newPage();
    await page.route('**/echarts.min.js', (route) => route.fulfill({ status: 404, body: 'gone' }));
    // boot.js late, so that the script's error event has fired before it listens.
    await page.route('**/boot.js', async (route) => { await new Promise((r) => setTimeout(r, 500)); await route.continue(); });
    await page.goto(`${app.url}#view=kpi`);
    await page.locator('.chart-fallback').first().waitFor({ timeout: 30_000 });
    assert.equal(await page.locator('[data-chart] canvas, [data-chart] svg').count(), 0);
    assert.equal(await figure(page, 'training.courses', 2024, {}, 'value'), '65');
    await page.close();
  });
});
