/**
 * Prompty front matter: split a `.prompty` file into YAML front matter and markdown body
 * (spec §2.1–§2.2) and parse the YAML into a mapping with a line lookup for error messages
 * (§4.2 step 4, §4.5).
 *
 * The reference regex of §2.2 is read line by line: the opening delimiter is the first non-blank
 * line and must be `---` or `+++` (leading whitespace allowed, §2.2 rule 3); the closing
 * delimiter is the next line that is exactly `---` or `+++` at column 0. Unlike the literal regex,
 * a `---` inside a YAML value therefore does not end the front matter. The §2.2 test vectors hold.
 */
import { LineCounter, parseDocument, isNode } from 'yaml';
import { PromptError } from '../types';

export interface SplitFile {
  /** YAML between the delimiters; null when the file has no front matter (§2.2 rule 1). */
  readonly frontMatter: string | null;
  /** 1-based line of the first front-matter line (the line after the opening delimiter). */
  readonly frontMatterLine: number;
  /** The markdown body (the agent's `instructions`). */
  readonly body: string;
  /** 1-based line where the body starts. */
  readonly bodyLine: number;
}

const DELIMITER = /^(?:---|\+\+\+)\s*$/;

/** §2.2: split front matter from body; an opening delimiter without a closing one is an error. */
export function splitFrontMatter(text: string, path?: string): SplitFile {
  const lines = text.split('\n');
  let open = 0;
  while (open < lines.length && lines[open]!.trim() === '') open++;
  if (open === lines.length || !DELIMITER.test(lines[open]!.trim())) {
    return { frontMatter: null, frontMatterLine: 1, body: text, bodyLine: 1 };
  }
  let close = open + 1;
  while (close < lines.length && !DELIMITER.test(lines[close]!)) close++;
  if (close === lines.length) {
    throw new PromptError(`Malformed frontmatter: no closing '${lines[open]!.trim()}' delimiter`, path, open + 1);
  }
  let start = close + 1;
  while (start < lines.length && lines[start]!.trim() === '') start++;
  return {
    frontMatter: lines.slice(open + 1, close).join('\n'),
    frontMatterLine: open + 2,
    body: lines.slice(start).join('\n').trimEnd(),
    bodyLine: Math.min(start, lines.length - 1) + 1,
  };
}

/** A key path into the front matter (`['model', 'connection', 'endpoint']`). */
export type KeyPath = readonly (string | number)[];

export interface ParsedFrontMatter {
  readonly data: Record<string, unknown>;
  /** 1-based file line of the value at `keyPath` (or of the nearest ancestor that exists). */
  lineOf(keyPath: KeyPath): number;
}

/** §4.2 step 4f–g: the front matter must be valid YAML and a mapping (empty = `{}`). */
export function parseFrontMatter(yamlText: string, firstLine: number, path?: string): ParsedFrontMatter {
  const counter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: counter, prettyErrors: false });
  const toFileLine = (offset: number): number => firstLine + counter.linePos(offset).line - 1;
  const err = doc.errors[0];
  if (err) {
    const message = err.message.split('\n')[0];
    throw new PromptError(`Invalid frontmatter YAML: ${message}`, path, toFileLine(err.pos[0]));
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data !== null && data !== undefined && (typeof data !== 'object' || Array.isArray(data))) {
    throw new PromptError('Frontmatter must be a YAML mapping', path, firstLine);
  }
  const lineOf = (keyPath: KeyPath): number => {
    for (let n = keyPath.length; n > 0; n--) {
      const node: unknown = doc.getIn(keyPath.slice(0, n), true);
      if (isNode(node) && node.range) return toFileLine(node.range[0]);
    }
    return firstLine;
  };
  return { data: (data ?? {}) as Record<string, unknown>, lineOf };
}
