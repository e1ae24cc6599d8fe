/**
 * Langfuse exports → Trace[]: a trace as Langfuse's public API returns it (API reference,
 * `GET /api/public/traces/{traceId}`: TraceWithFullDetails; observations per the Observation
 * schema: id, traceId, type, name, startTime, endTime, parentObservationId, level,
 * statusMessage, model, input, output, usageDetails, costDetails, metadata, …), in the layout
 * `{"trace": {...}, "observations": [...]}` (the export Langfuse's own tests use), or the trace
 * object itself with `observations` inline; one per file, a JSON array of them, or one per line.
 *
 * Decisions (the ones data/traces/SOURCES.md says a reader must make):
 * - Kind from `type`: GENERATION → llm, TOOL → tool, AGENT → agent, CHAIN → chain, RETRIEVER →
 *   retriever, EMBEDDING → embedding, EVALUATOR → evaluator, GUARDRAIL → guardrail, EVENT and
 *   SPAN → span. A SPAN is refined by what its `metadata.attributes` say (openinference.span.kind,
 *   gen_ai.operation.name, tool.name): older frameworks (agno, beeai) record tool calls as SPANs
 *   marked so, and they become `tool`; a SPAN with no such mark (LangGraph's tool node) stays a
 *   `span` even when named after a tool, and a SPAN never becomes an `llm` call (Langfuse types
 *   model calls GENERATION).
 * - An AGENT observation may carry `model` and usage (the whole run's, e.g. Microsoft Agent
 *   Framework): the model is kept, but it is not an LLM call, so its tokens and cost are not
 *   added again to the trace's totals.
 * - Tokens from `usageDetails` (`input`, `output`, `input_cache_read` or
 *   `prompt_details.cache_read`, `output_reasoning` or `completion_details.reasoning`), else the
 *   legacy `usage` object. `inputUsage`/`outputUsage` are not used: `outputUsage` can include
 *   reasoning tokens that `usageDetails.output` leaves out, and they are 0 (not "unknown") on
 *   observations without usage.
 * - Cost from `costDetails` (`total`, else the sum of its entries), else `calculatedTotalCost`;
 *   an empty `costDetails` (with `totalCost: 0`) is unknown, not free. This cost is the trace's
 *   (`costSource: 'trace'`).
 * - `level: ERROR` → status error (with `statusMessage`); other levels → unset.
 * - `input`/`output` that are chat messages (arrays of `{role, content}`, `{messages: [...]}`,
 *   OTel GenAI parts, a completion object) become messages, anything else is kept as text (JSON
 *   text for objects); for TOOL observations they are the tool's arguments and result.
 * - Top-level `observations` win over `trace.observations` (the export repeats them there).
 * - The trace's `sessionId` is the conversation id; its userId, tags, release, version,
 *   environment, scores and user metadata become trace attributes (its input/output, which
 *   repeat the root observation's, are not kept).
 */
import { ImportError } from '../ingest/importError';
import { spanKindOf } from './genai';
import { toMessages } from './messages';
import {
  FieldError, assembleTop, atLine, expectArray, expectRecord, expectString, forEachItem, optionalString,
  type ReaderContext, type ReaderResult,
} from './readerKit';
import { buildTrace, orderTraces, type RawSpan } from './traceBuilder';
import type { SpanKind, SpanStatus, Trace } from './types';
import { asString, asText, compact, isRecord, parseJsonText, toCount, toEpochMs, toNumber } from './values';

const TYPE_KINDS: Readonly<Record<string, SpanKind>> = {
  GENERATION: 'llm',
  TOOL: 'tool',
  AGENT: 'agent',
  CHAIN: 'chain',
  RETRIEVER: 'retriever',
  EMBEDDING: 'embedding',
  EVALUATOR: 'evaluator',
  GUARDRAIL: 'guardrail',
  EVENT: 'span',
  SPAN: 'span',
};

const SKIPPED_FIELDS = new Set(['id', 'traceId', 'parentObservationId', 'name', 'startTime', 'endTime', 'input', 'output', 'metadata', 'projectId']);

function time(v: unknown, field: string): number | undefined {
  const t = toEpochMs(v, 'ms');
  if (t === null) throw new FieldError(field, `expected an ISO 8601 time, found ${JSON.stringify(v)}`);
  return t;
}

function parsedMetadata(v: unknown): Record<string, unknown> | undefined {
  if (isRecord(v)) return v;
  const p = parseJsonText(v);
  return isRecord(p) ? p : undefined;
}

function tokens(o: Record<string, unknown>): Pick<RawSpan, 'inputTokens' | 'outputTokens' | 'cachedInputTokens' | 'reasoningTokens'> {
  const d = isRecord(o.usageDetails) ? o.usageDetails : {};
  const u = isRecord(o.usage) ? o.usage : {};
  return compact({
    inputTokens: toCount(d.input) ?? toCount(u.input) ?? toCount(u.promptTokens),
    outputTokens: toCount(d.output) ?? toCount(u.output) ?? toCount(u.completionTokens),
    cachedInputTokens: toCount(d.input_cache_read) ?? toCount(d['prompt_details.cache_read']) ?? toCount(d.cache_read_input_tokens),
    reasoningTokens: toCount(d.output_reasoning) ?? toCount(d['completion_details.reasoning']),
  });
}

function cost(o: Record<string, unknown>): number | undefined {
  const c = isRecord(o.costDetails) ? o.costDetails : {};
  const total = toNumber(c.total);
  if (total !== undefined) return total;
  const parts = Object.values(c).map(toNumber).filter((x): x is number => x !== undefined);
  if (parts.length > 0) return parts.reduce((a, b) => a + b, 0);
  return toNumber(o.calculatedTotalCost);
}

/** One observation to a raw span. */
export function observationSpan(v: unknown, f: string): RawSpan {
  const o = expectRecord(v, f);
  const spanId = expectString(o.id, `${f}.id`);
  const parentSpanId = optionalString(o.parentObservationId, `${f}.parentObservationId`);
  const type = optionalString(o.type, `${f}.type`) ?? 'SPAN';
  const name = optionalString(o.name, `${f}.name`) ?? type.toLowerCase();
  const metadata = parsedMetadata(o.metadata);
  const attrs = metadata && isRecord(metadata.attributes) ? metadata.attributes : {};
  let kind: SpanKind = TYPE_KINDS[type.toUpperCase()] ?? 'span';
  if (type.toUpperCase() === 'SPAN') {
    const refined = spanKindOf(name, attrs);
    if (refined !== 'llm') kind = refined;
  }
  const level = optionalString(o.level, `${f}.level`);
  const status: SpanStatus = level === 'ERROR' ? 'error' : 'unset';
  const c = cost(o);
  const attributes: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(o)) if (!SKIPPED_FIELDS.has(k) && val !== null && val !== undefined) attributes[k] = val;
  if (metadata) attributes.metadata = metadata;
  else if (o.metadata !== null && o.metadata !== undefined) attributes.metadata = o.metadata;
  const base = compact({
    spanId,
    parentSpanId,
    name,
    kind,
    start: time(o.startTime, `${f}.startTime`),
    end: time(o.endTime, `${f}.endTime`),
    status,
    statusMessage: optionalString(o.statusMessage, `${f}.statusMessage`),
    provider: asString(attrs['gen_ai.provider.name'] ?? attrs['gen_ai.system'] ?? attrs['llm.provider'] ?? attrs['llm.system']),
    requestModel: optionalString(o.model, `${f}.model`),
    responseModel: asString(attrs['gen_ai.response.model']),
    agentName: asString(attrs['gen_ai.agent.name'] ?? attrs.agent_name) ?? (kind === 'agent' ? name : undefined),
    ...tokens(o),
    costUsd: c,
    costSource: c !== undefined ? ('trace' as const) : undefined,
    attributes,
  });
  if (kind === 'tool') {
    return compact({
      ...base,
      toolName: asString(attrs['gen_ai.tool.name'] ?? attrs['tool.name'] ?? attrs['ai.toolCall.name']) ?? name.replace(/^(execute_tool|running tool:)\s*/, ''),
      toolCallId: asString(attrs['gen_ai.tool.call.id'] ?? attrs['ai.toolCall.id']),
      toolArguments: asText(o.input),
      toolResult: asText(o.output),
    });
  }
  const inputMessages = toMessages(o.input);
  const outputMessages = toMessages(o.output);
  return compact({
    ...base,
    inputMessages,
    outputMessages,
    input: inputMessages ? undefined : asText(o.input),
    output: outputMessages ? undefined : asText(o.output),
  });
}

const TRACE_ATTRIBUTES = ['userId', 'sessionId', 'tags', 'release', 'version', 'environment', 'public', 'bookmarked', 'latency', 'timestamp'];

function traceAttributes(t: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TRACE_ATTRIBUTES) {
    const v = t[k];
    if (v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0)) out[k] = v;
  }
  if (Array.isArray(t.scores) && t.scores.length > 0) {
    out.scores = t.scores.filter(isRecord).map((s) => compact({ name: s.name, value: s.value ?? undefined, stringValue: s.stringValue ?? undefined, source: s.source, dataType: s.dataType, comment: s.comment ?? undefined }));
  }
  const meta = parsedMetadata(t.metadata);
  if (meta) {
    const user = Object.fromEntries(Object.entries(meta).filter(([k]) => k !== 'attributes' && k !== 'resourceAttributes' && k !== 'scope'));
    if (Object.keys(user).length > 0) out.metadata = user;
    if (isRecord(meta.resourceAttributes)) Object.assign(out, meta.resourceAttributes);
  }
  return out;
}

/** The trace object of an export and where it is (`{trace, observations}`, or a trace with inline observations). */
function traceObject(e: Record<string, unknown>, f: string): { t: Record<string, unknown>; tf: string } {
  return e.trace !== undefined ? { t: expectRecord(e.trace, `${f}.trace`), tf: `${f}.trace` } : { t: e, tf: f };
}

function finishTrace(t: Record<string, unknown>, tf: string, raws: readonly RawSpan[], firstObservation: unknown): { trace: Trace; duplicates: number } {
  const traceId = optionalString(t.id, `${tf}.id`) ?? (isRecord(firstObservation) ? asString(firstObservation.traceId) : undefined);
  if (traceId === undefined) throw new FieldError(`${tf}.id`, 'missing trace id');
  return buildTrace(traceId, raws, compact({
    name: optionalString(t.name, `${tf}.name`),
    conversationId: optionalString(t.sessionId, `${tf}.sessionId`),
    attributes: traceAttributes(t),
  }));
}

/** One whole export value to a Trace. */
function exportTrace(v: unknown, f: string): { trace: Trace; duplicates: number } {
  const e = expectRecord(v, f);
  const { t, tf } = traceObject(e, f);
  const [list, lf] = e.trace !== undefined && e.observations !== undefined
    ? [expectArray(e.observations, `${f}.observations`), `${f}.observations`]
    : [Array.isArray(t.observations) ? t.observations : [], `${tf}.observations`];
  const raws = list.map((value, i) => observationSpan(value, `${lf}[${i}]`));
  return finishTrace(t, tf, raws, list[0]);
}

export async function readLangfuse(ctx: ReaderContext): Promise<ReaderResult> {
  // Each export is a whole trace: in streaming mode it is handed over as soon as it is read (in
  // file order); in batch mode all are handed over at the end in time order.
  const traces: Trace[] = [];
  let duplicates = 0;
  const add = (built: { trace: Trace; duplicates: number }) => {
    if (ctx.out.streaming) ctx.out.emit(built.trace);
    else traces.push(built.trace);
    duplicates += built.duplicates;
  };
  if (ctx.shape === 'lines' || ctx.shape === 'array') {
    await forEachItem(ctx, 1, (path, value, line) => atLine(ctx.file, line, () => add(exportTrace(value, ctx.shape === 'lines' ? '(line)' : `[${String(path[0])}]`))));
  } else {
    // One export: the top-level observations are converted as they stream by, each at its own line.
    const top: Record<string, unknown> = {};
    const raws: RawSpan[] = [];
    let firstObservation: unknown;
    await forEachItem(ctx, 2, (path, value, line) => {
      if (path[0] === 'observations' && typeof path[1] === 'number') {
        if (raws.length === 0) firstObservation = value;
        raws.push(atLine(ctx.file, line, () => observationSpan(value, `observations[${String(path[1])}]`)));
      } else assembleTop(top, path, value);
    });
    atLine(ctx.file, 1, () => {
      if (raws.length > 0 || top.trace !== undefined) {
        const { t, tf } = traceObject(top, '(top level)');
        add(finishTrace(t, tf, raws.length > 0 ? raws : (Array.isArray(t.observations) ? t.observations : []).map((v, i) => observationSpan(v, `${tf}.observations[${i}]`)), firstObservation ?? (Array.isArray(t.observations) ? t.observations[0] : undefined)));
      } else add(exportTrace(top, '(top level)'));
    });
  }
  for (const trace of orderTraces(traces)) ctx.out.emit(trace);
  if (ctx.out.count === 0) throw new ImportError(ctx.file, 'no trace in this Langfuse export', { field: 'trace' });
  return { duplicates };
}
