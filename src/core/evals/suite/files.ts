/**
 * Files a suite refers to with `file://` (case files, defaultTest files…), resolved relative to
 * the suite and read through the injected `readFile`, so the core stays free of the editor's
 * file system. Case files: JSON Lines (one case a line), JSON or YAML (a list of cases), CSV (one
 * case a row; see csvCases.ts).
 */
import * as nodePath from 'node:path';
import { parseCsv, type CsvTable } from './csv';
import { SuiteError } from './errors';
import type { NodeInfo, ParsedFile } from './parsedYaml';
import { parseYaml, parseYamlSlow } from './yamlSource';

/** How the loader reads files: paths are the suite's folder joined with the relative reference. */
export interface SuiteIO {
  readFile(path: string): Promise<string>;
}

export interface FileRef {
  /** As written, e.g. `file://cases.jsonl`. */
  readonly ref: string;
  /** Relative to the suite (POSIX separators), or absolute when written so. */
  readonly rel: string;
  /** The path handed to readFile. */
  readonly file: string;
}

export const FILE_PREFIX = 'file://';

export function isFileRef(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(FILE_PREFIX);
}

/** `file://x/y.csv` (or a bare path) → where to read it, relative to the suite's folder. */
export function resolveRef(suitePath: string | undefined, ref: string): FileRef {
  const rel = (ref.startsWith(FILE_PREFIX) ? ref.slice(FILE_PREFIX.length) : ref).replace(/\\/g, '/');
  const normal = nodePath.posix.normalize(rel);
  const file = nodePath.isAbsolute(rel) || nodePath.posix.isAbsolute(rel) || suitePath === undefined
    ? normal
    : nodePath.join(nodePath.dirname(suitePath), ...normal.split('/'));
  return { ref, rel: normal, file };
}

/** Reads a referenced file; a failure is a SuiteError at the reference. */
export async function readRef(io: SuiteIO, ref: FileRef, at: { path?: string; line?: number; keyPath?: string }): Promise<string> {
  try {
    return await io.readFile(ref.file);
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new SuiteError(`cannot read ${ref.rel}: ${why}`, at.path, at.line, at.keyPath);
  }
}

export type CaseFileKind = 'jsonl' | 'json' | 'yaml' | 'csv';

/** The kind of case file by extension, or undefined when it is not one Tracemine reads. */
export function caseFileKind(rel: string): CaseFileKind | undefined {
  const ext = nodePath.posix.extname(rel).toLowerCase();
  if (ext === '.jsonl' || ext === '.ndjson') return 'jsonl';
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  if (ext === '.csv') return 'csv';
  return undefined;
}

/** A data file read into values with lines (CSV: a table). */
export type DataFile =
  | { readonly kind: 'values'; readonly path: string; readonly file: ParsedFile; readonly withLines: () => ParsedFile }
  | { readonly kind: 'csv'; readonly path: string; readonly table: CsvTable };

/**
 * Parses a data file of `kind`. JSON has no line information (JSON.parse is what makes large
 * files fast); `withLines()` re-reads it with lines for error messages.
 */
export function parseDataFile(kind: CaseFileKind, text: string, path: string): DataFile {
  switch (kind) {
    case 'csv':
      return { kind: 'csv', path, table: parseCsv(text, path) };
    case 'jsonl': {
      const file = parseJsonLines(text, path);
      return { kind: 'values', path, file, withLines: () => file };
    }
    case 'json': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (err) {
        throw new SuiteError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, path, jsonErrorLine(err, text));
      }
      return { kind: 'values', path, file: { value, info: new WeakMap() }, withLines: () => parseYamlSlow(text, path) };
    }
    case 'yaml': {
      const file = parseYaml(text, path);
      return { kind: 'values', path, file, withLines: () => file };
    }
  }
}

function parseJsonLines(text: string, path: string): ParsedFile {
  const info = new WeakMap<object, NodeInfo>();
  const items: unknown[] = [];
  const itemLines: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new SuiteError(`invalid JSON: ${err instanceof Error ? err.message : String(err)}`, path, i + 1);
    }
    if (typeof value === 'object' && value !== null) info.set(value, { line: i + 1, endLine: i + 1 });
    items.push(value);
    itemLines.push(i + 1);
  }
  info.set(items, { line: 1, endLine: lines.length, itemLines });
  return { value: items, info };
}

/** The line of a JSON.parse error, from the position V8 reports. */
function jsonErrorLine(err: unknown, text: string): number | undefined {
  const m = /position (\d+)/.exec(err instanceof Error ? err.message : '');
  if (!m) return undefined;
  const pos = Number(m[1]);
  let line = 1;
  for (let i = 0; i < pos && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
