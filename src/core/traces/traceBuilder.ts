/**
 * From the spans a reader collected for one trace id to a Trace:
 *
 * - spans repeating an earlier span's id (an exporter's retry sends the same span twice) are
 *   dropped: the first copy wins, and the number dropped is reported;
 * - `seq` is time order: by start, then parents before children (a child may start in the same
 *   nanosecond), then file order; a span without a start time takes the start of the span before
 *   it in the file, so untimed spans stay in file order;
 * - `llmCall` marks the model calls that count (llmCalls.ts);
 * - the trace's name is the given one, else the name of its first root span (a span without a
 *   parent, or whose parent is not in the file); its conversation id the given one, else the
 *   first one a span carries.
 */
import { countedLlmCalls } from './llmCalls';
import type { Span, Trace } from './types';

/** A span before ordering: everything but `seq`, `llmCall` and the trace id. */
export type RawSpan = Omit<Span, 'seq' | 'llmCall' | 'traceId'> & {
  /** The conversation/session id this span names, if any (gen_ai.conversation.id, session.id…). */
  readonly conversationId?: string;
};

export interface TraceHeader {
  readonly name?: string;
  readonly conversationId?: string;
  readonly attributes?: Readonly<Record<string, unknown>>;
}

export interface BuiltTrace {
  readonly trace: Trace;
  /** Spans dropped because an earlier span had the same id. */
  readonly duplicates: number;
}

/** Depth in the span tree (roots 0); a parent cycle is cut where it closes. */
function depthOf(id: string, parentOf: ReadonlyMap<string, string | undefined>, memo: Map<string, number>): number {
  const path: string[] = [];
  const onPath = new Set<string>();
  let cur: string | undefined = id;
  let base = -1;
  while (cur !== undefined) {
    const known = memo.get(cur);
    if (known !== undefined) {
      base = known;
      break;
    }
    if (onPath.has(cur)) break;
    onPath.add(cur);
    path.push(cur);
    cur = parentOf.get(cur);
  }
  for (let i = path.length - 1; i >= 0; i--) memo.set(path[i]!, ++base);
  return memo.get(id) ?? 0;
}

export function buildTrace(traceId: string, raws: readonly RawSpan[], header: TraceHeader = {}): BuiltTrace {
  const unique: RawSpan[] = [];
  const ids = new Set<string>();
  for (const r of raws) {
    if (ids.has(r.spanId)) continue;
    ids.add(r.spanId);
    unique.push(r);
  }
  const parentOf = new Map(unique.map((s) => [s.spanId, s.parentSpanId !== undefined && ids.has(s.parentSpanId) ? s.parentSpanId : undefined]));
  const memo = new Map<string, number>();
  let lastStart = -Infinity;
  const keyed = unique.map((s, index) => {
    if (s.start !== undefined) lastStart = s.start;
    return { s, index, start: s.start ?? lastStart, timed: s.start !== undefined, depth: depthOf(s.spanId, parentOf, memo) };
  });
  keyed.sort((a, b) => {
    if (a.start !== b.start) return a.start - b.start;
    if (a.timed && b.timed && a.depth !== b.depth) return a.depth - b.depth;
    return a.index - b.index;
  });
  const counted = countedLlmCalls(unique);
  const spans: Span[] = keyed.map(({ s }, seq) => {
    const { conversationId: _c, ...rest } = s;
    const span: Span = { traceId, ...rest, seq };
    return s.kind === 'llm' ? { ...span, llmCall: counted.has(s.spanId) } : span;
  });
  const root = spans.find((s) => parentOf.get(s.spanId) === undefined);
  const conversationId = header.conversationId ?? keyed.map((k) => k.s.conversationId).find((c) => c !== undefined);
  const trace: Trace = {
    traceId,
    name: header.name ?? root?.name ?? traceId,
    ...(conversationId !== undefined ? { conversationId } : {}),
    attributes: header.attributes ?? {},
    spans,
  };
  return { trace, duplicates: raws.length - unique.length };
}

/** Orders traces by their first start time; an untimed trace takes the start of the trace before it in the file. */
export function orderTraces(traces: readonly Trace[]): Trace[] {
  let last = -Infinity;
  const keyed = traces.map((t, i) => {
    const first = t.spans.reduce((m, s) => (s.start !== undefined && s.start < m ? s.start : m), Infinity);
    if (Number.isFinite(first)) last = first;
    return { t, i, s: Number.isFinite(first) ? first : last };
  });
  keyed.sort((a, b) => a.s - b.s || a.i - b.i);
  return keyed.map((k) => k.t);
}

/**
 * A trace handed over earlier (as stored) merged with its continuation (the spans of it that came
 * later in the file; SpanAssembler), by the buildTrace rules over the earlier spans (in their seq
 * order) then the late ones (in theirs): a late span repeating an earlier span's id is dropped
 * and counted, `seq` is re-derived by time over all spans, parents before children, the model
 * calls that count are re-marked, a late parent links earlier children. The trace-level fields
 * are the earlier part's (its name, conversation id, attributes), with the late part's attribute
 * keys the earlier part lacks added. Span costs stay as they are; the caller prices the result
 * again (pricing is idempotent).
 */
export function mergeTrace(earlier: Trace, late: Trace): BuiltTrace {
  const raw = (s: Span): RawSpan => {
    const { seq: _q, llmCall: _l, traceId: _t, ...rest } = s;
    return rest;
  };
  const conversationId = earlier.conversationId ?? late.conversationId;
  const attributes: Record<string, unknown> = { ...earlier.attributes };
  for (const [k, v] of Object.entries(late.attributes)) if (!(k in attributes)) attributes[k] = v;
  return buildTrace(earlier.traceId, [...earlier.spans.map(raw), ...late.spans.map(raw)], {
    name: earlier.name,
    ...(conversationId !== undefined ? { conversationId } : {}),
    attributes,
  });
}
