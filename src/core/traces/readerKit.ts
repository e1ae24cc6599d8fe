/**
 * What every trace reader shares: the input (a text stream, read as JSON Lines line by line or as
 * one JSON document through the streaming parser, never as one string), cancellation, and the
 * error convention: a problem inside one item throws FieldError naming the field's path; the
 * item loop turns it into an ImportError with the file and the item's line.
 */
import type { Readable } from 'node:stream';
import { ImportError } from '../ingest/importError';
import { jsonlLines } from '../ingest/jsonlLines';
import type { JsonPath, JsonValue } from '../ingest/jsonStream';
import { throwIfCancelled } from '../progress';
import { parseLosslessLine, streamJsonDocument } from './losslessJson';
import { orderTraces, type BuiltTrace } from './traceBuilder';
import type { Trace } from './types';

/** How the file is laid out: JSON Lines, or one JSON document whose top level is an array or an object. */
export type InputShape = 'lines' | 'array' | 'object';

export interface ReaderContext {
  readonly file: string;
  readonly input: Readable;
  readonly shape: InputShape;
  readonly signal?: AbortSignal;
  /** Where the reader hands its traces (TraceOutput). */
  readonly out: TraceOutput;
}

export interface ReaderResult {
  /** Spans dropped because an earlier span of the same trace had the same id. */
  readonly duplicates: number;
}

export interface EmitInfo {
  /**
   * The trace was handed over before, and these are spans of it that came later in the file
   * (only these; see SpanAssembler): the receiver merges them into the earlier part (mergeTrace).
   */
  readonly continuation?: boolean;
}

export type TraceSink = (trace: Trace, info: EmitInfo) => void | Promise<void>;

/** When a span format hands over an open trace: after this many spans, or this many other traces, without a span of it. */
export interface FlushWindow {
  readonly spans: number;
  readonly traces: number;
}

export const DEFAULT_FLUSH_WINDOW: FlushWindow = { spans: 10_000, traces: 1_000 };

/**
 * Where readers put their traces. Without a sink (batch mode) they are kept in `traces`; with a
 * sink (streaming mode) they are queued and handed to the sink by `drain`, which the item loop
 * (forEachItem) awaits between items, so nothing is kept.
 */
export class TraceOutput {
  readonly traces: Trace[] = [];
  /** Traces handed over (or kept), continuations not counted. */
  count = 0;
  private queue: [Trace, EmitInfo][] = [];

  constructor(private readonly sink?: TraceSink, readonly window: FlushWindow = DEFAULT_FLUSH_WINDOW) {}

  get streaming(): boolean {
    return this.sink !== undefined;
  }

  emit(trace: Trace, info: EmitInfo = {}): void {
    if (!info.continuation) this.count++;
    if (this.sink) this.queue.push([trace, info]);
    else this.traces.push(trace);
  }

  get pending(): boolean {
    return this.queue.length > 0;
  }

  async drain(): Promise<void> {
    while (this.queue.length > 0 && this.sink) {
      const batch = this.queue;
      this.queue = [];
      for (const [t, info] of batch) await this.sink(t, info);
    }
  }
}

/** A problem in one field of an item; the item loop adds the file and line. */
export class FieldError extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${reason} (field: ${field})`);
    this.name = 'FieldError';
  }
}

/** Runs `fn`, turning a FieldError into an ImportError at `line`. */
export function atLine<T>(file: string, line: number, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FieldError) throw new ImportError(file, err.reason, { line, field: err.field });
    throw err;
  }
}

export function describeType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
}

export function expectRecord(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new FieldError(field, `expected an object, found ${describeType(v)}`);
  return v as Record<string, unknown>;
}

export function expectArray(v: unknown, field: string): unknown[] {
  if (!Array.isArray(v)) throw new FieldError(field, `expected an array, found ${describeType(v)}`);
  return v;
}

/** An optional array: undefined/null → []. */
export function optionalArray(v: unknown, field: string): unknown[] {
  return v === undefined || v === null ? [] : expectArray(v, field);
}

export function expectString(v: unknown, field: string): string {
  if (typeof v !== 'string') throw new FieldError(field, `expected a string, found ${describeType(v)}`);
  return v;
}

export function optionalString(v: unknown, field: string): string | undefined {
  return v === undefined || v === null ? undefined : expectString(v, field);
}

/**
 * Calls `onItem` for each item of the input: each line of a JSON Lines file (path `[lineIndex]`),
 * or each value the streaming parser builds at `itemDepth` of a document (and each shallower
 * scalar), with the line where it starts.
 */
export async function forEachItem(
  ctx: ReaderContext,
  itemDepth: number,
  onItem: (path: JsonPath, value: JsonValue, line: number) => void,
  onOpen?: (path: JsonPath, kind: 'object' | 'array') => void,
): Promise<void> {
  const { file, input, signal, out } = ctx;
  let n = 0;
  if (ctx.shape === 'lines') {
    for await (const { text, line } of jsonlLines(input)) {
      if ((++n & 255) === 0) throwIfCancelled(signal);
      onItem([n - 1], parseLosslessLine(file, text, line), line);
      if (out.pending) await out.drain();
    }
    return;
  }
  await streamJsonDocument(file, input, itemDepth, {
    value: (path, value, line) => onItem(path, value, line),
    open: onOpen,
  }, async () => {
    throwIfCancelled(signal);
    if (out.pending) await out.drain();
  });
}

/**
 * Rebuilds a document's shallow part from the values the streaming parser reports below
 * `itemDepth` 2: `[key]` scalars and `[key, sub]` children of top-level containers.
 */
export function assembleTop(top: Record<string, unknown>, path: JsonPath, value: unknown): void {
  const [key, sub] = path;
  if (typeof key !== 'string') return;
  if (path.length === 1) {
    top[key] = value;
    return;
  }
  if (sub === undefined) return;
  let holder = top[key];
  if (typeof holder !== 'object' || holder === null) top[key] = holder = typeof sub === 'number' ? [] : {};
  (holder as Record<string | number, unknown>)[sub] = value;
}

interface OpenTrace<T> {
  readonly items: T[];
  /** Span count (of the file) at its last span, and trace count at its last span. */
  lastSpan: number;
  lastTrace: number;
  readonly continuation: boolean;
}

/**
 * The open traces of a span format, where a trace's spans may be spread over the file.
 *
 * In batch mode (or with `flushing` off) every trace stays open until `finish`, which builds them
 * all and hands them over in time order (orderTraces), exactly as the readers always did. In
 * streaming mode a trace is handed over once it has been idle, no span of it among the last
 * `window.spans` spans nor among the spans of the last `window.traces` traces opened since; each
 * such group is handed over in time order. Only the ids of handed-over traces are kept. A span
 * that comes later for one of them opens a continuation: a trace of only the late spans (with
 * only their trace-level fields), handed over with `{continuation: true}`. Within what is open
 * the rules are the batch ones (first copy of a span id wins, seq by time); across a flush the
 * receiver applies them when merging (mergeTrace), and a duplicate span id across a flush is
 * counted there, not in this reader's `duplicates`.
 */
export class SpanAssembler<T> {
  private readonly open = new Map<string, OpenTrace<T>>();
  private readonly handedOver = new Set<string>();
  private spans = 0;
  private tracesOpened = 0;
  private duplicatesSeen = 0;
  private readonly checkEverySpans: number;
  private readonly checkEveryTraces: number;

  constructor(
    private readonly out: TraceOutput,
    private readonly build: (traceId: string, items: T[]) => BuiltTrace,
    private readonly flushing = true,
  ) {
    this.checkEverySpans = Math.max(1, Math.floor(out.window.spans / 8));
    this.checkEveryTraces = Math.max(1, Math.floor(out.window.traces / 8));
  }

  get duplicates(): number {
    return this.duplicatesSeen;
  }

  /** Whether a trace with this id is open or has been handed over. */
  knows(traceId: string): boolean {
    return this.open.has(traceId) || this.handedOver.has(traceId);
  }

  isOpen(traceId: string): boolean {
    return this.open.has(traceId);
  }

  add(traceId: string, item: T): void {
    this.spans++;
    let t = this.open.get(traceId);
    let opened = false;
    if (!t) {
      this.tracesOpened++;
      opened = true;
      t = { items: [], lastSpan: 0, lastTrace: 0, continuation: this.handedOver.has(traceId) };
      this.open.set(traceId, t);
    }
    t.items.push(item);
    t.lastSpan = this.spans;
    t.lastTrace = this.tracesOpened;
    if (!this.out.streaming || !this.flushing) return;
    if (this.spans % this.checkEverySpans === 0 || (opened && this.tracesOpened % this.checkEveryTraces === 0)) this.flushIdle();
  }

  private flushIdle(): void {
    const { spans, traces } = this.out.window;
    const idle: string[] = [];
    for (const [id, t] of this.open) {
      if (this.spans - t.lastSpan >= spans || this.tracesOpened - t.lastTrace >= traces) idle.push(id);
    }
    if (idle.length > 0) this.handOver(idle);
  }

  private handOver(ids: readonly string[]): void {
    const fresh: Trace[] = [];
    const late: Trace[] = [];
    for (const id of ids) {
      const t = this.open.get(id)!;
      this.open.delete(id);
      const built = this.build(id, t.items);
      this.duplicatesSeen += built.duplicates;
      (t.continuation ? late : fresh).push(built.trace);
      if (this.out.streaming) this.handedOver.add(id);
    }
    for (const trace of orderTraces(fresh)) this.out.emit(trace);
    for (const trace of orderTraces(late)) this.out.emit(trace, { continuation: true });
  }

  /** Hands over every open trace (end of file). */
  finish(): void {
    this.handOver([...this.open.keys()]);
  }
}
