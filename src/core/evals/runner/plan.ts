/**
 * What a run does: the suite's prompts × providers × cases, narrowed by the plan, each with the
 * sample indices still to call.
 *
 * - `promptIds` / `providerIds` / `caseIds` keep only those (e.g. "re-run failed cases" passes
 *   the failed case ids).
 * - `repeat` overrides every case's and the suite's repeat; else case.repeat, else suite.repeat.
 * - `retryErrored` ("retry errored calls") takes a previous run's results: for each of its cases
 *   that the plan still contains, samples that errored are called again and the others are kept
 *   as they were; cases absent from it are not run, and the sample count is the previous one.
 */
import type { CaseResult, EvalCase, EvalSuite, PromptRef, ProviderSpec, SampleResult } from '../types';

export interface EvalPlan {
  readonly suite: EvalSuite;
  readonly promptIds?: readonly string[];
  readonly providerIds?: readonly string[];
  readonly caseIds?: readonly string[];
  /** Results of an earlier run: call again only their errored samples. */
  readonly retryErrored?: readonly CaseResult[];
  /** Samples per case, overriding the suite and the cases. */
  readonly repeat?: number;
  /** Run id for the results; a random UUID otherwise. */
  readonly runId?: string;
}

/** One prompt × provider × case. */
export interface WorkUnit {
  readonly key: string;
  readonly prompt: PromptRef;
  readonly provider: ProviderSpec;
  readonly testCase: EvalCase;
  /** Samples the case has in all. */
  readonly samples: number;
  /** Samples kept from a previous run. */
  readonly kept: readonly SampleResult[];
  /** Sample indices to call, ascending. */
  readonly todo: readonly number[];
}

export const unitKey = (promptId: string, providerId: string, caseId: string): string => JSON.stringify([promptId, providerId, caseId]);

export function planWork(plan: EvalPlan): WorkUnit[] {
  const { suite } = plan;
  const keep = <T extends { id: string }>(items: readonly T[], ids?: readonly string[]) => (ids ? items.filter((x) => ids.includes(x.id)) : [...items]);
  const previous = plan.retryErrored ? new Map(plan.retryErrored.map((c) => [unitKey(c.promptId, c.providerId, c.caseId), c])) : undefined;
  const units: WorkUnit[] = [];
  for (const prompt of keep(suite.prompts, plan.promptIds)) {
    for (const provider of keep(suite.providers, plan.providerIds)) {
      for (const testCase of keep(suite.cases, plan.caseIds)) {
        const key = unitKey(prompt.id, provider.id, testCase.id);
        if (previous) {
          const before = previous.get(key);
          if (!before) continue;
          const kept = before.samples.filter((s) => s.error === undefined);
          const todo = before.samples.filter((s) => s.error !== undefined).map((s) => s.sample).sort((a, b) => a - b);
          units.push({ key, prompt, provider, testCase, samples: before.samples.length, kept, todo });
        } else {
          const n = Math.max(1, Math.floor(plan.repeat ?? testCase.repeat ?? suite.repeat ?? 1));
          units.push({ key, prompt, provider, testCase, samples: n, kept: [], todo: Array.from({ length: n }, (_, i) => i) });
        }
      }
    }
  }
  return units;
}
