import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chiSquare1Survival, cohensKappa, mcnemar, mean, normalSurvival, stddev, wilcoxonSignedRank, wilsonInterval,
} from '../../src/core/evals/stats';

function near(actual: number, expected: number, tol: number, what = ''): void {
  assert.ok(Math.abs(actual - expected) <= tol, `${what} ${actual} is not within ${tol} of ${expected}`);
}

describe('wilsonInterval', () => {
  // Newcombe R.G. (1998), "Two-sided confidence intervals for the single proportion: comparison of
  // seven methods", Statistics in Medicine 17:857-872, Table II, method 3 (score, no continuity
  // correction), 95%: 81/263 → 0.2553–0.3662; 15/148 → 0.0624–0.1605; 0/20 → 0–0.1611;
  // 1/29 → 0.0061–0.1718.
  const table: [number, number, number, number][] = [
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ];
  for (const [k, n, low, high] of table) {
    it(`matches Newcombe (1998) for ${k}/${n}`, () => {
      const ci = wilsonInterval(k, n);
      near(ci.low, low, 5e-5, 'low');
      near(ci.high, high, 5e-5, 'high');
    });
  }

  it('is [0, 1] with no trials, pinned at the ends, and narrower with smaller z', () => {
    assert.deepEqual(wilsonInterval(0, 0), { low: 0, high: 1 });
    const all = wilsonInterval(10, 10);
    assert.equal(all.high, 1);
    assert.ok(all.low > 0.69 && all.low < 0.73);
    const z1 = wilsonInterval(5, 10, 1);
    const z2 = wilsonInterval(5, 10);
    assert.ok(z1.high - z1.low < z2.high - z2.low);
    near(z2.low + z2.high, 1, 1e-12, 'symmetric around 1/2');
  });
});

describe('mean and stddev', () => {
  it('computes the sample standard deviation', () => {
    // The classic textbook set 2,4,4,4,5,5,7,9: mean 5, population SD 2, sample SD √(32/7).
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    assert.equal(mean(xs), 5);
    near(stddev(xs), Math.sqrt(32 / 7), 1e-12);
  });

  it('handles degenerate inputs', () => {
    assert.ok(Number.isNaN(mean([])));
    assert.equal(stddev([]), 0);
    assert.equal(stddev([3]), 0);
    assert.equal(stddev([1, 1, 1]), 0);
  });
});

describe('mcnemar', () => {
  it("matches Wikipedia's 'McNemar's test' example (b = 121, c = 59: χ² = 21.35, p < 0.001)", () => {
    const plain = mcnemar(121, 59, { correction: false });
    near(plain.statistic, 21.35, 0.01, 'χ²');
    assert.equal(plain.exact, false);
    assert.ok(plain.pValue < 0.001);
    near(plain.pValue, 3.8151e-6, 1e-9, 'p (chi2.sf(21.3556, 1))');
    // With Edwards' continuity correction (the default): (|121 − 59| − 1)² / 180 = 20.672.
    const corrected = mcnemar(121, 59);
    near(corrected.statistic, 3721 / 180, 1e-12, 'χ² corrected');
    near(corrected.pValue, 5.4501e-6, 1e-9, 'p corrected');
  });

  it('uses the exact binomial test when b + c < 25 (calcugator.com chi2_mcnemar example)', () => {
    // Death-penalty opinions of 20 teenagers before/after: 11 changed one way, 3 the other →
    // two-tailed probability 0.05737304687500008.
    const r = mcnemar(11, 3);
    assert.equal(r.exact, true);
    near(r.pValue, 0.057373046875, 1e-12);
    assert.deepEqual(mcnemar(3, 11).pValue, r.pValue, 'symmetric in b and c');
  });

  it('matches the stat-tools.xyz worked example (b = 12, c = 5: χ²cc = 2.1176, exact p = 0.1435)', () => {
    const r = mcnemar(12, 5);
    near(r.statistic, 2.1176, 1e-4);
    near(r.pValue, 0.1435, 1e-4);
    near(chiSquare1Survival(r.statistic), 0.1456, 1e-4, 'χ² p-value from the same page');
  });

  it('handles no discordant pairs and caps p at 1', () => {
    assert.deepEqual(mcnemar(0, 0), { statistic: 0, pValue: 1, exact: true });
    assert.equal(mcnemar(4, 4).pValue, 1);
    assert.equal(mcnemar(13, 12).exact, false, 'b + c = 25 uses χ²');
  });
});

describe('wilcoxonSignedRank', () => {
  // Wikipedia, 'Wilcoxon signed-rank test' (worked example, x2 − x1 for ten pairs): one zero is
  // dropped (N_r = 9), two tied |differences| of 5 share rank 1.5, and W = 9.
  const x2 = [125, 115, 130, 140, 140, 115, 140, 125, 140, 135];
  const x1 = [110, 122, 125, 120, 140, 124, 123, 137, 135, 145];
  const diffs = x2.map((v, i) => v - x1[i]!);

  it("reproduces Wikipedia's worked example (W = 9, N_r = 9, not significant)", () => {
    const r = wilcoxonSignedRank(diffs);
    assert.equal(r.W, 9);
    assert.equal(r.n, 9);
    assert.equal(r.tPlus, 27);
    assert.equal(r.tMinus, 18);
    assert.equal(r.exact, true);
    assert.ok(r.pValue > 0.05);
  });

  it('normal approximation with tie and continuity correction agrees with SciPy', () => {
    // scipy.stats.wilcoxon(d, zero_method='wilcox', correction=True, method='approx') on the same
    // differences gives p = 0.6352893188 (SciPy 1.17); σ² = 9·10·19/24 − (2³ − 2)/48.
    const r = wilcoxonSignedRank(diffs, { exact: false });
    assert.equal(r.exact, false);
    near(r.z, (27 - 22.5 - 0.5) / Math.sqrt(71.25 - 6 / 48), 1e-12, 'z');
    near(r.pValue, 0.6352893, 1e-6, 'p');
  });

  it("matches R's wilcox.test example (Hollander & Wolfe 1973, p. 29: V = 40, one-sided p = 0.01953)", () => {
    const x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
    const y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    const r = wilcoxonSignedRank(x.map((v, i) => v - y[i]!));
    assert.equal(r.tPlus, 40);
    assert.equal(r.exact, true);
    near(r.pValue, 2 * 0.01953125, 1e-12, 'two-sided = 2 × 10/512');
    const approx = wilcoxonSignedRank(x.map((v, i) => v - y[i]!), { exact: false });
    near(approx.pValue, 0.04401098, 1e-6, 'R exact=FALSE, correct=TRUE / SciPy approx');
  });

  it('uses the normal approximation above n = 20 (SciPy cross-check with many ties)', () => {
    const d = Array.from({ length: 30 }, (_, i) => ((i * 7) % 11) - 3);
    const r = wilcoxonSignedRank(d);
    assert.equal(r.n, 27);
    assert.equal(r.exact, false);
    assert.equal(r.tMinus, 65.5);
    near(r.pValue, 0.0030317428, 1e-8, 'scipy.stats.wilcoxon(..., method="approx", correction=True)');
  });

  it('handles all-zero and empty input, and is symmetric in sign', () => {
    assert.equal(wilcoxonSignedRank([]).pValue, 1);
    assert.equal(wilcoxonSignedRank([0, 0]).n, 0);
    const a = wilcoxonSignedRank([1, 2, 3, -4, 5]);
    const b = wilcoxonSignedRank([-1, -2, -3, 4, -5]);
    assert.equal(a.pValue, b.pValue);
    assert.equal(a.W, -b.W);
    // All five positive: the most extreme of 2⁵ sign patterns → p = 2/32.
    assert.equal(wilcoxonSignedRank([1, 2, 3, 4, 5]).pValue, 2 / 32);
  });
});

describe('cohensKappa', () => {
  it("reproduces Wikipedia's 'Cohen's kappa' worked example (20/5/10/15 → κ = 0.4)", () => {
    // Rater A yes & B yes 20, A yes & B no 5, A no & B yes 10, both no 15: pₒ = 0.7, pₑ = 0.5.
    const r = cohensKappa({ tp: 20, fp: 5, fn: 10, tn: 15 });
    near(r.kappa, 0.4, 1e-12);
    near(r.observedAgreement, 0.7, 1e-12);
    near(r.expectedAgreement, 0.5, 1e-12);
    near(r.tpr, 20 / 30, 1e-12);
    near(r.tnr, 15 / 20, 1e-12);
  });

  it('is 1 for perfect agreement, 0 at chance, negative below it', () => {
    assert.equal(cohensKappa({ tp: 5, fp: 0, fn: 0, tn: 5 }).kappa, 1);
    assert.equal(cohensKappa({ tp: 10, fp: 0, fn: 0, tn: 0 }).kappa, 1, 'one class only');
    near(cohensKappa({ tp: 25, fp: 25, fn: 25, tn: 25 }).kappa, 0, 1e-12);
    assert.ok(cohensKappa({ tp: 0, fp: 5, fn: 5, tn: 0 }).kappa < 0);
    assert.ok(Number.isNaN(cohensKappa({ tp: 0, fp: 0, fn: 0, tn: 0 }).kappa));
  });
});

describe('distribution tails', () => {
  it('matches standard normal and χ²(1) tables', () => {
    near(normalSurvival(1.959964), 0.025, 1e-6);
    near(normalSurvival(0), 0.5, 1e-7);
    near(chiSquare1Survival(3.841459), 0.05, 1e-6);
    near(chiSquare1Survival(6.634897), 0.01, 1e-7);
  });
});
