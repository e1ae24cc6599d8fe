/**
 * OTLP/JSON traces (and the logs that carry their message content) → Trace[].
 *
 * Implements the OTLP specification's "JSON Protobuf Encoding" (opentelemetry-proto
 * docs/specification.md; messages from opentelemetry/proto/trace/v1/trace.proto,
 * logs/v1/logs.proto, common/v1/common.proto): an ExportTraceServiceRequest
 * `{resourceSpans: [{resource: {attributes}, scopeSpans: [{scope, spans: [...]}]}]}` with
 * lowerCamelCase field names, trace/span ids as hex strings (base64 accepted, see ids.ts),
 * 64-bit integers (`*TimeUnixNano`, `intValue`) as decimal strings or numbers, enums (`kind`,
 * `status.code`) as integers or their names, attributes as `[{key, value: AnyValue}]` where
 * AnyValue is one of stringValue / boolValue / intValue / doubleValue / bytesValue / arrayValue
 * {values} / kvlistValue {values}. The older `instrumentationLibrarySpans`, the Collector file
 * exporter's layout (one request per line) and a JSON array of requests are read too. `resourceLogs[].scopeLogs[].logRecords[]`
 * (`eventName` or the `event.name` attribute, `body`, `traceId`, `spanId`) linked to a span give
 * its GenAI message events (see genai.ts); records linked to no span of the file are ignored.
 *
 * Decisions: spans are grouped by trace id over the whole file (a trace's spans may be spread
 * over several resources and lines; in streaming mode over the flush window, SpanAssembler in
 * readerKit.ts, except in one `{resourceSpans, resourceLogs}` document, kept open to its end
 * because its logs follow its spans; a log record for a trace already handed over is dropped); a span id seen twice in a trace keeps its first copy
 * (exporter retries; traceBuilder.ts); resource attributes become trace attributes (first value
 * wins); the span's scope, OTel kind, events and links are kept in its attributes as
 * `otel.scope.name`, `otel.scope.version`, `otel.span_kind`, `otel.events`, `otel.links`.
 */
import { ImportError } from '../ingest/importError';
import { interpretSpan, type SpanEventLike } from './genai';
import { otlpId } from './ids';
import {
  FieldError, SpanAssembler, atLine, expectArray, expectRecord, expectString, forEachItem, optionalArray, optionalString,
  type ReaderContext, type ReaderResult, type TraceOutput,
} from './readerKit';
import { buildTrace, type BuiltTrace, type RawSpan } from './traceBuilder';
import type { SpanStatus } from './types';
import { compact, toEpochMs } from './values';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

/** An OTLP AnyValue as a plain JSON value (ints beyond 2^53 as decimal strings, bytes as base64). */
export function anyValue(v: unknown, field: string): unknown {
  if (v === undefined || v === null) return null;
  const o = expectRecord(v, field);
  if ('stringValue' in o) return expectString(o.stringValue, `${field}.stringValue`);
  if ('boolValue' in o) {
    if (typeof o.boolValue !== 'boolean') throw new FieldError(`${field}.boolValue`, 'expected true or false');
    return o.boolValue;
  }
  if ('intValue' in o) {
    const i = o.intValue;
    if (typeof i === 'number' && Number.isInteger(i)) return i;
    if (typeof i === 'string' && /^-?\d+$/.test(i)) return Number.isSafeInteger(Number(i)) ? Number(i) : i;
    throw new FieldError(`${field}.intValue`, `expected an integer (number or decimal string), found ${JSON.stringify(i)}`);
  }
  if ('doubleValue' in o) {
    const d = o.doubleValue;
    if (typeof d === 'number') return d;
    if (typeof d === 'string' && /^(-?Infinity|NaN|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(d)) return /^-?\d/.test(d) ? Number(d) : d;
    throw new FieldError(`${field}.doubleValue`, `expected a number, found ${JSON.stringify(d)}`);
  }
  if ('bytesValue' in o) return expectString(o.bytesValue, `${field}.bytesValue`);
  if ('arrayValue' in o) {
    const arr = o.arrayValue === null || o.arrayValue === undefined ? {} : expectRecord(o.arrayValue, `${field}.arrayValue`);
    return optionalArray(arr.values, `${field}.arrayValue.values`).map((x, i) => anyValue(x, `${field}.arrayValue.values[${i}]`));
  }
  if ('kvlistValue' in o) {
    const kv = o.kvlistValue === null || o.kvlistValue === undefined ? {} : expectRecord(o.kvlistValue, `${field}.kvlistValue`);
    return keyValues(kv.values, `${field}.kvlistValue.values`);
  }
  return null;
}

/** `[{key, value}]` → a plain object (a repeated key keeps its last value, as protobuf maps do). */
export function keyValues(list: unknown, field: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  optionalArray(list, field).forEach((kv, i) => {
    const o = expectRecord(kv, `${field}[${i}]`);
    const key = expectString(o.key, `${field}[${i}].key`);
    const value = anyValue(o.value, `${field}[${i}].value`);
    if (key === '__proto__') Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
    else out[key] = value;
  });
  return out;
}

function time(v: unknown, field: string): number | undefined {
  const t = toEpochMs(v, 'ns');
  if (t === null) throw new FieldError(field, `expected nanoseconds since the epoch (a decimal string or number), found ${JSON.stringify(v)}`);
  return t;
}

function statusOf(v: unknown, field: string): { status: SpanStatus; message?: string } {
  if (v === undefined || v === null) return { status: 'unset' };
  const o = expectRecord(v, field);
  const c = o.code;
  let status: SpanStatus;
  if (c === undefined || c === null || c === 0 || c === 'STATUS_CODE_UNSET') status = 'unset';
  else if (c === 1 || c === 'STATUS_CODE_OK') status = 'ok';
  else if (c === 2 || c === 'STATUS_CODE_ERROR') status = 'error';
  else throw new FieldError(`${field}.code`, `expected 0, 1, 2 or a STATUS_CODE_* name, found ${JSON.stringify(c)}`);
  const message = optionalString(o.message, `${field}.message`);
  return message !== undefined && message !== '' ? { status, message } : { status };
}

function kindName(v: unknown): string | undefined {
  if (typeof v === 'number') return SPAN_KINDS[v];
  if (typeof v === 'string') return v.replace(/^SPAN_KIND_/, '').toLowerCase();
  return undefined;
}

interface PendingSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly start?: number;
  readonly end?: number;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  readonly attributes: Record<string, unknown>;
  readonly events: SpanEventLike[];
}

interface Collected {
  readonly span: PendingSpan;
  readonly resource: Record<string, unknown>;
}

class OtlpCollector {
  private readonly logs = new Map<string, SpanEventLike[]>();
  readonly spans: SpanAssembler<Collected>;

  constructor(out: TraceOutput, flushing: boolean) {
    this.spans = new SpanAssembler<Collected>(out, (traceId, list) => this.build(traceId, list), flushing);
  }

  addResourceSpans(value: unknown, field: string): void {
    const rs = expectRecord(value, field);
    const resource = rs.resource === undefined || rs.resource === null ? {} : expectRecord(rs.resource, `${field}.resource`);
    const resourceAttrs = keyValues(resource.attributes, `${field}.resource.attributes`);
    const scopeKey = rs.scopeSpans !== undefined ? 'scopeSpans' : 'instrumentationLibrarySpans';
    optionalArray(rs[scopeKey], `${field}.${scopeKey}`).forEach((ssv, si) => {
      const sf = `${field}.${scopeKey}[${si}]`;
      const ss = expectRecord(ssv, sf);
      const scopeV = ss.scope ?? ss.instrumentationLibrary;
      const scope = scopeV === undefined || scopeV === null ? {} : expectRecord(scopeV, `${sf}.scope`);
      const scopeName = optionalString(scope.name, `${sf}.scope.name`);
      const scopeVersion = optionalString(scope.version, `${sf}.scope.version`);
      optionalArray(ss.spans, `${sf}.spans`).forEach((sv, i) => this.addSpan(sv, `${sf}.spans[${i}]`, resourceAttrs, scopeName, scopeVersion));
    });
  }

  private addSpan(v: unknown, f: string, resourceAttrs: Record<string, unknown>, scopeName?: string, scopeVersion?: string): void {
    const s = expectRecord(v, f);
    const traceId = otlpId(expectString(s.traceId, `${f}.traceId`), 16);
    if (traceId === undefined) throw new FieldError(`${f}.traceId`, 'missing trace id');
    const spanId = otlpId(expectString(s.spanId, `${f}.spanId`), 8);
    if (spanId === undefined) throw new FieldError(`${f}.spanId`, 'missing span id');
    const parentSpanId = otlpId(optionalString(s.parentSpanId, `${f}.parentSpanId`), 8);
    const name = s.name === undefined || s.name === null ? '' : expectString(s.name, `${f}.name`);
    const attributes = keyValues(s.attributes, `${f}.attributes`);
    const events: SpanEventLike[] = [];
    const rawEvents = optionalArray(s.events, `${f}.events`).map((ev, i) => {
      const e = expectRecord(ev, `${f}.events[${i}]`);
      const evName = optionalString(e.name, `${f}.events[${i}].name`) ?? '';
      const evAttrs = keyValues(e.attributes, `${f}.events[${i}].attributes`);
      events.push({ name: evName, attributes: evAttrs });
      return compact({ name: evName, time: time(e.timeUnixNano, `${f}.events[${i}].timeUnixNano`), attributes: evAttrs });
    });
    const links = optionalArray(s.links, `${f}.links`).map((lv, i) => {
      const l = expectRecord(lv, `${f}.links[${i}]`);
      return compact({
        traceId: otlpId(optionalString(l.traceId, `${f}.links[${i}].traceId`), 16),
        spanId: otlpId(optionalString(l.spanId, `${f}.links[${i}].spanId`), 8),
        attributes: keyValues(l.attributes, `${f}.links[${i}].attributes`),
      });
    });
    const extra: Record<string, unknown> = {};
    if (scopeName !== undefined) extra['otel.scope.name'] = scopeName;
    if (scopeVersion !== undefined && scopeVersion !== '') extra['otel.scope.version'] = scopeVersion;
    const kind = kindName(s.kind);
    if (kind !== undefined) extra['otel.span_kind'] = kind;
    if (rawEvents.length > 0) extra['otel.events'] = rawEvents;
    if (links.length > 0) extra['otel.links'] = links;
    const { status, message } = statusOf(s.status, `${f}.status`);
    const pending: PendingSpan = compact({
      traceId, spanId, parentSpanId, name,
      start: time(s.startTimeUnixNano, `${f}.startTimeUnixNano`),
      end: time(s.endTimeUnixNano, `${f}.endTimeUnixNano`),
      status, statusMessage: message,
      attributes: { ...attributes, ...extra },
      events,
    });
    this.spans.add(traceId, { span: pending, resource: resourceAttrs });
  }

  addResourceLogs(value: unknown, field: string): void {
    const rl = expectRecord(value, field);
    const scopeKey = rl.scopeLogs !== undefined ? 'scopeLogs' : 'instrumentationLibraryLogs';
    optionalArray(rl[scopeKey], `${field}.${scopeKey}`).forEach((slv, si) => {
      const sf = `${field}.${scopeKey}[${si}]`;
      const sl = expectRecord(slv, sf);
      optionalArray(sl.logRecords, `${sf}.logRecords`).forEach((rv, i) => {
        const rf = `${sf}.logRecords[${i}]`;
        const r = expectRecord(rv, rf);
        const traceId = otlpId(optionalString(r.traceId, `${rf}.traceId`), 16);
        const spanId = otlpId(optionalString(r.spanId, `${rf}.spanId`), 8);
        const attributes = keyValues(r.attributes, `${rf}.attributes`);
        const name = optionalString(r.eventName, `${rf}.eventName`) ?? (typeof attributes['event.name'] === 'string' ? attributes['event.name'] : '');
        const body = anyValue(r.body, `${rf}.body`);
        if (traceId === undefined || spanId === undefined || name === '') return;
        // A record for a trace already handed over (streaming) is dropped: its span is stored.
        if (this.spans.knows(traceId) && !this.spans.isOpen(traceId)) return;
        const key = `${traceId}/${spanId}`;
        let list = this.logs.get(key);
        if (!list) this.logs.set(key, (list = []));
        list.push({ name, attributes, body });
      });
    });
  }

  private build(traceId: string, list: readonly Collected[]): BuiltTrace {
    const attributes: Record<string, unknown> = {};
    const raws: RawSpan[] = list.map(({ span: p, resource }) => {
      for (const [k, val] of Object.entries(resource)) if (!(k in attributes)) attributes[k] = val;
      const key = `${traceId}/${p.spanId}`;
      const events = [...p.events, ...(this.logs.get(key) ?? [])];
      const sem = interpretSpan(p.name, p.attributes, events);
      return compact({
        spanId: p.spanId,
        parentSpanId: p.parentSpanId,
        name: p.name,
        start: p.start,
        end: p.end,
        status: p.status,
        statusMessage: p.statusMessage,
        ...sem,
        attributes: p.attributes,
      });
    });
    for (const { span } of list) this.logs.delete(`${traceId}/${span.spanId}`);
    return buildTrace(traceId, raws, { attributes });
  }
}

export async function readOtlp(ctx: ReaderContext): Promise<ReaderResult> {
  // One document usually has its resourceLogs after all its resourceSpans: its traces are kept open to the end.
  const c = new OtlpCollector(ctx.out, ctx.shape !== 'object');
  await forEachItem(ctx, ctx.shape === 'array' ? 1 : 2, (path, value, line) => atLine(ctx.file, line, () => {
    if (ctx.shape !== 'object') {
      // One ExportTraceServiceRequest per line (the Collector's file exporter), or per array element.
      const req = expectRecord(value, ctx.shape === 'lines' ? '(line)' : `[${String(path[0])}]`);
      optionalArray(req.resourceSpans, 'resourceSpans').forEach((rs, i) => c.addResourceSpans(rs, `resourceSpans[${i}]`));
      optionalArray(req.resourceLogs, 'resourceLogs').forEach((rl, i) => c.addResourceLogs(rl, `resourceLogs[${i}]`));
      return;
    }
    const [key, index] = path;
    if (key !== 'resourceSpans' && key !== 'resourceLogs') return;
    if (typeof index !== 'number') expectArray(value, key);
    else if (key === 'resourceSpans') c.addResourceSpans(value, `resourceSpans[${index}]`);
    else c.addResourceLogs(value, `resourceLogs[${index}]`);
  }), (path, kind) => {
    if (ctx.shape !== 'object') return;
    if (path.length === 1 && (path[0] === 'resourceSpans' || path[0] === 'resourceLogs') && kind !== 'array') {
      throw new ImportError(ctx.file, 'expected an array, found an object', { field: String(path[0]) });
    }
  });
  c.spans.finish();
  if (ctx.out.count === 0) throw new ImportError(ctx.file, 'no span in this OTLP/JSON file', { field: 'resourceSpans' });
  return { duplicates: c.spans.duplicates };
}
