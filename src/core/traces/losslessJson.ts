/**
 * JSON without losing big integers. Trace files hold integers beyond 2^53 as JSON numbers: the
 * OpenTelemetry SDK's span dumps write 128-bit trace ids and 64-bit span ids as decimal numbers,
 * and some OTLP exporters write nanosecond times and int64 attribute values as numbers.
 * `JSON.parse` (and src/core/ingest/jsonStream.ts) would round them.
 *
 * `LosslessJsonParser` runs the text through a small lexer before the streaming parser: an
 * integer literal (no fraction, no exponent) that is not a safe integer is wrapped in quotes, so
 * it arrives as its exact decimal text; everything else is untouched (strings are skipped
 * verbatim). Syntax errors keep the position of the original text: the lexer remembers where it
 * added quotes on the lines of the current chunk and moves the reported column back.
 */
import { ImportError } from '../ingest/importError';
import { JsonStreamParser, JsonSyntaxError, type JsonPath, type JsonStreamHandlers, type JsonValue } from '../ingest/jsonStream';

function isBigIntegerToken(tok: string): boolean {
  if (!/^-?\d{16,}$/.test(tok)) return false;
  return !Number.isSafeInteger(Number(tok));
}

/** The lexer: turns text into text with big integers quoted; tracks where quotes were added. */
class BigIntegerQuoter {
  private inString = false;
  private escape = false;
  private num = '';
  private line = 1;
  /** Column (in the transformed text, like the parser counts) of the last character emitted. */
  private column = 0;
  /** line → transformed columns at which a quoted token ended (each added 2 characters before it). */
  private readonly added = new Map<number, number[]>();

  /** Transforms one chunk; a number cut by the chunk's end is held back until the next. */
  write(text: string, final = false): string {
    for (const l of [...this.added.keys()]) if (l < this.line) this.added.delete(l);
    let out = '';
    let from = 0;
    const n = text.length;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 92) this.escape = true;
        else if (c === 34) this.inString = false;
        i++;
        continue;
      }
      if (this.num !== '' || (c === 45 || (c >= 48 && c <= 57))) {
        // Inside or at the start of a number token.
        if (this.num === '') {
          out += this.flushPlain(text, from, i);
          from = i;
        }
        let j = i;
        while (j < n) {
          const d = text.charCodeAt(j);
          if ((d >= 48 && d <= 57) || d === 45 || d === 43 || d === 46 || d === 101 || d === 69) j++;
          else break;
        }
        this.num += text.slice(i, j);
        i = j;
        from = j;
        if (j === n && !final) return out; // the number may continue in the next chunk
        out += this.emitNumber();
        continue;
      }
      if (c === 34) this.inString = true;
      i++;
    }
    out += this.flushPlain(text, from, n);
    if (final && this.num !== '') out += this.emitNumber();
    return out;
  }

  /** Emits text[from, to) unchanged, keeping the line/column count. */
  private flushPlain(text: string, from: number, to: number): string {
    if (to <= from) return '';
    const s = text.slice(from, to);
    const nl = s.lastIndexOf('\n');
    if (nl >= 0) {
      let count = 0;
      for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) count++;
      this.line += count;
      this.column = s.length - nl - 1;
    } else {
      this.column += s.length;
    }
    return s;
  }

  private emitNumber(): string {
    const tok = this.num;
    this.num = '';
    if (!isBigIntegerToken(tok)) {
      this.column += tok.length;
      return tok;
    }
    this.column += tok.length + 2;
    let list = this.added.get(this.line);
    if (!list) this.added.set(this.line, (list = []));
    list.push(this.column);
    return `"${tok}"`;
  }

  /** The original column of a transformed position on `line`. */
  originalColumn(line: number, column: number): number {
    const list = this.added.get(line);
    if (!list) return column;
    let shift = 0;
    for (const end of list) if (end < column) shift += 2;
    return column - shift;
  }
}

/** JsonStreamParser (same handlers and itemDepth) over text whose big integers stay exact. */
export class LosslessJsonParser {
  private readonly quoter = new BigIntegerQuoter();
  private readonly parser: JsonStreamParser;

  constructor(itemDepth: number, handlers: JsonStreamHandlers) {
    this.parser = new JsonStreamParser(itemDepth, handlers);
  }

  write(text: string): void {
    this.run(() => this.parser.write(this.quoter.write(text)));
  }

  end(): void {
    this.run(() => {
      const rest = this.quoter.write('', true);
      if (rest !== '') this.parser.write(rest);
      this.parser.end();
    });
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      if (err instanceof JsonSyntaxError) throw new JsonSyntaxError(err.reason, err.line, this.quoter.originalColumn(err.line, err.column));
      throw err;
    }
  }
}

/** Parses one complete JSON text (e.g. a JSON Lines line) losslessly; JsonSyntaxError on bad JSON. */
export function parseLossless(text: string): JsonValue {
  if (!/\d{16}/.test(text)) {
    try {
      return JSON.parse(text) as JsonValue;
    } catch {
      // fall through to the located parse below
    }
  }
  let result: JsonValue = null;
  const p = new LosslessJsonParser(0, { value: (_path: JsonPath, v: JsonValue) => { result = v; } });
  p.write(text);
  p.end();
  return result;
}

/** parseLossless for one line of a file, errors as ImportError with the line and column. */
export function parseLosslessLine(file: string, text: string, line: number): JsonValue {
  try {
    return parseLossless(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ImportError(file, `invalid JSON: ${err.reason}`, { line, column: err.column });
    throw err;
  }
}

/**
 * Streams a whole JSON document from `input` through a LosslessJsonParser; syntax errors become
 * ImportErrors naming the file, line and column.
 */
export async function streamJsonDocument(
  file: string,
  input: AsyncIterable<unknown>,
  itemDepth: number,
  handlers: JsonStreamHandlers,
  onChunk?: () => void | Promise<void>,
): Promise<void> {
  const p = new LosslessJsonParser(itemDepth, handlers);
  try {
    for await (const chunk of input) {
      p.write(chunk as string);
      await onChunk?.();
    }
    p.end();
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new ImportError(file, `invalid JSON: ${err.reason}`, { line: err.line, column: err.column });
    throw err;
  }
}
