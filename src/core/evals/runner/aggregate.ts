/**
 * From samples to a case verdict.
 *
 * Errored samples (the provider call failed after retries) are counted apart and left out of the
 * pass rate and the score statistics: they say nothing about the prompt. Over the others:
 * pass rate with its 95% Wilson score interval (stats.ts: z = 1.96; [0, 1] when no sample counts),
 * mean weighted score (0 when none) and its sample standard deviation (n − 1; 0 below two samples).
 *
 * Status: `flaky` when samples both passed and failed, else `fail` when any failed, else `error`
 * when any errored (nothing failed, but the evidence is incomplete), else `pass`.
 */
import { mean, stddev, wilsonInterval } from '../stats';
import type { CaseResult, SampleResult } from '../types';

export function aggregateCase(key: { caseId: string; promptId: string; providerId: string }, samples: readonly SampleResult[]): CaseResult {
  const sorted = [...samples].sort((a, b) => a.sample - b.sample);
  const graded = sorted.filter((s) => s.error === undefined);
  const passes = graded.filter((s) => s.pass).length;
  const fails = graded.length - passes;
  const errors = sorted.length - graded.length;
  const n = graded.length;
  const { low, high } = wilsonInterval(passes, n);
  const scores = graded.map((s) => s.score);
  const flaky = passes > 0 && fails > 0;
  const status = flaky ? 'flaky' : fails > 0 ? 'fail' : errors > 0 ? 'error' : 'pass';
  return {
    caseId: key.caseId,
    promptId: key.promptId,
    providerId: key.providerId,
    samples: sorted,
    passes,
    fails,
    errors,
    passRate: n > 0 ? passes / n : 0,
    passRateLow: low,
    passRateHigh: high,
    meanScore: n > 0 ? mean(scores) : 0,
    scoreStdDev: stddev(scores),
    flaky,
    status,
  };
}
