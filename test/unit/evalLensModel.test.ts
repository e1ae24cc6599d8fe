/**
 * The eval CodeLens model (src/core/evals/lensModel.ts): the titles the editor shows above a
 * prompt, a suite and each case (pass, fail, flaky, error, running, not run), the summary (with
 * unknown and partly known cost), the re-run/retry flags, and agreement with the editor's
 * previous in-editor implementation on random results.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failedReasons, indexResults, promptLensSummary, suiteLenses } from '../../src/core/evals/lensModel';
import { aggregateCase } from '../../src/core/evals/runner';
import type { AssertionResult, CaseResult, EvalCase, EvalSuite, SampleResult } from '../../src/core/evals/types';

function suiteOf(cases: readonly Partial<EvalCase>[]): EvalSuite {
  return {
    format: 'tracemine', version: 'v', repeat: 1, warnings: [], prompts: [{ id: 'p' }], providers: [{ id: 'mini', model: 'gpt-4o-mini', params: {} }],
    cases: cases.map((c, i) => ({ id: `case-${i}`, vars: {}, assert: [], line: 10 * (i + 1), ...c })),
  };
}

const ok = (type = 'contains'): AssertionResult => ({ type, pass: true, score: 1, weight: 1, reason: 'ok' });
const bad = (type: string, reason: string, weight = 1): AssertionResult => ({ type, pass: false, score: 0, weight, reason });

function sample(i: number, o: { pass?: boolean; assertions?: AssertionResult[]; error?: string; costUsd?: number; latencyMs?: number; cached?: boolean } = {}): SampleResult {
  const assertions = o.assertions ?? [o.pass === false ? bad('contains', 'expected "refund"') : ok()];
  if (o.error) return { sample: i, error: o.error, assertions: [], pass: false, score: 0 };
  return {
    sample: i, assertions, pass: o.pass ?? assertions.every((a) => a.pass || a.weight === 0), score: o.pass === false ? 0 : 1,
    response: { output: 'out', toolCalls: [], model: 'gpt-4o-mini', latencyMs: o.latencyMs ?? 100, cached: o.cached ?? false, ...(o.costUsd !== undefined ? { costUsd: o.costUsd } : {}) },
  };
}

const result = (caseId: string, samples: SampleResult[], promptId = 'p', providerId = 'mini'): CaseResult => aggregateCase({ caseId, promptId, providerId }, samples);

describe('eval CodeLens model', () => {
  it('titles a passing, failing, flaky and errored case', () => {
    const suite = suiteOf([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    const results = [
      result('a', [sample(0, { costUsd: 0.001 })]),
      result('b', [sample(0, { assertions: [ok('is-json'), bad('info', 'ignored', 0), bad('regex', 'no match for /urgent/')], costUsd: 0.001 })]),
      result('c', [sample(0, { costUsd: 0.001 }), sample(1, { pass: false, costUsd: 0.001 }), sample(2, { costUsd: 0.001 })]),
      result('d', [sample(0, { error: 'HTTP 500: upstream' })]),
    ];
    const lenses = suiteLenses(suite, results, false);
    assert.deepEqual(lenses.cases, [
      { caseId: 'a', line: 10, title: '$(pass) pass' },
      { caseId: 'b', line: 20, title: '$(error) fail — regex: no match for /urgent/' },
      { caseId: 'c', line: 30, title: '$(warning) flaky 2/3 (21%–94%) — contains: expected "refund"' },
      { caseId: 'd', line: 40, title: '$(alert) error — error: HTTP 500: upstream' },
    ]);
    assert.equal(lenses.canRerunFailed, true);
    assert.equal(lenses.canRetryErrored, true);
    assert.equal(lenses.summary, 'last run: 1/4 cases pass · 60% of samples · $0.0050+ · 100 ms/call');
  });

  it('cuts a long reason at 90 characters and joins one verdict per prompt × provider', () => {
    const long = 'x'.repeat(200);
    const suite = suiteOf([{ id: 'a' }]);
    const results = [result('a', [sample(0)], 'p', 'mini'), result('a', [sample(0, { assertions: [bad('equals', long)] })], 'p', 'big')];
    const [lens] = suiteLenses(suite, results, false).cases;
    assert.equal(lens!.title, `$(pass) pass  $(error) fail — ${`equals: ${long}`.slice(0, 90)}`);
  });

  it('shows running… or not run for a case without results, skips cases without a line, and needs no suite for the summary', () => {
    const suite = suiteOf([{ id: 'a' }, { id: 'b' }, { id: 'no-line', line: undefined }]);
    const partial = [result('a', [sample(0)])];
    assert.deepEqual(suiteLenses(suite, partial, true).cases.map((c) => c.title), ['$(pass) pass', '$(sync~spin) running…']);
    assert.deepEqual(suiteLenses(suite, partial, false).cases.map((c) => c.title), ['$(pass) pass', '$(circle-outline) not run']);
    assert.equal(suiteLenses(suite, partial, true).summary, 'running · 1/1 cases pass · 100% of samples · cost unknown · 100 ms/call');

    const none = suiteLenses(suite, undefined, false);
    assert.deepEqual(none, {
      canRerunFailed: false, canRetryErrored: false,
      cases: [{ caseId: 'a', line: 10, title: '$(circle-outline) not run' }, { caseId: 'b', line: 20, title: '$(circle-outline) not run' }],
    });
    assert.equal('summary' in none, false);
    const broken = suiteLenses(undefined, partial, false);
    assert.deepEqual(broken, { summary: 'last run: 1/1 cases pass · 100% of samples · cost unknown · 100 ms/call', canRerunFailed: false, canRetryErrored: false, cases: [] }, 'a suite that failed to load keeps the summary');
    const started = suiteLenses(suite, [], true);
    assert.equal(started.summary, undefined, 'no summary before the first result');
    assert.deepEqual(started.cases.map((c) => c.title), ['$(sync~spin) running…', '$(sync~spin) running…']);
  });

  it('summarises cost: unknown, partly known (+), small and large amounts; latency of uncached calls only', () => {
    assert.equal(promptLensSummary(undefined), undefined);
    assert.equal(promptLensSummary([]), undefined);
    const unknown = [result('a', [sample(0, { latencyMs: 120 }), sample(1, { latencyMs: 81 })])];
    assert.equal(promptLensSummary(unknown), 'last run: 1/1 cases pass · 100% of samples · cost unknown · 101 ms/call');
    assert.equal(promptLensSummary(unknown, true), 'running · 1/1 cases pass · 100% of samples · cost unknown · 101 ms/call');
    const cachedOnly = [result('a', [sample(0, { costUsd: 0.5, cached: true }), sample(1, { costUsd: 0.25, cached: true })])];
    assert.equal(promptLensSummary(cachedOnly), 'last run: 1/1 cases pass · 100% of samples · $0.75');
    const erroredOnly = [result('a', [sample(0, { error: 'timeout' })])];
    assert.equal(promptLensSummary(erroredOnly), 'last run: 0/1 cases pass · cost unknown');
    const partly = [result('a', [sample(0, { costUsd: 0.002 }), sample(1, { error: 'timeout' })]), result('b', [sample(0, { pass: false, costUsd: 0.003, latencyMs: 300 })])];
    assert.equal(promptLensSummary(partly), 'last run: 0/2 cases pass · 50% of samples · $0.0050+ · 200 ms/call');
  });

  it('offers re-run failed for fail or flaky, retry errored for any errored sample', () => {
    const suite = suiteOf([{ id: 'a' }]);
    const flags = (rs: CaseResult[]) => { const l = suiteLenses(suite, rs, false); return [l.canRerunFailed, l.canRetryErrored]; };
    assert.deepEqual(flags([result('a', [sample(0)])]), [false, false]);
    assert.deepEqual(flags([result('a', [sample(0, { pass: false })])]), [true, false]);
    assert.deepEqual(flags([result('a', [sample(0), sample(1, { pass: false })])]), [true, false]);
    assert.deepEqual(flags([result('a', [sample(0, { error: 'x' })])]), [false, true]);
    // A passing case with an errored sample is `error`, not failed, but has a call to retry.
    assert.deepEqual(flags([result('a', [sample(0), sample(1, { error: 'x' })])]), [false, true]);
  });

  it('deduplicates failure reasons in order', () => {
    const r = result('a', [sample(0, { assertions: [bad('regex', 'r'), bad('contains', 'c')] }), sample(1, { assertions: [bad('regex', 'r')] }), sample(2, { error: 'boom' })]);
    assert.deepEqual(failedReasons(r), ['regex: r', 'contains: c', 'error: boom']);
  });

  it('indexes results by case id in order', () => {
    const rs = [result('a', [sample(0)], 'p1'), result('b', [sample(0)]), result('a', [sample(0)], 'p2')];
    assert.deepEqual([...indexResults(rs)].map(([id, g]) => [id, g.map((x) => x.promptId)]), [['a', ['p1', 'p2']], ['b', ['p']]]);
  });

  it('agrees with the editor\'s previous implementation on random results', () => {
    let seed = 42;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let round = 0; round < 50; round++) {
      const suite = suiteOf(Array.from({ length: 1 + Math.floor(rnd() * 8) }, (_, i) => ({ id: `c${i}`, ...(rnd() < 0.1 ? { line: undefined } : {}) })));
      const results: CaseResult[] = [];
      for (const c of suite.cases) {
        for (const promptId of rnd() < 0.3 ? ['p1', 'p2'] : rnd() < 0.8 ? ['p'] : []) {
          const samples = Array.from({ length: 1 + Math.floor(rnd() * 3) }, (_, i) => {
            const x = rnd();
            return x < 0.15 ? sample(i, { error: `e${Math.floor(rnd() * 3)}` })
              : sample(i, {
                pass: x < 0.7, assertions: x < 0.7 ? [ok()] : [bad('regex', `r${Math.floor(rnd() * 2)}`, rnd() < 0.2 ? 0 : 1), bad('contains', 'c')],
                latencyMs: Math.floor(rnd() * 900), cached: rnd() < 0.2, ...(rnd() < 0.7 ? { costUsd: rnd() / 50 } : {}),
              });
          });
          results.push(result(c.id, samples, promptId));
        }
      }
      const running = rnd() < 0.3;
      const map = results.length || rnd() < 0.5 ? { running, cases: new Map(results.map((r) => [`${r.caseId}|${r.promptId}|${r.providerId}`, r])) } : undefined;
      const loaded = rnd() < 0.1 ? undefined : suite; // a suite that failed to load
      const legacy = legacyLenses(loaded, map);
      const model = suiteLenses(loaded, map && [...map.cases.values()], map?.running ?? false);
      assert.deepEqual({
        summary: model.summary, rerun: model.canRerunFailed, retry: model.canRetryErrored,
        cases: model.cases.map((c) => [c.line - 1, c.title, c.caseId]),
      }, legacy, `round ${round}`);
      assert.equal(promptLensSummary(map && [...map.cases.values()], map?.running), legacy.summary);
    }
  });
});

/** The editor's CodeLens logic before the model (evalEditor.ts at 29ec6b7), minus `vscode`. */
function legacyLenses(suite: EvalSuite | undefined, r: { running: boolean; cases: ReadonlyMap<string, CaseResult> } | undefined) {
  const ICON: Record<CaseResult['status'], string> = { pass: '$(pass)', fail: '$(error)', flaky: '$(warning)', error: '$(alert)' };
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const usd = (x: number) => `$${x < 0.01 ? x.toFixed(4) : x.toFixed(2)}`;
  const reasons = (c: CaseResult): string[] => {
    const out: string[] = [];
    for (const s of c.samples) {
      if (s.error) out.push(`error: ${s.error}`);
      for (const a of s.assertions) if (!a.pass && a.weight > 0) out.push(`${a.type}: ${a.reason}`);
    }
    return [...new Set(out)];
  };
  const verdictText = (c: CaseResult): string => {
    const n = c.passes + c.fails;
    const rate = n > 1 ? ` ${c.passes}/${n} (${pct(c.passRateLow)}–${pct(c.passRateHigh)})` : '';
    const why = c.status === 'pass' ? '' : ` — ${(reasons(c)[0] ?? '').slice(0, 90)}`;
    return `${ICON[c.status]} ${c.status}${rate}${why}`;
  };
  const summaryTitle = (res: NonNullable<typeof r>): string => {
    const cases = [...res.cases.values()];
    const samples = cases.reduce((a, c) => a + c.passes + c.fails, 0);
    const passes = cases.reduce((a, c) => a + c.passes, 0);
    const costs = cases.flatMap((c) => c.samples.map((s) => s.response?.costUsd));
    const known = costs.filter((x): x is number => x !== undefined);
    const lat = cases.flatMap((c) => c.samples.filter((s) => s.response && !s.response.cached).map((s) => s.response!.latencyMs));
    const parts = [
      `${res.running ? 'running · ' : 'last run: '}${cases.filter((c) => c.status === 'pass').length}/${cases.length} cases pass`,
      samples ? `${pct(passes / samples)} of samples` : '',
      known.length ? `${usd(known.reduce((a, b) => a + b, 0))}${known.length < costs.length ? '+' : ''}` : 'cost unknown',
      lat.length ? `${Math.round(lat.reduce((a, b) => a + b, 0) / lat.length)} ms/call` : '',
    ];
    return parts.filter(Boolean).join(' · ');
  };
  let summary: string | undefined;
  let rerun = false;
  let retry = false;
  if (r && r.cases.size) {
    summary = summaryTitle(r);
    rerun = [...r.cases.values()].some((c) => c.status === 'fail' || c.status === 'flaky');
    retry = [...r.cases.values()].some((c) => c.errors > 0);
  }
  const cases: [number, string, string][] = [];
  for (const c of suite?.cases ?? []) {
    if (c.line === undefined) continue;
    const res = r && [...r.cases.values()].filter((x) => x.caseId === c.id);
    const title = res && res.length ? res.map(verdictText).join('  ') : r?.running ? '$(sync~spin) running…' : '$(circle-outline) not run';
    cases.push([c.line - 1, title, c.id]);
  }
  return { summary, rerun, retry, cases };
}
