/**
 * Agent behaviour as a process: the traces of one imported file become an event log in the same
 * database (a `logs` row of format 'traces'), so the process map, filters, variants and
 * statistics work on agent paths.
 *
 * - Case: a trace (case id = trace id), or with `caseBy: 'conversation'` a conversation (its
 *   traces in time order; traces without a conversation id stay cases of their own). Case
 *   attributes: the trace's name, conversation id, totals (LLM calls, tool calls, errors,
 *   tokens, cost when known) and its own attributes (τ-bench's task_id, trial, reward…).
 * - Events, one per span in `seq` order, the activity chosen by `activity`:
 *   - 'tool' (default; "tool and model calls"): tool spans, named by tool; LLM calls (counted
 *     ones, see llmCalls.ts), named `LLM: <model>` (or `LLM`); other spans are left out;
 *   - 'name': every span, named by its span name (wrappers included);
 *   - 'agent': agent spans, named by agent name (else span name);
 *   - 'kind': every span but wrapper LLM spans, named by kind (llm, tool, agent, message…).
 *   `kinds` restricts the spans further to those kinds.
 * - Timestamps: the span's end (its start when it has no end) as the event time and its start as
 *   the start timestamp (an interval log); untimed transcripts have none, and their events keep
 *   `seq` order (the event position). Resource: the span's agent name.
 * - Event attributes: span id, span kind, span name, status, model, tool, tokens and `cost:usd`
 *   (only when known: an unknown cost is absent, never 0).
 */
import * as path from 'node:path';
import type { TracemineDb } from '../db/tracemineDb';
import type { TraceFilter } from '../db/traceStore';
import type { TypedAttribute } from '../db/types';
import { jsonAttributeValue } from '../ingest/jsonlReader';
import type { JsonValue } from '../ingest/jsonStream';
import { LogBuilder, type ParsedEvent } from '../ingest/logBuilder';
import { throwIfCancelled } from '../progress';
import type { SpanHead } from './spanParts';
import type { SpanKind, TraceSummary } from './types';

export type TraceActivity = 'tool' | 'name' | 'agent' | 'kind';

export interface TracesToEventLogOptions {
  /** What an activity is (default 'tool'). */
  readonly activity?: TraceActivity;
  /** One case per trace (default) or per conversation. */
  readonly caseBy?: 'trace' | 'conversation';
  /** Only spans of these kinds become events. */
  readonly kinds?: readonly SpanKind[];
  /** Name of the new log (default: `<file> · agent paths (<activity>)`). */
  readonly name?: string;
  /** Save a file-backed database afterwards (default true). */
  readonly save?: boolean;
  readonly signal?: AbortSignal;
}

/** The activity of one span under `activity`, or undefined when the span is not an event. */
export function spanActivity(s: SpanHead, activity: TraceActivity): string | undefined {
  const wrapper = s.kind === 'llm' && s.llmCall === false;
  switch (activity) {
    case 'tool':
      if (s.kind === 'tool') return s.toolName ?? s.name;
      if (s.kind === 'llm' && !wrapper) {
        const model = s.responseModel ?? s.requestModel;
        return model !== undefined ? `LLM: ${model}` : 'LLM';
      }
      return undefined;
    case 'name':
      return s.name;
    case 'agent':
      return s.kind === 'agent' ? (s.agentName ?? s.name) : undefined;
    case 'kind':
      return wrapper ? undefined : s.kind;
  }
}

function typed(key: string, v: unknown): TypedAttribute | undefined {
  if (v === undefined) return undefined;
  const t = jsonAttributeValue(v as JsonValue);
  return t ? { key, ...t } : undefined;
}

function eventAttributes(s: SpanHead): TypedAttribute[] {
  const out: (TypedAttribute | undefined)[] = [
    { key: 'span:id', type: 'string', value: s.spanId },
    { key: 'span:kind', type: 'string', value: s.kind },
    { key: 'span:name', type: 'string', value: s.name },
    { key: 'span:status', type: 'string', value: s.status },
    s.responseModel ?? s.requestModel ? { key: 'model', type: 'string', value: (s.responseModel ?? s.requestModel)! } : undefined,
    s.toolName !== undefined ? { key: 'tool', type: 'string', value: s.toolName } : undefined,
    s.inputTokens !== undefined ? { key: 'tokens:input', type: 'int', value: s.inputTokens } : undefined,
    s.outputTokens !== undefined ? { key: 'tokens:output', type: 'int', value: s.outputTokens } : undefined,
    s.costUsd !== undefined ? { key: 'cost:usd', type: 'float', value: s.costUsd } : undefined,
  ];
  return out.filter((a): a is TypedAttribute => a !== undefined);
}

function caseAttributes(t: TraceSummary): TypedAttribute[] {
  const out: (TypedAttribute | undefined)[] = [
    { key: 'trace:name', type: 'string', value: t.name },
    { key: 'trace:id', type: 'string', value: t.traceId },
    t.conversationId !== undefined ? { key: 'conversation:id', type: 'string', value: t.conversationId } : undefined,
    { key: 'llm:calls', type: 'int', value: t.llmCalls },
    { key: 'tool:calls', type: 'int', value: t.toolCalls },
    { key: 'errors', type: 'int', value: t.errors },
    t.inputTokens !== undefined ? { key: 'tokens:input', type: 'int', value: t.inputTokens } : undefined,
    t.outputTokens !== undefined ? { key: 'tokens:output', type: 'int', value: t.outputTokens } : undefined,
    t.costUsd !== undefined ? { key: 'cost:usd', type: 'float', value: t.costUsd } : undefined,
  ];
  const taken = new Set(out.filter((a) => a !== undefined).map((a) => a!.key));
  for (const [k, v] of Object.entries(t.attributes)) if (!taken.has(k)) out.push(typed(k, v));
  return out.filter((a): a is TypedAttribute => a !== undefined);
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(Math.round(ms)).toISOString());

/**
 * Converts the traces imported from `source` (a source path, or a filter over the stored traces)
 * into a new event log; resolves to the log's id.
 */
export async function tracesToEventLog(db: TracemineDb, source: string | TraceFilter, opts: TracesToEventLogOptions = {}): Promise<number> {
  const activity = opts.activity ?? 'tool';
  const filter: TraceFilter = typeof source === 'string' ? { sourcePath: path.resolve(source) } : source;
  const traces = db.listTraces(filter);
  if (traces.length === 0) throw new Error(typeof source === 'string' ? `No traces imported from ${source}` : 'No stored trace matches the filter');
  const sourcePath = filter.sourcePath ?? traces[0]!.sourcePath;
  const kinds = opts.kinds ? new Set(opts.kinds) : undefined;
  // Group into cases; conversations keep their traces in time order.
  const cases = new Map<string, TraceSummary[]>();
  for (const t of traces) {
    const key = opts.caseBy === 'conversation' && t.conversationId !== undefined ? t.conversationId : t.traceId;
    const list = cases.get(key);
    if (list) list.push(t);
    else cases.set(key, [t]);
  }
  const name = opts.name ?? `${path.basename(sourcePath)} · agent paths (${activity})`;
  return db.withImport({ name, sourcePath, format: 'traces' }, async (writer) => {
    writer.addLogAttributes([
      { key: 'traces:source', type: 'string', value: sourcePath },
      { key: 'traces:activity', type: 'string', value: activity },
      { key: 'traces:caseBy', type: 'string', value: opts.caseBy ?? 'trace' },
    ]);
    const builder = new LogBuilder(writer, { timestamp: 'time', startTimestamp: 'start', resource: 'agent' });
    let events = 0;
    let n = 0;
    for (const [caseName, list] of cases) {
      if ((++n & 63) === 0) throwIfCancelled(opts.signal);
      const ordered = list.length > 1 ? [...list].sort((a, b) => (a.start ?? 0) - (b.start ?? 0) || a.id - b.id) : list;
      for (const t of ordered) {
        for (const s of db.traceSpans(t.id)) {
          if (kinds && !kinds.has(s.kind)) continue;
          const act = spanActivity(s, activity);
          if (act === undefined) continue;
          const e: ParsedEvent = {
            activity: act,
            timestamp: iso(s.end ?? s.start),
            startTimestamp: iso(s.start),
            resource: s.agentName,
            attributes: eventAttributes(s),
            line: s.seq + 1,
          };
          if (builder.addEvent(caseName, e, () => caseAttributes(ordered[0]!))) events++;
        }
      }
    }
    throwIfCancelled(opts.signal);
    if (events === 0) throw new Error(`None of the ${traces.length} traces has a span that is an event under activity "${activity}"`);
    builder.finish(sourcePath, 'traces');
    return writer.logId;
  }, opts.save ?? true);
}
