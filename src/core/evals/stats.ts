/**
 * Statistics for eval results: confidence intervals for pass rates (Wilson), summary moments,
 * paired comparisons of two prompts/models on the same cases (McNemar for pass/fail, Wilcoxon
 * signed-rank for scores), and judge-vs-human agreement (Cohen's kappa). Pure functions; values
 * that are mathematically undefined are NaN unless documented otherwise.
 */

/** A two-sided confidence interval. */
export interface Interval {
  readonly low: number;
  readonly high: number;
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927; Newcombe 1998, method 3), without
 * continuity correction. `z` = 1.96 for 95%. With n = 0 nothing is known: [0, 1].
 */
export function wilsonInterval(successes: number, n: number, z = 1.96): Interval {
  if (!(n > 0)) return { low: 0, high: 1 };
  const p = successes / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: successes <= 0 ? 0 : Math.max(0, center - half),
    high: successes >= n ? 1 : Math.min(1, center + half),
  };
}

/** Arithmetic mean; NaN for an empty list. */
export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return Number.NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1 denominator); 0 for fewer than two values. */
export function stddev(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

export interface McNemarResult {
  /** χ² = (|b − c| − 1)² / (b + c) (without `correction`: (b − c)² / (b + c)); 0 when b + c = 0. */
  readonly statistic: number;
  /** Two-sided. */
  readonly pValue: number;
  /** The p-value is the exact binomial one (b + c < 25) rather than the χ² approximation. */
  readonly exact: boolean;
}

/**
 * McNemar's test for paired pass/fail outcomes: `b` = cases only the first system passed, `c` =
 * cases only the second passed. When b + c < 25 the p-value is the exact two-sided binomial test
 * of min(b, c) in b + c trials at 1/2; otherwise χ² with one degree of freedom, with Edwards'
 * continuity correction unless `correction: false`.
 */
export function mcnemar(b: number, c: number, opts: { readonly correction?: boolean } = {}): McNemarResult {
  const n = b + c;
  if (n === 0) return { statistic: 0, pValue: 1, exact: true };
  const diff = Math.abs(b - c);
  const corrected = opts.correction ?? true;
  const statistic = (corrected ? Math.max(0, diff - 1) ** 2 : diff * diff) / n;
  if (n < 25) return { statistic, pValue: binomialTwoSided(Math.min(b, c), n), exact: true };
  return { statistic, pValue: chiSquare1Survival(statistic), exact: false };
}

/** Two-sided exact binomial p-value at p = 1/2: 2·P(X ≤ k) for k ≤ n/2, capped at 1. */
function binomialTwoSided(k: number, n: number): number {
  let term = 2 ** -n; // C(n, 0) / 2^n
  let tail = 0;
  for (let i = 0; i <= k; i++) {
    tail += term;
    term = (term * (n - i)) / (i + 1);
  }
  return Math.min(1, 2 * tail);
}

export interface WilcoxonResult {
  /** Signed-rank sum W = T+ − T− (Wikipedia's W). */
  readonly W: number;
  /** Sum of the ranks of positive differences (R's V). */
  readonly tPlus: number;
  /** Sum of the ranks of negative differences. */
  readonly tMinus: number;
  /** Differences left after dropping zeros. */
  readonly n: number;
  /** Normal approximation of T+, tie-corrected variance, continuity-corrected. */
  readonly z: number;
  /** Two-sided. */
  readonly pValue: number;
  /** The p-value comes from the exact permutation distribution (n ≤ 20). */
  readonly exact: boolean;
}

/**
 * Wilcoxon signed-rank test on paired differences (e.g. score of prompt B − score of prompt A on
 * each case). Zero differences are dropped (Wilcoxon's method); tied |differences| get their
 * average rank. For n ≤ 20 (unless `exact: false`) the p-value is exact: the distribution of T+
 * over all 2ⁿ sign assignments of the actual (possibly tied) ranks. Otherwise it is the normal
 * approximation with the tie correction Σ(t³ − t)/48 of the variance and a continuity correction
 * of 0.5.
 */
export function wilcoxonSignedRank(diffs: readonly number[], opts: { readonly exact?: boolean } = {}): WilcoxonResult {
  const nonzero = diffs.filter((d) => d !== 0 && Number.isFinite(d));
  const n = nonzero.length;
  if (n === 0) return { W: 0, tPlus: 0, tMinus: 0, n: 0, z: 0, pValue: 1, exact: true };
  const { ranks, tieTerm } = averageRanks(nonzero.map(Math.abs));
  let tPlus = 0;
  let tMinus = 0;
  nonzero.forEach((d, i) => {
    if (d > 0) tPlus += ranks[i]!;
    else tMinus += ranks[i]!;
  });
  const mu = (n * (n + 1)) / 4;
  const sigma = Math.sqrt((n * (n + 1) * (2 * n + 1)) / 24 - tieTerm / 48);
  const dev = tPlus - mu;
  const z = sigma > 0 ? (Math.sign(dev) * Math.max(0, Math.abs(dev) - 0.5)) / sigma : 0;
  const exact = (opts.exact ?? true) && n <= 20;
  const pValue = exact ? exactSignedRankP(ranks, tPlus) : Math.min(1, 2 * normalSurvival(Math.abs(z)));
  return { W: tPlus - tMinus, tPlus, tMinus, n, z, pValue, exact };
}

/** Ranks of `values` (1-based, ties averaged) and Σ(t³ − t) over tie groups. */
function averageRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]![0] === order[i]![0]) j++;
    const avg = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k]![1]] = avg;
    const t = j - i + 1;
    tieTerm += t * t * t - t;
    i = j + 1;
  }
  return { ranks, tieTerm };
}

/**
 * Exact two-sided p-value of T+ = `tPlus`: ranks are doubled (average ranks are multiples of ½)
 * and the number of sign assignments reaching each sum is counted by dynamic programming.
 */
function exactSignedRankP(ranks: readonly number[], tPlus: number): number {
  const doubled = ranks.map((r) => Math.round(r * 2));
  const max = doubled.reduce((a, b) => a + b, 0);
  let ways = new Float64Array(max + 1);
  ways[0] = 1;
  for (const r of doubled) {
    const next = ways.slice();
    for (let s = r; s <= max; s++) next[s]! += ways[s - r]!;
    ways = next;
  }
  const total = 2 ** ranks.length;
  const t = Math.round(tPlus * 2);
  let lower = 0;
  let upper = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= t) lower += ways[s]!;
    if (s >= t) upper += ways[s]!;
  }
  return Math.min(1, (2 * Math.min(lower, upper)) / total);
}

/** P(Z > z) for a standard normal Z. */
export function normalSurvival(z: number): number {
  return 0.5 * erfc(z / Math.SQRT2);
}

/** P(X > x) for X ~ χ² with one degree of freedom. */
export function chiSquare1Survival(x: number): number {
  return x <= 0 ? 1 : erfc(Math.sqrt(x / 2));
}

/**
 * Complementary error function: the Chebyshev fit of Press et al., Numerical Recipes (2nd ed.,
 * §6.2, `erfcc`), fractional error below 1.2e-7 everywhere.
 */
function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
    + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
    + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}

/** A 2×2 agreement table: judge (first rater) vs reference (second rater, e.g. a human). */
export interface Confusion {
  /** Both positive (pass). */
  readonly tp: number;
  /** Judge positive, reference negative. */
  readonly fp: number;
  /** Judge negative, reference positive. */
  readonly fn: number;
  /** Both negative. */
  readonly tn: number;
}

export interface KappaResult {
  /** (pₒ − pₑ) / (1 − pₑ); 1 when both raters put everything in one class (pₑ = pₒ = 1). */
  readonly kappa: number;
  /** pₒ: share of items the raters agree on. */
  readonly observedAgreement: number;
  /** pₑ: agreement expected by chance from each rater's marginal rates. */
  readonly expectedAgreement: number;
  /** Judge's sensitivity against the reference: tp / (tp + fn). */
  readonly tpr: number;
  /** Judge's specificity against the reference: tn / (tn + fp). */
  readonly tnr: number;
}

/** Cohen's kappa (Cohen 1960) for two raters on a binary label. Empty table: all NaN. */
export function cohensKappa({ tp, fp, fn, tn }: Confusion): KappaResult {
  const n = tp + fp + fn + tn;
  const po = (tp + tn) / n;
  const judgeYes = (tp + fp) / n;
  const refYes = (tp + fn) / n;
  const pe = judgeYes * refYes + (1 - judgeYes) * (1 - refYes);
  const kappa = n === 0 ? Number.NaN : pe === 1 ? 1 : (po - pe) / (1 - pe);
  return { kappa, observedAgreement: po, expectedAgreement: pe, tpr: tp / (tp + fn), tnr: tn / (tn + fp) };
}
