/**
 * A fast reader for the block-style YAML subset eval suites are written in: block mappings and
 * sequences (including `- key: value` items), plain / single-quoted / double-quoted one-line
 * scalars, `|` and `>` block scalars (clip or strip chomping), one-line flow collections and
 * comments, with YAML 1.2 core-schema scalars — the same values the `yaml` library gives.
 *
 * It exists because the `yaml` library parses about 3 MB/s, so a 10,000-case suite would take a
 * second. Anything outside the subset (anchors, aliases, tags, multi-line plain or quoted
 * scalars, multi-line flow collections, document markers, tabs in indentation, duplicate keys,
 * non-string keys, invalid constructs) makes it give up and return undefined; the caller then
 * parses with the `yaml` library, which also produces the proper error messages.
 */
import type { NodeInfo, ParsedFile } from './parsedYaml';

/** Thrown internally to abandon the fast path. */
class Unsupported extends Error {}

function bail(): never {
  throw new Unsupported();
}

/** Parses `text`, or returns undefined when it is outside the supported subset. */
export function fastParseYaml(text: string): ParsedFile | undefined {
  try {
    return new FastReader(text).read();
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

const NULL_RE = /^(?:~|null|Null|NULL)$/;
const TRUE_RE = /^(?:true|True|TRUE)$/;
const FALSE_RE = /^(?:false|False|FALSE)$/;
const INT_RE = /^[-+]?[0-9]+$/;
const OCT_RE = /^0o[0-7]+$/;
const HEX_RE = /^0x[0-9a-fA-F]+$/;
const FLOAT_RE = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;
const INF_RE = /^[-+]?\.(?:inf|Inf|INF)$/;
const NAN_RE = /^\.(?:nan|NaN|NAN)$/;

/** A plain scalar resolved with the YAML 1.2 core schema. */
export function resolvePlain(s: string): unknown {
  if (s === '' || NULL_RE.test(s)) return null;
  const c = s.charCodeAt(0);
  // Fast exit: most scalars are words.
  if (!(c === 43 || c === 45 || c === 46 || (c >= 48 && c <= 57) || c === 116 || c === 84 || c === 102 || c === 70)) return s;
  if (TRUE_RE.test(s)) return true;
  if (FALSE_RE.test(s)) return false;
  if (INT_RE.test(s)) return Number(s);
  if (OCT_RE.test(s)) return parseInt(s.slice(2), 8);
  if (HEX_RE.test(s)) return parseInt(s.slice(2), 16);
  if (FLOAT_RE.test(s)) return parseFloat(s);
  if (INF_RE.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
  if (NAN_RE.test(s)) return NaN;
  return s;
}

/** Characters a plain scalar may not start with (besides `-?:` followed by a space). */
const PLAIN_START_FORBIDDEN = new Set([',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', "'", '"', '%', '@', '`', '?', ':']);

const ESCAPES: Record<string, string> = {
  '0': '\0', a: '\x07', b: '\b', t: '\t', '\t': '\t', n: '\n', v: '\v', f: '\f', r: '\r', e: '\x1b',
  ' ': ' ', '"': '"', '/': '/', '\\': '\\', N: '\u0085', _: '\u00a0', L: '\u2028', P: '\u2029',
};

class FastReader {
  private readonly lines: string[];
  /** Indentation of each line; -1 for blank and comment-only lines. */
  private readonly indents: Int32Array;
  private readonly info = new WeakMap<object, NodeInfo>();
  /** Index of the last line that held content of the node being read. */
  private last = -1;

  constructor(text: string) {
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes('\r')) text = text.replace(/\r\n/g, '\n');
    if (text.includes('\r')) bail();
    this.lines = text.split('\n');
    this.indents = new Int32Array(this.lines.length);
    for (let i = 0; i < this.lines.length; i++) {
      const line = this.lines[i]!;
      let n = 0;
      while (line.charCodeAt(n) === 32) n++;
      if (n === line.length) { this.indents[i] = -1; continue; }
      const c = line[n]!;
      if (c === '\t') {
        // Tabs may only follow indentation on blank lines.
        if (line.trim() !== '') bail();
        this.indents[i] = -1;
        continue;
      }
      if (c === '#') { this.indents[i] = -1; continue; }
      if (n === 0 && (line.startsWith('---') || line.startsWith('...') || c === '%')) bail();
      this.indents[i] = n;
    }
  }

  read(): ParsedFile {
    const first = this.next(0);
    if (first < 0) return { value: null, info: this.info };
    const col = this.indents[first]!;
    let value: unknown;
    if (this.isSeqEntry(first, col)) value = this.seq(first, col);
    else if (this.mapKey(first, col) !== undefined) value = this.map(first, col);
    else bail(); // a bare scalar document: leave it to the yaml library
    if (this.next(this.last + 1) >= 0) bail();
    return { value, info: this.info };
  }

  /** Next content line at or after `from`, or -1. */
  private next(from: number): number {
    for (let i = from; i < this.lines.length; i++) if (this.indents[i]! >= 0) return i;
    return -1;
  }

  private isSeqEntry(i: number, col: number): boolean {
    const line = this.lines[i]!;
    if (line.charCodeAt(col) !== 45 /* - */) return false;
    const c = line.charCodeAt(col + 1);
    return Number.isNaN(c) || c === 32;
  }

  /** A block node starting at column `col` of line `i`, inside a collection at `parentCol`. */
  private block(i: number, col: number, parentCol: number): unknown {
    if (this.isSeqEntry(i, col)) return this.seq(i, col);
    if (this.mapKey(i, col) !== undefined) return this.map(i, col);
    this.last = i;
    return this.inlineValue(i, col, parentCol);
  }

  private seq(start: number, col: number): unknown[] {
    const items: unknown[] = [];
    const itemLines: number[] = [];
    let i = start;
    for (;;) {
      const line = this.lines[i]!;
      let k = col + 1;
      while (line.charCodeAt(k) === 32) k++;
      this.last = i;
      if (k >= line.length || line[k] === '#') {
        const j = this.next(i + 1);
        if (j >= 0 && this.indents[j]! > col) {
          itemLines.push(j + 1);
          items.push(this.block(j, this.indents[j]!, col));
        } else {
          itemLines.push(i + 1);
          items.push(null);
        }
      } else {
        itemLines.push(i + 1);
        if (this.isSeqEntry(i, k)) items.push(this.seq(i, k));
        else if (this.mapKey(i, k) !== undefined) items.push(this.map(i, k));
        else items.push(this.inlineValue(i, k, col));
      }
      const j = this.next(this.last + 1);
      if (j < 0) break;
      const ind = this.indents[j]!;
      if (ind > col) bail();
      if (ind < col || !this.isSeqEntry(j, col)) break;
      i = j;
    }
    this.info.set(items, { line: start + 1, endLine: this.endLine(col), itemLines });
    return items;
  }

  private map(start: number, col: number): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const keyLines = new Map<string, number>();
    let i = start;
    for (;;) {
      const key = this.mapKey(i, col);
      if (key === undefined) bail();
      if (keyLines.has(key.key) || key.key === '__proto__') bail();
      keyLines.set(key.key, i + 1);
      this.last = i;
      const line = this.lines[i]!;
      let k = key.end;
      while (line.charCodeAt(k) === 32) k++;
      let value: unknown = null;
      if (k >= line.length || (line[k] === '#' && k > key.end)) {
        const j = this.next(i + 1);
        if (j >= 0 && this.indents[j]! > col) value = this.block(j, this.indents[j]!, col);
        else if (j >= 0 && this.indents[j] === col && this.isSeqEntry(j, col)) value = this.seq(j, col);
      } else {
        value = this.inlineValue(i, k, col);
      }
      obj[key.key] = value;
      const j = this.next(this.last + 1);
      if (j < 0) break;
      const ind = this.indents[j]!;
      if (ind > col) bail();
      if (ind < col) break;
      if (this.isSeqEntry(j, col)) bail();
      i = j;
    }
    this.info.set(obj, { line: start + 1, endLine: this.endLine(col), keyLines });
    return obj;
  }

  /**
   * 1-based last line of a collection at `col` that ended on line `this.last`: comments that
   * follow it, indented at least as far as its entries, still belong to it.
   */
  private endLine(col: number): number {
    let end = this.last;
    for (let j = this.last + 1; j < this.lines.length && this.indents[j]! < 0; j++) {
      const line = this.lines[j]!;
      const hash = line.indexOf('#');
      if (hash >= col && line.slice(0, hash).trim() === '') end = j;
    }
    return end + 1;
  }

  /**
   * The mapping key starting at column `col` of line `i`, and the index just after its `:`,
   * or undefined when the line is not a `key: value` entry.
   */
  private mapKey(i: number, col: number): { key: string; end: number } | undefined {
    const line = this.lines[i]!;
    const c = line[col];
    let key: string;
    let k: number;
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(line, col) : this.singleQuoted(line, col);
      if (q === undefined) return undefined;
      key = q.value;
      k = q.end;
      while (line.charCodeAt(k) === 32) k++;
      if (line[k] !== ':') return undefined;
    } else {
      if (c === undefined || PLAIN_START_FORBIDDEN.has(c) || (c === '-' && (line[col + 1] === ' ' || line[col + 1] === undefined))) return undefined;
      k = col;
      for (;;) {
        k = line.indexOf(':', k);
        if (k < 0) return undefined;
        const after = line.charCodeAt(k + 1);
        if (Number.isNaN(after) || after === 32) break;
        k++;
      }
      const hash = line.indexOf(' #', col);
      if (hash >= 0 && hash < k) return undefined;
      key = line.slice(col, k).trimEnd();
      if (key.includes('\t') || typeof resolvePlain(key) !== 'string') bail();
    }
    const after = line.charCodeAt(k + 1);
    if (!(Number.isNaN(after) || after === 32)) bail();
    return { key, end: k + 1 };
  }

  /** A scalar, block scalar or one-line flow collection starting at column `k` of line `i`. */
  private inlineValue(i: number, k: number, parentCol: number): unknown {
    const line = this.lines[i]!;
    const c = line[k]!;
    let value: unknown;
    let end: number;
    if (c === '"' || c === "'") {
      const q = c === '"' ? this.doubleQuoted(line, k) : this.singleQuoted(line, k);
      if (q === undefined) bail();
      value = q.value;
      end = q.end;
    } else if (c === '|' || c === '>') {
      return this.blockScalar(i, k, parentCol);
    } else if (c === '[' || c === '{') {
      const flow = new FlowReader(line, k, i + 1, this.info);
      value = flow.node();
      end = flow.pos;
    } else {
      if (PLAIN_START_FORBIDDEN.has(c) || c === '\t' || (c === '-' && (line[k + 1] === ' ' || line[k + 1] === undefined))) bail();
      return this.plain(i, k, parentCol);
    }
    // After a quoted scalar or flow collection: only blanks and a comment.
    let j = end;
    while (line[j] === ' ' || line[j] === '\t') j++;
    if (j < line.length && !(line[j] === '#' && j > end)) bail();
    return value;
  }

  /**
   * A plain scalar starting at column `k` of line `i`, continued on following lines indented
   * more than `parentCol` (folded: one line break becomes a space, n blank lines n breaks).
   */
  private plain(i: number, k: number, parentCol: number): unknown {
    const first = plainText(this.lines[i]!, k);
    if (first.comment) return resolvePlain(first.text);
    let text = first.text;
    let blanks = 0;
    let multi = false;
    for (let j = i + 1; j < this.lines.length; j++) {
      const ind = this.indents[j]!;
      if (ind < 0) {
        if (this.lines[j]!.trim() !== '') break; // a comment ends the scalar
        blanks++;
        continue;
      }
      if (ind <= parentCol) break;
      const line = this.lines[j]!;
      const c = line[ind]!;
      if (PLAIN_START_FORBIDDEN.has(c) || c === '-') bail();
      const more = plainText(line, ind);
      text += blanks > 0 ? '\n'.repeat(blanks) : ' ';
      text += more.text;
      blanks = 0;
      multi = true;
      this.last = j;
      if (more.comment) break;
    }
    return multi ? text : resolvePlain(text);
  }

  /** `|` / `>` with clip or strip chomping and auto-detected indentation. */
  private blockScalar(i: number, k: number, parentCol: number): string {
    const header = /^([|>])(-?)[ \t]*(?:#.*)?$/.exec(this.lines[i]!.slice(k));
    if (!header) bail();
    const folded = header[1] === '>';
    const strip = header[2] === '-';
    const lines = this.lines;
    let j = i + 1;
    // Indentation: that of the first non-blank line.
    let indent = -1;
    let maxLeadingBlank = 0;
    for (let p = j; p < lines.length; p++) {
      const l = lines[p]!;
      if (l.trim() === '') { maxLeadingBlank = Math.max(maxLeadingBlank, l.length); continue; }
      let n = 0;
      while (l.charCodeAt(n) === 32) n++;
      indent = n;
      break;
    }
    const body: string[] = [];
    if (indent > parentCol) {
      if (maxLeadingBlank > indent) bail();
      for (; j < lines.length; j++) {
        const l = lines[j]!;
        if (l.trim() === '') {
          if (l.includes('\t') || (folded && l.length > indent)) bail();
          body.push(l.length > indent ? l.slice(indent) : '');
          continue;
        }
        let n = 0;
        while (l.charCodeAt(n) === 32) n++;
        if (n < indent) break;
        const text = l.slice(indent);
        if (folded && (text[0] === ' ' || text[0] === '\t')) bail();
        body.push(text);
        this.last = j;
      }
    } else {
      this.last = i;
    }
    // Trailing blank lines belong to chomping, not content.
    while (body.length > 0 && body[body.length - 1]!.trim() === '' && body[body.length - 1] === '') body.pop();
    if (body.length > 0 && body[body.length - 1]!.trim() === '') bail(); // trailing spaces-only line
    if (body.length === 0) return '';
    let text: string;
    if (!folded) {
      text = body.join('\n');
    } else {
      text = '';
      let pendingBreaks = 0;
      let started = false;
      for (const l of body) {
        if (l === '') { pendingBreaks++; continue; }
        if (!started) text += '\n'.repeat(pendingBreaks);
        else text += pendingBreaks > 0 ? '\n'.repeat(pendingBreaks) : ' ';
        text += l;
        started = true;
        pendingBreaks = 0;
      }
    }
    return strip ? text : `${text}\n`;
  }

  private doubleQuoted(line: string, start: number): { value: string; end: number } | undefined {
    return readDoubleQuoted(line, start);
  }

  private singleQuoted(line: string, start: number): { value: string; end: number } | undefined {
    return readSingleQuoted(line, start);
  }
}

/** One line of a plain scalar from column `k`: its text, and whether a comment ends it. */
function plainText(line: string, k: number): { text: string; comment: boolean } {
  let stop = line.length;
  const hash = line.indexOf(' #', k);
  if (hash >= 0) stop = hash;
  const tabHash = line.indexOf('\t#', k);
  if (tabHash >= 0 && tabHash < stop) stop = tabHash;
  const text = line.slice(k, stop).trim();
  if (text.endsWith(':') || text.includes(': ') || text.includes(':\t')) bail();
  return { text, comment: stop < line.length };
}

/** A double-quoted scalar that closes on the same line. */
function readDoubleQuoted(line: string, start: number): { value: string; end: number } | undefined {
  let out = '';
  let k = start + 1;
  let chunk = k;
  for (; k < line.length; k++) {
    const ch = line[k];
    if (ch === '"') return { value: out + line.slice(chunk, k), end: k + 1 };
    if (ch !== '\\') continue;
    out += line.slice(chunk, k);
    const e = line[k + 1];
    if (e === undefined) bail(); // escaped line break: multi-line
    if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = line.slice(k + 2, k + 2 + len);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== len) bail();
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) bail();
      out += String.fromCodePoint(code);
      k += 1 + len;
    } else {
      const r = ESCAPES[e];
      if (r === undefined) bail();
      out += r;
      k += 1;
    }
    chunk = k + 1;
  }
  return undefined;
}

/** A single-quoted scalar that closes on the same line (`''` is a quote). */
function readSingleQuoted(line: string, start: number): { value: string; end: number } | undefined {
  let out = '';
  let k = start + 1;
  for (;;) {
    const q = line.indexOf("'", k);
    if (q < 0) return undefined;
    out += line.slice(k, q);
    if (line[q + 1] === "'") { out += "'"; k = q + 2; continue; }
    return { value: out, end: q + 1 };
  }
}

/** One-line flow collections: `[a, 'b', {c: 1}]`. */
class FlowReader {
  pos: number;

  constructor(private readonly line: string, start: number, private readonly lineNo: number, private readonly info: WeakMap<object, NodeInfo>) {
    this.pos = start;
  }

  node(): unknown {
    this.skip();
    const c = this.line[this.pos];
    if (c === '[') return this.seq();
    if (c === '{') return this.map();
    if (c === '"' || c === "'") {
      const q = c === '"' ? readDoubleQuoted(this.line, this.pos) : readSingleQuoted(this.line, this.pos);
      if (q === undefined) bail();
      this.pos = q.end;
      return q.value;
    }
    return resolvePlain(this.plain());
  }

  private plain(): string {
    const line = this.line;
    const start = this.pos;
    const c = line[start];
    if (c === undefined || PLAIN_START_FORBIDDEN.has(c) || c === '-' && (line[start + 1] === ' ' || line[start + 1] === undefined)) bail();
    let k = start;
    for (; k < line.length; k++) {
      const ch = line[k]!;
      if (ch === ',' || ch === '[' || ch === ']' || ch === '{' || ch === '}') break;
      if (ch === ':' && (line[k + 1] === ' ' || line[k + 1] === ',' || line[k + 1] === ']' || line[k + 1] === '}' || line[k + 1] === undefined)) break;
      if (ch === '#' && (line[k - 1] === ' ' || line[k - 1] === '\t')) bail();
    }
    this.pos = k;
    const raw = line.slice(start, k).trim();
    if (raw === '') bail();
    return raw;
  }

  private skip(): void {
    while (this.line[this.pos] === ' ') this.pos++;
  }

  private seq(): unknown[] {
    const items: unknown[] = [];
    this.pos++;
    for (;;) {
      this.skip();
      if (this.line[this.pos] === ']') { this.pos++; break; }
      items.push(this.node());
      this.skip();
      const c = this.line[this.pos];
      if (c === ',') { this.pos++; continue; }
      if (c === ']') { this.pos++; break; }
      bail(); // `a: b` pairs, unclosed or multi-line collections
    }
    this.info.set(items, { line: this.lineNo, endLine: this.lineNo, itemLines: items.map(() => this.lineNo) });
    return items;
  }

  private map(): Record<string, unknown> {
    const obj: Record<string, unknown> = {};
    const keyLines = new Map<string, number>();
    this.pos++;
    for (;;) {
      this.skip();
      if (this.line[this.pos] === '}') { this.pos++; break; }
      const key = this.node();
      if (typeof key !== 'string' || key === '__proto__' || keyLines.has(key)) bail();
      this.skip();
      if (this.line[this.pos] !== ':') bail();
      this.pos++;
      this.skip();
      const c = this.line[this.pos];
      obj[key] = c === ',' || c === '}' ? null : this.node();
      keyLines.set(key, this.lineNo);
      this.skip();
      const d = this.line[this.pos];
      if (d === ',') { this.pos++; continue; }
      if (d === '}') { this.pos++; break; }
      bail();
    }
    this.info.set(obj, { line: this.lineNo, endLine: this.lineNo, keyLines });
    return obj;
  }
}
