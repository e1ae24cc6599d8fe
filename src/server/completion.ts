/**
 * Completion in prompt files and suite files. Pure: a context and a position in, LSP
 * CompletionItems out.
 *
 * Prompt files:
 * - in the template, inside `{{ }}` / `{{# }}` (Handlebars, Mustache) or `{{ }}` / `{% %}`
 *   (Jinja): the declared inputs, the variables the suite's cases set, and the variables already
 *   used; Dotprompt helpers after `{{`, block helpers after `{{#`, Jinja keywords after `{%`;
 * - in the front matter, at a key: the keys of the format (Dotprompt; Prompty v1 or v2) at that
 *   level, minus those already written;
 * - after `model:` (or Prompty's `id:` / `azure_deployment:` under `model`): the model names of
 *   the context-window table.
 * Suite files:
 * - after `type:` in an `assert` list: every assertion type and its `not-` form;
 * - after `model:`: model names;
 * - at a key under `vars:`: the variables of the suite's prompt(s) not set there yet.
 */
import { CompletionItemKind, type CompletionItem, type Position } from 'vscode-languageserver';
import { ASSERTION_TYPES, MODEL_GRADED_TYPES } from '../core/evals/assertions';
import { MODEL_CONTEXT_TABLE } from '../core/prompts/tokens';
import type { PromptContext, SuiteContext } from './context';
import { FRONT_MATTER_KEYS, HELPERS } from './promptAnalysis';
import { variableNames, type PromptModel } from './promptModel';
import { fmt } from './promptFileAnalysis';
import { requiredInputs } from './suiteAnalysis';
import { keyPathAt, range } from './textUtil';

const BLOCK_HELPERS = ['if', 'unless', 'each', 'with', 'ifEquals', 'unlessEquals'];
const JINJA_KEYWORDS = ['if', 'elif', 'else', 'endif', 'for', 'endfor', 'set', 'endset', 'macro', 'endmacro', 'raw', 'endraw'];

/** Prompty v1 top-level keys (Prompty.yaml, draft-07). */
export const PROMPTY_V1_KEYS = ['name', 'description', 'authors', 'tags', 'version', 'base', 'model', 'inputs', 'outputs', 'sample', 'template'] as const;
/** Prompty v2 top-level keys (spec §2.3). */
export const PROMPTY_V2_KEYS = ['name', 'displayName', 'description', 'metadata', 'model', 'inputs', 'outputs', 'tools', 'template'] as const;

/** Keys one level down, by parent path (`[]` = a list item). */
const NESTED_KEYS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  dotprompt: {
    input: ['schema', 'default'],
    output: ['format', 'schema'],
    config: ['temperature', 'maxOutputTokens', 'topK', 'topP', 'stopSequences'],
  },
  prompty1: {
    model: ['api', 'configuration', 'parameters', 'response'],
    'model.configuration': ['type', 'azure_deployment', 'azure_endpoint', 'api_version', 'api_key', 'name', 'model'],
    'model.parameters': ['max_tokens', 'temperature', 'top_p', 'stop', 'frequency_penalty', 'presence_penalty', 'seed', 'response_format', 'tools'],
    'inputs.*': ['type', 'description', 'default', 'sample', 'required'],
  },
  prompty2: {
    model: ['id', 'provider', 'apiType', 'connection', 'options'],
    'model.options': ['temperature', 'maxOutputTokens', 'topP', 'topK', 'frequencyPenalty', 'presencePenalty', 'stopSequences', 'seed', 'allowMultipleToolCalls'],
    'model.connection': ['kind', 'endpoint', 'apiKey', 'name'],
    'inputs.[]': ['name', 'kind', 'description', 'required', 'default', 'example'],
    'outputs.[]': ['name', 'kind', 'description', 'required'],
    'tools.[]': ['name', 'kind', 'description', 'parameters', 'strict', 'bindings'],
    template: ['format', 'parser'],
    'template.format': ['kind'],
    'template.parser': ['kind'],
  },
};

export function promptCompletions(ctx: PromptContext, position: Position): CompletionItem[] {
  const { model } = ctx;
  const prefix = model.index.line(position.line).slice(0, position.character);
  const fm = model.frontMatter;
  if (fm && position.line > fm.openLine && position.line < fm.closeLine) return frontMatterCompletions(model, position, prefix);
  if (position.line >= model.templateLine || !fm) return templateCompletions(ctx, position);
  return [];
}

function frontMatterCompletions(model: PromptModel, position: Position, prefix: string): CompletionItem[] {
  const fm = model.frontMatter!;
  const lines = model.text.split('\n');
  const path = keyPathAt(lines, position.line, fm.firstLine);
  const value = /^\s*(?:-\s+)?([\w.-]+)\s*:\s*([^\s#]*)$/.exec(prefix);
  if (value) {
    const key = value[1]!;
    const parent = path[path.length - 1];
    const isModel = key === 'model' && (path.length === 0 || parent === 'parameters' || parent === 'configuration')
      || (key === 'id' && parent === 'model') || (key === 'azure_deployment' && parent === 'configuration');
    return isModel ? modelItems(position, value[2]!) : [];
  }
  const keyPrefix = /^(\s*)(?:-\s+)?([\w.-]*)$/.exec(prefix);
  if (!keyPrefix) return [];
  const table = model.format === 'dotprompt' ? 'dotprompt' : model.promptyVersion === 1 ? 'prompty1' : 'prompty2';
  let keys: readonly string[];
  let detail: string;
  if (path.length === 0) {
    keys = table === 'dotprompt' ? FRONT_MATTER_KEYS : table === 'prompty1' ? PROMPTY_V1_KEYS : PROMPTY_V2_KEYS;
    detail = table === 'dotprompt' ? 'Dotprompt front matter' : `Prompty v${table === 'prompty1' ? 1 : 2} front matter`;
  } else {
    const joined = path.join('.');
    const wildcard = path.length > 1 ? [...path.slice(0, -1), '*'].join('.') : '';
    keys = NESTED_KEYS[table]![joined] ?? NESTED_KEYS[table]![wildcard] ?? [];
    detail = `${joined} key`;
  }
  const start = position.character - keyPrefix[2]!.length;
  const present = siblingKeys(lines, position.line, start, fm.firstLine, fm.closeLine);
  return keys.filter((k) => !present.has(k)).map((k) => ({
    label: k,
    kind: CompletionItemKind.Property,
    detail,
    textEdit: { range: range(position.line, start, position.line, position.character), newText: `${k}: ` },
  }));
}

function modelItems(position: Position, typed: string): CompletionItem[] {
  // Complete the model id after a `provider/` or `provider:` prefix the user has typed.
  const cut = Math.max(typed.lastIndexOf('/'), typed.lastIndexOf(':')) + 1;
  const start = position.character - typed.length + cut;
  const items: CompletionItem[] = [];
  for (const row of MODEL_CONTEXT_TABLE) {
    for (const name of row.examples) {
      items.push({
        label: name,
        kind: CompletionItemKind.Value,
        detail: `${row.family}: ${fmt(row.contextWindow)}-token context`,
        documentation: `Context window ${fmt(row.contextWindow)} tokens; counted with ${row.encoding}${row.approximate ? ' (approximate for this vendor)' : ''}.`,
        textEdit: { range: range(position.line, start, position.line, position.character), newText: name },
      });
    }
  }
  return items;
}

function templateCompletions(ctx: PromptContext, position: Position): CompletionItem[] {
  const { model } = ctx;
  const offset = model.index.offsetAt(position);
  const before = model.text.slice(Math.max(0, offset - 2000), offset);
  const jinja = model.engine === 'jinja2';
  const open = Math.max(before.lastIndexOf('{{'), jinja ? before.lastIndexOf('{%') : -1);
  if (open < 0) return [];
  const inside = before.slice(open);
  if (/\}\}|%\}/.test(inside)) return [];
  const word = /[\w.@]*$/.exec(inside)![0];
  const start = position.character - word.length;
  const edit = (text: string) => ({ range: range(position.line, start, position.line, position.character), newText: text });
  const items: CompletionItem[] = [];
  const head = inside.slice(2).trimStart();
  const isFirstWord = head === word || head === `#${word}` || head === `/${word}` || head === `^${word}` || head === `~${word}`;
  if (model.engine === 'handlebars' && isFirstWord) {
    const block = /^[~\s]*#/.test(inside.slice(2));
    for (const h of block ? BLOCK_HELPERS : HELPERS) items.push({ label: h, kind: CompletionItemKind.Function, detail: block ? 'block helper' : 'Dotprompt helper', textEdit: edit(h), sortText: `2${h}` });
  }
  if (jinja && inside.startsWith('{%') && isFirstWord) {
    for (const k of JINJA_KEYWORDS) items.push({ label: k, kind: CompletionItemKind.Keyword, textEdit: edit(k), sortText: `2${k}` });
    return items;
  }
  for (const item of variableItems(ctx)) items.push({ ...item, textEdit: edit(item.label) });
  return items;
}

/** Declared inputs, variables the suite sets, and variables the template already uses. */
function variableItems(ctx: PromptContext): CompletionItem[] {
  const { model } = ctx;
  const out = new Map<string, CompletionItem>();
  for (const d of model.declarations) {
    out.set(d.name, {
      label: d.name,
      kind: CompletionItemKind.Variable,
      detail: `input${d.type ? `: ${d.type}` : ''}${d.required && !d.hasDefault ? ' (required)' : ''}`,
      ...(d.description && { documentation: d.description }),
      sortText: `0${d.name}`,
    });
  }
  for (const c of ctx.cases) {
    for (const name of Object.keys(c.vars)) {
      if (!out.has(name)) out.set(name, { label: name, kind: CompletionItemKind.Variable, detail: 'set by the suite’s cases (not declared)', sortText: `1${name}` });
    }
  }
  for (const name of variableNames(model)) {
    if (!out.has(name)) out.set(name, { label: name, kind: CompletionItemKind.Variable, detail: 'used in the template', sortText: `1${name}` });
  }
  return [...out.values()];
}

export function suiteCompletions(ctx: SuiteContext, position: Position): CompletionItem[] {
  const { file } = ctx;
  const lines = file.text.split('\n');
  const prefix = file.index.line(position.line).slice(0, position.character);
  const path = keyPathAt(lines, position.line);
  const value = /^\s*(?:-\s+)?([\w.-]+)\s*:\s*([^\s#'"]*)$/.exec(prefix);
  if (value) {
    const [, key, typed] = value;
    if (key === 'type' && isAssertionPath(path)) return assertionItems(position, typed!);
    if (key === 'model') return modelItems(position, typed!);
    return [];
  }
  const keyPrefix = /^(\s*)([\w.-]*)$/.exec(prefix);
  if (keyPrefix && path[path.length - 1] === 'vars') {
    const present = siblingKeys(lines, position.line, keyPrefix[1]!.length, 0, lines.length);
    const start = position.character - keyPrefix[2]!.length;
    const items = new Map<string, CompletionItem>();
    for (const p of ctx.prompts) {
      if (!p.model) continue;
      const required = new Set(requiredInputs(p.model));
      for (const name of variableNames(p.model)) {
        if (present.has(name) || items.has(name)) continue;
        const d = p.model.declarations.find((x) => x.name === name);
        items.set(name, {
          label: name,
          kind: CompletionItemKind.Variable,
          detail: `${p.rel}${d?.type ? ` · ${d.type}` : ''}${required.has(name) ? ' · required' : d ? '' : ' · used, not declared'}`,
          ...(d?.description && { documentation: d.description }),
          sortText: `${required.has(name) ? 0 : 1}${name}`,
          textEdit: { range: range(position.line, start, position.line, position.character), newText: `${name}: ` },
        });
      }
    }
    return [...items.values()];
  }
  return [];
}

/** `tests[].assert[].type`, `defaults.assert[].type`, `defaultTest.assert[].type`, assertion templates. */
function isAssertionPath(path: readonly string[]): boolean {
  const n = path.length;
  if (n >= 2 && path[n - 1] === '[]' && path[n - 2] === 'assert') return true;
  return n === 2 && path[0] === 'assertionTemplates';
}

function assertionItems(position: Position, typed: string): CompletionItem[] {
  const start = position.character - typed.length;
  const edit = (t: string) => ({ range: range(position.line, start, position.line, position.character), newText: t });
  const graded = new Set(MODEL_GRADED_TYPES);
  const items: CompletionItem[] = [];
  for (const t of ASSERTION_TYPES) {
    items.push({ label: t, kind: CompletionItemKind.EnumMember, detail: graded.has(t) ? 'model-graded assertion' : 'assertion', textEdit: edit(t), sortText: `0${t}` });
  }
  for (const t of ASSERTION_TYPES) {
    items.push({ label: `not-${t}`, kind: CompletionItemKind.EnumMember, detail: `negated ${t}`, textEdit: edit(`not-${t}`), sortText: `1${t}` });
  }
  return items;
}

/** Keys written at `indent` in the block around `line` (the mapping the cursor is in), within [from, to). */
function siblingKeys(lines: readonly string[], line: number, indent: number, from: number, to: number): Set<string> {
  const keys = new Set<string>();
  const scan = (step: 1 | -1) => {
    for (let l = line + step; l >= from && l < to; l += step) {
      const text = lines[l]!.replace(/\r$/, '');
      if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
      const m = /^(\s*)(-\s+)?(.*)$/.exec(text)!;
      const dash = m[2] ? m[1]!.length : undefined;
      const col = m[1]!.length + (m[2]?.length ?? 0);
      const k = /^([^\s:#][^:#]*?)\s*:(?:\s|$)/.exec(m[3]!)?.[1];
      // A `- ` line at or left of the keys starts the item the cursor is in (going up: its key
      // counts) or the next item (going down: it does not).
      const itemEdge = dash !== undefined && dash <= indent;
      if (itemEdge && step === 1) break;
      if (col === indent && k) keys.add(k.replace(/^["']|["']$/g, ''));
      if (col < indent || itemEdge) break;
    }
  };
  scan(-1);
  scan(1);
  return keys;
}
