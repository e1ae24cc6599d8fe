/**
 * readTraces: one trace file → Trace[], whatever its format (detect.ts; or given). The file is
 * streamed (never read as one string, gzip looked through), progress is the fraction of bytes
 * read (or, with `onTrace`, handed over one by one as they complete, without keeping them), an AbortSignal cancels with CancelledError, and malformed input is an ImportError naming
 * the file, the line (and column for JSON syntax) and the field.
 */
import * as path from 'node:path';
import { ImportError } from '../ingest/importError';
import { asInputError, openTextInput } from '../ingest/textInput';
import { CancelledError, throwIfCancelled, type ProgressSink } from '../progress';
import { readChat } from './chatReader';
import { sniffShape, sniffTraceFile } from './detect';
import { readJsonlSpans } from './jsonlSpanReader';
import { readLangfuse } from './langfuseReader';
import { readOtelSdk } from './otelSdkReader';
import { readOtlp } from './otlpReader';
import { FieldError, TraceOutput, type FlushWindow, type ReaderContext, type ReaderResult, type EmitInfo } from './readerKit';
import type { Trace, TraceFormat } from './types';

export interface ReadTracesOptions {
  /** Force the format instead of detecting it. */
  readonly format?: TraceFormat;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /**
   * Streaming mode: each trace is handed over as soon as it is known complete, and not kept (the
   * result's `traces` is then empty). Chat transcripts and Langfuse exports are handed over item
   * by item (in file order); the span formats (JSON Lines spans, OTLP, OTel SDK) when a trace has
   * been idle for `flushWindow` (SpanAssembler, readerKit.ts), and the rest at the end of the
   * file, each group in time order. A trace whose spans continue after it was handed over is
   * handed over again with `{continuation: true}`, with only the late spans; merge it into the
   * earlier part with mergeTrace (traceBuilder.ts). The reader awaits the returned promise
   * before reading on. An error (malformed input, cancellation) can come after traces were
   * handed over: the receiver must undo them.
   */
  readonly onTrace?: (trace: Trace, info: TraceHandover) => void | Promise<void>;
  /** When the span formats hand over an idle trace in streaming mode (default 10,000 spans or 1,000 traces). */
  readonly flushWindow?: FlushWindow;
}

export interface TraceHandover extends EmitInfo {
  /** The file's format (known before the first trace). */
  readonly format: TraceFormat;
}

export interface ReadTracesResult {
  readonly format: TraceFormat;
  /** The traces (batch mode; empty in streaming mode). */
  readonly traces: Trace[];
  /**
   * Spans dropped because an earlier span of the same trace had the same id (first copy wins). In
   * streaming mode, a duplicate across a flush (in a continuation) is not counted here: mergeTrace counts it.
   */
  readonly duplicateSpans: number;
}

const READERS: Readonly<Record<TraceFormat, (ctx: ReaderContext) => Promise<ReaderResult>>> = {
  otlp: readOtlp,
  'otel-sdk': readOtelSdk,
  langfuse: readLangfuse,
  chat: readChat,
  jsonl: readJsonlSpans,
};

export async function readTraces(filePath: string, opts: ReadTracesOptions = {}): Promise<ReadTracesResult> {
  const file = path.resolve(filePath);
  const { signal } = opts;
  throwIfCancelled(signal);
  const sniff = opts.format !== undefined ? { format: opts.format, shape: await sniffShape(file) } : await sniffTraceFile(file);
  throwIfCancelled(signal);
  const input = await openTextInput(file, opts.progress, `Reading ${path.basename(file)}`);
  try {
    const { onTrace } = opts;
    const format = sniff.format;
    const out = new TraceOutput(onTrace && ((trace, info) => onTrace(trace, { ...info, format })), opts.flushWindow);
    const result = await READERS[sniff.format]({ file, input, shape: sniff.shape, signal, out });
    throwIfCancelled(signal);
    await out.drain();
    return { format: sniff.format, traces: out.traces, duplicateSpans: result.duplicates };
  } catch (err) {
    if (signal?.aborted) throw new CancelledError();
    if (err instanceof FieldError) throw new ImportError(file, err.reason, { field: err.field });
    throw asInputError(file, err);
  } finally {
    input.destroy();
  }
}
