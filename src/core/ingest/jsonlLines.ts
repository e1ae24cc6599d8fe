/**
 * The lines of a JSON Lines file (https://jsonlines.org; docs/jsonl-event-log.md, "Syntax"):
 * split as the text streams by (LF or CRLF, a leading byte order mark dropped, blank lines
 * skipped), each parsed as one JSON object. A line that is not valid JSON, or not an object, is
 * an ImportError with its line and column.
 */
import type { Readable } from 'node:stream';
import { ImportError } from './importError';
import { JsonSyntaxError, parseJsonText, type JsonValue } from './jsonStream';

export interface JsonlLine {
  /** The line's text, without its line break. */
  readonly text: string;
  /** 1-based line number. */
  readonly line: number;
}

/** Non-blank lines, one at a time; only the current line is held in memory. */
export async function* jsonlLines(input: Readable | AsyncIterable<string>): AsyncGenerator<JsonlLine> {
  let rest = '';
  let line = 0;
  let first = true;
  for await (const chunk of input) {
    let text = rest + (chunk as string);
    if (first) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      line++;
      const l = text.charCodeAt(nl - 1) === 13 && nl > start ? text.slice(start, nl - 1) : text.slice(start, nl);
      start = nl + 1;
      if (l.trim() !== '') yield { text: l, line };
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== '') yield { text: rest.endsWith('\r') ? rest.slice(0, -1) : rest, line: line + 1 };
}

/** Parses one line as a JSON object (JSON.parse; the exact error position from jsonStream). */
export function parseJsonlObject(file: string, text: string, line: number): { [key: string]: JsonValue } {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    try {
      parseJsonText(text);
    } catch (located) {
      if (located instanceof JsonSyntaxError) throw new ImportError(file, `invalid JSON: ${located.reason}`, { line, column: located.column });
    }
    throw new ImportError(file, `invalid JSON: ${(err as Error).message}`, { line });
  }
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    const what = v === null ? 'null' : Array.isArray(v) ? 'an array' : `a ${typeof v}`;
    throw new ImportError(file, `expected one JSON object per line, found ${what}`, { line, column: text.length - text.trimStart().length + 1 });
  }
  return v as { [key: string]: JsonValue };
}
