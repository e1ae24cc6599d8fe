/**
 * promptfoo configs (`promptfooconfig.yaml`) → EvalSuite, so a team can run its existing
 * promptfoo suite in Tracemine. Supported: description, prompts (inline templates, chat-JSON
 * text, `file://` paths, `{id, raw, label}` objects, `{path: label}` maps), providers (see
 * promptfooProviders.ts; `targets` is an alias), tests (inline, `file://` JSON/JSONL/YAML/CSV case
 * files), defaultTest (vars, assert, options.provider → the judge), evaluateOptions.repeat /
 * maxConcurrency and assertionTemplates for `$ref`. Every other key is reported by name
 * ("unsupported key 'x' ignored") with its line, never dropped silently.
 */
import type { AssertionSpec, EvalCase, EvalSuite, PromptRef, ProviderSpec } from '../types';
import { csvCases } from './csvCases';
import { SuiteError } from './errors';
import { caseFileKind, isFileRef, parseDataFile, readRef, resolveRef, type SuiteIO } from './files';
import { itemLine, keyLine, type ParsedFile } from './parsedYaml';
import { mapProvider } from './promptfooProviders';
import { applyGrading, convertAssertions, convertTest, gradingOverrides, type LoaderContext, type PfCase, type Site } from './promptfooTests';
import { recordCaseSpans } from './spans';
import { suiteVersion } from './version';
import { Warnings } from './warnings';
import { parseYaml } from './yamlSource';

type Obj = Record<string, unknown>;

const TOP_KEYS = new Set(['description', 'prompts', 'providers', 'targets', 'tests', 'defaultTest', 'evaluateOptions', 'assertionTemplates', '$schema']);
const DEFAULT_TEST_KEYS = new Set(['vars', 'assert', 'options']);

interface Ctx extends LoaderContext {
  readonly file: ParsedFile;
  readonly io: SuiteIO;
  /** Texts of referenced case files, for the version. */
  readonly extra: string[];
}

/** Loads a promptfoo config from its text. Throws SuiteError when it cannot be used at all. */
export async function loadPromptfooConfig(path: string | undefined, text: string, io: SuiteIO): Promise<EvalSuite> {
  const file = parseYaml(text, path);
  const root = file.value;
  if (typeof root !== 'object' || root === null || Array.isArray(root)) throw new SuiteError('a promptfoo config must be a mapping (prompts, providers, tests…)', path, 1);
  const ctx: Ctx = { suitePath: path, root: root as Obj, warnings: new Warnings(), file, io, extra: [] };
  const r = root as Obj;
  for (const key of Object.keys(r)) if (!TOP_KEYS.has(key)) ctx.warnings.unsupportedKey(key, keyLine(file, r, key));

  const prompts = await promptRefs(ctx, r.prompts);
  const providers = await providerSpecs(ctx, r.providers ?? r.targets, r.providers !== undefined ? 'providers' : 'targets');
  if (r.providers !== undefined && r.targets !== undefined) ctx.warnings.add("both providers and targets given: targets ignored", keyLine(file, r, 'targets'), 'targets');
  const defaults = await defaultTest(ctx, r.defaultTest);
  const { repeat, concurrency } = evaluateOptions(ctx, r.evaluateOptions);
  const { cases, ends } = await testCases(ctx, r.tests, defaults);
  if (prompts.length === 0) ctx.warnings.add('no prompts', 1, 'prompts');
  if (providers.length === 0) ctx.warnings.add('no provider Tracemine can call (it calls OpenAI-compatible chat endpoints)', keyLine(file, r, 'providers') ?? 1, 'providers');
  if (cases.length === 0) ctx.warnings.add('the config has no test cases', keyLine(file, r, 'tests') ?? 1, 'tests');

  const suite: EvalSuite = {
    ...(path !== undefined && { path }),
    format: 'promptfoo',
    ...(typeof r.description === 'string' && { description: r.description }),
    version: suiteVersion(text, ctx.extra),
    prompts,
    providers,
    cases,
    repeat,
    ...(defaults.judge && { judge: defaults.judge }),
    ...(concurrency !== undefined && { concurrency }),
    warnings: ctx.warnings.toArray(),
  };
  recordCaseSpans(suite, ends);
  return suite;
}

/** prompts: a string, a list of strings/objects, or a `{path: label}` map. */
async function promptRefs(ctx: Ctx, prompts: unknown): Promise<PromptRef[]> {
  if (prompts === undefined || prompts === null) return [];
  const root = ctx.root;
  const out: PromptRef[] = [];
  const ids = new Set<string>();
  const push = (ref: PromptRef) => {
    let id = ref.id;
    for (let n = 2; ids.has(id); n++) id = `${ref.id}#${n}`;
    ids.add(id);
    out.push({ ...ref, id });
  };
  const one = (p: unknown, line: number | undefined, label?: string) => {
    if (typeof p === 'string') {
      if (isFileRef(p)) {
        const rel = resolveRef(ctx.suitePath, p).rel;
        if (/[*?[\]{}]/.test(rel)) ctx.warnings.add(`prompt glob ${p} is not supported: list the files`, line, 'prompts');
        else if (/\.(js|cjs|mjs|ts|py)(:|$)/i.test(rel)) ctx.warnings.add(`prompt function ${p} is not supported`, line, 'prompts');
        else push({ id: rel, path: rel, ...(label !== undefined && { label }) });
      } else {
        push({ id: label ?? `prompt-${out.length + 1}`, raw: p, ...(label !== undefined && { label }) });
      }
      return;
    }
    if (typeof p === 'object' && p !== null && !Array.isArray(p)) {
      const o = p as Obj;
      for (const key of Object.keys(o)) if (key !== 'id' && key !== 'raw' && key !== 'label') ctx.warnings.unsupportedKey(`prompts[].${key}`, keyLine(ctx.file, o, key));
      const lbl = typeof o.label === 'string' ? o.label : undefined;
      if (typeof o.raw === 'string') push({ id: typeof o.id === 'string' ? o.id : lbl ?? `prompt-${out.length + 1}`, raw: o.raw, ...(lbl !== undefined && { label: lbl }) });
      else if (isFileRef(o.id)) one(o.id, line, lbl);
      else ctx.warnings.add('a prompt object needs raw text or a file:// id; ignored', line, 'prompts');
      return;
    }
    ctx.warnings.add(`prompt ${JSON.stringify(p)} is not a string or an object; ignored`, line, 'prompts');
  };
  if (Array.isArray(prompts)) prompts.forEach((p, i) => one(p, itemLine(ctx.file, prompts, i)));
  else if (typeof prompts === 'object') {
    // `{ 'file://a.txt': 'Label A' }`
    for (const [p, label] of Object.entries(prompts as Obj)) one(p, keyLine(ctx.file, prompts, p), typeof label === 'string' ? label : undefined);
  } else one(prompts, keyLine(ctx.file, root, 'prompts'));
  return out;
}

async function providerSpecs(ctx: Ctx, providers: unknown, key: string): Promise<ProviderSpec[]> {
  if (providers === undefined || providers === null) return [];
  const entries: { entry: unknown; line?: number; src?: ParsedFile }[] = [];
  const collect = async (list: unknown, line: number | undefined, src: ParsedFile, fromFile: boolean) => {
    const items = Array.isArray(list) ? list : [list];
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      const l = fromFile ? line : Array.isArray(list) ? itemLine(src, list, i) : line;
      if (isFileRef(item) && /\.(ya?ml|json)$/i.test(item)) {
        const data = await readData(ctx, item, l, key);
        await collect(data.value, l, data, true);
      } else entries.push({ entry: item, ...(l !== undefined && { line: l }), ...(!fromFile && { src }) });
    }
  };
  await collect(providers, keyLine(ctx.file, ctx.root, key), ctx.file, false);
  const out: ProviderSpec[] = [];
  const ids = new Set<string>();
  for (const { entry, line, src } of entries) {
    const site = { keyPattern: `${key}[]`, ...(line !== undefined && { line }), ...(src && { keyLine: (node: object, k: string) => keyLine(src, node, k) }) };
    const spec = mapProvider(entry, site, ctx.warnings);
    if (!spec) continue;
    let id = spec.id;
    if (ids.has(id) && spec.label !== undefined && !ids.has(spec.label)) id = spec.label;
    for (let n = 2; ids.has(id); n++) id = `${spec.id}#${n}`;
    ids.add(id);
    out.push({ ...spec, id, params: await resolveFileParams(ctx, spec.params, line) });
  }
  return out;
}

/** `response_format: file://schema.json` and other `file://` parameter values → their content. */
async function resolveFileParams(ctx: Ctx, params: Readonly<Obj>, line: number | undefined): Promise<Obj> {
  const out: Obj = { ...params };
  for (const [k, v] of Object.entries(params)) {
    if (isFileRef(v)) out[k] = (await readData(ctx, v, line, `providers[].config.${k}`)).value;
  }
  return out;
}

/** Reads a referenced JSON/YAML file into values. */
async function readData(ctx: Ctx, ref: string, line: number | undefined, keyPath: string): Promise<ParsedFile> {
  const r = resolveRef(ctx.suitePath, ref);
  const at = { ...(ctx.suitePath !== undefined && { path: ctx.suitePath }), ...(line !== undefined && { line }), keyPath };
  const kind = caseFileKind(r.rel);
  if (kind !== 'json' && kind !== 'yaml') throw new SuiteError(`${ref}: only JSON and YAML files can be read here`, at.path, line, keyPath);
  const text = await readRef(ctx.io, r, at);
  ctx.extra.push(text);
  const data = parseDataFile(kind, text, r.file);
  if (data.kind !== 'values') throw new SuiteError(`${ref}: not a JSON or YAML file`, at.path, line, keyPath);
  return data.file;
}

interface Defaults {
  readonly vars: Obj;
  readonly assert: readonly AssertionSpec[];
  readonly judge?: ProviderSpec;
}

/** defaultTest: vars and assertions merged into every test; options.provider is the judge. */
async function defaultTest(ctx: Ctx, d: unknown): Promise<Defaults> {
  if (d === undefined || d === null) return { vars: {}, assert: [] };
  let src = ctx.file;
  let value: unknown = d;
  let fileLine: number | undefined;
  if (isFileRef(d)) {
    fileLine = keyLine(ctx.file, ctx.root, 'defaultTest');
    src = await readData(ctx, d, fileLine, 'defaultTest');
    value = src.value;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SuiteError('defaultTest must be a mapping', ctx.suitePath, keyLine(ctx.file, ctx.root, 'defaultTest'), 'defaultTest');
  const o = value as Obj;
  const site: Site = { src, path: ctx.suitePath, keyPattern: 'defaultTest', ...(fileLine !== undefined && { line: fileLine }) };
  const at = (node: unknown, key: string) => fileLine ?? keyLine(src, node, key);
  for (const key of Object.keys(o)) if (!DEFAULT_TEST_KEYS.has(key)) ctx.warnings.unsupportedKey(`defaultTest.${key}`, at(o, key));
  const options = (typeof o.options === 'object' && o.options !== null ? o.options : {}) as Obj;
  for (const key of Object.keys(options)) {
    if (key !== 'provider' && key !== 'rubricPrompt') ctx.warnings.unsupportedKey(`defaultTest.options.${key}`, at(options, key));
  }
  let judge: ProviderSpec | undefined;
  if (options.provider !== undefined) {
    let p: unknown = options.provider;
    // `{ text: …, embedding: … }`: the text provider judges.
    if (typeof p === 'object' && p !== null && !('id' in p) && 'text' in p) p = (p as Obj).text;
    const line = at(options, 'provider');
    judge = mapProvider(p, { keyPattern: 'defaultTest.options.provider', ...(line !== undefined && { line }) }, ctx.warnings);
  }
  const grading = gradingOverrides(ctx, { ...(options.rubricPrompt !== undefined && { rubricPrompt: options.rubricPrompt }) }, { ...site, keyPattern: 'defaultTest.options' }, at(options, 'rubricPrompt'));
  const assert = convertAssertions(ctx, o.assert, { ...site, keyPattern: 'defaultTest.assert[]' }).map((a) => applyGrading(a, grading));
  const vars = (typeof o.vars === 'object' && o.vars !== null && !Array.isArray(o.vars) ? o.vars : {}) as Obj;
  if (o.vars !== undefined && vars !== o.vars) ctx.warnings.unsupportedKey('defaultTest.vars', at(o, 'vars'), 'vars must be a mapping');
  return { vars, assert, ...(judge && { judge }) };
}

function evaluateOptions(ctx: Ctx, e: unknown): { repeat: number; concurrency?: number } {
  if (typeof e !== 'object' || e === null) return { repeat: 1 };
  const o = e as Obj;
  let repeat = 1;
  let concurrency: number | undefined;
  for (const [key, v] of Object.entries(o)) {
    const line = keyLine(ctx.file, o, key);
    if (key === 'repeat' && Number.isInteger(v) && (v as number) >= 1) repeat = v as number;
    else if (key === 'maxConcurrency' && Number.isInteger(v) && (v as number) >= 1) concurrency = v as number;
    else if (key === 'repeat' || key === 'maxConcurrency') throw new SuiteError(`${key} must be a positive integer (got ${JSON.stringify(v)})`, ctx.suitePath, line, `evaluateOptions.${key}`);
    else ctx.warnings.unsupportedKey(`evaluateOptions.${key}`, line);
  }
  return { repeat, ...(concurrency !== undefined && { concurrency }) };
}

/** tests: inline tests and `file://` case files, defaults merged, ids `case-<n>`. */
async function testCases(ctx: Ctx, tests: unknown, defaults: Defaults): Promise<{ cases: EvalCase[]; ends: (number | undefined)[] }> {
  const cases: EvalCase[] = [];
  const ends: (number | undefined)[] = [];
  if (tests === undefined || tests === null) return { cases, ends };
  const defaultAssert = defaults.assert;
  const add = (c: PfCase) => {
    cases.push({
      id: `case-${cases.length + 1}`,
      ...(c.description !== undefined && { description: c.description }),
      vars: Object.keys(defaults.vars).length === 0 ? c.vars : { ...defaults.vars, ...c.vars },
      assert: c.disableDefaultAsserts || defaultAssert.length === 0 ? c.assert : [...defaultAssert, ...c.assert],
      ...(c.line !== undefined && { line: c.line }),
    });
    ends.push(c.endLine);
  };
  const list = Array.isArray(tests) ? tests : [tests];
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    const line = Array.isArray(tests) ? itemLine(ctx.file, tests, i) : keyLine(ctx.file, ctx.root, 'tests');
    if (typeof entry === 'string') {
      for (const c of await casesFromRef(ctx, entry, line)) add(c);
      continue;
    }
    if (typeof entry === 'object' && entry !== null && 'path' in entry && !('vars' in entry) && !('assert' in entry)) {
      ctx.warnings.add(`test generator ${JSON.stringify((entry as Obj).path)} is not supported; ignored`, line, 'tests');
      continue;
    }
    for (const c of convertTest(ctx, entry, { src: ctx.file, path: ctx.suitePath, keyPattern: 'tests[]' })) add(c);
  }
  return { cases, ends };
}

/** A `file://` case file: JSON/JSONL/YAML tests or CSV rows. Globs, scripts and datasets are warned. */
async function casesFromRef(ctx: Ctx, ref: string, line: number | undefined): Promise<PfCase[]> {
  if (!isFileRef(ref)) {
    ctx.warnings.add(`test source ${ref} is not supported (only file:// case files); ignored`, line, 'tests');
    return [];
  }
  const r = resolveRef(ctx.suitePath, ref);
  const kind = caseFileKind(r.rel);
  if (/[*?[\]{}]/.test(r.rel) || !kind) {
    ctx.warnings.add(`test source ${ref} is not supported (a glob, folder, script or spreadsheet): list .csv/.json/.jsonl/.yaml files`, line, 'tests');
    return [];
  }
  const at = { ...(ctx.suitePath !== undefined && { path: ctx.suitePath }), ...(line !== undefined && { line }), keyPath: 'tests' };
  const text = await readRef(ctx.io, r, at);
  ctx.extra.push(text);
  const data = parseDataFile(kind, text, r.file);
  if (data.kind === 'csv') {
    const rows = csvCases(data.table, {
      native: false,
      path: r.file,
      unsupported: (col) => ctx.warnings.unsupportedKey(`${r.rel}:${col}`, line, 'CSV column'),
    });
    return rows.map((row) => ({
      vars: row.vars,
      assert: row.assert.map((a) => ({ ...a, ...(line !== undefined && { line }) })),
      disableDefaultAsserts: false,
      ...(row.description !== undefined && { description: row.description }),
      ...(line !== undefined && { line }),
    }));
  }
  const value = data.file.value;
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const site: Site = { src: data.file, path: r.file, keyPattern: 'tests[]', ...(line !== undefined && { line }) };
  return items.flatMap((t) => convertTest(ctx, t, site));
}
