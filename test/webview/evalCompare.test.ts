/** The eval-comparison webview in headless Chromium, fed comparisons made by the real `compareRuns`. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { compareRuns, type RunCase, type RunCases, type RunComparison, type RunSample } from '../../src/core/evals/compare';
import { isEvalCompareState, parseEvalCompareMessage, type HostToEvalCompare } from '../../src/protocol/evalCompare';
import { launchChromium } from '../support/browser';
import { openWebview, type Theme, type WebviewPage } from '../support/webviewHarness';

const results = join(__dirname, '..', '..', 'test-results');

const HOSTILE = '<img src=x onerror=alert(1)>';
const HOSTILE_NEW = '"><svg onload="window.__pwned=1"><script>window.__pwned=2</script>';

/** A case from verdicts: 'P' pass, 'F' fail, 'E' errored call; scores default to 1 / 0. */
function kase(
  caseId: string, verdicts: string,
  o: { scores?: number[]; cost?: number | null; latency?: number; promptId?: string; providerId?: string } = {},
): RunCase {
  const samples: RunSample[] = [...verdicts].map((v, i) => {
    if (v === 'E') return { error: 'HTTP 500' };
    return {
      pass: v === 'P',
      score: o.scores?.[i] ?? (v === 'P' ? 1 : 0),
      ...(o.cost !== null && { costUsd: o.cost ?? 0.002 }),
      latencyMs: o.latency ?? 800,
    };
  });
  return { caseId, promptId: o.promptId ?? 'support-reply', providerId: o.providerId ?? 'gpt-4o-mini', samples };
}

// Before → after (verdicts per sample):
//   greeting        PPP   → PPP    same-pass
//   refund-policy   P     → F      broke, regression (one clean sample a side: not noisy)
//   HOSTILE         P     → F      broke, regression
//   math-word       F     → P      fixed
//   flaky-tone      PPF   → PFF    changed (flaky sides), regression, noisy
//   summary-long    FFF   → FFF    same-fail (scores 0.2 → 0.4)
//   translation     PPPPP → FFFFF  broke, regression beyond noise
//   extract-dates   PPPPF → PPFFF  changed; pass → fail verdict but 5 samples could tell: not a regression
//   legacy-case only before (removed); new-edge-case and HOSTILE_NEW only after (new).
// Case-level pass rates: before 6/8 (75%), after 2/8 (25%): −50 pp.
// McNemar: b (pass → fail) = 5, c (fail → pass) = 1; exact p = 2·P(X ≤ 1 | 6, ½) = 2·7/64 = 0.21875.
// Cost: one after sample has no price, so the after total and the delta are unknown.
// Latency: 800 ms → 650 ms per sample: −150 ms.
const runBefore: RunCases = {
  runId: 'run-v1',
  cases: [
    kase('greeting', 'PPP'), kase('refund-policy', 'P'), kase(HOSTILE, 'P'), kase('math-word', 'F'),
    kase('flaky-tone', 'PPF'), kase('summary-long', 'FFF', { scores: [0.2, 0.2, 0.2] }), kase('translation', 'PPPPP'),
    kase('extract-dates', 'PPPPF'), kase('legacy-case', 'PP'),
  ],
};
const after650 = { latency: 650, cost: 0.0015 };
const runAfter: RunCases = {
  runId: 'run-v2',
  cases: [
    kase('greeting', 'PPP', { ...after650, scores: [1, 0.9, 0.8] }), kase('refund-policy', 'F', after650), kase(HOSTILE, 'F', after650),
    kase('math-word', 'P', { ...after650, cost: null }), kase('flaky-tone', 'PFF', after650),
    kase('summary-long', 'FFF', { ...after650, scores: [0.4, 0.4, 0.4] }), kase('translation', 'FFFFF', after650),
    kase('extract-dates', 'PPFFF', after650), kase('new-edge-case', 'PE', after650), kase(HOSTILE_NEW, 'F', after650),
  ],
};

describe('eval-comparison webview', () => {
  let browser: Browser;
  const comparison = compareRuns(runBefore, runAfter);

  before(async () => {
    mkdirSync(results, { recursive: true });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });

  type Posted = { type: string; [k: string]: unknown };

  async function open(theme: Theme = 'dark', cmp: RunComparison = comparison): Promise<WebviewPage & { all(): Promise<Posted[]> }> {
    // The harness serves any dist/webview/<app>.js; its `app` type lists only the older apps.
    const w = await openWebview(browser, 'evalCompare', theme);
    w.page.on('dialog', (d) => { w.errors.push(`dialog: ${d.message()}`); void d.dismiss(); });
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual((await w.posted())[0], { type: 'ready' });
    const load: HostToEvalCompare = {
      type: 'load', title: 'support-reply.prompt: v1 ↔ v2',
      before: { label: 'prompt v1', detail: 'run run-v1 · 2025-05-01 10:02' },
      after: { label: 'prompt v2', detail: 'run run-v2 · 2025-05-02 09:15' },
      comparison: JSON.parse(JSON.stringify(cmp)) as RunComparison, // as postMessage delivers it
    };
    await w.send(load);
    await w.page.locator('[data-testid="case-row"]').first().waitFor();
    return { ...w, all: () => w.posted() as Promise<Posted[]> };
  }

  /** What the element reads as (rendered text, cells and blocks separated), whitespace collapsed. */
  const text = async (w: WebviewPage, testid: string) => (await w.page.locator(`[data-testid="${testid}"]`).first().innerText()).replace(/\s+/g, ' ').trim();
  const caseIds = (w: WebviewPage) => w.page.locator('[data-testid="case-row"] [data-testid="open-case"]').allTextContents();

  it('the comparison itself is the hand-checked one', () => {
    const t = comparison.totals;
    assert.deepEqual([t.before.passes, t.before.n, t.after.passes, t.after.n], [6, 8, 2, 8]);
    assert.deepEqual([t.mcnemar.b, t.mcnemar.c], [5, 1]);
    assert.ok(Math.abs(t.mcnemar.pValue - 0.21875) < 1e-12);
    assert.deepEqual(comparison.regressions.map((k) => k.caseId), ['refund-policy', HOSTILE, 'flaky-tone', 'translation']);
    assert.equal(comparison.cases.find((c) => c.caseId === 'flaky-tone')?.noisy, true);
    assert.equal(comparison.cases.find((c) => c.caseId === 'translation')?.beyondNoise, true);
    assert.equal(t.costUsd.after, undefined);
    assert.equal(t.latencyMs.delta, -150);
  });

  it('shows the sides, the totals strip, the regression banner and the flip badges', async () => {
    const w = await open('dark');
    const { page } = w;
    assert.equal(await text(w, 'title'), 'support-reply.prompt: v1 ↔ v2');
    assert.match(await text(w, 'side-before'), /^before prompt v1 run run-v1 · 2025-05-01 10:02$/i);
    assert.match(await text(w, 'side-after'), /^after prompt v2 run run-v2 · 2025-05-02 09:15$/i);
    assert.equal(await text(w, 'pairing'), '8 paired cases, paired by case · 2 new cases · 1 removed case');

    assert.equal(await text(w, 'pass-rate'), '75% → 25% −50 pp');
    assert.match(await text(w, 'pass-rate-delta'), /^−50 pp$/);
    assert.equal(await page.locator('[data-testid="pass-rate-delta"]').getAttribute('class'), 'delta worse');
    const t = comparison.totals;
    const iv = (lo: number, hi: number) => `${Math.round(lo * 100)}–${Math.round(hi * 100)}%`;
    assert.equal(await text(w, 'pass-rate-interval'), `95% interval ${iv(t.before.low, t.before.high)} → ${iv(t.after.low, t.after.high)}`);
    assert.match(await text(w, 'pass-rate-detail'), /^6\/8 → 2\/8 cases with a verdict; samples /);
    // The interval chart: two intervals on a 0–100% axis.
    assert.equal(await page.locator('svg.interval-chart g.interval').count(), 2);
    assert.deepEqual(await page.locator('svg.interval-chart .axis .tick text').allTextContents(), ['0%', '25%', '50%', '75%', '100%']);
    assert.match((await page.locator('svg.interval-chart').getAttribute('aria-label')) ?? '', /before 75% .* after 25%/);

    assert.equal(await text(w, 'mcnemar'), 'b = 5 pass → fail · c = 1 fail → pass · p = 0.22 (exact)');
    assert.match(await text(w, 'mcnemar-reading'), /^Not significant at 5%/);
    const wx = t.wilcoxon;
    assert.match(await text(w, 'wilcoxon'), new RegExp(`^n = ${wx.n} · p = `));
    assert.match(await text(w, 'wilcoxon-reading'), wx.pValue < 0.05 ? /^Significant at 5%/ : /^Not significant at 5%/);
    assert.equal(await text(w, 'cost'), 'Cost $0.044 → unknown Δ unknown');
    assert.equal(await text(w, 'latency'), 'Latency / sample 800 ms → 650 ms Δ −150 ms');
    assert.match((await page.locator('[data-testid="latency"] .delta-value').getAttribute('class')) ?? '', /\bbetter\b/, 'faster is better');
    assert.match(await text(w, 'flip-counts'), /fixed 1 broke 3 changed 2 same pass 1 same fail 1/);
    assert.equal(await text(w, 'regression-count'), '4 regressions beyond noise');

    // The banner lists the regressed cases; the noisy one is marked.
    const banner = page.locator('[data-testid="regression-banner"]');
    assert.equal(await banner.isVisible(), true);
    assert.match((await banner.textContent()) ?? '', /REGRESSION 4 cases passed before and fail now, beyond noise/);
    assert.deepEqual(await banner.locator('[data-testid="banner-case"]').allTextContents(), ['refund-policy', HOSTILE, 'flaky-tone', 'translation']);
    assert.equal(await banner.locator('.noisy-tag').count(), 1);
    assert.match((await banner.locator('li', { hasText: 'flaky-tone' }).textContent()) ?? '', /noisy/);

    // The table: one row per paired case in the first run's order, with flip badges and markers.
    assert.deepEqual(await caseIds(w), comparison.cases.map((c) => c.caseId));
    assert.deepEqual(await page.locator('[data-testid="case-row"] [data-testid="flip"]').allTextContents(),
      ['same pass', 'broke', 'broke', 'fixed', 'changed', 'same fail', 'broke', 'changed']);
    const regressionCells = await page.locator('[data-testid="case-row"] [data-testid="regression-cell"]').allTextContents();
    assert.deepEqual(regressionCells, ['', '▼ regression', '▼ regression', '', '▼ regression (noisy)', '', '▼ regression', '']);
    const row = (id: string) => page.locator('[data-testid="case-row"]').filter({ has: page.getByRole('button', { name: id, exact: true }) });
    assert.match((await row('flaky-tone').locator('[data-testid="before-cell"]').textContent()) ?? '', /flaky 2\/3 · 67%/);
    assert.equal(await row('summary-long').locator('[data-testid="score-delta"]').textContent(), '+0.2');
    assert.equal(await row('greeting').locator('[data-testid="score-delta"]').textContent(), '−0.1');
    assert.equal(await row('math-word').locator('[data-testid="cost-delta"]').textContent(), 'unknown');
    assert.equal(await row('greeting').locator('[data-testid="cost-delta"]').textContent(), '−$0.00150');
    assert.equal(await row('greeting').locator('[data-testid="latency-delta"]').textContent(), '−150 ms');
    assert.equal(await row('translation').locator('[data-testid="pass-delta"]').textContent(), '−100 pp');

    // New and removed cases.
    assert.deepEqual(await page.locator('[data-testid="new-cases-case"] [data-testid="open-case"]').allTextContents(), ['new-edge-case', HOSTILE_NEW]);
    assert.deepEqual(await page.locator('[data-testid="removed-cases-case"] [data-testid="open-case"]').allTextContents(), ['legacy-case']);
    assert.match((await page.locator('[data-testid="new-cases-case"]').first().textContent()) ?? '', /error 1\/1 · 100% · 1 err/);

    // Nothing spills sideways at a 1280-pixel panel.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no horizontal overflow');
    await page.screenshot({ path: join(results, 'webview-eval-compare-dark.png'), fullPage: true });
    // A narrow panel (beside the editor): the cards wrap and the table scrolls inside its frame.
    await page.setViewportSize({ width: 640, height: 900 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'no page-level horizontal overflow when narrow');
    await page.screenshot({ path: join(results, 'webview-eval-compare-narrow.png'), fullPage: true });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('filters rows and sorts by column, and remembers both in the webview state', async () => {
    const w = await open('light');
    const { page } = w;
    const filter = async (f: string) => page.locator(`[data-testid="filter-${f}"]`).click();
    assert.deepEqual(await page.locator('[data-testid="filters"] button').allTextContents(), ['All 8', 'Changed 6', 'Regressions 4', 'Fixed 1', 'Broke 3']);
    assert.equal(await page.locator('[data-testid="filter-all"]').getAttribute('aria-pressed'), 'true');

    await filter('regressions');
    assert.deepEqual(await caseIds(w), ['refund-policy', HOSTILE, 'flaky-tone', 'translation']);
    assert.equal(await page.locator('[data-testid="filter-regressions"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('[data-testid="filter-all"]').getAttribute('aria-pressed'), 'false');
    assert.equal(await text(w, 'filter-info'), '4 of 8 cases');
    await filter('fixed');
    assert.deepEqual(await caseIds(w), ['math-word']);
    await filter('broke');
    assert.deepEqual(await caseIds(w), ['refund-policy', HOSTILE, 'translation']);
    await filter('changed');
    assert.deepEqual(await caseIds(w), ['refund-policy', HOSTILE, 'math-word', 'flaky-tone', 'translation', 'extract-dates']);
    await filter('all');
    assert.equal((await caseIds(w)).length, 8);

    // Sort by score delta: ascending, then descending (unknown values last either way), then the run's order.
    const sortScore = page.locator('[data-testid="sort-scoreDelta"]');
    const scoreDeltas = () => page.locator('[data-testid="case-row"] [data-testid="score-delta"]').allTextContents();
    await sortScore.click();
    assert.deepEqual(await scoreDeltas(), ['−1', '−1', '−1', '−0.4', '−0.333', '−0.1', '+0.2', '+1']);
    assert.equal(await page.locator('th[data-col="scoreDelta"]').getAttribute('aria-sort'), 'ascending');
    await sortScore.click();
    assert.deepEqual(await scoreDeltas(), ['+1', '+0.2', '−0.1', '−0.333', '−0.4', '−1', '−1', '−1']);
    assert.equal(await page.locator('th[data-col="scoreDelta"]').getAttribute('aria-sort'), 'descending');
    // Ties keep the run's order even when descending.
    assert.deepEqual((await caseIds(w)).slice(-3), ['refund-policy', HOSTILE, 'translation']);
    await sortScore.click();
    assert.deepEqual(await caseIds(w), comparison.cases.map((c) => c.caseId));
    assert.equal(await page.locator('th[data-col="scoreDelta"]').getAttribute('aria-sort'), 'none');

    // By flip (worst first), by case id (numeric-aware), by regression (beyond noise first, noisy after clean ones).
    await page.locator('[data-testid="sort-flip"]').click();
    assert.deepEqual(await page.locator('[data-testid="case-row"] [data-testid="flip"]').allTextContents(),
      ['broke', 'broke', 'broke', 'changed', 'changed', 'fixed', 'same fail', 'same pass']);
    await page.locator('[data-testid="sort-regression"]').click();
    assert.deepEqual((await caseIds(w)).slice(0, 4), ['translation', 'refund-policy', HOSTILE, 'flaky-tone']);
    await page.locator('[data-testid="sort-case"]').click();
    assert.deepEqual(await caseIds(w), [...comparison.cases.map((c) => c.caseId)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' })));

    // Filter and sort together; the state is saved for when the panel comes back.
    await page.locator('[data-testid="sort-latencyDelta"]').click();
    await filter('broke');
    const state = await page.evaluate(() => (window as unknown as { __state: unknown }).__state);
    assert.deepEqual(state, { filter: 'broke', sort: 'latencyDelta', descending: false });
    assert.ok(isEvalCompareState(state));

    // A banner entry jumps to its row, switching to the regressions filter when the row is hidden.
    await filter('fixed');
    await page.locator('[data-testid="banner-case"]', { hasText: 'flaky-tone' }).click();
    assert.equal(await page.locator('[data-testid="filter-regressions"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'flaky-tone');

    await page.screenshot({ path: join(results, 'webview-eval-compare-light.png'), fullPage: true });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('posts openDiff and openCase with the pair\'s key, by mouse and by keyboard', async () => {
    const w = await open('dark');
    const { page } = w;
    const row = (id: string) => page.locator('[data-testid="case-row"]').filter({ has: page.getByRole('button', { name: id, exact: true }) });
    await row(HOSTILE).locator('[data-testid="diff-outputs"]').click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openDiff', caseId: HOSTILE, which: 'output-vs-output' });
    await row('translation').locator('[data-testid="diff-expected"]').click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openDiff', caseId: 'translation', which: 'output-vs-expected' });
    await row(HOSTILE).locator('[data-testid="open-case"]').click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openCase', caseId: HOSTILE });
    await page.locator('[data-testid="new-cases-case"] [data-testid="open-case"]', { hasText: 'svg' }).click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openCase', caseId: HOSTILE_NEW });
    await page.locator('[data-testid="removed-cases-case"] [data-testid="open-case"]').click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openCase', caseId: 'legacy-case' });

    // Keyboard: Tab reaches the filters and the rows' buttons; Enter and Space activate them.
    await page.locator('[data-testid="filter-all"]').focus();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('[data-testid="filter-changed"]').getAttribute('aria-pressed'), 'true');
    await page.locator('[data-testid="sort-case"]').focus();
    await page.keyboard.press('Space');
    assert.equal(await page.locator('th[data-col="case"]').getAttribute('aria-sort'), 'ascending');
    await page.keyboard.press('Tab'); // → "Before" header
    for (let i = 0; i < 8; i++) await page.keyboard.press('Tab'); // the rest of the headers, then the first row's case id
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'open-case');
    const first = (await caseIds(w))[0]!;
    await page.keyboard.press('Enter');
    assert.deepEqual((await w.all()).at(-1), { type: 'openCase', caseId: first });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.deepEqual((await w.all()).at(-1), { type: 'openDiff', caseId: first, which: 'output-vs-output' });

    // Everything the webview posted passes the host's validator unchanged.
    for (const m of await w.all()) assert.deepEqual(parseEvalCompareMessage(m), m);
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('sends prompt and provider in the key when the pairing uses them', async () => {
    const two = (runId: string, v: string): RunCases => ({
      runId,
      cases: [kase('c1', v, { promptId: 'a.prompt' }), kase('c1', 'P', { promptId: 'b.prompt' })],
    });
    const cmp = compareRuns(two('r1', 'P'), two('r2', 'F'), { pairBy: 'full' });
    const w = await open('dark', cmp);
    const { page } = w;
    assert.match(await text(w, 'pairing'), /paired by case, prompt and provider/);
    assert.deepEqual(await page.locator('[data-testid="case-row"] .key-suffix').allTextContents(), ['a.prompt · gpt-4o-mini', 'b.prompt · gpt-4o-mini']);
    await page.locator('[data-testid="case-row"]').first().locator('[data-testid="diff-outputs"]').click();
    assert.deepEqual((await w.all()).at(-1), { type: 'openDiff', caseId: 'c1', promptId: 'a.prompt', providerId: 'gpt-4o-mini', which: 'output-vs-output' });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('keeps hostile case ids inert, shows host errors and an empty comparison', async () => {
    const w = await open('dark');
    const { page } = w;
    await page.getByText(HOSTILE, { exact: true }).first().waitFor();
    assert.ok((await page.getByText(HOSTILE, { exact: true }).count()) >= 2, 'in the banner and the table');
    assert.equal(await page.getByText(HOSTILE_NEW, { exact: true }).count(), 1);
    assert.equal(await page.locator('img').count(), 0);
    assert.equal(await page.locator('#app svg').count(), 1, 'only the interval chart');
    assert.equal(await page.locator('script:not([src])').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await page.locator('[onerror], [onload]').count(), 0);

    await w.send({ type: 'error', message: `Could not compare: ${HOSTILE}` });
    assert.equal(await text(w, 'error'), `Could not compare: ${HOSTILE}`);
    assert.equal(await page.locator('img').count(), 0);

    // Two runs with nothing in common: no banner, an explained empty table, unknowns stay unknown.
    const empty = compareRuns({ cases: [kase('only-a', 'P', { cost: null })] }, { cases: [kase('only-b', 'F')] });
    await w.send({ type: 'load', title: 'nothing in common', before: { label: 'a' }, after: { label: 'b' }, comparison: empty } satisfies HostToEvalCompare);
    await page.getByText('No paired cases: the runs have no case in common.').waitFor();
    assert.equal(await page.locator('[data-testid="error"]').isVisible(), false, 'a new load clears the error');
    assert.equal(await page.locator('[data-testid="regression-banner"]').isVisible(), false);
    assert.equal(await text(w, 'pass-rate'), '– → – –');
    assert.equal(await text(w, 'mcnemar-reading'), 'No case changed its verdict: nothing to test.');
    assert.equal(await text(w, 'wilcoxon-reading'), 'No case has a score on both sides: nothing to test.');
    assert.equal(await text(w, 'cost'), 'Cost $0 → $0 Δ ±0');
    assert.equal(await text(w, 'latency'), 'Latency / sample unknown → unknown Δ unknown');
    assert.deepEqual(w.errors, []);
    await page.close();
  });
});
