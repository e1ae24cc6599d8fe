/**
 * Cost before and during a run.
 *
 * Estimate (before): input tokens ≈ characters / 4 of the rendered messages (and tools), output
 * tokens = `max_tokens` / `max_completion_tokens` when set, else DEFAULT_OUTPUT_TOKENS; priced
 * with the pricing table. Calls whose model has no price are counted apart: the estimate then
 * says what it knows (`knownUsd`) and which models are unknown, never a made-up total.
 *
 * Cap (during): `Budget` adds up what calls actually cost; once `spentUsd` reaches the cap,
 * `canStart()` is false — the runner starts no new call and lets in-flight calls finish (so the
 * final spend may pass the cap by what those cost). Calls of unknown price cost nothing here and
 * are counted in `unknownCostCalls`.
 */
import { DEFAULT_PRICING, priceOf, priceTokens, type PricingTable } from '../../traces/pricing';
import type { ChatMessage } from '../types';

/** Output tokens assumed for a call without max_tokens. */
export const DEFAULT_OUTPUT_TOKENS = 256;

export const estimateTokens = (text: string): number => Math.ceil(text.length / 4);

export interface CallEstimate {
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** undefined when the model's price is unknown. */
  readonly costUsd?: number;
}

export function estimateCall(model: string, params: Readonly<Record<string, unknown>>, messages: readonly ChatMessage[], pricing: PricingTable = DEFAULT_PRICING): CallEstimate {
  let chars = 0;
  for (const m of messages) {
    chars += m.content.length;
    for (const t of m.toolCalls ?? []) chars += t.name.length + t.arguments.length;
  }
  if (Array.isArray(params.tools)) chars += JSON.stringify(params.tools).length;
  const inputTokens = Math.ceil(chars / 4);
  const max = params.max_tokens ?? params.max_completion_tokens;
  const outputTokens = typeof max === 'number' && max > 0 ? max : DEFAULT_OUTPUT_TOKENS;
  const price = priceOf(model, pricing);
  return price ? { inputTokens, outputTokens, costUsd: priceTokens(price, inputTokens, outputTokens) } : { inputTokens, outputTokens };
}

export interface RunEstimate {
  readonly calls: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Sum over calls whose price is known. */
  readonly knownUsd: number;
  /** Calls whose model has no price. */
  readonly unknownCalls: number;
  readonly unknownModels: readonly string[];
  /** The total, when every call's price is known. */
  readonly costUsd?: number;
}

/** Adds up call estimates, each `times` times (providers × repeats). */
export function sumEstimates(items: Iterable<{ readonly model: string; readonly estimate: CallEstimate; readonly times: number }>): RunEstimate {
  let calls = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let knownUsd = 0;
  let unknownCalls = 0;
  const unknownModels = new Set<string>();
  for (const { model, estimate, times } of items) {
    calls += times;
    inputTokens += estimate.inputTokens * times;
    outputTokens += estimate.outputTokens * times;
    if (estimate.costUsd === undefined) {
      unknownCalls += times;
      unknownModels.add(model);
    } else {
      knownUsd += estimate.costUsd * times;
    }
  }
  const base = { calls, inputTokens, outputTokens, knownUsd, unknownCalls, unknownModels: [...unknownModels].sort() };
  return unknownCalls === 0 ? { ...base, costUsd: knownUsd } : base;
}

/** Spend so far against an optional cap. */
export class Budget {
  private spent = 0;
  private unknown = 0;

  constructor(readonly capUsd?: number) {}

  get spentUsd(): number {
    return this.spent;
  }

  get unknownCostCalls(): number {
    return this.unknown;
  }

  /** The cap is reached: start nothing new. */
  get exhausted(): boolean {
    return this.capUsd !== undefined && this.spent >= this.capUsd;
  }

  canStart(): boolean {
    return !this.exhausted;
  }

  /** Records a call's cost (undefined = unknown price). */
  add(costUsd: number | undefined): void {
    if (costUsd === undefined) this.unknown++;
    else this.spent += costUsd;
  }
}
