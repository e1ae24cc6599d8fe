/**
 * Trace totals: one trace's list line (TraceSummary) and the headline over many traces
 * (summarizeTraces), as the trace list, the CLI's `traces` command and the checks show them.
 *
 * Counting rules: an LLM call is an `llm` span with `llmCall` true (wrappers and the provider
 * spans inside them are one call, llmCalls.ts); tokens and cost are summed over those calls only
 * (an agent span's or a wrapper's own usage repeats its calls' usage). Tokens sum the calls that
 * report them (undefined when none does); a trace's cost is undefined as soon as one of its calls
 * has no known cost, and for a trace without LLM calls. Errors are spans with status `error`;
 * tool calls are `tool` spans.
 */
import { costOf, type PricingTable } from './pricing';
import type { Span, Trace, TraceFormat, TraceSummary } from './types';

/** Spans with their cost filled in from the table where the trace gives none (costOf). */
export function priceSpans(spans: readonly Span[], table: PricingTable): Span[] {
  return spans.map((s) => {
    if (s.kind !== 'llm' && s.kind !== 'embedding' && s.costSource !== 'trace') return s;
    const c = costOf(s, table);
    if (!c) {
      if (s.costSource === 'pricing') {
        const { costUsd: _c, costSource: _s, ...rest } = s;
        return rest;
      }
      return s;
    }
    return c.costUsd === s.costUsd && c.costSource === s.costSource ? s : { ...s, costUsd: c.costUsd, costSource: c.costSource };
  });
}

/** The trace with its spans priced (priceSpans). */
export function priceTrace(trace: Trace, table: PricingTable): Trace {
  return { ...trace, spans: priceSpans(trace.spans, table) };
}

function distinct(values: Iterable<string | undefined>): string[] {
  const set = new Set<string>();
  for (const v of values) if (v !== undefined && v !== '') set.add(v);
  return [...set];
}

export interface SummaryPlace {
  readonly id: number;
  readonly sourcePath: string;
  readonly format: TraceFormat;
}

/** One trace's totals. */
export function summarizeTrace(trace: Trace, place: SummaryPlace): TraceSummary {
  const spans = trace.spans;
  const calls = spans.filter((s) => s.kind === 'llm' && s.llmCall !== false);
  let start: number | undefined;
  let end: number | undefined;
  for (const s of spans) {
    if (s.start !== undefined && (start === undefined || s.start < start)) start = s.start;
    const e = s.end ?? s.start;
    if (e !== undefined && (end === undefined || e > end)) end = e;
  }
  const sum = (pick: (s: Span) => number | undefined): number | undefined => {
    let total: number | undefined;
    for (const s of calls) {
      const v = pick(s);
      if (v !== undefined) total = (total ?? 0) + v;
    }
    return total;
  };
  const costUsd = calls.length > 0 && calls.every((s) => s.costUsd !== undefined) ? calls.reduce((a, s) => a + s.costUsd!, 0) : undefined;
  const inputTokens = sum((s) => s.inputTokens);
  const outputTokens = sum((s) => s.outputTokens);
  return {
    id: place.id,
    traceId: trace.traceId,
    name: trace.name,
    sourcePath: place.sourcePath,
    format: place.format,
    ...(trace.conversationId !== undefined ? { conversationId: trace.conversationId } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(start !== undefined && end !== undefined ? { durationMs: end - start } : {}),
    spans: spans.length,
    llmCalls: calls.length,
    toolCalls: spans.filter((s) => s.kind === 'tool').length,
    errors: spans.filter((s) => s.status === 'error').length,
    ...(inputTokens !== undefined ? { inputTokens } : {}),
    ...(outputTokens !== undefined ? { outputTokens } : {}),
    ...(costUsd !== undefined ? { costUsd } : {}),
    models: distinct(calls.map((s) => s.responseModel ?? s.requestModel)),
    tools: distinct(spans.filter((s) => s.kind === 'tool').map((s) => s.toolName)),
    agents: distinct(spans.map((s) => s.agentName)),
    attributes: trace.attributes,
  };
}

export interface TracesSummary {
  readonly traces: number;
  readonly spans: number;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly errors: number;
  /** Null when no trace reports input tokens. */
  readonly inputTokens: number | null;
  readonly outputTokens: number | null;
  /** USD; null when a trace with LLM calls has an unknown cost, or none has LLM calls. */
  readonly costUsd: number | null;
  /** Trace durations' percentiles (linear interpolation between ranks); null when no trace is timed. */
  readonly latencyMs: { readonly p50: number | null; readonly p95: number | null };
}

/** The q-quantile (0..1) of sorted values, interpolating linearly between ranks (numpy's default). */
export function quantile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}

export function summarizeTraces(summaries: readonly TraceSummary[]): TracesSummary {
  let spans = 0;
  let llmCalls = 0;
  let toolCalls = 0;
  let errors = 0;
  let inputTokens: number | null = null;
  let outputTokens: number | null = null;
  let cost: number | null = 0;
  let priced = 0;
  const durations: number[] = [];
  for (const t of summaries) {
    spans += t.spans;
    llmCalls += t.llmCalls;
    toolCalls += t.toolCalls;
    errors += t.errors;
    if (t.inputTokens !== undefined) inputTokens = (inputTokens ?? 0) + t.inputTokens;
    if (t.outputTokens !== undefined) outputTokens = (outputTokens ?? 0) + t.outputTokens;
    if (t.llmCalls > 0) {
      if (t.costUsd === undefined || cost === null) cost = null;
      else {
        cost += t.costUsd;
        priced++;
      }
    }
    if (t.durationMs !== undefined) durations.push(t.durationMs);
  }
  durations.sort((a, b) => a - b);
  return {
    traces: summaries.length,
    spans,
    llmCalls,
    toolCalls,
    errors,
    inputTokens,
    outputTokens,
    costUsd: priced > 0 ? cost : null,
    latencyMs: { p50: quantile(durations, 0.5), p95: quantile(durations, 0.95) },
  };
}
