/**
 * Template syntax: parses a Dotprompt template with Handlebars (the reference engine, "Template
 * content" reference) and turns its syntax errors into {@link PromptError}s that point at a
 * 1-based file line. An unclosed block is reported at the line of its opening tag rather than at
 * the end of the template. Also a small AST walker for the checks in `lint.ts` and `partials.ts`.
 */
import Handlebars from 'handlebars';
import { PromptError } from '../types';

/** Where a template sits: its file and the file line of its first line. */
export interface TemplateSource {
  readonly path?: string;
  /** 1-based file line of template line 1. */
  readonly firstLine: number;
  /** Set when the template is a partial: errors then name it. */
  readonly partial?: string;
}

/** Builds a PromptError for template line `line` (1-based) of `source`. */
export function templateError(message: string, source: TemplateSource, line?: number, column?: number): PromptError {
  if (source.partial !== undefined) {
    const where = line !== undefined ? ` (partial line ${line})` : '';
    return new PromptError(`in partial '${source.partial}'${where}: ${message}`, source.path, source.firstLine);
  }
  const fileLine = line === undefined ? undefined : source.firstLine + line - 1;
  return new PromptError(message, source.path, fileLine, fileLine === undefined ? undefined : column);
}

/** Parses a template; syntax errors become PromptErrors. */
export function parseTemplate(template: string, source: TemplateSource): hbs.AST.Program {
  try {
    return Handlebars.parse(template);
  } catch (err) {
    throw syntaxError(err, template, source);
  }
}

function syntaxError(err: unknown, template: string, source: TemplateSource): PromptError {
  const raw = err instanceof Error ? err.message : String(err);
  const located = err as { lineNumber?: unknown; column?: unknown };
  if (typeof located.lineNumber === 'number') {
    // Handlebars' "x doesn't match y - L:C" errors carry the opening block's location.
    const message = raw.replace(/ - \d+:\d+$/, '');
    const column = typeof located.column === 'number' ? located.column + 1 : undefined;
    return templateError(`template syntax error: ${message}`, source, located.lineNumber, column);
  }
  const lexical = /^Lexical error on line (\d+)\. ([^\n]*)/.exec(raw);
  if (lexical) return templateError(`template syntax error: ${lexical[2]} (an unclosed {{!-- comment?)`, source, Number(lexical[1]));
  const parse = /^Parse error on line (\d+):\n([\s\S]*)$/.exec(raw);
  if (!parse) return templateError(`template syntax error: ${raw}`, source);
  const details = parse[2]!.split('\n');
  const expecting = details[details.length - 1] ?? '';
  if (/got 'EOF'$/.test(expecting)) {
    const open = unclosedBlock(template);
    if (open) {
      return templateError(`template syntax error: {{${open.sigil}${open.name}}} is never closed by {{/${open.name}}}`, source, open.line, open.column);
    }
  }
  const at = near(details);
  return templateError(`template syntax error${at ? ` at ${JSON.stringify(at)}` : ''}: ${expectation(expecting, at)}`, source, Number(parse[1]));
}

/** The text from Handlebars' `---^` pointer on, taken from its excerpt of the input. */
function near(details: readonly string[]): string {
  const [excerpt, pointer] = details;
  if (excerpt === undefined || pointer === undefined || !/^-*\^$/.test(pointer)) return '';
  return excerpt.slice(pointer.length - 1).trim();
}

/** Handlebars' "Expecting 'A', 'B', got 'C'" in words. */
function expectation(line: string, at: string): string {
  const m = /^Expecting (.*), got '([^']*)'$/.exec(line);
  if (!m) return line;
  if (m[2] === 'INVALID') {
    const hint = /^[<>=!&|+*%-]/.test(at) ? ' (expressions have no operators such as >= or ==; compare with a helper such as {{#ifEquals a b}})' : '';
    return `characters Handlebars cannot read inside {{…}}${hint}`;
  }
  const expected = m[1]!.split(', ').map((t) => t.replace(/'/g, ''));
  return `unexpected ${m[2]} (expected ${expected.slice(0, 6).join(', ')}${expected.length > 6 ? ', …' : ''})`;
}

interface OpenBlock {
  readonly sigil: string;
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

/** The innermost block tag left open at the end of the template, found by a tag scan. */
function unclosedBlock(template: string): OpenBlock | undefined {
  const tag = /(\\)?\{\{(?:!--[\s\S]*?--~?\}\}|![\s\S]*?\}\}|~?\s*([#^/])\s*([>*]?)\s*([^\s}~()]*))/g;
  const stack: OpenBlock[] = [];
  for (let m = tag.exec(template); m; m = tag.exec(template)) {
    if (m[1] || m[2] === undefined) continue;
    const name = m[4]!;
    if (m[2] === '/') {
      stack.pop();
    } else if (name) {
      const before = template.slice(0, m.index);
      const lineStart = before.lastIndexOf('\n') + 1;
      stack.push({ sigil: m[2] + m[3]!, name, line: countLines(before), column: m.index - lineStart + 1 });
    }
  }
  return stack[stack.length - 1];
}

function countLines(text: string): number {
  let n = 1;
  for (const ch of text) if (ch === '\n') n++;
  return n;
}

type AnyNode = hbs.AST.Node & Record<string, unknown>;

/** Visits every node of a Handlebars AST, depth first. */
export function walk(node: hbs.AST.Node | undefined | null, visit: (node: hbs.AST.Node) => void): void {
  if (!node) return;
  visit(node);
  const n = node as AnyNode;
  for (const key of ['body', 'params']) {
    const list = n[key];
    if (Array.isArray(list)) for (const child of list) walk(child as hbs.AST.Node, visit);
  }
  for (const key of ['path', 'name', 'hash', 'program', 'inverse']) {
    const child = n[key];
    if (child && typeof child === 'object') walk(child as hbs.AST.Node, visit);
  }
  const pairs = (n as { pairs?: hbs.AST.HashPair[] }).pairs;
  if (Array.isArray(pairs)) for (const pair of pairs) walk(pair.value, visit);
}

/** The simple name of a call head (`role` in `{{role "x"}}`), or undefined for paths/literals. */
export function simpleName(path: hbs.AST.Node): string | undefined {
  if (path.type !== 'PathExpression') return undefined;
  const p = path as hbs.AST.PathExpression;
  return !p.data && p.depth === 0 && p.parts.length === 1 ? p.parts[0] : undefined;
}
