/**
 * Incremental JSON parser (RFC 8259) for documents too big to hold as one string.
 *
 * Text is pushed chunk by chunk (`write`, then `end`). Containers shallower than `itemDepth` are
 * not built: their opening and closing are reported (`open` / `close`) and each of their children
 * at depth `itemDepth` is built in full and handed to `value` with its path, then dropped. So an
 * OCEL file `{"objects": [...], "events": [...]}` read with itemDepth 2 holds one object or
 * event at a time. Scalars shallower than `itemDepth` are reported through `value` too.
 *
 * Errors are JsonSyntaxError with the 1-based line and column (UTF-16 code units) of the
 * offending character. Duplicate keys keep the last value (as JSON.parse).
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonPath = readonly (string | number)[];

export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly line: number, readonly column: number) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface JsonStreamHandlers {
  /** A complete value at depth `itemDepth`, or a scalar at a shallower depth; `line` is where it starts. */
  value(path: JsonPath, value: JsonValue, line: number): void;
  /** A container shallower than `itemDepth` opens; its children follow. */
  open?(path: JsonPath, kind: 'object' | 'array'): void;
  /** That container closes. */
  close?(path: JsonPath, kind: 'object' | 'array'): void;
}

interface Frame {
  readonly kind: 'object' | 'array';
  /** The container being built (depth >= itemDepth); undefined while streaming. */
  readonly built?: JsonValue[] | { [key: string]: JsonValue };
  /** Key of the child being read: the property name, or the array index. */
  key: string | number;
  /** Line of the opening bracket. */
  readonly line: number;
}

const enum S {
  Value, // a value is expected (document start, after ':' or after ',' in an array)
  ArrayFirst, // after '[': a value or ']'
  ObjectFirst, // after '{': a key or '}'
  Key, // after ',' in an object: a key
  Colon, // after a key
  After, // after a value in a container: ',' or the closing bracket
  String,
  Number,
  Literal,
  Done, // after the top-level value: only whitespace
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const LITERALS: Record<string, JsonValue> = { true: true, false: false, null: null };

function describeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x20 ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `character '${c}'`;
}

export class JsonStreamParser {
  private readonly stack: Frame[] = [];
  private state: S = S.Value;
  private line = 1;
  private column = 0; // column of the last character consumed
  private started = false;
  // String state
  private str = '';
  private strIsKey = false;
  private escape = 0; // 0 none, 1 after '\', 2..5 reading \u hex digits
  private hex = '';
  private startLine = 0;
  private startColumn = 0;
  // Number / literal state
  private token = '';

  constructor(private readonly itemDepth: number, private readonly handlers: JsonStreamHandlers) {}

  private fail(reason: string, line = this.line, column = this.column): never {
    throw new JsonSyntaxError(reason, line, column);
  }

  private path(): (string | number)[] {
    return this.stack.map((f) => f.key);
  }

  /** Stores or reports a finished value at the current depth. */
  private complete(v: JsonValue, line = this.startLine): void {
    const depth = this.stack.length;
    const parent = this.stack[depth - 1];
    if (parent?.built) {
      if (parent.kind === 'array') (parent.built as JsonValue[]).push(v);
      else {
        const obj = parent.built as { [key: string]: JsonValue };
        const key = parent.key as string;
        if (key === '__proto__') Object.defineProperty(obj, key, { value: v, enumerable: true, writable: true, configurable: true });
        else obj[key] = v;
      }
    } else {
      this.handlers.value(this.path(), v, line);
    }
    this.state = depth === 0 ? S.Done : S.After;
  }

  private openContainer(kind: 'object' | 'array'): void {
    const depth = this.stack.length;
    if (depth < this.itemDepth) this.handlers.open?.(this.path(), kind);
    const built = depth >= this.itemDepth ? (kind === 'array' ? [] : {}) : undefined;
    const key = kind === 'array' ? 0 : '';
    this.stack.push(built ? { kind, built, key, line: this.line } : { kind, key, line: this.line });
    this.state = kind === 'array' ? S.ArrayFirst : S.ObjectFirst;
  }

  private closeContainer(kind: 'object' | 'array'): void {
    const frame = this.stack.pop()!;
    if (frame.built) {
      this.complete(frame.built, frame.line);
      return;
    }
    this.handlers.close?.(this.path(), kind);
    this.state = this.stack.length === 0 ? S.Done : S.After;
  }

  private finishNumber(): void {
    if (!NUMBER.test(this.token)) this.fail(`invalid number "${this.token}"`, this.startLine, this.startColumn);
    this.complete(Number(this.token));
  }

  /** Starts a value at character c; false when c cannot start one. */
  private startValue(c: string): boolean {
    this.startLine = this.line;
    this.startColumn = this.column;
    if (c === '{') this.openContainer('object');
    else if (c === '[') this.openContainer('array');
    else if (c === '"') {
      this.state = S.String;
      this.strIsKey = false;
      this.str = '';
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      this.state = S.Number;
      this.token = c;
    } else if (c === 't' || c === 'f' || c === 'n') {
      this.state = S.Literal;
      this.token = c;
    } else return false;
    return true;
  }

  write(text: string): void {
    const n = text.length;
    let i = 0;
    while (i < n) {
      const state = this.state;
      if (state === S.String) {
        i = this.readString(text, i);
        continue;
      }
      const c = text[i]!;
      const code = text.charCodeAt(i);
      i++;
      if (code === 10) {
        this.line++;
        this.column = 0;
      } else {
        this.column++;
      }
      if (state === S.Number) {
        if ((code >= 48 && code <= 57) || c === '.' || c === 'e' || c === 'E' || c === '+' || c === '-') {
          this.token += c;
          continue;
        }
        this.finishNumber();
        // fall through: c follows the number
      } else if (state === S.Literal) {
        if (code >= 97 && code <= 122) {
          this.token += c;
          const expected = ['true', 'false', 'null'].find((w) => w.startsWith(this.token));
          if (!expected) this.fail(`unexpected ${describeChar(c)}`);
          if (expected === this.token) this.complete(LITERALS[expected]!);
          continue;
        }
        this.fail(`unexpected ${describeChar(c)} in "${this.token}"`);
      }
      if (code === 32 || code === 10 || code === 13 || code === 9) continue;
      if (code === 0xfeff && !this.started) continue; // byte order mark
      this.started = true;
      switch (this.state) {
        case S.Value:
          if (!this.startValue(c)) this.fail(`unexpected ${describeChar(c)}, expected a value`);
          break;
        case S.ArrayFirst:
          if (c === ']') this.closeContainer('array');
          else if (!this.startValue(c)) this.fail(`unexpected ${describeChar(c)}, expected a value or ']'`);
          break;
        case S.ObjectFirst:
        case S.Key:
          if (c === '"') {
            this.state = S.String;
            this.strIsKey = true;
            this.str = '';
            this.startLine = this.line;
            this.startColumn = this.column;
          } else if (c === '}' && this.state === S.ObjectFirst) this.closeContainer('object');
          else this.fail(`unexpected ${describeChar(c)}, expected a property name in double quotes`);
          break;
        case S.Colon:
          if (c !== ':') this.fail(`unexpected ${describeChar(c)}, expected ':' after a property name`);
          this.state = S.Value;
          break;
        case S.After: {
          const top = this.stack[this.stack.length - 1]!;
          if (c === ',') {
            if (top.kind === 'array') {
              top.key = (top.key as number) + 1;
              this.state = S.Value;
            } else this.state = S.Key;
          } else if (c === (top.kind === 'array' ? ']' : '}')) this.closeContainer(top.kind);
          else this.fail(`unexpected ${describeChar(c)}, expected ',' or '${top.kind === 'array' ? ']' : '}'}'`);
          break;
        }
        case S.Done:
          this.fail(`unexpected ${describeChar(c)} after the end of the JSON value`);
          break;
        default:
          break;
      }
    }
  }

  /** Reads string content from text[i]; returns the index after what it consumed. */
  private readString(text: string, i: number): number {
    const n = text.length;
    if (this.escape === 0) {
      let j = i;
      while (j < n) {
        const code = text.charCodeAt(j);
        if (code === 34 || code === 92 || code < 0x20) break;
        j++;
      }
      if (j > i) {
        this.str += text.slice(i, j);
        this.column += j - i;
      }
      if (j === n) return j;
      const code = text.charCodeAt(j);
      this.column++;
      if (code < 0x20) this.fail(`${describeChar(text[j]!)} inside a string (control characters must be escaped)`);
      if (code === 92) {
        this.escape = 1;
        return j + 1;
      }
      // closing quote
      const s = this.str;
      this.str = '';
      if (this.strIsKey) {
        this.stack[this.stack.length - 1]!.key = s;
        this.state = S.Colon;
      } else {
        this.complete(s);
      }
      return j + 1;
    }
    const c = text[i]!;
    this.column++;
    if (this.escape === 1) {
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (c === 'u') {
        this.escape = 2;
        this.hex = '';
      } else if (simple[c] !== undefined) {
        this.str += simple[c];
        this.escape = 0;
      } else {
        this.fail(`invalid escape "\\${c}" in a string`);
      }
      return i + 1;
    }
    if (!/^[0-9a-fA-F]$/.test(c)) this.fail(`invalid \\u escape: "${c}" is not a hex digit`);
    this.hex += c;
    if (this.hex.length === 4) {
      this.str += String.fromCharCode(parseInt(this.hex, 16));
      this.escape = 0;
    }
    return i + 1;
  }

  /** Ends the input: throws when the document is incomplete or empty. */
  end(): void {
    if (this.state === S.Number) this.finishNumber();
    if (this.state === S.Done) return;
    if (!this.started) this.fail('empty document: no JSON value');
    if (this.state === S.String) this.fail('unterminated string', this.startLine, this.startColumn);
    const open = this.stack[this.stack.length - 1];
    this.fail(open ? `unexpected end of input: ${open.kind === 'array' ? "'['" : "'{'"} not closed` : 'unexpected end of input');
  }
}

/** Parses one complete JSON text (e.g. a JSONL line) with positions on error. */
export function parseJsonText(text: string): JsonValue {
  let result: JsonValue = null;
  const p = new JsonStreamParser(0, { value: (_path, v) => { result = v; } });
  p.write(text);
  p.end();
  return result;
}
