/**
 * OpenTelemetry SDK span JSON → Trace[]: the form the Python SDK's `ReadableSpan.to_json()` and
 * its ConsoleSpanExporter print (opentelemetry-python, opentelemetry-sdk/src/opentelemetry/sdk/
 * trace/__init__.py, `ReadableSpan.to_json`): `{name, context: {trace_id, span_id}, kind,
 * parent_id | parent: {span_id}, start_time, end_time, status: {status_code, description},
 * attributes: {flat}, events: [{name, timestamp, attributes}], links, resource: {attributes}}`.
 *
 * Accepted layouts: `{"spans": [...], ...}` (any-agent's trace dumps; the other top-level keys,
 * e.g. `final_output`, become trace attributes), a JSON array of spans, one span per line, or a
 * single span object. Ids may be `0x` hex (the SDK), decimal integers (any-agent, exact even
 * beyond 2^53, see losslessJson.ts) or plain hex; times ISO 8601 text or integers (by magnitude:
 * ns, µs, ms or s). `kind` may be `SpanKind.INTERNAL` or `internal`; `status_code` `OK`/`ok`,
 * `ERROR`, `UNSET`. Attribute semantics (GenAI, OpenInference) are read by genai.ts.
 *
 * Decisions: spans are grouped by trace id (in streaming mode over the flush window,
 * SpanAssembler in readerKit.ts; one `{spans: [...]}` document is kept open to its end); resource attributes and the document's other
 * top-level keys become trace attributes; the OTel kind, events and links are kept in the span's
 * attributes (`otel.span_kind`, `otel.events`, `otel.links`). A parent that is not in the file
 * (any-agent's Google ADK dump has such spans) is kept as `parentSpanId`; the span is then a root
 * of the tree.
 */
import { ImportError } from '../ingest/importError';
import { interpretSpan, type SpanEventLike } from './genai';
import { sdkId } from './ids';
import {
  FieldError, SpanAssembler, assembleTop, atLine, expectRecord, expectString, forEachItem, optionalArray, optionalString,
  type ReaderContext, type ReaderResult,
} from './readerKit';
import { buildTrace, type RawSpan } from './traceBuilder';
import type { SpanStatus } from './types';
import { compact, isRecord, toEpochMs } from './values';

function time(v: unknown, field: string): number | undefined {
  const t = toEpochMs(v, 'auto');
  if (t === null) throw new FieldError(field, `expected a time (ISO 8601 text or an integer since the epoch), found ${JSON.stringify(v)}`);
  return t;
}

function flatAttributes(v: unknown, field: string): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  return { ...expectRecord(v, field) };
}

function statusOf(v: unknown, field: string): { status: SpanStatus; message?: string } {
  if (v === undefined || v === null) return { status: 'unset' };
  const o = expectRecord(v, field);
  const code = o.status_code ?? o.code;
  const c = typeof code === 'string' ? code.replace(/^StatusCode\./, '').toLowerCase() : code;
  let status: SpanStatus;
  if (c === undefined || c === null || c === 'unset' || c === 0) status = 'unset';
  else if (c === 'ok' || c === 1) status = 'ok';
  else if (c === 'error' || c === 2) status = 'error';
  else throw new FieldError(`${field}.status_code`, `expected OK, ERROR or UNSET, found ${JSON.stringify(code)}`);
  const message = optionalString(o.description ?? o.message, `${field}.description`);
  return message !== undefined && message !== '' ? { status, message } : { status };
}

interface Collected {
  readonly traceId: string;
  readonly raw: RawSpan;
  readonly resource: Record<string, unknown>;
}

/** One SDK span object to a raw span (with its trace id and resource attributes). */
export function sdkSpan(v: unknown, f: string): Collected {
  const s = expectRecord(v, f);
  const ctxObj = expectRecord(s.context, `${f}.context`);
  const traceId = sdkId(ctxObj.trace_id, 16);
  if (traceId === undefined) throw new FieldError(`${f}.context.trace_id`, 'missing trace id');
  const spanId = sdkId(ctxObj.span_id, 8);
  if (spanId === undefined) throw new FieldError(`${f}.context.span_id`, 'missing span id');
  const parentV = isRecord(s.parent) ? s.parent.span_id : s.parent_id;
  const parentSpanId = sdkId(parentV, 8);
  const name = expectString(s.name, `${f}.name`);
  const attributes = flatAttributes(s.attributes, `${f}.attributes`);
  const events: SpanEventLike[] = [];
  const rawEvents = optionalArray(s.events, `${f}.events`).map((ev, i) => {
    const e = expectRecord(ev, `${f}.events[${i}]`);
    const evName = optionalString(e.name, `${f}.events[${i}].name`) ?? '';
    const evAttrs = flatAttributes(e.attributes, `${f}.events[${i}].attributes`);
    events.push({ name: evName, attributes: evAttrs });
    return compact({ name: evName, time: time(e.timestamp, `${f}.events[${i}].timestamp`), attributes: evAttrs });
  });
  const links = optionalArray(s.links, `${f}.links`);
  const extra: Record<string, unknown> = {};
  if (typeof s.kind === 'string') extra['otel.span_kind'] = s.kind.replace(/^SpanKind\./, '').toLowerCase();
  if (rawEvents.length > 0) extra['otel.events'] = rawEvents;
  if (links.length > 0) extra['otel.links'] = links;
  const { status, message } = statusOf(s.status, `${f}.status`);
  const allAttributes = { ...attributes, ...extra };
  const sem = interpretSpan(name, attributes, events);
  const raw: RawSpan = compact({
    spanId,
    parentSpanId,
    name,
    start: time(s.start_time, `${f}.start_time`),
    end: time(s.end_time, `${f}.end_time`),
    status,
    statusMessage: message,
    ...sem,
    attributes: allAttributes,
  });
  const resourceV = isRecord(s.resource) ? s.resource.attributes : undefined;
  return { traceId, raw, resource: isRecord(resourceV) ? resourceV : {} };
}

export async function readOtelSdk(ctx: ReaderContext): Promise<ReaderResult> {
  const top: Record<string, unknown> = {};
  let hasSpansKey = false;
  // In one document, the top-level keys other than `spans` are every trace's attributes, and they
  // may follow the spans: its traces are kept open to the end.
  const traces = new SpanAssembler<Collected>(ctx.out, (traceId, list) => {
    const single = !hasSpansKey && isRecord(top.context);
    const extras = single ? {} : Object.fromEntries(Object.entries(top).filter(([k]) => k !== 'spans'));
    const attributes: Record<string, unknown> = {};
    for (const c of list) for (const [k, v] of Object.entries(c.resource)) if (!(k in attributes)) attributes[k] = v;
    Object.assign(attributes, extras);
    return buildTrace(traceId, list.map((c) => c.raw), { attributes });
  }, ctx.shape !== 'object');
  const collect = (c: Collected) => traces.add(c.traceId, c);
  const add = (v: unknown, field: string, line: number) => atLine(ctx.file, line, () => collect(sdkSpan(v, field)));
  if (ctx.shape === 'lines') {
    await forEachItem(ctx, 0, (_path, value, line) => {
      const o = atLine(ctx.file, line, () => expectRecord(value, '(line)'));
      if (Array.isArray(o.spans)) o.spans.forEach((sp, i) => add(sp, `spans[${i}]`, line));
      else add(o, '(line)', line);
    });
  } else if (ctx.shape === 'array') {
    await forEachItem(ctx, 1, (path, value, line) => add(value, `[${String(path[0])}]`, line));
  } else {
    await forEachItem(ctx, 2, (path, value, line) => {
      const [key, sub] = path;
      if (key === 'spans' && typeof sub === 'number') {
        hasSpansKey = true;
        add(value, `spans[${sub}]`, line);
      } else assembleTop(top, path, value);
    });
    if (!hasSpansKey && isRecord(top.context)) atLine(ctx.file, 1, () => collect(sdkSpan(top, '(top level)')));
  }
  traces.finish();
  if (ctx.out.count === 0) throw new ImportError(ctx.file, 'no span in this OpenTelemetry span JSON file', { field: 'spans' });
  return { duplicates: traces.duplicates };
}
