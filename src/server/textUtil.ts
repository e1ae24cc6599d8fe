/**
 * Small text helpers shared by the language features: offsets ↔ zero-based LSP positions, YAML
 * node ranges mapped into the file, and the key path of a line in possibly unfinished YAML (for
 * completion while the user is typing, when the YAML does not parse yet).
 */
import { isMap, isScalar, type LineCounter, type Node as YamlNode, type Pair } from 'yaml';
import type { Position, Range } from 'vscode-languageserver';

/** Offsets ↔ positions of one text (lines split at `\n`; a `\r` stays part of its line). */
export class LineIndex {
  readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.lineStarts[lo]! };
  }

  offsetAt(p: Position): number {
    if (p.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[Math.max(0, p.line)]!;
    return Math.min(start + p.character, this.lineEnd(p.line));
  }

  /** Text of line `line` without its line break (and without a trailing `\r`). */
  line(line: number): string {
    if (line < 0 || line >= this.lineStarts.length) return '';
    return this.text.slice(this.lineStarts[line]!, this.lineEnd(line)).replace(/\r$/, '');
  }

  /** Offset of the end of line `line` (before its `\n`). */
  lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    return next === undefined ? this.text.length : next - 1;
  }
}

export function range(startLine: number, startChar: number, endLine: number, endChar: number): Range {
  return { start: { line: startLine, character: startChar }, end: { line: endLine, character: endChar } };
}

/** The whole of line `line` (from its first non-blank character). */
export function lineRange(index: LineIndex, line: number): Range {
  const text = index.line(line);
  const first = text.length - text.trimStart().length;
  return range(line, first, line, Math.max(first + 1, text.length));
}

export function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

/** Where a YAML text sits in the file: its first line and the counter of its own lines. */
export interface YamlPlacement {
  /** Zero-based file line of the YAML's first line. */
  readonly firstLine: number;
  readonly lineCounter: LineCounter;
}

export function yamlPosition(at: YamlPlacement, offset: number): Position {
  const p = at.lineCounter.linePos(offset);
  return { line: at.firstLine + p.line - 1, character: p.col - 1 };
}

/** The range of a YAML node (its value, without trailing comments). */
export function yamlRange(at: YamlPlacement, node: YamlNode | null | undefined): Range | undefined {
  const r = node?.range;
  if (!r) return undefined;
  return { start: yamlPosition(at, r[0]), end: yamlPosition(at, Math.max(r[0], r[1])) };
}

/** The pair of `key` in mapping `node`. */
export function pairOf(node: unknown, key: string): Pair<YamlNode, YamlNode | null> | undefined {
  if (!isMap(node)) return undefined;
  return node.items.find((p) => isScalar(p.key) && String(p.key.value) === key) as Pair<YamlNode, YamlNode | null> | undefined;
}

/** The scalar text of a node, or undefined. */
export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') ? String(node.value) : undefined;
}


/** One step of a key path: a mapping key, or `[]` for "an item of a sequence". */
export type KeyStep = string;

interface LineShape {
  /** Column of the `- ` marker, when the line starts a sequence item. */
  readonly dash?: number;
  /** Column where the key (or scalar) of the line starts. */
  readonly col: number;
  /** The key written on the line, if it has `key:`. */
  readonly key?: string;
}

function shapeOf(text: string): LineShape | undefined {
  const m = /^(\s*)(-\s+)?(.*)$/.exec(text)!;
  const rest = m[3]!;
  if (rest.trim() === '' && !m[2]) return undefined;
  if (rest.startsWith('#')) return undefined;
  const indent = m[1]!.length;
  const key = /^("[^"]*"|'[^']*'|[^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(rest)?.[1]?.replace(/^["']|["']$/g, '');
  return m[2] ? { dash: indent, col: indent + m[2].length, ...(key !== undefined && { key }) } : { col: indent, ...(key !== undefined && { key }) };
}

/**
 * The mapping keys (and `[]` for sequence items) enclosing `line`, outermost first, read from the
 * indentation of the lines above, so that it works on YAML that is still being typed. The key
 * written on `line` itself is not included; `[]` is when `line` starts an item.
 */
export function keyPathAt(lines: readonly string[], line: number, fromLine = 0): KeyStep[] {
  const here = shapeOf(lines[line] ?? '') ?? { col: (lines[line] ?? '').replace(/\r$/, '').length };
  const path: KeyStep[] = [];
  let threshold = here.col;
  // After a `- ` item, its sequence's key may sit at the dash's own column (`assert:\n- type: x`).
  let seqParent = false;
  if (here.dash !== undefined) {
    path.unshift('[]');
    threshold = here.dash;
    seqParent = true;
  }
  for (let l = line - 1; l >= fromLine && (threshold > 0 || seqParent); l--) {
    const s = shapeOf(lines[l] ?? '');
    if (!s) continue;
    if (s.key !== undefined && (s.col < threshold || (seqParent && s.dash === undefined && s.col === threshold))) {
      path.unshift(s.key);
      threshold = s.col;
      seqParent = false;
    }
    if (s.dash !== undefined && s.dash < threshold) {
      path.unshift('[]');
      threshold = s.dash;
      seqParent = true;
    }
  }
  return path;
}
