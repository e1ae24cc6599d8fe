/** Comparing two eval runs: flips, regressions beyond noise, paired statistics, cost, inputs. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { StoredSample } from '../../src/core/db/evalStore';
import {
  RunCasesError, compareRuns, runCasesFromResultsFile, runCasesFromSamples, type RunCase, type RunCases, type RunSample,
} from '../../src/core/evals/compare';
import { aggregateCase } from '../../src/core/evals/runner/aggregate';
import { resultsDocument } from '../../src/core/evals/runner/resultsFile';
import { mcnemar, wilcoxonSignedRank, wilsonInterval } from '../../src/core/evals/stats';
import type { EvalSuite, SampleResult } from '../../src/core/evals/types';

function near(actual: number | undefined, expected: number, tol = 1e-12, what = ''): void {
  assert.ok(actual !== undefined && Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
}

/** A case from verdicts ('P' pass, 'F' fail, 'E' errored) and optional per-sample scores/costs. */
function kase(caseId: string, verdicts: string, extra: { scores?: number[]; cost?: (number | undefined)[]; latency?: number; promptId?: string; providerId?: string } = {}): RunCase {
  const samples: RunSample[] = [...verdicts].map((v, i) => {
    if (v === 'E') return { error: 'HTTP 500' };
    const cost = extra.cost ? extra.cost[i] : 0.001;
    return {
      pass: v === 'P',
      score: extra.scores?.[i] ?? (v === 'P' ? 1 : 0),
      ...(cost !== undefined && { costUsd: cost }),
      latencyMs: extra.latency ?? 100,
    };
  });
  return { caseId, promptId: extra.promptId ?? 'support', providerId: extra.providerId ?? 'mini', samples };
}

const run = (runId: string, ...cases: RunCase[]): RunCases => ({ runId, cases });

describe('compareRuns: a hand-checked single-sample example', () => {
  // Before → after, one sample each (verdict, score):
  //   c1  P 1    → P 1     same-pass   diff 0
  //   c2  P 0.75 → F 0.25  broke       diff −0.5
  //   c3  F 0.25 → P 0.75  fixed       diff +0.5
  //   c4  F 0    → P 0.5   fixed       diff +0.5
  //   c5  F 0.5  → P 0.75  fixed       diff +0.25
  //   c6  F 0    → F 0.125 same-fail   diff +0.125
  //   c0 only before (removed), c7 only after (new).
  //
  // McNemar: b (pass → fail) = 1 (c2), c (fail → pass) = 3 (c3, c4, c5); b + c = 4 < 25 so the
  // p-value is the exact binomial: 2·P(X ≤ 1 | n = 4, ½) = 2·(1 + 4)/16 = 0.625; the statistic with
  // continuity correction is (|1 − 3| − 1)²/4 = 0.25.
  //
  // Wilcoxon: zero difference (c1) dropped → n = 5: |d| = 0.125 (rank 1), 0.25 (rank 2), 0.5 ×3
  // (ranks 3–5, average 4). T+ = 4 + 4 + 2 + 1 = 11, T− = 4, W = 7. Exact: T+ ≥ 11 ⇔ T− ≤ 4; the
  // subsets of ranks {1, 2, 4, 4, 4} summing to ≤ 4 are {}, {1}, {2}, {1,2}, {4}×3 = 7 of 32, so
  // p = 2·7/32 = 0.4375.
  //
  // Case-level pass rates: before 2/6 (c1, c2), after 4/6 (c1, c3, c4, c5); delta = 1/3.
  const a = run('run-a',
    kase('c0', 'P'),
    kase('c1', 'P', { scores: [1] }), kase('c2', 'P', { scores: [0.75] }), kase('c3', 'F', { scores: [0.25] }),
    kase('c4', 'F', { scores: [0] }), kase('c5', 'F', { scores: [0.5] }), kase('c6', 'F', { scores: [0] }));
  const b = run('run-b',
    kase('c1', 'P', { scores: [1] }), kase('c2', 'F', { scores: [0.25] }), kase('c3', 'P', { scores: [0.75] }),
    kase('c4', 'P', { scores: [0.5] }), kase('c5', 'P', { scores: [0.75] }), kase('c6', 'F', { scores: [0.125] }),
    kase('c7', 'F'));
  const cmp = compareRuns(a, b);

  it('pairs by case, lists flips and new/removed cases', () => {
    assert.equal(cmp.pairBy, 'case');
    assert.deepEqual([cmp.beforeRunId, cmp.afterRunId], ['run-a', 'run-b']);
    assert.deepEqual(cmp.cases.map((c) => [c.caseId, c.flip]), [
      ['c1', 'same-pass'], ['c2', 'broke'], ['c3', 'fixed'], ['c4', 'fixed'], ['c5', 'fixed'], ['c6', 'same-fail'],
    ]);
    assert.deepEqual(cmp.fixed, [{ caseId: 'c3' }, { caseId: 'c4' }, { caseId: 'c5' }]);
    assert.deepEqual(cmp.broke, [{ caseId: 'c2' }]);
    assert.deepEqual(cmp.removedCases.map((c) => [c.caseId, c.side.status]), [['c0', 'pass']]);
    assert.deepEqual(cmp.newCases.map((c) => [c.caseId, c.side.status]), [['c7', 'fail']]);
    assert.deepEqual(cmp.totals.flips, { 'fixed': 3, 'broke': 1, 'same-pass': 1, 'same-fail': 1, 'changed': 0 });
    assert.equal(cmp.totals.pairedCases, 6);
  });

  it('counts a clean single-sample pass → fail as a regression, not noisy', () => {
    const c2 = cmp.cases.find((c) => c.caseId === 'c2')!;
    assert.deepEqual([c2.regression, c2.beyondNoise, c2.noisy], [true, false, false]);
    assert.deepEqual(cmp.regressions, [{ caseId: 'c2' }]);
    assert.equal(c2.scoreDelta, -0.5);
    assert.equal(c2.passRateDelta, -1);
    assert.deepEqual([c2.before.status, c2.before.passRate, c2.before.n, c2.before.meanScore], ['pass', 1, 1, 0.75]);
    near(c2.before.low, wilsonInterval(1, 1).low);
  });

  it('runs McNemar on majority verdicts: b = 1, c = 3, exact p = 0.625', () => {
    const m = cmp.totals.mcnemar;
    assert.deepEqual([m.b, m.c, m.bothPass, m.bothFail, m.n], [1, 3, 1, 1, 6]);
    near(m.pValue, 0.625);
    near(m.statistic, 0.25);
    assert.equal(m.exact, true);
    assert.deepEqual({ statistic: m.statistic, pValue: m.pValue, exact: m.exact }, mcnemar(1, 3));
  });

  it('runs Wilcoxon on paired mean scores: T+ = 11, T− = 4, n = 5, exact p = 0.4375', () => {
    const w = cmp.totals.wilcoxon;
    assert.deepEqual([w.pairs, w.dropped, w.n, w.tPlus, w.tMinus, w.W, w.exact], [6, 0, 5, 11, 4, 7, true]);
    near(w.pValue, 0.4375);
    const direct = wilcoxonSignedRank([0, -0.5, 0.5, 0.5, 0.25, 0.125]);
    assert.equal(w.pValue, direct.pValue);
    assert.equal(w.z, direct.z);
  });

  it('reports case-level and pooled pass rates with Wilson intervals', () => {
    const t = cmp.totals;
    assert.deepEqual([t.before.passes, t.before.n, t.after.passes, t.after.n], [2, 6, 4, 6]);
    near(t.delta, 1 / 3);
    near(t.before.low, wilsonInterval(2, 6).low);
    near(t.after.high, wilsonInterval(4, 6).high);
    assert.deepEqual([t.samplesBefore.passes, t.samplesBefore.n], [2, 6]);
  });

  it('totals cost and latency over the paired cases', () => {
    near(cmp.totals.costUsd.before, 0.006, 1e-12, 'cost before');
    near(cmp.totals.costUsd.after, 0.006, 1e-12, 'cost after');
    near(cmp.totals.costUsd.delta, 0, 1e-12, 'cost delta');
    assert.deepEqual(cmp.totals.latencyMs, { before: 100, after: 100, delta: 0 });
  });
});

describe('compareRuns: regression beyond noise with repeats', () => {
  const a = run('a',
    kase('r1', 'PPPPP'), kase('r2', 'PPPPF'), kase('r3', 'P'), kase('r4', 'PPF'), kase('r5', 'PPPPPPPPPP'), kase('r6', 'EE'), kase('r7', 'FFFF'));
  const b = run('b',
    kase('r1', 'FFFFF'), kase('r2', 'PPFFF'), kase('r3', 'PF'), kase('r4', 'FFF'), kase('r5', 'PPFFFFFFFF'), kase('r6', 'FF'), kase('r7', 'PPPP'));
  const cmp = compareRuns(a, b);
  const get = (id: string) => cmp.cases.find((c) => c.caseId === id)!;
  const row = (id: string) => { const c = get(id); return [c.flip, c.regression, c.beyondNoise, c.noisy]; };

  it('5/5 → 0/5: intervals apart, a regression beyond noise', () => {
    // Wilson 5/5 = [0.566, 1], 0/5 = [0, 0.434].
    assert.deepEqual(row('r1'), ['broke', true, true, false]);
  });

  it('4/5 → 2/5: majority flipped but the intervals overlap with enough samples to tell: noise', () => {
    // 4/5 = [0.376, 0.964], 2/5 = [0.118, 0.769]; 5 samples a side could have separated (as r1 did).
    assert.deepEqual(row('r2'), ['changed', false, false, false]);
  });

  it('too few samples to ever separate: a majority flip counts, noisy when a side is flaky', () => {
    // 1/1 vs 1/2 (a tie is not a pass): 1/1 = [0.207, 1] overlaps 0/2 = [0, 0.658] at best.
    assert.deepEqual(row('r3'), ['changed', true, false, true]);
    // 2/3 → 0/3: 3/3 = [0.438, 1] overlaps 0/3 = [0, 0.562] at best.
    assert.deepEqual(row('r4'), ['changed', true, false, true]);
  });

  it('10/10 → 2/10: flaky after, but beyond noise, so not marked noisy', () => {
    // 10/10 = [0.722, 1], 2/10 = [0.057, 0.510].
    assert.deepEqual(row('r5'), ['changed', true, true, false]);
  });

  it('errored samples aside, a clean side still flips', () => {
    const cmp2 = compareRuns(run('a', kase('e', 'PPE')), run('b', kase('e', 'FE')));
    const e = cmp2.cases[0]!;
    assert.deepEqual([e.before.status, e.after.status, e.flip, e.regression, e.noisy], ['error', 'fail', 'broke', true, false]);
  });

  it('an all-errored side has no verdict: changed, no regression, left out of McNemar', () => {
    const r6 = get('r6');
    assert.deepEqual([r6.before.status, r6.before.verdict, r6.before.n, r6.before.errors, r6.before.meanScore], ['error', undefined, 0, 2, undefined]);
    assert.deepEqual(row('r6'), ['changed', false, false, false]);
    assert.equal(r6.scoreDelta, undefined);
    assert.equal(cmp.totals.mcnemar.n, 6);
    assert.equal(cmp.totals.wilcoxon.pairs, 6);
    assert.equal(cmp.totals.wilcoxon.dropped, 1);
    assert.equal(cmp.totals.before.n, 6, 'r6 has no verdict before');
    assert.equal(cmp.totals.after.n, 7);
  });

  it('lists regressions and fixes; McNemar counts majority flips', () => {
    assert.deepEqual(cmp.regressions.map((k) => k.caseId), ['r1', 'r3', 'r4', 'r5']);
    assert.deepEqual(cmp.fixed.map((k) => k.caseId), ['r7']);
    assert.equal(cmp.totals.regressions, 4);
    // Majority before → after: r1 P→F, r2 P→F, r3 P→F (tie), r4 P→F, r5 P→F, r7 F→P.
    assert.deepEqual([cmp.totals.mcnemar.b, cmp.totals.mcnemar.c], [5, 1]);
  });
});

describe('compareRuns: cost and latency', () => {
  it('keeps an unknown cost unknown, per case and in the totals', () => {
    const a = run('a', kase('x', 'PP', { cost: [0.01, 0.02], latency: 200 }), kase('y', 'P', { cost: [0.03] }));
    const b = run('b', kase('x', 'PP', { cost: [0.01, undefined], latency: 300 }), kase('y', 'P', { cost: [0.01] }));
    const cmp = compareRuns(a, b);
    const x = cmp.cases[0]!;
    near(x.before.costUsd, 0.03, 1e-12);
    assert.equal(x.after.costUsd, undefined);
    assert.equal('costUsd' in x.after, false);
    near(cmp.totals.costUsd.before, 0.06, 1e-12);
    assert.equal(cmp.totals.costUsd.after, undefined);
    assert.equal(cmp.totals.costUsd.delta, undefined);
    // Latency: mean per answered sample, (200 + 200 + 100)/3 before, (300 + 300 + 100)/3 after.
    near(cmp.totals.latencyMs.before, 500 / 3);
    near(cmp.totals.latencyMs.after, 700 / 3);
    near(cmp.totals.latencyMs.delta, 200 / 3);
  });

  it('errored samples cost nothing known and are not latency', () => {
    const a = run('a', kase('x', 'PE'));
    const b = run('b', { caseId: 'x', promptId: 'support', providerId: 'mini', samples: [{ pass: true, score: 1, costUsd: 0.001 }] });
    const cmp = compareRuns(a, b);
    near(cmp.cases[0]!.before.costUsd, 0.001, 1e-15);
    assert.equal(cmp.cases[0]!.before.latencyMs, 100);
    assert.equal(cmp.cases[0]!.after.latencyMs, undefined);
    assert.equal(cmp.totals.latencyMs.delta, undefined);
  });
});

describe('compareRuns: pairing', () => {
  it('pairs two models on the same cases by case id by default', () => {
    const a = run('a', kase('x', 'P', { providerId: 'gpt-4o-mini' }));
    const b = run('b', kase('x', 'F', { providerId: 'llama-3' }));
    const cmp = compareRuns(a, b);
    assert.equal(cmp.pairBy, 'case');
    assert.deepEqual([cmp.cases[0]!.before.providerId, cmp.cases[0]!.after.providerId], ['gpt-4o-mini', 'llama-3']);
  });

  it('adds the prompt to the key when a run has several prompts', () => {
    const a = run('a', kase('x', 'P', { promptId: 'p1' }), kase('x', 'F', { promptId: 'p2' }));
    const b = run('b', kase('x', 'P', { promptId: 'p1', providerId: 'other' }), kase('x', 'P', { promptId: 'p2', providerId: 'other' }));
    const cmp = compareRuns(a, b);
    assert.equal(cmp.pairBy, 'case+prompt');
    assert.deepEqual(cmp.cases.map((c) => [c.caseId, c.promptId, c.providerId, c.flip]), [['x', 'p1', undefined, 'same-pass'], ['x', 'p2', undefined, 'fixed']]);
    assert.deepEqual(cmp.fixed, [{ caseId: 'x', promptId: 'p2' }]);
  });

  it('with full pairing, other providers are new and removed cases', () => {
    const a = run('a', kase('x', 'P', { providerId: 'm1' }));
    const b = run('b', kase('x', 'P', { providerId: 'm2' }));
    const cmp = compareRuns(a, b, { pairBy: 'full' });
    assert.equal(cmp.cases.length, 0);
    assert.deepEqual(cmp.removedCases.map((c) => [c.caseId, c.promptId, c.providerId]), [['x', 'support', 'm1']]);
    assert.deepEqual(cmp.newCases.map((c) => [c.caseId, c.promptId, c.providerId]), [['x', 'support', 'm2']]);
    assert.deepEqual([cmp.totals.before.n, cmp.totals.mcnemar.pValue, cmp.totals.wilcoxon.n, cmp.totals.costUsd.delta], [0, 1, 0, 0]);
  });

  it('refuses to pool two results under one key', () => {
    const a = run('a', kase('x', 'P', { promptId: 'p1' }), kase('x', 'F', { promptId: 'p2' }));
    assert.throws(() => compareRuns(a, a, { pairBy: 'case' }), (e: unknown) => e instanceof RunCasesError
      && /first run has two results for case "x".*'case\+prompt'/.test(e.message));
  });
});

describe('runCasesFromSamples', () => {
  const stored = (over: Partial<StoredSample>): StoredSample => ({
    runId: 'run-db', caseId: 'c1', promptId: 'support', providerId: 'mini', model: 'gpt-4o-mini', params: {}, sample: 0,
    toolCalls: [], cached: false, assertions: [], ...over,
  });

  it('groups samples by case, prompt and provider, in sample order, keeping errors', () => {
    const rc = runCasesFromSamples([
      stored({ sample: 1, pass: false, score: 0.2, costUsd: 0.002, latencyMs: 120 }),
      stored({ sample: 0, pass: true, score: 0.9, costUsd: 0.001, latencyMs: 80 }),
      stored({ caseId: 'c2', sample: 0, error: 'HTTP 429' }),
    ]);
    assert.equal(rc.runId, 'run-db');
    assert.deepEqual(rc.cases, [
      { caseId: 'c1', promptId: 'support', providerId: 'mini', samples: [
        { pass: true, score: 0.9, costUsd: 0.001, latencyMs: 80 },
        { pass: false, score: 0.2, costUsd: 0.002, latencyMs: 120 },
      ] },
      { caseId: 'c2', promptId: 'support', providerId: 'mini', samples: [{ error: 'HTTP 429' }] },
    ]);
    const cmp = compareRuns(rc, rc);
    assert.deepEqual(cmp.cases.map((c) => [c.caseId, c.before.status, c.flip]), [['c1', 'flaky', 'changed'], ['c2', 'error', 'changed']]);
    near(cmp.cases[0]!.before.meanScore, 0.55);
  });

  it('refuses samples of two runs', () => {
    assert.throws(() => runCasesFromSamples([stored({ runId: 'r1' }), stored({ runId: 'r2' })]), /2 runs \(r1, r2\)/);
  });
});

describe('runCasesFromResultsFile', () => {
  const suite: EvalSuite = {
    path: 'evals/s.evals.yaml', format: 'tracemine', version: 'sha256:x', repeat: 2, warnings: [],
    prompts: [{ id: 'support', raw: '{{q}}' }], providers: [{ id: 'mini', model: 'gpt-4o-mini', params: {} }], cases: [],
  };
  const s = (i: number, pass: boolean, costUsd?: number, error?: string): SampleResult => ({
    sample: i, pass, score: pass ? 1 : 0, assertions: [],
    ...(error ? { error } : { response: { output: 'o', toolCalls: [], model: 'gpt-4o-mini', latencyMs: 50, cached: false, ...(costUsd !== undefined && { costUsd }) } }),
  });
  const key = (caseId: string) => ({ caseId, promptId: 'support', providerId: 'mini' });
  const doc = (cases: SampleResult[][]) => JSON.parse(JSON.stringify(resultsDocument(
    { runId: 'run-file', startedAt: '2025-01-01T00:00:00Z', suite },
    cases.map((samples, i) => aggregateCase(key(`c${i}`), samples)),
  ))) as Record<string, unknown>;

  it('reads the document the runner writes (object or text)', () => {
    const before = doc([[s(0, true, 0.01), s(1, true, 0.01)], [s(0, true), s(1, false, undefined, 'HTTP 500')]]);
    const after = doc([[s(0, false, 0.02), s(1, false, 0.02)], [s(0, true, 0.01), s(1, true, 0.01)]]);
    const a = runCasesFromResultsFile(before);
    assert.equal(a.runId, 'run-file');
    assert.deepEqual(a.cases[1]!.samples, [{ pass: true, score: 1, latencyMs: 50 }, { pass: false, score: 0, error: 'HTTP 500' }]);
    const cmp = compareRuns(a, runCasesFromResultsFile(JSON.stringify(after)));
    assert.deepEqual(cmp.cases.map((c) => [c.caseId, c.flip, c.regression]), [['c0', 'broke', true], ['c1', 'same-pass', false]]);
    assert.deepEqual([cmp.cases[1]!.before.status, cmp.cases[1]!.after.status], ['error', 'pass']);
    assert.equal(cmp.totals.costUsd.before, undefined, 'c1 had an answered sample of unknown price');
    near(cmp.totals.costUsd.after, 0.06, 1e-12);
  });

  it('ignores the unfinished cases of a cancelled run', () => {
    const d = doc([[s(0, true)]]);
    const rc = runCasesFromResultsFile({ ...d, status: 'cancelled', incomplete: [{ caseId: 'c9', promptId: 'support', providerId: 'mini', samples: [] }] });
    assert.deepEqual(rc.cases.map((c) => c.caseId), ['c0']);
  });

  const bad = (mutate: (d: Record<string, unknown>) => unknown, message: RegExp) => {
    assert.throws(() => runCasesFromResultsFile(mutate(doc([[s(0, true), s(1, false)]]))), (e: unknown) => {
      assert.ok(e instanceof RunCasesError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };

  it('rejects malformed documents, naming the field', () => {
    bad(() => '{"format": "tracemine-eval-results", ', /not JSON/);
    bad(() => [1, 2], /the document should be a JSON object, got an array/);
    bad((d) => ({ ...d, format: 'promptfoo' }), /"format" is "promptfoo", expected "tracemine-eval-results"/);
    bad((d) => { delete d.format; return d; }, /"format" is missing/);
    bad((d) => ({ ...d, formatVersion: 2 }), /format version 2 is newer/);
    bad((d) => ({ ...d, cases: {} }), /"cases" should be an array, got object/);
    bad((d) => { (d.cases as Record<string, unknown>[])[0]!.caseId = 7; return d; }, /cases\[0\]\.caseId should be a string, got number/);
    bad((d) => { delete (d.cases as Record<string, unknown>[])[0]!.samples; return d; }, /cases\[0\]\.samples should be an array, got undefined/);
    bad((d) => {
      ((d.cases as Record<string, unknown>[])[0]!.samples as Record<string, unknown>[])[1]!.pass = 'yes';
      return d;
    }, /cases\[0\]\.samples\[1\]\.pass should be a boolean, got string "yes"/);
    bad((d) => {
      ((d.cases as Record<string, unknown>[])[0]!.samples as Record<string, unknown>[])[0]!.costUsd = '0.1';
      return d;
    }, /cases\[0\]\.samples\[0\]\.costUsd should be a number/);
  });
});
