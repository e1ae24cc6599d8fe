/**
 * Budgets per trace (over the steps in the rule's scope): maxSteps, maxTokens, maxCostUsd,
 * maxLatencyMs. One violation per trace and rule, on the step at which the budget was passed.
 *
 * - maxSteps: `n` or `{max, count}`; count `spans` (default: every span), `llmCalls` (counted
 *   model calls: wrappers around a provider call are one call, llmCalls.ts) or `toolCalls` (tool
 *   spans and calls no tool span answers).
 * - maxTokens: `n` or `{max, count}`; count `total` (default), `input` or `output`, summed over
 *   the counted model calls that report tokens.
 * - maxCostUsd: the sum of the counted model calls' `costUsd` (as the trace or the pricing table
 *   gave it: price traces first with priceTrace to fill it in).
 * Unknown usage is never taken as 0 the other way round: calls that report no tokens or no cost
 * are left out of the sum, so a violation is certain (a lower bound went over) and a trace with
 * unknown usage can pass; messages say how many calls were unknown.
 * - maxLatencyMs: from the earliest start to the latest end of the spans in scope; untimed traces
 *   (transcripts) are not checked.
 */
import type { Step } from '../traceView';
import type { Finding, RuleCheck, StepCount, TokenCount } from '../types';

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 4 });
const isCall = (s: Step) => s.kind === 'llm' && !s.pending && s.span.llmCall !== false;

const STEP_TEST: Readonly<Record<StepCount, (s: Step) => boolean>> = {
  spans: (s) => !s.pending,
  llmCalls: isCall,
  toolCalls: (s) => s.tool !== undefined,
};
const STEP_WORD: Readonly<Record<StepCount, string>> = { spans: 'spans', llmCalls: 'LLM calls', toolCalls: 'tool calls' };

export function compileMaxSteps(spec: number | { max: number; count?: StepCount }): RuleCheck {
  const { max, count = 'spans' } = typeof spec === 'number' ? { max: spec } : spec;
  const test = STEP_TEST[count];
  return (steps) => {
    let n = 0;
    let over: Step | undefined;
    for (const s of steps) if (test(s) && ++n === max + 1) over = s;
    return over ? [{ spanId: over.spanId, message: `${fmt(n)} ${STEP_WORD[count]}, more than the ${fmt(max)} allowed (the limit was passed at ${over.spanId})` }] : [];
  };
}

/** A sum over counted model calls, the call at which it passed `max`, and how many calls had no value. */
function sumOver(steps: readonly Step[], max: number, value: (s: Step) => number | undefined): { total: number; over?: Step; unknown: number } {
  let total = 0;
  let unknown = 0;
  let over: Step | undefined;
  for (const s of steps) {
    if (!isCall(s)) continue;
    const v = value(s);
    if (v === undefined) {
      unknown++;
      continue;
    }
    total += v;
    if (!over && total > max) over = s;
  }
  return { total, unknown, ...(over ? { over } : {}) };
}

const unknownNote = (n: number, what: string) => (n > 0 ? `; ${n} LLM call${n === 1 ? '' : 's'} report no ${what}` : '');

const TOKENS: Readonly<Record<TokenCount, (s: Step) => number | undefined>> = {
  input: (s) => s.span.inputTokens,
  output: (s) => s.span.outputTokens,
  total: (s) => (s.span.inputTokens === undefined && s.span.outputTokens === undefined ? undefined : (s.span.inputTokens ?? 0) + (s.span.outputTokens ?? 0)),
};

export function compileMaxTokens(spec: number | { max: number; count?: TokenCount }): RuleCheck {
  const { max, count = 'total' } = typeof spec === 'number' ? { max: spec } : spec;
  const word = count === 'total' ? 'tokens' : `${count} tokens`;
  return (steps) => {
    const r = sumOver(steps, max, TOKENS[count]);
    return r.over ? [{ spanId: r.over.spanId, message: `${fmt(r.total)} ${word}, more than the ${fmt(max)} allowed (the limit was passed at ${r.over.spanId}${unknownNote(r.unknown, 'tokens')})` }] : [];
  };
}

export function compileMaxCostUsd(max: number): RuleCheck {
  return (steps) => {
    const r = sumOver(steps, max, (s) => s.span.costUsd);
    return r.over ? [{ spanId: r.over.spanId, message: `cost $${fmt(r.total)}, more than the $${fmt(max)} allowed (the limit was passed at ${r.over.spanId}${unknownNote(r.unknown, 'cost')})` }] : [];
  };
}

const duration = (ms: number) => (ms >= 1000 ? `${fmt(ms / 1000)} s` : `${fmt(ms)} ms`);

export function compileMaxLatencyMs(max: number): RuleCheck {
  return (steps) => {
    let first: Step | undefined;
    let last: Step | undefined;
    let lastEnd = -Infinity;
    for (const s of steps) {
      if (s.pending || s.span.start === undefined) continue;
      if (!first || s.span.start < first.span.start!) first = s;
      const end = s.span.end ?? s.span.start;
      if (end > lastEnd) {
        lastEnd = end;
        last = s;
      }
    }
    if (!first || !last) return [];
    const took = lastEnd - first.span.start!;
    if (took <= max) return [];
    const f: Finding = { spanId: last.spanId, relatedSpanIds: [first.spanId], message: `took ${duration(took)}, more than the ${duration(max)} allowed (from the start of ${first.spanId} to the end of ${last.spanId})` };
    return [f];
  };
}
