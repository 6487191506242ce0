// English mode end to end: in an en-US browser every view, with every fold open, shows no Japanese
// text that is not marked lang="ja" (the data's values and the plan's official names stay Japanese,
// marked so that a screen reader reads them in a Japanese voice: WCAG 3.1.2), and the exports
// follow the language. A Japanese browser still gets Japanese.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openApp } from './harness.mjs';

const VIEWS = ['data', 'overview', 'kpi', 'stage-up', 'satisfaction', 'reference'];

/** The visible Japanese outside any element marked lang="ja", in text and in the attributes that
 * a screen reader or a tooltip reads, each with where it is. */
function unmarkedJapanese(view) {
  const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]/;
  const root = document.querySelector(`#view-${view}`)?.closest('body') ?? document.body;
  const where = (el) => {
    const marked = el.closest('[data-testid], [id]');
    const name = marked ? (marked.dataset.testid ?? marked.id) : '';
    return `${el.tagName.toLowerCase()}${el.className && typeof el.className === 'string' ? `.${el.className.trim().replace(/\s+/g, '.')}` : ''} @${name}`;
  };
  const out = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || ['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(el.tagName)) continue;
    if (!JAPANESE.test(node.data) || el.closest('[lang="ja"]')) continue;
    if (!el.checkVisibility()) continue;
    out.push(`${where(el)}: ${node.data.trim().slice(0, 120)}`);
  }
  for (const el of root.querySelectorAll('[aria-label], [title], [alt]')) {
    if (el.closest('[lang="ja"]') || !el.checkVisibility()) continue;
    for (const attr of ['aria-label', 'title', 'alt']) {
      const value = el.getAttribute(attr);
      if (value && JAPANESE.test(value)) out.push(`${where(el)} [${attr}]: ${value.slice(0, 120)}`);
    }
  }
  return out;
}

async function download(page, click) {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]);
  return { name: file.suggestedFilename(), bytes: readFileSync(await file.path()) };
}

describe('English mode', () => {
  let app;
  before(async () => { app = await openApp(undefined, { locale: 'en-US' }); });
  after(async () => { await app?.close(); });

  for (const view of VIEWS) {
    test(`the ${view} view has no unmarked Japanese, folds open`, async () => {
      const { page } = app;
      await page.goto(`${app.url}#view=${view}`);
      await page.locator(`#view-${view}`).waitFor();
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      // Every fold open, and open again until none is left (some hold folds of their own).
      for (let round = 0; round < 5; round++) {
        const opened = await page.evaluate((v) => {
          const closed = [...document.querySelectorAll(`#view-${v} details:not([open])`)];
          for (const d of closed) d.open = true;
          return closed.length;
        }, view);
        if (opened === 0) break;
        // Folds render their contents (tables, charts) once opened.
        await page.waitForTimeout(500);
      }
      await page.waitForFunction(() => document.querySelector('main')?.dataset.busy !== 'true');
      const offenders = await page.evaluate(unmarkedJapanese, view);
      assert.deepEqual(offenders, [], `${view}: ${offenders.length} unmarked Japanese:\n  ${offenders.join('\n  ')}`);
    });
  }

  test('a KPI table exports its CSV with an English header', async () => {
    const { page } = app;
    await page.goto(`${app.url}#view=kpi`);
    const section = page.locator('section[data-kpi="rd.grant.amount"]');
    const csv = await download(page, () => section.locator(':scope > .csv-buttons [data-action=table-csv]').click());
    const lines = csv.bytes.toString('utf8').replace(/^\uFEFF/, '').split('\r\n');
    const header = lines.find((l) => !l.startsWith('#') && !l.startsWith('"#'));
    assert.equal(header, 'Fiscal year,Breakdown,Value,n,95% CI,Change,Next year\'s guide');
    assert.ok(!lines.slice(0, 3).some((l) => /[\u3040-\u30ff]/.test(l)), `English notes: ${lines.slice(0, 3).join(' | ')}`);
  });
});

describe('Japanese mode', () => {
  test('a Japanese browser gets the page in Japanese', async () => {
    const app = await openApp();
    try {
      assert.equal(await app.page.getAttribute('html', 'lang'), 'ja');
      assert.match(await app.page.locator('h1').first().textContent(), /医療機器/);
    } finally {
      await app.close();
    }
  });
});
