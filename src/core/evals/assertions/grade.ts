/**
 * Grading: one assertion (`gradeAssertion`) and a case's list of them (`gradeAll`). Applies what
 * every type shares: validation, the `not-` prefix (pass flips, score becomes 1 - score; errors
 * are never flipped), weights, metrics and the judge requirement of model-graded types.
 */
import type { AssertionContext, AssertionResult, AssertionSpec } from '../types';
import { failure, type Outcome } from './handler';
import { handlerFor, parseType } from './registry';
import { validateAssertionSpec } from './validate';

/** Grades one assertion against one output. Never rejects, except when `ctx.signal` aborts. */
export async function gradeAssertion(spec: AssertionSpec, ctx: AssertionContext): Promise<AssertionResult> {
  return toResult(spec, await outcomeOf(spec, ctx));
}

async function outcomeOf(spec: AssertionSpec, ctx: AssertionContext): Promise<Outcome> {
  const invalid = validateAssertionSpec(spec);
  if (invalid !== undefined) return failure(invalid);
  const { base, negated } = parseType(spec.type);
  const handler = handlerFor(base)!;
  if (handler.modelGraded && !ctx.judge) {
    return failure(`${spec.type} needs a judge model: configure the suite's judge (or a default model endpoint)`);
  }
  let outcome: Outcome;
  try {
    outcome = await handler.grade(negated ? { ...spec, type: base } : spec, ctx);
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    return failure(`${spec.type} could not be evaluated: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!negated || outcome.error) return outcome;
  return { ...outcome, pass: !outcome.pass, score: 1 - outcome.score };
}

function toResult(spec: AssertionSpec, o: Outcome): AssertionResult {
  const weight = typeof spec.weight === 'number' && Number.isFinite(spec.weight) && spec.weight >= 0 ? spec.weight : 1;
  return {
    type: spec.type,
    pass: o.pass,
    score: clamp01(o.score),
    reason: o.reason,
    weight,
    ...(spec.metric !== undefined ? { metric: spec.metric } : {}),
    ...(o.error ? { error: true } : {}),
    ...(spec.line !== undefined ? { line: spec.line } : {}),
    ...(o.judgeCostUsd !== undefined ? { judgeCostUsd: o.judgeCostUsd } : {}),
  };
}

function clamp01(x: number): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0;
}

/** The graded assertions of one output, and what they add up to. */
export interface GradedOutput {
  readonly assertions: AssertionResult[];
  /** Every assertion with weight > 0 passed (weight 0 is informative only). */
  readonly pass: boolean;
  /** Weighted mean score over assertions with weight > 0; 1 when there are none. */
  readonly score: number;
}

/** Grades all of a case's assertions (concurrently; results keep the specs' order). */
export async function gradeAll(specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradedOutput> {
  const assertions = await Promise.all(specs.map((s) => gradeAssertion(s, ctx)));
  return { assertions, ...summarize(assertions) };
}

/** Pass and weighted score of graded assertions (see `GradedOutput`). */
export function summarize(results: readonly AssertionResult[]): { pass: boolean; score: number } {
  let weightSum = 0;
  let weighted = 0;
  let pass = true;
  for (const r of results) {
    if (r.weight <= 0) continue;
    weightSum += r.weight;
    weighted += r.weight * r.score;
    if (!r.pass) pass = false;
  }
  return { pass, score: weightSum === 0 ? 1 : weighted / weightSum };
}
