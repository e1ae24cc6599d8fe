/**
 * Tracemine's generic span format (docs/trace-jsonl.md): JSON Lines, one span per line, with
 * plain field names, for agents that are not instrumented with OpenTelemetry or Langfuse. The
 * document (or array) form of the same objects is read too. Each field is type-checked; a wrong
 * type is an ImportError naming the line and the field. Fields this format does not define are
 * kept as span attributes under their own names (next to the `attributes` object's entries).
 */
import { ImportError } from '../ingest/importError';
import { toMessage, toMessages } from './messages';
import {
  FieldError, SpanAssembler, atLine, describeType, expectRecord, forEachItem,
  type ReaderContext, type ReaderResult,
} from './readerKit';
import { buildTrace, type RawSpan } from './traceBuilder';
import type { RetrievedDocument, SpanKind, SpanStatus, TraceMessage } from './types';
import { asText, compact, toEpochMs } from './values';

export const SPAN_KINDS: readonly SpanKind[] = ['agent', 'llm', 'tool', 'retriever', 'embedding', 'reranker', 'guardrail', 'evaluator', 'chain', 'message', 'span'];
const STATUSES: readonly SpanStatus[] = ['ok', 'error', 'unset'];

const KNOWN = new Set([
  'trace_id', 'span_id', 'parent_id', 'name', 'kind', 'start', 'end', 'status', 'status_message', 'model', 'response_model',
  'provider', 'agent', 'conversation_id', 'trace_name', 'trace_attributes', 'input_tokens', 'output_tokens', 'cached_input_tokens',
  'reasoning_tokens', 'cost_usd', 'tool_name', 'tool_call_id', 'tool_arguments', 'tool_result', 'input', 'output',
  'input_messages', 'output_messages', 'documents', 'attributes',
]);

function id(v: unknown, field: string, required: boolean): string | undefined {
  if (v === undefined || v === null || v === '') {
    if (required) throw new FieldError(field, 'missing (a string or an integer is required)');
    return undefined;
  }
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  throw new FieldError(field, `expected a string or an integer, found ${describeType(v)}`);
}

function str(v: unknown, field: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new FieldError(field, `expected a string, found ${describeType(v)}`);
  return v;
}

function count(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new FieldError(field, `expected a number >= 0, found ${JSON.stringify(v)}`);
  return v;
}

function num(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new FieldError(field, `expected a number, found ${JSON.stringify(v)}`);
  return v;
}

function time(v: unknown, field: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string' && typeof v !== 'number') throw new FieldError(field, `expected ISO 8601 text or epoch milliseconds, found ${describeType(v)}`);
  const t = toEpochMs(v, 'ms');
  if (t === null) throw new FieldError(field, `expected ISO 8601 text or epoch milliseconds, found ${JSON.stringify(v)}`);
  return t;
}

function messages(v: unknown, field: string): TraceMessage[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new FieldError(field, `expected an array of messages, found ${describeType(v)}`);
  return v.map((m, i) => {
    const msg = toMessage(m);
    if (!msg) throw new FieldError(`${field}[${i}]`, 'expected a message {"role": …, "content": …}');
    return msg;
  });
}

function documents(v: unknown, field: string): RetrievedDocument[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw new FieldError(field, `expected an array, found ${describeType(v)}`);
  return v.map((d, i) => {
    if (typeof d === 'string') return { content: d };
    const o = expectRecord(d, `${field}[${i}]`);
    return compact({
      id: id(o.id, `${field}[${i}].id`, false),
      content: str(o.content, `${field}[${i}].content`) ?? '',
      score: num(o.score, `${field}[${i}].score`),
      metadata: o.metadata === undefined || o.metadata === null ? undefined : expectRecord(o.metadata, `${field}[${i}].metadata`),
    });
  });
}

/** Free-form input/output: text verbatim, a message array as messages, anything else as JSON text. */
function freeForm(v: unknown): { messages?: TraceMessage[]; text?: string } {
  if (v === undefined || v === null) return {};
  if (Array.isArray(v)) {
    const ms = toMessages(v);
    if (ms) return { messages: ms };
  }
  return { text: asText(v) };
}

interface ParsedLine {
  readonly traceId: string;
  readonly raw: RawSpan;
  readonly traceName?: string;
  readonly traceAttributes?: Record<string, unknown>;
}

/** One span object of this format. */
export function jsonlSpan(v: unknown, f: string, index: number): ParsedLine {
  const o = expectRecord(v, f);
  const at = (k: string) => (f === '' ? k : `${f}.${k}`);
  const traceId = id(o.trace_id, at('trace_id'), true)!;
  const spanId = id(o.span_id, at('span_id'), false) ?? `span-${index + 1}`;
  const name = str(o.name, at('name'));
  if (name === undefined) throw new FieldError(at('name'), 'missing (a string is required)');
  const kindV = str(o.kind, at('kind'));
  if (kindV !== undefined && !SPAN_KINDS.includes(kindV as SpanKind)) throw new FieldError(at('kind'), `expected one of ${SPAN_KINDS.join(', ')}, found ${JSON.stringify(kindV)}`);
  const statusV = o.status === undefined || o.status === null ? undefined : o.status;
  if (statusV !== undefined && !STATUSES.includes(statusV as SpanStatus)) throw new FieldError(at('status'), `expected "ok", "error" or "unset", found ${JSON.stringify(statusV)}`);
  const model = str(o.model, at('model'));
  const inputTokens = count(o.input_tokens, at('input_tokens'));
  const outputTokens = count(o.output_tokens, at('output_tokens'));
  const toolName = str(o.tool_name, at('tool_name'));
  const kind: SpanKind = (kindV as SpanKind | undefined) ?? (toolName !== undefined ? 'tool' : model !== undefined || inputTokens !== undefined || outputTokens !== undefined ? 'llm' : 'span');
  const costUsd = count(o.cost_usd, at('cost_usd'));
  const input = freeForm(o.input);
  const output = freeForm(o.output);
  const attrs = o.attributes === undefined || o.attributes === null ? {} : { ...expectRecord(o.attributes, at('attributes')) };
  for (const [k, val] of Object.entries(o)) if (!KNOWN.has(k)) attrs[k] = val;
  const traceAttributes = o.trace_attributes === undefined || o.trace_attributes === null ? undefined : expectRecord(o.trace_attributes, at('trace_attributes'));
  const raw: RawSpan = compact({
    spanId,
    parentSpanId: id(o.parent_id, at('parent_id'), false),
    name,
    kind,
    start: time(o.start, at('start')),
    end: time(o.end, at('end')),
    status: (statusV as SpanStatus | undefined) ?? 'unset',
    statusMessage: str(o.status_message, at('status_message')),
    agentName: str(o.agent, at('agent')),
    provider: str(o.provider, at('provider')),
    requestModel: model,
    responseModel: str(o.response_model, at('response_model')),
    inputTokens,
    outputTokens,
    cachedInputTokens: count(o.cached_input_tokens, at('cached_input_tokens')),
    reasoningTokens: count(o.reasoning_tokens, at('reasoning_tokens')),
    costUsd,
    costSource: costUsd !== undefined ? ('trace' as const) : undefined,
    toolName,
    toolCallId: id(o.tool_call_id, at('tool_call_id'), false),
    toolArguments: asText(o.tool_arguments),
    toolResult: asText(o.tool_result),
    inputMessages: messages(o.input_messages, at('input_messages')) ?? input.messages,
    outputMessages: messages(o.output_messages, at('output_messages')) ?? output.messages,
    input: input.text,
    output: output.text,
    documents: documents(o.documents, at('documents')),
    conversationId: id(o.conversation_id, at('conversation_id'), false),
    attributes: attrs,
  });
  return compact({ traceId, raw, traceName: str(o.trace_name, at('trace_name')), traceAttributes });
}

export async function readJsonlSpans(ctx: ReaderContext): Promise<ReaderResult> {
  const traces = new SpanAssembler<ParsedLine>(ctx.out, (traceId, list) => {
    const name = list.find((p) => p.traceName !== undefined)?.traceName;
    const attributes = Object.assign({}, ...list.map((p) => p.traceAttributes ?? {}).reverse()) as Record<string, unknown>;
    return buildTrace(traceId, list.map((p) => p.raw), compact({ name, attributes }));
  });
  let n = 0;
  const add = (value: unknown, f: string, line: number) => {
    const p = atLine(ctx.file, line, () => jsonlSpan(value, f, n++));
    traces.add(p.traceId, p);
  };
  if (ctx.shape === 'object') {
    await forEachItem(ctx, 2, (path, value, line) => {
      if (path[0] === 'spans' && typeof path[1] === 'number') add(value, `spans[${path[1]}]`, line);
    });
  } else {
    await forEachItem(ctx, 1, (path, value, line) => add(value, ctx.shape === 'lines' ? '' : `[${String(path[0])}]`, line));
  }
  traces.finish();
  if (ctx.out.count === 0) throw new ImportError(ctx.file, 'no span in this file', { line: 1 });
  return { duplicates: traces.duplicates };
}
