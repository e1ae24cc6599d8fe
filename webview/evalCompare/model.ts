/**
 * The pure part of the eval-comparison view: which rows a filter keeps, how a column sorts, and
 * how numbers, deltas and test results read. No DOM; every string here is set as text.
 */
import type { CaseComparison, CaseKey, CaseStatus, Flip, SideSummary } from '../../src/core/evals/compare';
import type { CaseFilter, SortKey } from '../../src/protocol/evalCompare';
import { formatDuration } from '../shared/format';

export const MINUS = '\u2212';

/** The identity of a pair, as a string (a map key; never a selector). */
export function pairKey(k: CaseKey): string {
  return JSON.stringify([k.caseId, k.promptId ?? null, k.providerId ?? null]);
}

/** Flips that are not "the same as before". */
const CHANGED: ReadonlySet<Flip> = new Set(['fixed', 'broke', 'changed']);

export function matchesFilter(c: CaseComparison, f: CaseFilter): boolean {
  switch (f) {
    case 'all': return true;
    case 'changed': return CHANGED.has(c.flip) || c.passRateDelta !== 0;
    case 'regressions': return c.regression;
    case 'fixed': return c.flip === 'fixed';
    case 'broke': return c.flip === 'broke';
  }
}

export const FILTER_LABELS: Readonly<Record<CaseFilter, string>> = {
  all: 'All', changed: 'Changed', regressions: 'Regressions', fixed: 'Fixed', broke: 'Broke',
};

export const FLIP_LABELS: Readonly<Record<Flip, string>> = {
  'fixed': 'fixed', 'broke': 'broke', 'same-pass': 'same pass', 'same-fail': 'same fail', 'changed': 'changed',
};

export const FLIP_TITLES: Readonly<Record<Flip, string>> = {
  'fixed': 'Failed before, passes now',
  'broke': 'Passed before, fails now',
  'same-pass': 'Passes in both runs',
  'same-fail': 'Fails in both runs',
  'changed': 'A side is flaky or has no graded sample: see the pass rates and the score',
};

/** Ascending order of flips: worst first. */
const FLIP_RANK: Readonly<Record<Flip, number>> = { 'broke': 0, 'changed': 1, 'fixed': 2, 'same-fail': 3, 'same-pass': 4 };

/** Ascending order of the regression column: regressions beyond noise, then others, then noisy ones, then none. */
function regressionRank(c: CaseComparison): number {
  if (c.regression) return c.beyondNoise ? 0 : c.noisy ? 2 : 1;
  return c.beyondNoise ? 3 : 4;
}

export function costDelta(c: CaseComparison): number | undefined {
  return c.before.costUsd !== undefined && c.after.costUsd !== undefined ? c.after.costUsd - c.before.costUsd : undefined;
}

export function latencyDelta(c: CaseComparison): number | undefined {
  return c.before.latencyMs !== undefined && c.after.latencyMs !== undefined ? c.after.latencyMs - c.before.latencyMs : undefined;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

type SortValue = number | string | undefined;

function sortValue(c: CaseComparison, key: SortKey): SortValue {
  switch (key) {
    case 'case': return [c.caseId, c.promptId ?? '', c.providerId ?? ''].join('\u0000');
    case 'before': return c.before.n > 0 ? c.before.passRate : undefined;
    case 'after': return c.after.n > 0 ? c.after.passRate : undefined;
    case 'flip': return FLIP_RANK[c.flip];
    case 'regression': return regressionRank(c);
    case 'passRateDelta': return c.before.n > 0 && c.after.n > 0 ? c.passRateDelta : undefined;
    case 'scoreDelta': return c.scoreDelta;
    case 'costDelta': return costDelta(c);
    case 'latencyDelta': return latencyDelta(c);
  }
}

/**
 * Rows in view: filtered, then sorted by `key` (stable: ties keep the comparison's order). Unknown
 * values (no score, unknown cost) sort last in either direction.
 */
export function visibleCases(cases: readonly CaseComparison[], filter: CaseFilter, key: SortKey | undefined, descending: boolean): CaseComparison[] {
  const rows = cases.map((c, i) => ({ c, i })).filter(({ c }) => matchesFilter(c, filter));
  if (key) {
    const values = new Map(rows.map(({ c, i }) => [i, sortValue(c, key)]));
    rows.sort((x, y) => {
      const a = values.get(x.i);
      const b = values.get(y.i);
      if (a === undefined || b === undefined) return a === b ? x.i - y.i : a === undefined ? 1 : -1;
      const cmp = typeof a === 'string' && typeof b === 'string' ? collator.compare(a, b) : (a as number) - (b as number);
      return (descending ? -cmp : cmp) || x.i - y.i;
    });
  }
  return rows.map(({ c }) => c);
}

// ---------------------------------------------------------------------------------------------
// Reading numbers

/** 0.667 → "67%". */
export function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/** 95% interval "19–81%". */
export function interval(low: number, high: number): string {
  return `${Math.round(low * 100)}–${Math.round(high * 100)}%`;
}

function signed(x: number, body: (abs: number) => string, zero = '±0'): string {
  if (x === 0 || Object.is(x, -0)) return zero;
  return `${x > 0 ? '+' : MINUS}${body(Math.abs(x))}`;
}

/** A change of rate in percentage points: "+33 pp", "−8 pp", "±0 pp". */
export function ppDelta(d: number): string {
  const r = Math.round(d * 100);
  return r === 0 ? (d === 0 ? '±0 pp' : `${d > 0 ? '+' : MINUS}<1 pp`) : signed(r, (a) => `${a} pp`);
}

/** A score change: "+0.25", "−0.5"; undefined → "–". */
export function scoreDeltaText(d: number | undefined): string {
  if (d === undefined) return '–';
  return signed(Number(d.toFixed(3)), (a) => String(a));
}

/** USD: "$0.0123"; undefined stays "unknown", never $0. */
export function usd(v: number | undefined): string {
  if (v === undefined) return 'unknown';
  const a = Math.abs(v);
  const body = a === 0 ? '0' : a < 0.01 ? (a < 1e-7 ? a.toExponential(1) : a < 1e-5 ? a.toPrecision(2) : a.toFixed(5)) : a < 100 ? a.toFixed(3) : a.toFixed(2);
  return `${v < 0 ? MINUS : ''}$${body}`;
}

/** A cost difference below a billionth of a dollar is floating-point noise from summing, not a change. */
export function usdNoise(d: number | undefined): number | undefined {
  return d !== undefined && Math.abs(d) < 1e-9 ? 0 : d;
}

export function usdDelta(d: number | undefined): string {
  const x = usdNoise(d);
  if (x === undefined) return 'unknown';
  return signed(x, usd);
}

export function ms(v: number | undefined): string {
  return v === undefined ? 'unknown' : formatDuration(v);
}

export function msDelta(d: number | undefined): string {
  if (d === undefined) return 'unknown';
  return signed(Math.round(d), (a) => formatDuration(a));
}

/** A p-value as text, two significant digits: "0.63", "0.20", "0.044", "< 0.001". */
export function pValue(p: number): string {
  if (!Number.isFinite(p)) return '–';
  if (p < 0.001) return '< 0.001';
  if (p >= 1) return '1';
  return p.toPrecision(2);
}

export const ALPHA = 0.05;

export function significance(p: number): 'significant at 5%' | 'not significant at 5%' {
  return p < ALPHA ? 'significant at 5%' : 'not significant at 5%';
}

/** The one-line reading of McNemar's test on per-case verdicts. */
export function mcnemarReading(b: number, c: number, p: number): string {
  if (b + c === 0) return 'No case changed its verdict: nothing to test.';
  if (p >= ALPHA) return `Not significant at 5%: ${c} fixed vs ${b} broken could be chance.`;
  return `Significant at 5%: ${c > b ? 'more cases fixed than broken' : 'more cases broken than fixed'}.`;
}

/** The one-line reading of the Wilcoxon signed-rank test on per-case mean scores. */
export function wilcoxonReading(pairs: number, n: number, tPlus: number, tMinus: number, p: number): string {
  if (pairs === 0) return 'No case has a score on both sides: nothing to test.';
  if (n === 0) return 'No score changed: nothing to test.';
  if (p >= ALPHA) return 'Not significant at 5%: the score changes could be chance.';
  return `Significant at 5%: scores went ${tPlus > tMinus ? 'up' : 'down'}.`;
}

export const STATUS_TITLES: Readonly<Record<CaseStatus, string>> = {
  pass: 'All graded samples passed',
  fail: 'Graded samples failed',
  error: 'No graded sample, or a provider call failed',
  flaky: 'Some graded samples passed and some failed',
};

/** "2/3 · 67%", with errored samples: "2/3 · 67% · 1 err". */
export function sideRate(s: SideSummary): string {
  if (s.n === 0) return s.errors ? `no graded sample · ${s.errors} err` : 'no graded sample';
  return `${s.passes}/${s.n} · ${pct(s.passRate)}${s.errors ? ` · ${s.errors} err` : ''}`;
}

export function sideTitle(s: SideSummary): string {
  const parts = [STATUS_TITLES[s.status]];
  if (s.n > 0) parts.push(`95% interval ${interval(s.low, s.high)}`);
  if (s.meanScore !== undefined) parts.push(`mean score ${Number(s.meanScore.toFixed(3))}`);
  parts.push(`prompt ${s.promptId}`, `provider ${s.providerId}`, `cost ${usd(s.costUsd)}`, `latency ${ms(s.latencyMs)}`);
  return parts.join(' · ');
}
