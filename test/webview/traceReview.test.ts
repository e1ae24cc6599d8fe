/** The trace-reviewer webview in headless Chromium, fed traces imported by the real core. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TracemineDb } from '../../src/core';
import type { HostToTraceReview, SpanHead, StepFlag } from '../../src/protocol/traceReview';
import { launchChromium } from '../support/browser';
import { openWebview, type WebviewPage } from '../support/webviewHarness';

const results = join(__dirname, '..', '..', 'test-results');
const samples = join(__dirname, '..', '..', 'samples', 'traces');

describe('trace-reviewer webview', () => {
  let browser: Browser;
  let db: TracemineDb;

  before(async () => {
    mkdirSync(results, { recursive: true });
    browser = await launchChromium();
    db = await TracemineDb.open();
  });
  after(async () => {
    db?.close();
    await browser?.close();
  });

  /** Imports a file and opens its `index`-th trace in a fresh page, answering body requests like the host. */
  async function open(
    file: string, index = 0, theme: 'dark' | 'light' = 'dark',
    extra: { flags?: StepFlag[] | ((spans: SpanHead[]) => StepFlag[]) } = {},
  ): Promise<WebviewPage & { spans: number; spanIds: string[]; traceRowId: number }> {
    const { traces } = await db.importTraces(file);
    const trace = traces[index]!;
    const spans = db.traceSpans(trace.id);
    const w = await openWebview(browser, 'traceReview', theme);
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual((await w.posted())[0], { type: 'ready' });
    const flags = typeof extra.flags === 'function' ? extra.flags(spans) : extra.flags ?? [];
    const load: HostToTraceReview = { type: 'loadTrace', trace, spans, flags, annotations: [], state: { traceRowId: trace.id } };
    await w.send(load);
    await w.page.locator('[data-testid="timeline"] .row').first().waitFor();
    // Answer selectSpan like the panel does.
    let answered = 0;
    const pump = async () => {
      const posted = (await w.posted()) as { type: string; spanId?: string }[];
      for (const m of posted.slice(1 + answered)) {
        answered++;
        if (m.type === 'selectSpan') await w.send({ type: 'spanBody', spanId: m.spanId!, body: db.spanBody(trace.id, m.spanId!) ?? {} });
      }
    };
    const page = w.page;
    const press = page.keyboard.press.bind(page.keyboard);
    page.keyboard.press = async (key: string, o?: { delay?: number }) => { await press(key, o); await pump(); };
    return { ...w, spans: spans.length, spanIds: spans.map((x) => x.spanId), traceRowId: trace.id };
  }

  it('an untimed τ-bench transcript: steps by message order, reads messages and tool calls', async () => {
    const w = await open(join(samples, 'tau-bench-airline-gpt-4o.trials-0-1.json'));
    const { page } = w;
    assert.match((await page.locator('[data-testid="trace-summary"]').textContent()) ?? '', /duration unknown/);
    assert.match((await page.locator('.axis-info').textContent()) ?? '', /No timestamps/);
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    const titles: string[] = [];
    let sawToolCall = false;
    for (let i = 0; i < Math.min(w.spans, 30) && !sawToolCall; i++) {
      await page.keyboard.press('j');
      titles.push((await page.locator('[data-testid="step-title"]').textContent()) ?? '');
      await page.locator('[data-testid="details"] .message, [data-testid="tool-arguments"], [data-testid="details"] pre').first().waitFor({ timeout: 5000 }).catch(() => undefined);
      sawToolCall = (await page.locator('[data-testid="tool-arguments"]').count()) > 0;
    }
    assert.ok(sawToolCall, `a tool call's arguments appear while stepping: ${JSON.stringify(titles)}`);
    const selected = await page.locator('.row.selected').count();
    assert.equal(selected, 1);
    await page.screenshot({ path: join(results, 'webview-trace-review-transcript.png') });
    await page.close();
  });

  it('a timed OTLP trace: bars on a time axis, critical path, zoom, raw JSON request', async () => {
    const w = await open(join(samples, 'adk-weather-tool-loop.otlp.json'), 0, 'light');
    const { page } = w;
    assert.equal(await page.locator('.axis-info').textContent(), '');
    assert.ok((await page.locator('.row.critical').count()) >= 1, 'the critical path is marked');
    const texts = await page.locator('.bar-text').allTextContents();
    assert.ok(texts.some((t) => /\d+(\.\d)? (ms|s)/.test(t)), `latencies on bars: ${JSON.stringify(texts)}`);
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < w.spans; i++) {
      await page.keyboard.press('ArrowDown');
      if (/get_weather/.test((await page.locator('[data-testid="step-title"]').textContent()) ?? '')) break;
    }
    await page.locator('[data-testid="tool-arguments"]').waitFor();
    assert.match((await page.locator('[data-testid="tool-arguments"]').textContent()) ?? '', /"city": "Paris"/);
    assert.match((await page.locator('[data-testid="tool-result"]').textContent()) ?? '', /sunny/);
    const before = await page.locator('.row.selected .bar').evaluate((el) => (el as HTMLElement).style.width);
    await page.keyboard.press('z');
    const zoomed = await page.locator('.row.selected .bar').evaluate((el) => (el as HTMLElement).style.width);
    assert.ok(parseFloat(zoomed) > parseFloat(before), `zoom widens the bar: ${before} → ${zoomed}`);
    await page.locator('[data-testid="open-raw"]').click();
    assert.equal(((await w.posted()).at(-1) as { type: string }).type, 'openRaw');
    await page.screenshot({ path: join(results, 'webview-trace-review-otlp.png') });
    await page.close();
  });

  it('keeps hostile message content inert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-hostile-'));
    const file = join(dir, 'hostile.jsonl');
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    writeFileSync(file, `${JSON.stringify({ messages: [
      { role: 'user', content: evil },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: evil, arguments: JSON.stringify({ q: evil }) } }] },
      { role: 'tool', tool_call_id: 'c1', content: evil },
      { role: 'assistant', content: evil },
    ] })}\n`);
    const w = await open(file);
    const { page } = w;
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < w.spans; i++) await page.keyboard.press('ArrowDown');
    await page.locator('[data-testid="details"]').getByText(evil).first().waitFor();
    assert.equal(await page.locator('img, script:not([src])').count(), 0);
    assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('a 10,000-step trace keeps only the visible rows in the DOM and steps to the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-big-'));
    const file = join(dir, 'big.jsonl');
    const t0 = Date.UTC(2025, 0, 1);
    const lines = [JSON.stringify({ trace_id: 'big', span_id: 'root', name: 'agent', kind: 'agent', start: t0, end: t0 + 100_000 })];
    for (let i = 0; i < 9_999; i++) lines.push(JSON.stringify({ trace_id: 'big', span_id: `s${i}`, parent_id: 'root', name: `step ${i}`, kind: i % 3 ? 'tool' : 'llm', start: t0 + i * 10, end: t0 + i * 10 + 8 }));
    writeFileSync(file, `${lines.join('\n')}\n`);
    const w = await open(file);
    const { page } = w;
    assert.equal(w.spans, 10_000);
    const rendered = await page.locator('[data-testid="timeline"] .row').count();
    assert.ok(rendered > 10 && rendered < 200, `${rendered} rows in the DOM`);
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('End');
    assert.equal(await page.locator('[data-testid="step-title"]').textContent(), 'step 9998');
    assert.equal(await page.locator('.row.selected').count(), 1, 'the last row was scrolled into view');
    await page.close();
  });

  it('flags from the checks, step and trace annotations, links to code and "add to eval dataset"', async () => {
    const w = await open(join(samples, 'tau-bench-airline-gpt-4o.trials-0-1.json'), 0, 'dark', {
      flags: (spans) => {
        const tool = spans.find((s) => s.kind === 'tool')!;
        const carrier = spans.filter((s) => s.kind === 'tool')[1] ?? tool;
        const next = spans.find((s) => s.seq > carrier.seq && s.kind === 'llm') ?? tool;
        return [
          { spanId: tool.spanId, kind: 'policy', ruleId: 'confirm-before-write', severity: 'error', message: `${tool.toolName} without an explicit user confirmation` },
          { spanId: carrier.spanId, kind: 'injection', ruleId: 'override', severity: 'warning', message: 'tool result says "ignore previous instructions"', relatedSpanId: next.spanId },
        ];
      },
    });
    const { page } = w;
    assert.match((await page.locator('[data-testid="trace-flags"]').textContent()) ?? '', /confirm-before-write ×1 · override ×1/);
    assert.equal(await page.locator('.row.flagged').count() > 0, true);
    await page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('f');
    await page.locator('[data-testid="step-flag"]').first().waitFor();
    assert.match((await page.locator('[data-testid="step-flag"]').first().textContent()) ?? '', /policy \(confirm-before-write\): .* without an explicit user confirmation/);
    // Link to code: the tool's name goes to a symbol search on the host.
    await page.locator('[data-testid="goto-tool"]').click();
    const posted = () => w.posted() as Promise<{ type: string; [k: string]: unknown }[]>;
    assert.equal((await posted()).at(-1)?.type, 'openSymbol');
    // The injection flag points at the step that acted on the content.
    await page.keyboard.press('f');
    await page.locator('[data-testid="flag-related"]').click();
    const selected = await page.locator('.row.selected').getAttribute('data-span');
    assert.notEqual(selected, null);

    // Review the step: p = pass, then a labelled fail with a comment through the form.
    await page.keyboard.press('p');
    assert.deepEqual((await posted()).at(-1), { type: 'annotate', spanId: selected, verdict: 'pass', labels: [] });
    await page.locator('[data-testid="step-verdict-fail"]').click();
    await page.locator('[data-testid="step-labels"]').fill('wrong-tool, policy , wrong-tool');
    await page.locator('[data-testid="step-comment"]').fill('<b>should</b> have asked first');
    await page.keyboard.press('j'); // typing in the form types; it does not step
    assert.equal(await page.locator('.row.selected').getAttribute('data-span'), selected);
    assert.match(await page.locator('[data-testid="step-comment"]').inputValue(), /firstj$/);
    await page.locator('[data-testid="step-comment"]').fill('<b>should</b> have asked first');
    await page.locator('[data-testid="step-save"]').click();
    assert.deepEqual((await posted()).at(-1), { type: 'annotate', spanId: selected, verdict: 'fail', labels: ['wrong-tool', 'policy'], comment: '<b>should</b> have asked first' });
    assert.equal(await page.locator('.row.selected').getAttribute('data-span'), selected);
    // The host answers with the stored annotations: the row and the header show them.
    await w.send({ type: 'annotations', annotations: [
      { spanId: selected!, verdict: 'fail', labels: ['wrong-tool', 'policy'], comment: '<b>should</b> have asked first', updatedAt: new Date().toISOString() },
      { verdict: 'fail', labels: ['policy'], updatedAt: new Date().toISOString() },
    ] });
    await page.locator('.row.annotated-fail').first().waitFor();
    assert.equal(await page.locator('[data-testid="trace-verdict"]').textContent(), 'fail');
    assert.equal(await page.locator('[data-testid="step-comment"]').inputValue(), '<b>should</b> have asked first');
    assert.equal(await page.locator('[data-testid="details"] b').count(), 0, 'the comment stays text');
    await page.locator('[data-testid="add-to-dataset"]').click();
    assert.equal((await posted()).at(-1)?.type, 'addToDataset');
    await w.send({ type: 'notice', message: 'Added to evals/datasets/airline.cases.jsonl' });
    await page.waitForFunction(() => /Added to/.test(document.querySelector('[data-testid="notice"]')?.textContent ?? ''));
    assert.match((await page.locator('[data-testid="notice"]').textContent()) ?? '', /Added to evals/);
    assert.deepEqual(w.errors, []);
    // Full-text search inside the trace: the host answers with the steps whose messages hold the text.
    await page.locator('[data-testid="search"]').fill('economy');
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'search'));
    const hits = db.searchTraceSpans(w.traceRowId, 'economy');
    assert.ok(hits.length > 0, 'the transcript mentions economy');
    await w.send({ type: 'searchResults', query: 'economy', spanIds: hits });
    await page.waitForFunction((n) => (document.querySelector('[data-testid="search-info"]')?.textContent ?? '').startsWith(`${n} match`), hits.length);
    await page.locator('[data-testid="search"]').press('Enter');
    const jumped = await page.locator('.row.selected').getAttribute('data-span');
    assert.ok(hits.includes(jumped!), `Enter selects a matching step (${jumped})`);
    assert.ok((await page.locator('.row.match').count()) > 0, 'matches are marked');
    await page.screenshot({ path: join(results, 'webview-trace-review-annotations.png') });
    await page.close();
  });
});
