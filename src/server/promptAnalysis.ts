/**
 * Analysis of Dotprompt prompt files (`.prompt`): YAML front matter between `---` lines, then a
 * Handlebars template. Pure: text in, diagnostics and symbols out (zero-based line/character
 * positions, as LSP uses). The language server only forwards these.
 *
 * Format: Dotprompt (google/dotprompt) — front matter keys from its spec (name, variant, version,
 * description, model, tools, config, input, output, raw, ext, metadata; namespaced `a.b` keys are
 * extension fields), helpers role/section/media/history/json/ifEquals/unlessEquals.
 */
import { LineCounter, parseDocument, isMap, isScalar } from 'yaml';

export interface Position { readonly line: number; readonly character: number }
export interface Range { readonly start: Position; readonly end: Position }
export type Severity = 'error' | 'warning' | 'info';
export interface PromptDiagnostic { readonly range: Range; readonly severity: Severity; readonly code: string; readonly message: string }
export interface PromptSymbol { readonly name: string; readonly kind: 'frontMatterKey' | 'role' | 'section' | 'block'; readonly range: Range }

export interface PromptAnalysis {
  readonly diagnostics: PromptDiagnostic[];
  readonly symbols: PromptSymbol[];
  /** Lines [start, end) of the front matter body, when there is one. */
  readonly frontMatter?: { readonly startLine: number; readonly endLine: number };
  /** Variable names declared under `input.schema` (Picoschema or JSON Schema properties). */
  readonly inputVariables: string[];
}

export const FRONT_MATTER_KEYS = ['name', 'variant', 'version', 'description', 'model', 'tools', 'config', 'input', 'output', 'raw', 'ext', 'metadata'] as const;
export const HELPERS = ['role', 'section', 'media', 'history', 'json', 'ifEquals', 'unlessEquals', 'if', 'unless', 'each', 'with', 'else'] as const;
const BLOCK_HELPERS = new Set(['if', 'unless', 'each', 'with', 'ifEquals', 'unlessEquals']);

export function analyzePrompt(text: string): PromptAnalysis {
  const lines = text.split(/\r?\n/);
  const diagnostics: PromptDiagnostic[] = [];
  const symbols: PromptSymbol[] = [];
  let inputVariables: string[] = [];

  // Front matter: optional leading `#` comment / blank lines, then `---` … `---`.
  let i = 0;
  while (i < lines.length && (lines[i]!.trim() === '' || lines[i]!.startsWith('#'))) i++;
  let frontMatter: PromptAnalysis['frontMatter'];
  let templateStart = 0;
  if (lines[i]?.trim() === '---') {
    const open = i;
    let close = open + 1;
    while (close < lines.length && lines[close]!.trim() !== '---') close++;
    if (close >= lines.length) {
      diagnostics.push({ range: lineRange(open, lines[open]!.length), severity: 'error', code: 'E001', message: 'Front matter opened with --- is never closed: add a line with --- after it.' });
      return { diagnostics, symbols, inputVariables };
    }
    frontMatter = { startLine: open + 1, endLine: close };
    templateStart = close + 1;
    const yamlText = lines.slice(open + 1, close).join('\n');
    const analysed = analyzeFrontMatter(yamlText, open + 1);
    diagnostics.push(...analysed.diagnostics);
    symbols.push(...analysed.symbols);
    inputVariables = analysed.inputVariables;
  }

  const template = analyzeTemplate(lines, templateStart, inputVariables);
  diagnostics.push(...template.diagnostics);
  symbols.push(...template.symbols);
  return { diagnostics, symbols, frontMatter, inputVariables };
}

function analyzeFrontMatter(yamlText: string, lineOffset: number) {
  const diagnostics: PromptDiagnostic[] = [];
  const symbols: PromptSymbol[] = [];
  const inputVariables: string[] = [];
  const lc = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter: lc, prettyErrors: false });
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset);
    return { line: p.line - 1 + lineOffset, character: p.col - 1 };
  };
  for (const err of [...doc.errors, ...doc.warnings]) {
    const [a, b] = err.pos;
    diagnostics.push({
      range: { start: pos(a), end: pos(Math.max(a + 1, b)) },
      severity: doc.errors.includes(err as never) ? 'error' : 'warning',
      code: 'E003',
      message: `Front matter is not valid YAML: ${err.message.split('\n')[0]}`,
    });
  }
  if (doc.errors.length > 0) return { diagnostics, symbols, inputVariables };
  if (doc.contents !== null && !isMap(doc.contents)) {
    diagnostics.push({ range: lineRange(lineOffset, 1), severity: 'error', code: 'E004', message: 'Front matter must be a YAML mapping of keys to values.' });
    return { diagnostics, symbols, inputVariables };
  }
  for (const pair of isMap(doc.contents) ? doc.contents.items : []) {
    if (!isScalar(pair.key)) continue;
    const key = String(pair.key.value);
    const [a, b] = pair.key.range ?? [0, 0];
    const range = { start: pos(a), end: pos(b) };
    symbols.push({ name: key, kind: 'frontMatterKey', range });
    if (!(FRONT_MATTER_KEYS as readonly string[]).includes(key) && !key.includes('.')) {
      diagnostics.push({ range, severity: 'warning', code: 'W001', message: `Unknown front matter key "${key}". Dotprompt knows ${FRONT_MATTER_KEYS.join(', ')}; extension fields use a namespace, e.g. "myext.${key}".` });
    }
  }
  const schema = doc.getIn(['input', 'schema'], true);
  if (isMap(schema)) {
    const props = schema.get('properties', true);
    const source = isMap(props) && schema.get('type') === 'object' ? props : schema;
    for (const p of source.items) {
      if (isScalar(p.key)) inputVariables.push(String(p.key.value).replace(/[?(].*$/, '').trim());
    }
  }
  return { diagnostics, symbols, inputVariables };
}

interface OpenBlock { readonly name: string; readonly range: Range }

function analyzeTemplate(lines: string[], start: number, _inputs: string[]) {
  const diagnostics: PromptDiagnostic[] = [];
  const symbols: PromptSymbol[] = [];
  const stack: OpenBlock[] = [];
  const text = lines.slice(start).join('\n');
  const lineStarts: number[] = [0];
  for (let k = 0; k < text.length; k++) if (text[k] === '\n') lineStarts.push(k + 1);
  const posAt = (offset: number): Position => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + start, character: offset - lineStarts[lo]! };
  };
  // Handlebars comments first ({{!-- … --}} may contain }}), then mustaches.
  const re = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}|\{\{~?\s*([#/^>]?)\s*([^\s}~]*)([^}]*?)~?\}\}/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].startsWith('{{!')) continue;
    const range = { start: posAt(m.index), end: posAt(m.index + m[0].length) };
    const sigil = m[1];
    const name = m[2] ?? '';
    const rest = (m[3] ?? '').trim();
    if (sigil === '#') {
      stack.push({ name, range });
      if (!BLOCK_HELPERS.has(name)) symbols.push({ name: `#${name}`, kind: 'block', range });
    } else if (sigil === '/') {
      const at = stack.map((b) => b.name).lastIndexOf(name);
      if (at < 0) {
        // Not open at all (e.g. {{/section}} after the non-block helper {{section "x"}}): Handlebars rejects it.
        diagnostics.push({ range, severity: 'error', code: 'E005', message: `{{/${name}}} closes a block that was never opened${name === 'section' || name === 'role' ? ` ({{${name} …}} is not a block helper and needs no closing tag)` : ''}.` });
      } else {
        const top = stack[stack.length - 1]!;
        if (at !== stack.length - 1) {
          diagnostics.push({ range, severity: 'error', code: 'E006', message: `{{/${name}}} closes {{#${name}}} while {{#${top.name}}} (line ${top.range.start.line + 1}) is still open.` });
        }
        stack.length = at;
      }
    } else if (sigil === '' && (name === 'role' || name === 'section')) {
      const arg = /^"([^"]*)"|^'([^']*)'/.exec(rest);
      symbols.push({ name: `${name}: ${arg?.[1] ?? arg?.[2] ?? rest}`, kind: name, range });
    }
  }
  for (const open of stack) {
    diagnostics.push({ range: open.range, severity: 'error', code: 'E002', message: `{{#${open.name}}} is never closed: add {{/${open.name}}}.` });
  }
  return { diagnostics, symbols };
}

function lineRange(line: number, length: number): Range {
  return { start: { line, character: 0 }, end: { line, character: length } };
}
