/**
 * A `Judge` (for model-graded assertions) backed by a suite's judge provider: the same
 * chat-completions call and retry policy as the runner's own calls. `json: true` asks the
 * endpoint for a JSON object (`response_format: json_object`). The judge's cost comes back with
 * each answer, for the assertion to report as `judgeCostUsd`.
 */
import type { PricingTable } from '../../traces/pricing';
import type { Judge, ProviderSpec } from '../types';
import { callProvider, makeClient } from './callProvider';
import { withRetry, type RetryOptions } from './retry';

export interface ProviderJudgeOptions {
  /** Used when the spec has no baseUrl. */
  readonly defaultBaseUrl?: string;
  readonly apiKey?: string;
  readonly retry?: RetryOptions;
  readonly pricing?: PricingTable;
}

export function providerJudge(spec: ProviderSpec, opts: ProviderJudgeOptions = {}): Judge {
  const baseUrl = spec.baseUrl ?? opts.defaultBaseUrl;
  if (baseUrl === undefined) throw new Error(`Judge provider ${spec.id} has no baseUrl and no default endpoint is set.`);
  const client = makeClient(baseUrl, opts.apiKey);
  return {
    async complete(messages, o) {
      const params = o?.json ? { ...spec.params, response_format: { type: 'json_object' } } : spec.params;
      const r = await withRetry(
        (signal) => callProvider({ baseUrl, model: spec.model, params, messages, signal, client, ...(opts.pricing && { pricing: opts.pricing }) }),
        opts.retry,
        o?.signal,
      );
      return {
        text: r.output,
        ...(r.costUsd !== undefined && { costUsd: r.costUsd }),
        ...(r.inputTokens !== undefined && { inputTokens: r.inputTokens }),
        ...(r.outputTokens !== undefined && { outputTokens: r.outputTokens }),
      };
    },
  };
}
