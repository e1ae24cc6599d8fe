/**
 * The cost of a plan before it runs: each prompt is rendered once per case, then every sample
 * still to call is estimated with `estimateCall` (budget.ts) for its provider. Cases whose
 * prompt does not render are left out and counted in `renderFailures`.
 */
import type { PricingTable } from '../../traces/pricing';
import type { ChatMessage, PromptRef } from '../types';
import { estimateCall, sumEstimates, type CallEstimate, type RunEstimate } from './budget';
import { planWork, type EvalPlan } from './plan';

export interface PlanEstimate extends RunEstimate {
  readonly renderFailures: number;
  /** The suite's cap, for the caller to compare. */
  readonly budgetUsd?: number;
}

export async function estimateEval(
  plan: EvalPlan,
  deps: { render(prompt: PromptRef, vars: Readonly<Record<string, unknown>>): Promise<readonly ChatMessage[]>; readonly pricing?: PricingTable },
): Promise<PlanEstimate> {
  const rendered = new Map<string, readonly ChatMessage[] | undefined>();
  let renderFailures = 0;
  const items: { model: string; estimate: CallEstimate; times: number }[] = [];
  for (const u of planWork(plan)) {
    if (u.todo.length === 0) continue;
    const k = JSON.stringify([u.prompt.id, u.testCase.id]);
    if (!rendered.has(k)) {
      try {
        rendered.set(k, await deps.render(u.prompt, u.testCase.vars));
      } catch {
        rendered.set(k, undefined);
        renderFailures++;
      }
    }
    const messages = rendered.get(k);
    if (!messages) continue;
    items.push({ model: u.provider.model, estimate: estimateCall(u.provider.model, u.provider.params, messages, deps.pricing), times: u.todo.length });
  }
  const sum = sumEstimates(items);
  return { ...sum, renderFailures, ...(plan.suite.budgetUsd !== undefined && { budgetUsd: plan.suite.budgetUsd }) };
}
