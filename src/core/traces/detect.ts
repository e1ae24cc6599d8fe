/**
 * Which trace format a file holds, from its first bytes (gzip is looked through): the layout
 * (JSON Lines, or one JSON document with an array or an object at the top) and the keys of the
 * first item decide. The extension only breaks the tie between "one JSON object on one line"
 * and "JSON Lines with one line" (`.jsonl` / `.ndjson` mean JSON Lines).
 *
 * | keys of the first object                              | format   |
 * |-------------------------------------------------------|----------|
 * | `resourceSpans` or `resourceLogs`                     | otlp     |
 * | `trace` (+ `observations`), or `id` + `observations`   | langfuse |
 * | `spans`, or a span's `context` + `name`               | otel-sdk |
 * | `trace_id` (+ `span_id`, `name`…)                     | jsonl    |
 * | `messages`, `traj`, `messages_display`, `role`; or an array of messages | chat |
 */
import * as path from 'node:path';
import { ImportError } from '../ingest/importError';
import { JsonSyntaxError, type JsonPath } from '../ingest/jsonStream';
import { openTextInput } from '../ingest/textInput';
import { LosslessJsonParser, parseLossless } from './losslessJson';
import type { InputShape } from './readerKit';
import type { TraceFormat } from './types';

export const TRACE_FORMATS: readonly TraceFormat[] = ['otlp', 'otel-sdk', 'langfuse', 'chat', 'jsonl'];

const HEAD_CHARS = 256 * 1024;
const LINES_EXT = /\.(jsonl|ndjson)(\.gz)?$/i;

export interface TraceFileSniff {
  readonly format: TraceFormat;
  readonly shape: InputShape;
}

/** The first `max` characters of the (possibly gzipped) file. */
async function readHead(file: string, max: number): Promise<string> {
  const input = await openTextInput(file);
  let text = '';
  try {
    for await (const chunk of input) {
      text += chunk as string;
      if (text.length >= max) break;
    }
  } catch (err) {
    if (text === '') throw err;
  } finally {
    input.destroy();
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface HeadKeys {
  shape: 'array' | 'object';
  /** Keys of the top-level object, or of the array's first element when it is an object. */
  keys: Set<string>;
  /** The array's first element is itself an array. */
  firstIsArray: boolean;
}

/** Top-level keys of a (possibly truncated) JSON document head. */
function headKeys(head: string): HeadKeys {
  const trimmed = head.trimStart();
  const shape = trimmed.startsWith('[') ? 'array' : 'object';
  const keys = new Set<string>();
  let firstIsArray = false;
  const note = (p: JsonPath, kind?: 'object' | 'array') => {
    if (shape === 'object' && p.length >= 1 && typeof p[0] === 'string') keys.add(p[0]);
    if (shape === 'array' && p.length === 1 && p[0] === 0 && kind === 'array') firstIsArray = true;
    if (shape === 'array' && p.length >= 2 && p[0] === 0 && typeof p[1] === 'string') keys.add(p[1]);
  };
  const parser = new LosslessJsonParser(3, { value: (p) => note(p), open: (p, kind) => note(p, kind) });
  try {
    parser.write(head);
  } catch (err) {
    if (!(err instanceof JsonSyntaxError)) throw err;
  }
  return { shape, keys, firstIsArray };
}

function classify(keys: ReadonlySet<string>): TraceFormat | undefined {
  if (keys.has('resourceSpans') || keys.has('resourceLogs')) return 'otlp';
  if (keys.has('trace') || (keys.has('observations') && keys.has('id'))) return 'langfuse';
  if (keys.has('spans') || (keys.has('context') && keys.has('name'))) return 'otel-sdk';
  if (keys.has('trace_id')) return 'jsonl';
  if (keys.has('messages') || keys.has('traj') || keys.has('messages_display') || keys.has('role')) return 'chat';
  return undefined;
}

/** Format and layout of a trace file; an ImportError when it is none of the supported formats. */
export async function sniffTraceFile(file: string): Promise<TraceFileSniff> {
  const head = await readHead(file, HEAD_CHARS);
  const t = head.trimStart();
  if (!t.startsWith('{') && !t.startsWith('[')) {
    throw new ImportError(file, 'not a trace file: expected JSON or JSON Lines (OTLP/JSON, OpenTelemetry span JSON, a Langfuse export, chat transcripts or Tracemine span JSONL)', { line: 1 });
  }
  const lead = head.length - t.length;
  const nl = head.indexOf('\n', lead);
  const firstLine = nl < 0 ? head.slice(lead) : head.slice(lead, nl);
  const rest = nl < 0 ? '' : head.slice(nl + 1);
  let lineValue: unknown;
  let firstLineComplete = false;
  try {
    lineValue = parseLossless(firstLine.replace(/\r$/, ''));
    firstLineComplete = true;
  } catch {
    firstLineComplete = false;
  }
  const isLines = firstLineComplete && (rest.trim() !== '' || LINES_EXT.test(file));
  if (isLines) {
    if (Array.isArray(lineValue)) return { format: 'chat', shape: 'lines' };
    const keys = new Set(lineValue !== null && typeof lineValue === 'object' ? Object.keys(lineValue) : []);
    const format = classify(keys);
    if (format) return { format, shape: 'lines' };
    throw new ImportError(file, `not a trace file: the first line's keys (${[...keys].slice(0, 12).join(', ') || 'none'}) match no trace format`, { line: lead === 0 ? 1 : head.slice(0, lead).split('\n').length });
  }
  const hk = headKeys(head);
  const format = hk.shape === 'array' && hk.firstIsArray ? 'chat' : classify(hk.keys);
  if (format) return { format, shape: hk.shape };
  throw new ImportError(file, `not a trace file: ${hk.shape === 'array' ? "the first element's" : 'the top-level'} keys (${[...hk.keys].slice(0, 12).join(', ') || 'none'}) match no trace format`, { line: 1 });
}

/** The trace format of a file (see the table above). */
export async function guessTraceFormat(file: string): Promise<TraceFormat> {
  return (await sniffTraceFile(path.resolve(file))).format;
}

/** The layout of a file whose format is known (given by the caller). */
export async function sniffShape(file: string): Promise<InputShape> {
  try {
    return (await sniffTraceFile(file)).shape;
  } catch (err) {
    if (!(err instanceof ImportError)) throw err;
    const head = (await readHead(file, 4096)).trimStart();
    return head.startsWith('[') ? 'array' : head.includes('\n') && LINES_EXT.test(file) ? 'lines' : 'object';
  }
}
