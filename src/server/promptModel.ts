/**
 * What the language features need to know about one prompt file (Dotprompt `.prompt`, Prompty
 * v1/v2 `.prompty`), built from its text alone and tolerant of errors: where the front matter
 * and the template are, the YAML document with positions, the declared input variables (with the
 * range of each declaration), the variables the template uses (with the range of each use), the
 * `model` value, and the result of the core loader (a LoadedPrompt, or its PromptError).
 *
 * Variable uses are read from the template's syntax tree:
 * - Handlebars (Dotprompt): paths that resolve against the root context — `{{x}}`, `{{x.y}}`,
 *   helper arguments, `@root.x`, `../x` back to the root; not names inside `{{#each}}`/`{{#with}}`
 *   (they are fields of the item), not helper names, not `@index`-style data. `{{this}}` at the
 *   root, `@root` alone and partials make the set of used variables unknowable ("opaque").
 * - Jinja (Prompty `jinja2`): free names, minus loop variables, `set` targets, macros, tests,
 *   filters, Jinja globals and the literals True/False/None.
 * - Mustache (Prompty `mustache`): names at the top level; names inside sections may be fields
 *   of the section's item, so they count as uses but are never "undeclared".
 */
import Handlebars from 'handlebars';
import Mustache from 'mustache';
import { nunjucks } from '../core/prompts/nunjucksLoader';
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import type { Range } from 'vscode-languageserver';
import { loadDotprompt } from '../core/prompts/dotprompt';
import { splitDotprompt } from '../core/prompts/dotprompt/frontMatter';
import { detectVersion, loadPrompty, splitFrontMatter, templateChoice } from '../core/prompts/prompty';
import { PromptError, type LoadedPrompt, type PromptFormat } from '../core/prompts/types';
import { HELPERS } from './promptAnalysis';
import { LineIndex, pairOf, range, scalarString, yamlRange, type YamlPlacement } from './textUtil';

export type TemplateEngine = 'handlebars' | 'jinja2' | 'mustache' | 'unknown';

export interface VarDeclaration {
  readonly name: string;
  /** The declaring key (or the `name:` value of a Prompty v2 list item). */
  readonly range: Range;
  /** Where it is declared: Dotprompt `input.schema`/`input.default`, Prompty `inputs`/`sample`. */
  readonly source: 'input.schema' | 'input.default' | 'inputs' | 'sample';
  readonly type?: string;
  readonly description?: string;
  readonly default?: unknown;
  readonly hasDefault: boolean;
  readonly required: boolean;
}

export interface VarReference {
  readonly name: string;
  readonly range: Range;
  /** Inside a Mustache section: may be a field of the section's item rather than an input. */
  readonly inSection: boolean;
}

export interface FrontMatter extends YamlPlacement {
  /** Zero-based lines of the opening and closing delimiters. */
  readonly openLine: number;
  readonly closeLine: number;
  readonly doc: Document.Parsed;
  readonly hasYamlErrors: boolean;
  /** The parsed value when it is a mapping. */
  readonly data: Record<string, unknown>;
}

export interface PromptModel {
  readonly path: string;
  readonly text: string;
  readonly index: LineIndex;
  readonly format: PromptFormat;
  /** Prompty version (1 or 2); undefined for Dotprompt. */
  readonly promptyVersion?: 1 | 2;
  readonly engine: TemplateEngine;
  readonly frontMatter?: FrontMatter;
  /** Zero-based line of a `---` that is never closed. */
  readonly unclosedLine?: number;
  /** The template as the loader sees it, and where it starts in the file. */
  readonly template: string;
  readonly templateLine: number;
  /** Columns removed from the template's first line (Dotprompt trims the template). */
  readonly templateShift: number;
  readonly loaded?: LoadedPrompt;
  readonly loadError?: PromptError;
  readonly declarations: readonly VarDeclaration[];
  /** False when the inputs cannot be listed (named schema, wildcard, `${file:}` reference). */
  readonly declarationsKnown: boolean;
  readonly references: readonly VarReference[];
  /** False when the template does not parse. */
  readonly referencesKnown: boolean;
  /** The template may use any variable (`{{this}}`, `@root`, partials). */
  readonly opaque: boolean;
  /** Inputs used outside the template: Prompty v2 tool `bindings` (`input: name`). */
  readonly boundInputs: readonly string[];
  /** The model id as written and the range of its value. */
  readonly model?: { readonly value: string; readonly range: Range };
}

const DOTPROMPT_HELPERS = new Set<string>([...HELPERS, 'lookup', 'log', 'blockHelperMissing', 'helperMissing']);
const CONTEXT_BLOCKS = new Set(['each', 'with']);
const JINJA_GLOBALS = new Set(['range', 'dict', 'cycler', 'joiner', 'namespace', 'lipsum', 'caller', 'loop', 'super', 'self', 'varargs', 'kwargs']);
const PY_LITERALS = new Set(['True', 'False', 'None', 'true', 'false', 'none']);
/** Picoschema field key: `name`, `name?`, `name(kind, description)`. */
const FIELD_KEY = /^([^?()]+?)(\?)?(?:\(\s*([A-Za-z]+)\s*(?:,\s*(.*?))?\s*\))?$/s;
const JSON_SCHEMA_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'object', 'array']);

/** `.prompty` is Prompty, anything else Dotprompt. */
export function formatOfPath(path: string): PromptFormat {
  return /\.prompty$/i.test(path) ? 'prompty' : 'dotprompt';
}

/** Reads a file for a Prompty `${file:}` reference; undefined when it does not exist. */
export type PromptyFileReader = (path: string) => string | undefined;

/**
 * `${env:NAME}` references load as the placeholder `<env:NAME>`: the editor never reads the
 * environment (no secrets in the analysis) and a variable unset in the editor's process is not
 * an error in the file.
 */
const placeholderEnv = (name: string): string => `<env:${name}>`;

export function buildPromptModel(path: string, text: string, readFile?: PromptyFileReader): PromptModel {
  const format = formatOfPath(path);
  const index = new LineIndex(text);
  const base = { path, text, index, format };
  let split: { yaml: string | null; yamlLine: number; template: string; templateLine: number };
  try {
    if (format === 'dotprompt') {
      const s = splitDotprompt(text, path);
      split = { yaml: s.frontMatter, yamlLine: s.frontMatterLine, template: s.template, templateLine: s.templateLine };
    } else {
      const s = splitFrontMatter(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'), path);
      split = { yaml: s.frontMatter, yamlLine: s.frontMatterLine, template: s.body, templateLine: s.bodyLine };
    }
  } catch (err) {
    const unclosedLine = err instanceof PromptError && err.line !== undefined ? err.line - 1 : 0;
    return {
      ...base, engine: format === 'dotprompt' ? 'handlebars' : 'unknown', unclosedLine, template: '', templateLine: index.lineCount,
      templateShift: 0, declarations: [], declarationsKnown: false, references: [], referencesKnown: false, opaque: true, boundInputs: [],
      ...(err instanceof PromptError && { loadError: err }),
    };
  }

  let frontMatter: FrontMatter | undefined;
  if (split.yaml !== null) {
    const firstLine = split.yamlLine - 1;
    const delimiter = format === 'dotprompt' ? /^---[ \t]*$/ : /^(?:---|\+\+\+)\s*$/;
    let closeLine = firstLine;
    while (closeLine < index.lineCount && !delimiter.test(index.line(closeLine))) closeLine++;
    frontMatter = parseFrontMatterYaml(split.yaml, firstLine, closeLine);
  }
  const data = frontMatter?.data ?? {};
  const promptyVersion = format === 'prompty' ? detectVersion(data) : undefined;
  let engine: TemplateEngine = 'handlebars';
  if (format === 'prompty') {
    try {
      const kind = templateChoice(data, promptyVersion!).format;
      engine = kind === 'jinja2' || kind === 'mustache' ? kind : 'unknown';
    } catch {
      engine = 'jinja2';
    }
  }

  let loaded: LoadedPrompt | undefined;
  let loadError: PromptError | undefined;
  try {
    loaded = format === 'dotprompt' ? loadDotprompt(text, path) : loadPrompty(text, path, { getEnv: placeholderEnv, ...(readFile && { readFile }) });
  } catch (err) {
    loadError = err instanceof PromptError ? err : new PromptError(err instanceof Error ? err.message : String(err), path);
  }

  const templateLine = split.templateLine - 1;
  const firstLine = index.line(templateLine);
  const templateShift = format === 'dotprompt' && split.template !== '' ? firstLine.length - firstLine.trimStart().length : 0;
  const at = (line1: number, col0: number): { line: number; character: number } => ({
    line: templateLine + line1 - 1,
    character: col0 + (line1 === 1 ? templateShift : 0),
  });

  const decl = frontMatter ? declarationsOf(format, promptyVersion, frontMatter, loaded) : { list: [], known: true };
  const refs = referencesOf(engine, split.template, at);
  return {
    ...base,
    ...(promptyVersion !== undefined && { promptyVersion }),
    engine,
    ...(frontMatter && { frontMatter }),
    template: split.template,
    templateLine,
    templateShift,
    ...(loaded && { loaded }),
    ...(loadError && { loadError }),
    declarations: decl.list,
    declarationsKnown: decl.known,
    references: refs.list,
    referencesKnown: refs.known,
    opaque: refs.opaque,
    boundInputs: format === 'prompty' ? boundInputs(data) : [],
    ...(frontMatter && modelOf(format, promptyVersion, frontMatter)),
  };
}

/** Prompty v2 §2.9: `tools[].bindings.<parameter>.input` names an input the tool call receives. */
function boundInputs(data: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const tool of Array.isArray(data.tools) ? data.tools : []) {
    const bindings = tool && typeof tool === 'object' ? (tool as Record<string, unknown>).bindings : undefined;
    if (!bindings || typeof bindings !== 'object') continue;
    for (const b of Object.values(bindings as Record<string, unknown>)) {
      const input = b && typeof b === 'object' ? (b as Record<string, unknown>).input : b;
      if (typeof input === 'string') out.push(input);
    }
  }
  return out;
}

function parseFrontMatterYaml(yaml: string, firstLine: number, closeLine: number): FrontMatter {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yaml, { lineCounter, prettyErrors: false });
  let data: Record<string, unknown> = {};
  if (doc.errors.length === 0) {
    try {
      const js: unknown = doc.toJS({ maxAliasCount: 100 });
      if (js && typeof js === 'object' && !Array.isArray(js)) data = js as Record<string, unknown>;
    } catch {
      // keep {}
    }
  }
  return { firstLine, lineCounter, openLine: firstLine - 1, closeLine, doc, hasYamlErrors: doc.errors.length > 0, data };
}

// ---------------------------------------------------------------------------------------------
// Declarations

interface Draft {
  name: string;
  range: Range;
  source: VarDeclaration['source'];
  type?: string;
  description?: string;
  default?: unknown;
  hasDefault: boolean;
  required: boolean;
}

function declarationsOf(format: PromptFormat, version: 1 | 2 | undefined, fm: FrontMatter, loaded: LoadedPrompt | undefined): { list: VarDeclaration[]; known: boolean } {
  const drafts: Draft[] = [];
  let known = true;
  const root = fm.doc.contents;
  const keyRange = (key: unknown): Range => yamlRange(fm, key as never) ?? range(fm.firstLine, 0, fm.firstLine, 0);
  const add = (d: Draft): void => {
    const same = drafts.find((x) => x.name === d.name);
    if (!same) drafts.push(d);
    else if (d.hasDefault && !same.hasDefault) Object.assign(same, { default: d.default, hasDefault: true });
  };

  if (format === 'dotprompt') {
    const input = pairOf(root, 'input')?.value;
    const schema = pairOf(input, 'schema')?.value;
    if (schema && !isMap(schema)) known = false;
    if (isMap(schema)) {
      const js = schema.toJS(fm.doc) as Record<string, unknown>;
      const type = js.type;
      const eject = (typeof type === 'string' && JSON_SCHEMA_TYPES.has(type)) || (js.properties !== undefined && type === undefined);
      if (eject) {
        const props = pairOf(schema, 'properties')?.value;
        const required = Array.isArray(js.required) ? (js.required as unknown[]) : [];
        if ((type === 'object' || type === undefined) && isMap(props)) {
          for (const p of props.items) {
            const name = scalarString(p.key);
            if (name === undefined) continue;
            const v = p.value && isMap(p.value) ? (p.value.toJS(fm.doc) as Record<string, unknown>) : scalarString(p.value);
            const info = typeof v === 'string' ? picoType(v) : { type: typeof v?.type === 'string' ? v.type : undefined, description: typeof v?.description === 'string' ? v.description : undefined };
            add({ name, range: keyRange(p.key), source: 'input.schema', ...defined(info), hasDefault: false, required: required.includes(name) });
          }
        } else {
          known = false;
        }
      } else {
        for (const p of schema.items) {
          const key = scalarString(p.key);
          if (key === undefined) continue;
          if (key.startsWith('(')) {
            known = false; // `(*)` wildcard: any key is allowed
            continue;
          }
          const m = FIELD_KEY.exec(key);
          const name = (m?.[1] ?? key).trim();
          const value = scalarString(p.value);
          const info = value !== undefined ? picoType(value) : { type: m?.[3] ?? (isMap(p.value) ? 'object' : undefined), description: m?.[4] };
          const r = keyRange(p.key);
          add({ name, range: { start: r.start, end: { line: r.start.line, character: r.start.character + name.length } }, source: 'input.schema', ...defined(info), hasDefault: false, required: !m?.[2] });
        }
      }
    }
    const defaults = pairOf(input, 'default')?.value;
    if (isMap(defaults)) {
      for (const p of defaults.items) {
        const name = scalarString(p.key);
        if (name === undefined) continue;
        const value: unknown = p.value ? (p.value as { toJS(d: unknown): unknown }).toJS(fm.doc) : null;
        add({ name, range: keyRange(p.key), source: 'input.default', default: value, hasDefault: true, required: false });
      }
    }
  } else if (version === 1) {
    const inputs = pairOf(root, 'inputs')?.value;
    if (inputs && !isMap(inputs)) known = false;
    if (isMap(inputs)) {
      for (const p of inputs.items) {
        const name = scalarString(p.key);
        if (name === undefined) continue;
        const spec = p.value && isMap(p.value) ? (p.value.toJS(fm.doc) as Record<string, unknown>) : undefined;
        const scalar = p.value && !isMap(p.value) ? (p.value as { toJS(d: unknown): unknown }).toJS(fm.doc) : undefined;
        const def = spec ? ('default' in spec ? spec.default : spec.sample) : scalar;
        add({
          name, range: keyRange(p.key), source: 'inputs',
          ...defined({ type: typeof spec?.type === 'string' ? spec.type : undefined, description: typeof spec?.description === 'string' ? spec.description : undefined }),
          ...(def !== undefined && def !== null && { default: def }), hasDefault: def !== undefined && def !== null, required: spec?.required === true,
        });
      }
    }
    const sample = pairOf(root, 'sample')?.value;
    if (sample && !isMap(sample)) known = false;
    if (isMap(sample)) {
      for (const p of sample.items) {
        const name = scalarString(p.key);
        if (name === undefined) continue;
        const value: unknown = p.value ? (p.value as { toJS(d: unknown): unknown }).toJS(fm.doc) : null;
        add({ name, range: keyRange(p.key), source: 'sample', default: value, hasDefault: true, required: false });
      }
    }
  } else {
    const inputs = pairOf(root, 'inputs')?.value;
    if (inputs && !isMap(inputs) && !isSeq(inputs)) known = false;
    const fromSpec = (name: string, r: Range, spec: Record<string, unknown> | undefined, scalar: unknown): void => {
      const def = spec ? spec.default : scalar;
      add({
        name, range: r, source: 'inputs',
        ...defined({ type: typeof spec?.kind === 'string' ? spec.kind : undefined, description: typeof spec?.description === 'string' ? spec.description : undefined }),
        ...(def !== undefined && def !== null && { default: def }), hasDefault: def !== undefined && def !== null, required: spec?.required === true,
      });
    };
    if (isSeq(inputs)) {
      for (const item of inputs.items) {
        if (!isMap(item)) continue;
        const namePair = pairOf(item, 'name');
        const name = scalarString(namePair?.value);
        if (name === undefined || !namePair) continue;
        fromSpec(name, keyRange(namePair.value), item.toJS(fm.doc) as Record<string, unknown>, undefined);
      }
    } else if (isMap(inputs)) {
      for (const p of inputs.items) {
        const name = scalarString(p.key);
        if (name === undefined) continue;
        const spec = p.value && isMap(p.value) ? (p.value.toJS(fm.doc) as Record<string, unknown>) : undefined;
        fromSpec(name, keyRange(p.key), spec, p.value && !isMap(p.value) ? (p.value as { toJS(d: unknown): unknown }).toJS(fm.doc) : undefined);
      }
    }
  }

  // The loader's reading wins where it has one (types from Picoschema, defaults, required).
  for (const d of drafts) {
    const input = loaded?.inputs.find((i) => i.name === d.name);
    if (!input) continue;
    if (input.type !== undefined) d.type = input.type;
    if (input.description !== undefined) d.description = input.description;
    if (input.default !== undefined) Object.assign(d, { default: input.default, hasDefault: true });
    d.required = input.required;
  }
  return { list: drafts, known };
}

/** `string, the customer's message` → type and description. */
function picoType(value: string): { type?: string; description?: string } {
  const comma = value.indexOf(',');
  const type = (comma < 0 ? value : value.slice(0, comma)).trim();
  const description = comma < 0 ? undefined : value.slice(comma + 1).trim();
  return defined({ type: type || undefined, description: description || undefined });
}

function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

function modelOf(format: PromptFormat, version: 1 | 2 | undefined, fm: FrontMatter): { model: { value: string; range: Range } } | Record<string, never> {
  const root = fm.doc.contents;
  const candidates: string[][] = format === 'dotprompt' || version === 2
    ? [['model'], ['model', 'id']]
    : [['model', 'configuration', 'azure_deployment'], ['model', 'configuration', 'name'], ['model', 'configuration', 'model'], ['model', 'parameters', 'model']];
  for (const path of candidates) {
    let node: unknown = root;
    for (const key of path) node = pairOf(node, key)?.value;
    const value = isScalar(node) && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
    const r = value === undefined ? undefined : yamlRange(fm, node as never);
    if (value !== undefined && r) return { model: { value, range: r } };
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// References

type At = (line1: number, col0: number) => { line: number; character: number };

interface RefResult {
  list: VarReference[];
  known: boolean;
  opaque: boolean;
}

function referencesOf(engine: TemplateEngine, template: string, at: At): RefResult {
  try {
    if (engine === 'handlebars') return handlebarsRefs(template, at);
    if (engine === 'jinja2') return jinjaRefs(template, at);
    if (engine === 'mustache') return mustacheRefs(template, at);
  } catch {
    // a template that does not parse has no known uses; the loader reports the syntax error
  }
  return { list: [], known: false, opaque: true };
}

type HbsNode = hbs.AST.Node & Record<string, unknown>;

function handlebarsRefs(template: string, at: At): RefResult {
  const ast = Handlebars.parse(template);
  const out: RefResult = { list: [], known: true, opaque: false };
  const ref = (name: string, line1: number, col0: number): void => {
    const start = at(line1, col0);
    out.list.push({ name, range: { start, end: { line: start.line, character: start.character + name.length } }, inSection: false });
  };
  const path = (p: hbs.AST.PathExpression, depth: number): void => {
    const loc = p.loc.start;
    if (p.data) {
      if (p.parts[0] !== 'root') return; // @index, @key, @metadata…
      if (p.parts.length < 2) out.opaque = true;
      else ref(p.parts[1]!, loc.line, loc.column + '@root.'.length);
      return;
    }
    if (p.depth < depth) return; // a field of an {{#each}}/{{#with}} item
    if (p.parts.length === 0) {
      out.opaque = true; // {{this}} / {{.}} at the root
      return;
    }
    const prefix = /^(?:(?:\.\.\/)*)(?:this[./]|\.\/)?/.exec(p.original)?.[0].length ?? 0;
    ref(p.parts[0]!, loc.line, loc.column + prefix);
  };
  const expr = (n: hbs.AST.Node | undefined, depth: number): void => {
    if (!n) return;
    if (n.type === 'PathExpression') path(n as hbs.AST.PathExpression, depth);
    else if (n.type === 'SubExpression') call(n as unknown as HbsNode, depth);
  };
  const args = (n: HbsNode, depth: number): void => {
    for (const p of (n.params as hbs.AST.Expression[] | undefined) ?? []) expr(p, depth);
    for (const pair of (n.hash as hbs.AST.Hash | undefined)?.pairs ?? []) expr(pair.value, depth);
  };
  const call = (n: HbsNode, depth: number): void => {
    const head = n.path as hbs.AST.PathExpression;
    const hasArgs = ((n.params as unknown[] | undefined)?.length ?? 0) > 0 || ((n.hash as hbs.AST.Hash | undefined)?.pairs.length ?? 0) > 0;
    const name = head.type === 'PathExpression' && !head.data && head.depth === 0 && head.parts.length === 1 ? head.parts[0] : undefined;
    if (!hasArgs && !(name !== undefined && DOTPROMPT_HELPERS.has(name))) expr(head, depth);
    args(n, depth);
  };
  const program = (p: hbs.AST.Program | undefined, depth: number): void => {
    for (const s of p?.body ?? []) statement(s as HbsNode, depth);
  };
  const statement = (n: HbsNode, depth: number): void => {
    switch (n.type) {
      case 'MustacheStatement':
        call(n, depth);
        break;
      case 'BlockStatement': {
        const head = n.path as hbs.AST.PathExpression;
        const name = head.type === 'PathExpression' && head.parts.length === 1 && !head.data ? head.parts[0] : undefined;
        const hasArgs = (n.params as unknown[]).length > 0 || ((n.hash as hbs.AST.Hash | undefined)?.pairs.length ?? 0) > 0;
        args(n, depth);
        let inner = depth;
        if (name !== undefined && CONTEXT_BLOCKS.has(name)) inner = depth + 1;
        else if (!hasArgs && !(name !== undefined && DOTPROMPT_HELPERS.has(name))) {
          expr(head, depth); // {{#items}}…{{/items}}: a section over a variable
          inner = depth + 1;
        }
        program(n.program as hbs.AST.Program, inner);
        program(n.inverse as hbs.AST.Program | undefined, depth);
        break;
      }
      case 'PartialStatement':
      case 'PartialBlockStatement':
        out.opaque = true;
        args(n, depth);
        program(n.program as hbs.AST.Program | undefined, depth);
        break;
      case 'DecoratorBlock':
        out.opaque = true; // {{#*inline}}: its uses depend on where the partial is used
        break;
      default:
        break;
    }
  };
  program(ast, 0);
  return out;
}

interface NjNode {
  readonly typename: string;
  readonly lineno: number;
  readonly colno: number;
  readonly fields: readonly string[];
  readonly [field: string]: unknown;
}

const njParser = { parse: (src: string): NjNode => (nunjucks() as unknown as { parser: { parse(src: string): NjNode } }).parser.parse(src) };

function isNj(v: unknown): v is NjNode {
  return v !== null && typeof v === 'object' && typeof (v as NjNode).typename === 'string';
}

function jinjaRefs(template: string, at: At): RefResult {
  const ast = njParser.parse(template);
  const out: RefResult = { list: [], known: true, opaque: false };
  // Names assigned anywhere (set, macro) are template locals, wherever they are used.
  const locals = new Set<string>();
  const collect = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(collect);
    if (!isNj(n)) return;
    if (n.typename === 'Set') for (const t of (n.targets as NjNode[] | undefined) ?? []) if (t.typename === 'Symbol') locals.add(String(t.value));
    if (n.typename === 'Macro' && isNj(n.name)) locals.add(String(n.name.value));
    for (const f of n.fields) collect(n[f]);
  };
  collect(ast);
  const namesOf = (n: unknown): string[] => {
    if (!isNj(n)) return [];
    if (n.typename === 'Symbol') return [String(n.value)];
    if (n.typename === 'Array' || n.typename === 'NodeList') return ((n.children as unknown[]) ?? []).flatMap(namesOf);
    if (n.typename === 'KeywordArgs') return ((n.children as NjNode[]) ?? []).flatMap((p) => namesOf(p.key));
    return [];
  };
  const visit = (n: unknown, scope: ReadonlySet<string>): void => {
    if (Array.isArray(n)) return n.forEach((c) => visit(c, scope));
    if (!isNj(n)) return;
    switch (n.typename) {
      case 'Symbol': {
        const name = String(n.value);
        if (scope.has(name) || locals.has(name) || PY_LITERALS.has(name) || JINJA_GLOBALS.has(name)) return;
        const start = at(n.lineno + 1, n.colno);
        out.list.push({ name, range: { start, end: { line: start.line, character: start.character + name.length } }, inSection: false });
        return;
      }
      case 'For': {
        visit(n.arr, scope);
        const inner = new Set([...scope, ...namesOf(n.name), 'loop']);
        visit(n.body, inner);
        visit(n.else_, scope);
        return;
      }
      case 'Macro': {
        const args = n.args as NjNode | undefined;
        const inner = new Set([...scope, ...namesOf(args)]);
        // default values of keyword arguments are evaluated in the caller's scope
        for (const c of (args?.children as NjNode[] | undefined) ?? []) if (c.typename === 'KeywordArgs') for (const p of c.children as NjNode[]) visit(p.value, scope);
        visit(n.body, inner);
        return;
      }
      case 'Set':
        visit(n.value, scope);
        visit(n.body, scope);
        return;
      case 'Filter':
      case 'FilterAsync':
        visit(n.args, scope);
        return;
      case 'Is':
        visit(n.left, scope);
        return;
      case 'LookupVal':
        visit(n.target, scope);
        if (isNj(n.val) && n.val.typename !== 'Literal') visit(n.val, scope);
        return;
      case 'Pair':
        if (!(isNj(n.key) && n.key.typename === 'Symbol')) visit(n.key, scope);
        visit(n.value, scope);
        return;
      case 'FunCall':
        if (isNj(n.name) && n.name.typename === 'Symbol') {
          const name = String(n.name.value);
          if (!locals.has(name) && !JINJA_GLOBALS.has(name)) visit(n.name, scope);
        } else visit(n.name, scope);
        visit(n.args, scope);
        return;
      case 'Include':
      case 'Import':
      case 'FromImport':
      case 'Extends':
        out.opaque = true;
        return;
      default:
        for (const f of n.fields) visit(n[f], scope);
    }
  };
  visit(ast, new Set());
  return out;
}

type MustacheToken = [string, string, number, number, MustacheToken[]?, number?];

function mustacheRefs(template: string, at: At): RefResult {
  // A fresh Writer: Mustache.parse would cache every version of the template as it is typed.
  const tokens = new Mustache.Writer().parse(template) as unknown as MustacheToken[];
  const index = new LineIndex(template);
  const out: RefResult = { list: [], known: true, opaque: false };
  const walk = (list: readonly MustacheToken[], depth: number): void => {
    for (const t of list) {
      const [type, value, start, end] = t;
      if (type === '>') out.opaque = true;
      if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
      if (value !== '.') {
        const name = value.split('.')[0]!;
        const offset = start + Math.max(0, template.slice(start, end).indexOf(name));
        const p = index.positionAt(offset);
        const s = at(p.line + 1, p.character);
        out.list.push({ name, range: { start: s, end: { line: s.line, character: s.character + name.length } }, inSection: depth > 0 });
      }
      if ((type === '#' || type === '^') && t[4]) walk(t[4], type === '#' ? depth + 1 : depth);
    }
  };
  walk(tokens, 0);
  return out;
}

/** Uses of undeclared variables (only when the declarations are known). */
export function undeclaredReferences(model: PromptModel): VarReference[] {
  if (!model.declarationsKnown || !model.referencesKnown) return [];
  const declared = new Set(model.declarations.map((d) => d.name));
  return model.references.filter((r) => !r.inSection && !declared.has(r.name));
}

/** Declarations the template never uses (only when every use is known). */
export function unusedDeclarations(model: PromptModel): VarDeclaration[] {
  if (!model.referencesKnown || model.opaque) return [];
  const used = new Set([...model.references.map((r) => r.name), ...model.boundInputs]);
  return model.declarations.filter((d) => !used.has(d.name));
}

/** Names of every declared or used variable. */
export function variableNames(model: PromptModel): string[] {
  return [...new Set([...model.declarations.map((d) => d.name), ...model.references.filter((r) => !r.inSection).map((r) => r.name)])];
}
