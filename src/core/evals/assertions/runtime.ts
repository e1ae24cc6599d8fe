/**
 * Assertions on how the call went rather than what it said: `cost` (USD at most the threshold)
 * and `latency` (milliseconds at most the threshold). Unknown cost and cached responses (whose
 * latency was not measured) cannot be graded: they are errors, not failures.
 */
import { failure, verdict, type AssertionHandler } from './handler';

function needsThreshold(what: string) {
  return (spec: { threshold?: number }) =>
    typeof spec.threshold === 'number' && Number.isFinite(spec.threshold) && spec.threshold >= 0
      ? undefined
      : `${what} needs a threshold >= 0`;
}

/** `cost`: threshold = the most USD one call may cost. */
export const cost: AssertionHandler = {
  validate: needsThreshold('cost'),
  grade(spec, ctx) {
    const usd = ctx.response.costUsd;
    if (usd === undefined) return failure(`The cost of ${ctx.response.model} is unknown (no price for the model)`);
    const max = spec.threshold!;
    return verdict(usd <= max, `Cost $${usd.toFixed(6)} ${usd <= max ? '<=' : '>'} $${max}`);
  },
};

/** `latency`: threshold = the most milliseconds one call may take. */
export const latency: AssertionHandler = {
  validate: needsThreshold('latency'),
  grade(spec, ctx) {
    if (ctx.response.cached) return failure('The response came from the cache, so its latency was not measured');
    const ms = ctx.response.latencyMs;
    const max = spec.threshold!;
    return verdict(ms <= max, `Latency ${ms} ms ${ms <= max ? '<=' : '>'} ${max} ms`);
  },
};
