/**
 * Quick fix "Declare variable 'x'" for a variable the template uses but the front matter does
 * not declare (diagnostic W010). Pure: the prompt model and a name in, one LSP TextEdit out.
 *
 * Where the declaration goes, by format (sections are created when absent, with the file's
 * indentation and line endings):
 * - Dotprompt: `input.schema` as Picoschema (`x: string`); into `properties` when the schema is
 *   JSON Schema (`type: object`);
 * - Prompty v1: the `inputs:` map (`x:` / `type: string`), else the `sample:` map (`x: ""`);
 * - Prompty v2: the `inputs:` list (`- name: x` / `kind: string`), or its dict form.
 */
import { CodeActionKind, type CodeAction, type Diagnostic, type Position, type TextEdit } from 'vscode-languageserver';
import { isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import { PROMPT_CODES, type UndeclaredData } from './promptFileAnalysis';
import type { FrontMatter, PromptModel } from './promptModel';
import { pairOf, yamlPosition } from './textUtil';

export function promptCodeActions(model: PromptModel, uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const done = new Set<string>();
  for (const d of diagnostics) {
    if (d.code !== PROMPT_CODES.undeclared) continue;
    const message = typeof d.message === 'string' ? d.message : d.message.value;
    const name = (d.data as UndeclaredData | undefined)?.variable ?? /'([^']+)'/.exec(message)?.[1];
    if (!name || done.has(name)) continue;
    done.add(name);
    const edit = declareVariableEdit(model, name);
    if (!edit) continue;
    actions.push({
      title: `Declare variable '${name}'`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [edit] } },
    });
  }
  return actions;
}

/** The edit that declares `name` in the front matter, or undefined when there is no safe place. */
export function declareVariableEdit(model: PromptModel, name: string): TextEdit | undefined {
  const eol = model.text.includes('\r\n') ? '\r\n' : '\n';
  const fm = model.frontMatter;
  const u = ' '.repeat(fm ? indentUnit(model, fm) : 2);
  const block = (lines: string[]) => lines.map((l) => l + eol).join('');
  const at = (line: number, lines: string[]): TextEdit => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: block(lines) });
  const version = model.format === 'dotprompt' ? 0 : model.promptyVersion ?? 2;
  const section: Record<number, string[]> = {
    0: ['input:', `${u}schema:`, `${u}${u}${name}: string`],
    1: ['inputs:', `${u}${name}:`, `${u}${u}type: string`],
    2: ['inputs:', `${u}- name: ${name}`, `${u}  kind: string`],
  };
  if (!fm) return at(0, ['---', ...section[version]!, '---']);
  if (fm.hasYamlErrors) return undefined;
  const root = fm.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return at(fm.closeLine, section[version]!);
  if (!isMap(root) || root.flow) return undefined;
  const ctx = { model, fm, u, at };

  if (version === 0) {
    const inputPair = pairOf(root, 'input');
    if (!inputPair) return at(fm.closeLine, section[0]!);
    const input = inputPair.value;
    if (isEmpty(input)) return ctx.at(keyLine(fm, inputPair) + 1, [`${u}schema:`, `${u}${u}${name}: string`]);
    if (!isMap(input) || input.flow) return undefined;
    const schemaPair = pairOf(input, 'schema');
    const col = ' '.repeat(keyColumn(fm, input));
    if (!schemaPair) return at(lastLine(ctx, input) + 1, [`${col}schema:`, `${col}${u}${name}: string`]);
    const schema = schemaPair.value;
    if (isEmpty(schema)) return at(keyLine(fm, schemaPair) + 1, [`${col}${u}${name}: string`]);
    if (!isMap(schema)) return undefined; // a named schema: declared elsewhere
    const js = schema.toJS(fm.doc) as Record<string, unknown>;
    const jsonSchema = typeof js.type === 'string' || js.properties !== undefined;
    if (!jsonSchema) return intoMap(ctx, schema, `${name}: string`);
    const propsPair = pairOf(schema, 'properties');
    const props = propsPair?.value;
    if (!propsPair) return at(lastLine(ctx, schema) + 1, [`${' '.repeat(keyColumn(fm, schema))}properties:`, `${' '.repeat(keyColumn(fm, schema))}${u}${name}: { type: string }`]);
    if (isEmpty(props)) return at(keyLine(fm, propsPair) + 1, [`${' '.repeat(keyColumn(fm, schema))}${u}${name}: { type: string }`]);
    if (!isMap(props)) return undefined;
    const scalarSiblings = props.items.some((p) => isScalar(p.value));
    return intoMap(ctx, props, `${name}: ${scalarSiblings ? 'string' : '{ type: string }'}`);
  }

  const inputsPair = pairOf(root, 'inputs');
  const inputs = inputsPair?.value;
  if (version === 1) {
    if (inputsPair && isMap(inputs)) {
      const mapped = inputs.items.length === 0 || inputs.items.some((p) => isMap(p.value));
      return mapped ? intoMap(ctx, inputs, `${name}:`, [`type: string`]) : intoMap(ctx, inputs, `${name}: ""`);
    }
    if (inputsPair && isEmpty(inputs)) return at(keyLine(fm, inputsPair) + 1, [`${u}${name}:`, `${u}${u}type: string`]);
    const samplePair = pairOf(root, 'sample');
    if (!inputsPair && samplePair && isMap(samplePair.value)) return intoMap(ctx, samplePair.value, `${name}: ""`);
    if (!inputsPair && samplePair && isEmpty(samplePair.value)) return at(keyLine(fm, samplePair) + 1, [`${u}${name}: ""`]);
    if (inputsPair) return undefined;
    return at(fm.closeLine, section[1]!);
  }

  if (!inputsPair) return at(fm.closeLine, section[2]!);
  if (isEmpty(inputs)) return at(keyLine(fm, inputsPair) + 1, [`${u}- name: ${name}`, `${u}  kind: string`]);
  if (isSeq(inputs)) {
    if (inputs.flow) {
      if (inputs.items.length > 0) return undefined;
      // `inputs: []` → a block list
      const r = inputs.range!;
      let from = model.index.offsetAt(yamlPosition(fm, r[0]));
      while (from > 0 && model.text[from - 1] === ' ') from--;
      return { range: { start: model.index.positionAt(from), end: position(yamlPosition(fm, r[1])) }, newText: `${eol}${u}- name: ${name}${eol}${u}  kind: string` };
    }
    const first = inputs.items[0] as YamlNode | undefined;
    const firstStart = first?.range ? yamlPosition(fm, first.range[0]) : undefined;
    const itemLine = firstStart ? model.index.line(firstStart.line) : '';
    const dash = firstStart ? Math.max(0, itemLine.lastIndexOf('-', firstStart.character)) : 0;
    const keyCol = firstStart ? firstStart.character : dash + 2;
    return at(lastLine(ctx, inputs) + 1, [`${' '.repeat(dash)}-${' '.repeat(Math.max(1, keyCol - dash - 1))}name: ${name}`, `${' '.repeat(keyCol)}kind: string`]);
  }
  if (isMap(inputs) && !inputs.flow) return intoMap(ctx, inputs, `${name}:`, ['kind: string']);
  return undefined;
}

interface Ctx {
  readonly model: PromptModel;
  readonly fm: FrontMatter;
  readonly u: string;
  readonly at: (line: number, lines: string[]) => TextEdit;
}

/** Appends `first` (and `children`, one level deeper) as the last entry of a block or flow map. */
function intoMap(ctx: Ctx, map: YamlNode, first: string, children: string[] = []): TextEdit | undefined {
  if (!isMap(map)) return undefined;
  if (map.flow) {
    if (children.length > 0 || !map.range) return undefined;
    // `{a: string}` → `{a: string, x: string}`
    const end = ctx.model.index.offsetAt(position(yamlPosition(ctx.fm, map.range[1])));
    const close = ctx.model.text.lastIndexOf('}', end);
    if (close < 0) return undefined;
    const p = ctx.model.index.positionAt(close);
    let before = close;
    while (before > 0 && /\s/.test(ctx.model.text[before - 1]!)) before--;
    const empty = ctx.model.text[before - 1] === '{';
    return { range: { start: p, end: p }, newText: `${empty ? '' : ', '}${first}` };
  }
  const col = ' '.repeat(keyColumn(ctx.fm, map));
  return ctx.at(lastLine(ctx, map) + 1, [`${col}${first}`, ...children.map((c) => `${col}${ctx.u}${c}`)]);
}

function isEmpty(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''));
}

/** Zero-based file line of a pair's key. */
function keyLine(fm: FrontMatter, pair: Pair<unknown, unknown>): number {
  const r = (pair.key as YamlNode | null)?.range;
  return r ? yamlPosition(fm, r[0]).line : fm.firstLine;
}

/** Column of the keys of a block map. */
function keyColumn(fm: FrontMatter, map: YamlNode): number {
  const first = isMap(map) ? (map.items[0]?.key as YamlNode | undefined) : undefined;
  return first?.range ? yamlPosition(fm, first.range[0]).character : 0;
}

/** Last file line holding content of a node (trailing blank lines and comments excluded). */
function lastLine(ctx: Ctx, node: YamlNode): number {
  const r = node.range!;
  let end = ctx.model.index.offsetAt(position(yamlPosition(ctx.fm, r[1])));
  const text = ctx.model.text;
  while (end > 0 && /\s/.test(text[end - 1]!)) end--;
  const line = ctx.model.index.positionAt(Math.max(0, end - 1)).line;
  return Math.min(line, ctx.fm.closeLine - 1);
}

/** Indentation step of the front matter: its smallest indentation, else 2. */
function indentUnit(model: PromptModel, fm: FrontMatter): number {
  let unit = 0;
  for (let l = fm.firstLine; l < fm.closeLine; l++) {
    const text = model.index.line(l);
    if (text.trim() === '' || text.trimStart().startsWith('#')) continue;
    const n = text.length - text.trimStart().length;
    if (n > 0 && (unit === 0 || n < unit)) unit = n;
  }
  return unit || 2;
}

function position(p: Position): Position {
  return { line: p.line, character: p.character };
}
