/**
 * Dotprompt file layout ("Prompt frontmatter" reference): optional YAML front matter between
 * `---` lines, then the Handlebars template. Before the opening `---` only blank lines and `#`
 * comment lines (licence headers) may appear. When a front matter is present the template is the
 * rest of the file trimmed (spec/metadata.yaml `raw`: "Hello, world.\n" renders "Hello, world.");
 * without one the whole file, untouched, is the template.
 *
 * Differences from the reference regex, all in the direction of saying more: a leading BOM is
 * skipped, CRLF comment lines are accepted, a closing `---` on the last line needs no newline, and
 * an opening `---` that is never closed is an error instead of silently becoming template text.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { PromptError } from '../types';

export interface SplitDotprompt {
  /** YAML between the delimiters, or null when the file has no front matter. */
  readonly frontMatter: string | null;
  /** 1-based file line of the first YAML line. */
  readonly frontMatterLine: number;
  readonly template: string;
  /** 1-based file line where the template starts. */
  readonly templateLine: number;
}

const DELIMITER = /^---[ \t]*\r?$/;
const PREAMBLE_LINE = /^(?:#[^\n]*|[ \t]*\r?)$/;

/** Splits a `.prompt` source into front matter and template. */
export function splitDotprompt(source: string, path?: string): SplitDotprompt {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const lines = text.split('\n');
  let open = 0;
  while (open < lines.length && !DELIMITER.test(lines[open]!) && PREAMBLE_LINE.test(lines[open]!)) open++;
  if (open === lines.length || !DELIMITER.test(lines[open]!)) {
    return { frontMatter: null, frontMatterLine: 1, template: text, templateLine: 1 };
  }
  let close = open + 1;
  while (close < lines.length && !DELIMITER.test(lines[close]!)) close++;
  if (close === lines.length) {
    throw new PromptError("front matter opened with '---' is never closed by a '---' line", path, open + 1);
  }
  const rest = lines.slice(close + 1).join('\n');
  const leading = rest.length - rest.trimStart().length;
  const skippedLines = countNewlines(rest.slice(0, leading));
  return {
    frontMatter: lines.slice(open + 1, close).join('\n').replace(/\r$/, ''),
    frontMatterLine: open + 2,
    template: rest.trim(),
    templateLine: close + 2 + skippedLines,
  };
}

function countNewlines(text: string): number {
  let n = 0;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

/** A key path into the front matter (`['output', 'schema', 'tags(array)']`). */
export type KeyPath = readonly (string | number)[];

export interface ParsedFrontMatter {
  readonly data: Record<string, unknown>;
  /** 1-based file line of the key at `keyPath` (or of its nearest existing ancestor). */
  lineOf(keyPath: KeyPath): number;
}

/** Parses the YAML front matter; it must be a mapping (empty is `{}`). */
export function parseFrontMatter(yamlText: string, firstLine: number, path?: string): ParsedFrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false, uniqueKeys: true });
  const fileLine = (offset: number): number => firstLine + counter.linePos(offset).line - 1;
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) {
    const message = problem.message.split('\n')[0];
    throw new PromptError(`invalid front matter YAML: ${message}`, path, fileLine(problem.pos[0]));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new PromptError('the front matter must be a YAML mapping', path, firstLine);
  }
  const lineOf = (keyPath: KeyPath): number => {
    for (let n = keyPath.length; n > 0; n--) {
      const line = keyLine(doc.contents, keyPath.slice(0, n));
      if (line !== undefined) return fileLine(line);
    }
    return firstLine;
  };
  return { data: (data ?? {}) as Record<string, unknown>, lineOf };
}

/** Offset of the key (for map entries) or item (for sequences) at `keyPath`. */
function keyLine(root: unknown, keyPath: KeyPath): number | undefined {
  let node: unknown = root;
  let offset: number | undefined;
  for (const key of keyPath) {
    if (!isNode(node)) return undefined;
    const items = (node as { items?: unknown[] }).items;
    if (!Array.isArray(items)) return undefined;
    if (typeof key === 'number') {
      node = items[key];
      offset = isNode(node) ? node.range?.[0] : undefined;
      continue;
    }
    const pair = items.find((item) => {
      const k = (item as { key?: unknown }).key;
      return isNode(k) && 'value' in k && String((k as { value: unknown }).value) === key;
    }) as { key: { range?: [number, number, number] }; value: unknown } | undefined;
    if (!pair) return undefined;
    offset = pair.key.range?.[0];
    node = pair.value;
  }
  return offset;
}
