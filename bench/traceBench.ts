/**
 * Agent-trace figures: import of 100,000 spans (Tracemine JSONL, 1,000 traces of 100 spans with
 * messages and tool calls), the reviewer's first render of a 10,000-span trace in Chromium, and
 * the time of one keyboard step. Generated files go to .cache/bench/ (reused).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TracemineDb, buildTraceChecker, parsePolicy } from '../src/core';
import { chromiumPath, launchChromium } from '../test/support/browser';
import { openWebview } from '../test/support/webviewHarness';

const cache = join(__dirname, '..', '.cache', 'bench');

function generate(file: string, traces: number, spansPerTrace: number): void {
  if (existsSync(file)) return;
  mkdirSync(cache, { recursive: true });
  const t0 = Date.UTC(2025, 5, 1);
  const lines: string[] = [];
  for (let t = 0; t < traces; t++) {
    const base = t0 + t * 60_000;
    lines.push(JSON.stringify({ trace_id: `t${t}`, span_id: 'root', name: 'support-agent', kind: 'agent', start: base, end: base + spansPerTrace * 100 }));
    for (let i = 1; i < spansPerTrace; i++) {
      const llm = i % 2 === 1;
      lines.push(JSON.stringify(llm
        ? { trace_id: `t${t}`, span_id: `s${i}`, parent_id: 'root', name: 'chat', kind: 'llm', start: base + i * 100, end: base + i * 100 + 80, model: 'gpt-4o-mini', input_tokens: 500 + i, output_tokens: 40,
            input: `Customer asks about order ${t}-${i}. Policy: confirm before changing records.` }
        : { trace_id: `t${t}`, span_id: `s${i}`, parent_id: 'root', name: 'execute_tool', kind: 'tool', start: base + i * 100, end: base + i * 100 + 60, tool_name: i % 4 ? 'get_order' : 'update_order',
            tool_arguments: JSON.stringify({ order_id: `${t}-${i}` }), tool_result: JSON.stringify({ status: 'shipped', items: 3 }) }));
    }
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

export async function benchTraces(): Promise<void> {
  console.log('\nagent traces');
  const many = join(cache, 'traces-100k.jsonl');
  generate(many, 1_000, 100);
  // One cold run (what a first import in a fresh extension host costs), then the median of three
  // warm runs (the JIT has compiled the readers): throughput is the warm figure.
  const rate = async (check?: Parameters<TracemineDb['importTraces']>[1]): Promise<{ first: number; median: number; spans: number; violations: number }> => {
    const rates: number[] = [];
    let spans = 0;
    let violations = 0;
    for (let i = 0; i < 4; i++) {
      const db = await TracemineDb.open();
      try {
        const t0 = performance.now();
        const r = await db.importTraces(many, check);
        rates.push(r.spans / ((performance.now() - t0) / 1000));
        spans = r.spans;
        violations = r.traces.reduce((a, t) => a + (t.violations ?? 0), 0);
      } finally {
        db.close();
      }
    }
    const warm = rates.slice(1).sort((a, b) => a - b);
    return { first: rates[0]!, median: warm[1]!, spans, violations };
  };
  const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
  const plain = await rate();
  console.log(`import: ${plain.spans.toLocaleString('en-US')} spans: ${fmt(plain.median)} spans/s (median of 3 warm runs; first run ${fmt(plain.first)}) (target ≥ 50,000: ${plain.median >= 50_000 ? 'yes' : 'NO'})`);
  // What the editor does on import: the same, plus every trace checked (policy, injection screening, groundedness).
  const policy = parsePolicy([
    'rules:',
    '  - id: approve-writes', '    requireBefore: { tool: update_order, before: { spanName: approval } }',
    '  - id: no-deletes', '    forbidTools: [delete_*]',
    '  - id: budget', '    maxCostUsd: 0.5',
  ].join('\n'));
  const checked = await rate({ check: buildTraceChecker({ policy, injection: true, groundedness: 'documents' }) });
  console.log(`import with checks (3-rule policy, injection screening, groundedness): ${fmt(checked.median)} spans/s (first run ${fmt(checked.first)}; ${checked.violations.toLocaleString('en-US')} violations)`);
  if (!existsSync(chromiumPath()) || !existsSync(join(__dirname, '..', 'dist', 'webview', 'traceReview.js'))) {
    console.log('reviewer render: skipped (needs Chromium and `npm run build`)');
    return;
  }
  const big = join(cache, 'trace-10k.jsonl');
  generate(big, 1, 10_000);
  const db2 = await TracemineDb.open();
  const browser = await launchChromium();
  try {
    const { traces } = await db2.importTraces(big);
    const trace = traces[0]!;
    const spans = db2.traceSpans(trace.id);
    const w = await openWebview(browser, 'traceReview');
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    await w.send({ type: 'loadTrace', trace, spans, flags: [], annotations: [], state: { traceRowId: trace.id } });
    await w.page.waitForFunction(() => performance.getEntriesByName('tracemine:painted').length > 0);
    const painted = await w.page.evaluate(() => Math.round(performance.getEntriesByName('tracemine:painted')[0]!.duration));
    console.log(`reviewer first render of a ${spans.length.toLocaleString('en-US')}-span trace: ${painted} ms (message received → painted; target < 1,000)`);
    await w.page.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    const steps = 200;
    const ms = await w.page.evaluate(async (n) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        document.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
        await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      return { median: times[Math.floor(n / 2)]!, p95: times[Math.floor(n * 0.95)]! };
    }, steps);
    console.log(`keyboard step (incl. paint), ${steps} steps: median ${ms.median.toFixed(1)} ms, p95 ${ms.p95.toFixed(1)} ms (target < 50)`);
  } finally {
    db2.close();
    await browser.close();
  }
}

if (require.main === module) void benchTraces();
