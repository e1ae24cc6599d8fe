/**
 * readTraces: one trace file → Trace[], whatever its format (detect.ts; or given). The file is
 * streamed (never read as one string, gzip looked through), progress is the fraction of bytes
 * read, an AbortSignal cancels with CancelledError, and malformed input is an ImportError naming
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
import { FieldError, type ReaderContext, type ReaderResult } from './readerKit';
import type { Trace, TraceFormat } from './types';

export interface ReadTracesOptions {
  /** Force the format instead of detecting it. */
  readonly format?: TraceFormat;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
}

export interface ReadTracesResult {
  readonly format: TraceFormat;
  readonly traces: Trace[];
  /** Spans dropped because an earlier span of the same trace had the same id (first copy wins). */
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
    const result = await READERS[sniff.format]({ file, input, shape: sniff.shape, signal });
    throwIfCancelled(signal);
    return { format: sniff.format, traces: result.traces, duplicateSpans: result.duplicates };
  } catch (err) {
    if (signal?.aborted) throw new CancelledError();
    if (err instanceof FieldError) throw new ImportError(file, err.reason, { field: err.field });
    throw asInputError(file, err);
  } finally {
    input.destroy();
  }
}
