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
import type { Trace } from './types';

/** How the file is laid out: JSON Lines, or one JSON document whose top level is an array or an object. */
export type InputShape = 'lines' | 'array' | 'object';

export interface ReaderContext {
  readonly file: string;
  readonly input: Readable;
  readonly shape: InputShape;
  readonly signal?: AbortSignal;
}

export interface ReaderResult {
  readonly traces: Trace[];
  /** Spans dropped because an earlier span of the same trace had the same id. */
  readonly duplicates: number;
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
  const { file, input, signal } = ctx;
  let n = 0;
  if (ctx.shape === 'lines') {
    for await (const { text, line } of jsonlLines(input)) {
      if ((++n & 255) === 0) throwIfCancelled(signal);
      onItem([n - 1], parseLosslessLine(file, text, line), line);
    }
    return;
  }
  await streamJsonDocument(file, input, itemDepth, {
    value: (path, value, line) => onItem(path, value, line),
    open: onOpen,
  }, () => throwIfCancelled(signal));
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
