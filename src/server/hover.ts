/**
 * Hover in prompt and suite files. Pure: a context and a position in, an LSP Hover (Markdown) out.
 *
 * - On a variable in a template, or on its declaration in the front matter: the declaration
 *   (type, required, default, description, where) and the values the suite's cases give it (the
 *   first few distinct values, how many cases set it).
 * - On the `model` value or on the first line: the rendered prompt's token count, the model's
 *   context window and how much of it the prompt uses.
 * - In a suite, on a key under `vars:`: the declaration of that variable in the suite's prompt.
 */
import * as nodePath from 'node:path';
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { PromptContext, SuiteCase, SuiteContext, TokenReport } from './context';
import { fmt } from './promptFileAnalysis';
import type { PromptModel, VarDeclaration } from './promptModel';
import { contains, keyPathAt, range } from './textUtil';

/** How many distinct values a variable hover lists. */
export const HOVER_VALUES = 5;
const MAX_VALUE_CHARS = 80;

export function promptHover(ctx: PromptContext, position: Position): Hover | null {
  const { model } = ctx;
  const ref = model.references.find((r) => contains(r.range, position));
  const decl = model.declarations.find((d) => contains(d.range, position));
  const name = ref?.name ?? decl?.name;
  if (name !== undefined) {
    const r = ref?.range ?? decl!.range;
    return { contents: { kind: MarkupKind.Markdown, value: variableMarkdown(model, name, ctx) }, range: r };
  }
  const onModel = model.model && position.line === model.model.range.start.line;
  if (onModel || position.line === 0) {
    if (!ctx.tokens) return null;
    return {
      contents: { kind: MarkupKind.Markdown, value: tokenMarkdown(ctx.tokens, model) },
      ...(onModel && { range: model.model!.range }),
    };
  }
  return null;
}

function variableMarkdown(model: PromptModel, name: string, ctx: PromptContext): string {
  const d = model.declarations.find((x) => x.name === name);
  const out: string[] = [declarationMarkdown(model, name, d)];
  if (ctx.suite) out.push(valuesMarkdown(name, ctx.cases, nodePath.basename(ctx.suite.path)));
  return out.join('\n\n---\n\n');
}

function declarationMarkdown(model: PromptModel, name: string, d: VarDeclaration | undefined): string {
  if (!d) return `**${name}** — not declared in the front matter${model.declarationsKnown ? '' : ' (its inputs cannot be listed here)'}.`;
  const head = [`**${d.name}**`];
  if (d.type) head.push(`\`${d.type}\``);
  head.push(d.required && !d.hasDefault ? 'required' : 'optional');
  const lines = [head.join(' · ')];
  if (d.description) lines.push(d.description);
  if (d.hasDefault) lines.push(`Default: ${code(d.default)}`);
  lines.push(`Declared in \`${d.source}\`, line ${d.range.start.line + 1}.`);
  return lines.join('\n\n');
}

function valuesMarkdown(name: string, cases: readonly SuiteCase[], suiteName: string): string {
  const set = cases.filter((c) => c.vars[name] !== undefined);
  if (cases.length === 0) return `No cases in \`${suiteName}\`.`;
  const distinct: string[] = [];
  const seen = new Set<string>();
  for (const c of set) {
    const key = JSON.stringify(c.vars[name]) ?? String(c.vars[name]);
    if (seen.has(key)) continue;
    seen.add(key);
    if (distinct.length < HOVER_VALUES) distinct.push(`- ${code(c.vars[name])}`);
  }
  const head = `**In \`${suiteName}\`:** set by ${set.length} of ${cases.length} case${cases.length === 1 ? '' : 's'}, ${seen.size} distinct value${seen.size === 1 ? '' : 's'}${seen.size > HOVER_VALUES ? ` (first ${HOVER_VALUES})` : ''}`;
  return distinct.length ? `${head}:\n\n${distinct.join('\n')}` : `${head}.`;
}

/** A value as inline code, shortened to one line. */
function code(value: unknown): string {
  let text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  text = text.replace(/\s+/g, ' ').trim();
  if (text.length > MAX_VALUE_CHARS) text = `${text.slice(0, MAX_VALUE_CHARS - 1)}…`;
  const fence = text.includes('`') ? '``' : '`';
  return text === '' ? '*(empty)*' : `${fence}${fence.length > 1 ? ' ' : ''}${text}${fence.length > 1 ? ' ' : ''}${fence}`;
}

function tokenMarkdown(t: TokenReport, model: PromptModel): string {
  const lines: string[] = [];
  if (t.tokens === undefined) {
    lines.push(`**Rendered prompt:** not counted — it could not be rendered with ${t.varsSource}: ${t.error ?? 'unknown error'}`);
  } else {
    lines.push(`**Rendered prompt: ${fmt(t.tokens)} tokens** (${t.encoding}${t.context?.approximate ? ', an approximation for this model' : ''})`);
  }
  const name = t.model ?? model.model?.value;
  if (!name) lines.push('No `model` in the front matter: no context window to compare with.');
  else if (!t.context) lines.push(`Model \`${name}\` is not in Tracemine's context-window table: no limit is checked.`);
  else {
    const share = t.tokens === undefined ? '' : ` — ${pct(t.tokens / t.context.contextWindow)} used${t.tokens > t.context.contextWindow ? ' (**over the limit**)' : ''}`;
    lines.push(`Model \`${name}\` (${t.context.family}): context window ${fmt(t.context.contextWindow)} tokens${share}.`);
  }
  if (t.tokens !== undefined) {
    let how = `Rendered with ${t.varsSource}`;
    if (t.emptyVars.length) how += `; rendered empty: ${t.emptyVars.map((v) => `\`${v}\``).join(', ')}`;
    lines.push(`${how}. Includes chat overhead (3 tokens a message, 3 for the reply)${t.mediaNotCounted ? '; media parts are not counted' : ''}.`);
  }
  return lines.join('\n\n');
}

function pct(x: number): string {
  const p = x * 100;
  return `${p < 0.1 && p > 0 ? '<0.1' : p < 10 ? p.toFixed(1) : Math.round(p).toString()}%`;
}

export function suiteHover(ctx: SuiteContext, position: Position): Hover | null {
  const { file } = ctx;
  const lines = file.text.split('\n');
  const path = keyPathAt(lines, position.line);
  if (path[path.length - 1] !== 'vars') return null;
  const text = file.index.line(position.line);
  const m = /^(\s*)([\w.-]+)\s*:/.exec(text);
  if (!m) return null;
  const start = m[1]!.length;
  const name = m[2]!;
  if (position.character < start || position.character > start + name.length) return null;
  const parts: string[] = [];
  for (const p of ctx.prompts) {
    if (!p.model) continue;
    const d = p.model.declarations.find((x) => x.name === name);
    const used = p.model.references.some((r) => r.name === name);
    if (!d && !used) {
      parts.push(`**${name}** — not a variable of \`${p.rel}\`.`);
      continue;
    }
    parts.push(`\`${p.rel}\`: ${declarationMarkdown(p.model, name, d)}`);
  }
  if (parts.length === 0) return null;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: range(position.line, start, position.line, start + name.length) };
}
