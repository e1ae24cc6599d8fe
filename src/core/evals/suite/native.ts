/**
 * Tracemine's own suite format, `<name>.eval.yaml` beside `<name>.prompt`
 * (docs/eval-suite-format.md, schemas/eval-suite.schema.json). Strict: the file is validated
 * against the schema first, so unknown keys and wrong types are errors with their line; only
 * what cannot be wrong by shape (unknown request parameters, a missing default prompt file) is a
 * warning.
 */
import * as nodePath from 'node:path';
import type { AssertionSpec, EvalCase, EvalSuite, PromptRef, ProviderSpec } from '../types';
import { csvCases } from './csvCases';
import { SuiteError, type SuiteIssue } from './errors';
import { caseFileKind, isFileRef, parseDataFile, readRef, resolveRef, type SuiteIO } from './files';
import { itemLine, keyLine, lineAtPath, nodeLine, type ParsedFile } from './parsedYaml';
import { validateNative } from './schema';
import { recordCaseSpans } from './spans';
import { suiteVersion } from './version';
import { Warnings } from './warnings';
import { parseYaml } from './yamlSource';

/** Suite files end in `.eval.yaml` (or `.eval.yml`). */
export const NATIVE_SUITE_SUFFIXES = ['.eval.yaml', '.eval.yml'] as const;

/** Chat-completions parameters passed without a warning (others pass with one). */
const KNOWN_PARAMS = new Set([
  'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'seed', 'stop', 'presence_penalty', 'frequency_penalty',
  'response_format', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'logprobs', 'top_logprobs',
  'logit_bias', 'user', 'verbosity', 'n', 'service_tier', 'store', 'metadata', 'modalities', 'prediction', 'web_search_options',
]);

type Obj = Record<string, unknown>;

interface Ctx {
  readonly path: string | undefined;
  readonly file: ParsedFile;
  readonly io: SuiteIO;
  readonly warnings: Warnings;
  /** Texts of referenced case files, for the version. */
  readonly extra: string[];
}

/** Loads a native suite from its text. Throws SuiteError (with every schema issue) when invalid. */
export async function loadNativeSuite(path: string | undefined, text: string, io: SuiteIO): Promise<EvalSuite> {
  const file = parseYaml(text, path);
  if (file.value === null || file.value === undefined) throw new SuiteError('the suite is empty: add tests (see docs/eval-suite-format.md)', path, 1);
  const issues = validateNative(file, { ...(path !== undefined && { path }) });
  if (issues.length > 0) throw SuiteError.of(issues);
  const root = file.value as Obj;
  const ctx: Ctx = { path, file, io, warnings: new Warnings(), extra: [] };

  const prompts = await nativePrompts(ctx, root);
  const providers = nativeProviders(ctx, root);
  const judge = root.judge === undefined ? undefined : judgeSpec(ctx, root.judge, providers, keyLine(file, root, 'judge'));
  const defaults = (root.defaults ?? {}) as Obj;
  const defaultOptions = (defaults.options ?? {}) as Obj;
  let repeat = 1;
  if (root.repeat !== undefined) {
    repeat = root.repeat as number;
    if (defaultOptions.repeat !== undefined && defaultOptions.repeat !== root.repeat) {
      ctx.warnings.add(`defaults.options.repeat (${String(defaultOptions.repeat)}) is overridden by repeat (${String(root.repeat)})`, keyLine(file, defaultOptions, 'repeat'), 'defaults.options.repeat');
    }
  } else if (defaultOptions.repeat !== undefined) {
    repeat = defaultOptions.repeat as number;
  }
  const cases = await nativeCases(ctx, root, defaults);
  if (cases.length === 0) ctx.warnings.add('the suite has no test cases', keyLine(file, root, 'tests') ?? 1, 'tests');
  if (providers.length === 0) ctx.warnings.add('no providers: runs use the configured default model; add providers: [{ model: … }] to choose', 1, 'providers');

  const suite: EvalSuite = {
    ...(path !== undefined && { path }),
    format: 'tracemine',
    ...(typeof root.description === 'string' && { description: root.description }),
    version: suiteVersion(text, ctx.extra),
    prompts,
    providers,
    cases,
    repeat,
    ...(judge && { judge }),
    ...(root.budgetUsd !== undefined && { budgetUsd: root.budgetUsd as number }),
    ...(root.concurrency !== undefined && { concurrency: root.concurrency as number }),
    warnings: ctx.warnings.toArray(),
  };
  recordCaseSpans(suite, cases.map((c) => caseEnd.get(c)));
  return suite;
}

/** Last line of each inline case, for findCaseAtLine. */
const caseEnd = new WeakMap<EvalCase, number>();

async function nativePrompts(ctx: Ctx, root: Obj): Promise<PromptRef[]> {
  const list = root.prompts === undefined ? undefined : Array.isArray(root.prompts) ? root.prompts : [root.prompts];
  if (list === undefined) return [await defaultPrompt(ctx)];
  const out: PromptRef[] = [];
  const ids = new Map<string, number>();
  list.forEach((p, i) => {
    const o: Obj = typeof p === 'string' ? { path: p } : (p as Obj);
    const rel = resolveRef(ctx.path, String(o.path)).rel;
    const ref: PromptRef = { id: typeof o.id === 'string' ? o.id : rel, path: rel, ...(typeof o.label === 'string' && { label: o.label }) };
    const line = Array.isArray(root.prompts) ? itemLine(ctx.file, root.prompts, i) : keyLine(ctx.file, root, 'prompts');
    if (ids.has(ref.id)) throw new SuiteError(`duplicate prompt id '${ref.id}' (also on line ${ids.get(ref.id)})`, ctx.path, line, `prompts[${i}]`);
    ids.set(ref.id, line ?? 0);
    out.push(ref);
  });
  return out;
}

/** `<stem>.prompt` (else `<stem>.prompty`) beside `<stem>.eval.yaml`. */
async function defaultPrompt(ctx: Ctx): Promise<PromptRef> {
  const base = ctx.path === undefined ? 'suite.eval.yaml' : nodePath.basename(ctx.path);
  const stem = NATIVE_SUITE_SUFFIXES.reduce((s, suf) => (s.toLowerCase().endsWith(suf) ? s.slice(0, -suf.length) : s), base).replace(/\.ya?ml$/i, '');
  for (const ext of ['.prompt', '.prompty']) {
    const rel = `${stem}${ext}`;
    try {
      await ctx.io.readFile(resolveRef(ctx.path, rel).file);
      return { id: rel, path: rel };
    } catch {
      // try the next extension
    }
  }
  const rel = `${stem}.prompt`;
  ctx.warnings.add(`no prompts: listed and ${rel} was not found beside the suite: add prompts: [path/to/file.prompt]`, 1, 'prompts');
  return { id: rel, path: rel };
}

function nativeProviders(ctx: Ctx, root: Obj): ProviderSpec[] {
  const list = (root.providers ?? []) as unknown[];
  const out: ProviderSpec[] = [];
  const ids = new Map<string, number>();
  list.forEach((p, i) => {
    const line = itemLine(ctx.file, list, i);
    const spec = providerSpec(ctx, p, `providers[${i}]`, line);
    if (ids.has(spec.id)) throw new SuiteError(`duplicate provider id '${spec.id}' (also on line ${ids.get(spec.id)}): give one an id or a label`, ctx.path, line, `providers[${i}]`);
    ids.set(spec.id, line ?? 0);
    out.push(spec);
  });
  return out;
}

/** `openai:gpt-4o-mini` / `openai:chat:gpt-4o-mini` → `gpt-4o-mini`; other strings are model names. */
export function modelOf(name: string): string {
  return name.replace(/^openai:(?:chat:)?/, '');
}

function providerSpec(ctx: Ctx, p: unknown, keyPath: string, line: number | undefined): ProviderSpec {
  if (typeof p === 'string') return { id: p, model: modelOf(p), params: {} };
  const o = p as Obj;
  if (o.params !== undefined && o.config !== undefined) {
    throw new SuiteError('give params or config (they are the same), not both', ctx.path, keyLine(ctx.file, o, 'config') ?? line, `${keyPath}.config`);
  }
  const params = { ...((o.params ?? o.config ?? {}) as Obj) };
  const paramsNode = o.params ?? o.config;
  for (const name of Object.keys(params)) {
    if (!KNOWN_PARAMS.has(name)) {
      ctx.warnings.add(`'${name}' is not a known chat-completions parameter; it is sent as it is`, keyLine(ctx.file, paramsNode, name) ?? line, `${keyPath}.${o.params !== undefined ? 'params' : 'config'}.${name}`);
    }
  }
  const model = String(o.model);
  const id = typeof o.id === 'string' ? o.id : typeof o.label === 'string' ? o.label : model;
  return {
    id, model, params,
    ...(typeof o.label === 'string' && { label: o.label }),
    ...(typeof o.baseUrl === 'string' && { baseUrl: o.baseUrl }),
  };
}

function judgeSpec(ctx: Ctx, j: unknown, providers: readonly ProviderSpec[], line: number | undefined): ProviderSpec {
  if (typeof j === 'string') {
    const named = providers.find((p) => p.id === j || p.label === j);
    if (named) return named;
  }
  return providerSpec(ctx, j, 'judge', line);
}

async function nativeCases(ctx: Ctx, root: Obj, defaults: Obj): Promise<EvalCase[]> {
  const tests = root.tests;
  const entries: unknown[] = tests === undefined ? [] : Array.isArray(tests) ? tests : [tests];
  const defaultVars = (defaults.vars ?? {}) as Obj;
  const defaultAssert = assertions(ctx.file, defaults.assert);
  const out: EvalCase[] = [];
  const ids = new Map<string, number>();
  const add = (c: Omit<EvalCase, 'id'> & { id?: string }, keyPath: string, end?: number): void => {
    const id = c.id ?? `case-${out.length + 1}`;
    const prev = ids.get(id);
    if (prev !== undefined) throw new SuiteError(`duplicate case id '${id}' (also on line ${prev})`, ctx.path, c.line, keyPath);
    ids.set(id, c.line ?? 0);
    const full: EvalCase = { ...c, id };
    if (end !== undefined) caseEnd.set(full, end);
    out.push(full);
  };
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const line = Array.isArray(tests) ? itemLine(ctx.file, tests, i) : keyLine(ctx.file, root, 'tests');
    const keyPath = Array.isArray(tests) ? `tests[${i}]` : 'tests';
    if (isFileRef(entry)) {
      for (const c of await casesFromFile(ctx, entry, line, keyPath)) add(merge(c, defaultVars, defaultAssert, line), keyPath);
      continue;
    }
    const o = entry as Obj;
    const c = caseOf(ctx.file, o, nodeLine(ctx.file, o) ?? line);
    add(merge(c, defaultVars, defaultAssert, c.line), keyPath, ctx.file.info.get(o)?.endLine);
  }
  return out;
}

type RawCase = Omit<EvalCase, 'id'> & { id?: string };

function caseOf(file: ParsedFile, o: Obj, line: number | undefined): RawCase {
  return {
    ...(o.id !== undefined && { id: String(o.id) }),
    ...(typeof o.description === 'string' && { description: o.description }),
    vars: (o.vars ?? {}) as Obj,
    assert: assertions(file, o.assert),
    ...(o.repeat !== undefined && { repeat: o.repeat as number }),
    ...(typeof o.expected === 'string' && { expected: o.expected }),
    ...(line !== undefined && { line }),
  };
}

function merge(c: RawCase, vars: Obj, assert: readonly AssertionSpec[], line: number | undefined): RawCase {
  return {
    ...c,
    vars: Object.keys(vars).length === 0 ? c.vars : { ...vars, ...c.vars },
    assert: assert.length === 0 ? c.assert : [...assert, ...c.assert],
    ...(line !== undefined && { line }),
  };
}

/** Validated assertion objects → AssertionSpecs with their lines. */
function assertions(file: ParsedFile, list: unknown): AssertionSpec[] {
  if (!Array.isArray(list)) return [];
  return list.map((a: Obj, i) => {
    const line = nodeLine(file, a) ?? itemLine(file, list, i);
    return {
      type: a.type as string,
      ...('value' in a && { value: a.value }),
      ...(a.threshold !== undefined && { threshold: a.threshold as number }),
      ...(a.weight !== undefined && { weight: a.weight as number }),
      ...(a.metric !== undefined && { metric: a.metric as string }),
      ...(a.provider !== undefined && { provider: a.provider as string }),
      ...(a.rubricPrompt !== undefined && { rubricPrompt: a.rubricPrompt as string }),
      ...(line !== undefined && { line }),
    };
  });
}

/**
 * Cases of a `file://` case file. They carry the line of the reference (they are not in the
 * suite file); errors inside the file name the file and its own line.
 */
async function casesFromFile(ctx: Ctx, ref: string, refLine: number | undefined, keyPath: string): Promise<RawCase[]> {
  const at = { ...(ctx.path !== undefined && { path: ctx.path }), ...(refLine !== undefined && { line: refLine }), keyPath };
  const r = resolveRef(ctx.path, ref);
  const kind = caseFileKind(r.rel);
  if (!kind) throw new SuiteError(`cannot read cases from ${r.rel}: use .jsonl, .json, .yaml, .yml or .csv`, at.path, at.line, keyPath);
  const text = await readRef(ctx.io, r, at);
  ctx.extra.push(text);
  const data = parseDataFile(kind, text, r.file);
  const atRef = <T extends { line?: number }>(x: T): T => ({ ...x, ...(refLine !== undefined ? { line: refLine } : {}) });
  if (data.kind === 'csv') {
    return csvCases(data.table, { native: true, path: r.file, unsupported: () => undefined }).map((c) => atRef<RawCase>({
      ...(c.id !== undefined && { id: c.id }),
      ...(c.description !== undefined && { description: c.description }),
      vars: c.vars,
      assert: c.assert.map(atRef),
      ...(c.repeat !== undefined && { repeat: c.repeat }),
      ...(c.expected !== undefined && { expected: c.expected }),
    }));
  }
  const value = data.file.value;
  const items = Array.isArray(value) ? value : value === null || value === undefined ? [] : [value];
  const issues: SuiteIssue[] = [];
  items.forEach((item, i) => {
    const file: ParsedFile = { value: item, info: data.file.info };
    for (const issue of validateNative(file, { definition: 'case', path: r.file, keyPrefix: Array.isArray(value) ? [i] : [], limit: 20 })) issues.push(issue);
  });
  if (issues.length > 0) {
    // JSON is read without lines: read it again with them for the messages.
    const lined = data.withLines();
    if (lined !== data.file) {
      const relined: SuiteIssue[] = issues.map((issue) => {
        const path = (issue.keyPath ?? '').match(/[^.[\]]+/g)?.map((s) => (/^\d+$/.test(s) ? Number(s) : s)) ?? [];
        return { ...issue, line: lineAtPath(lined, path) };
      });
      throw SuiteError.of(relined);
    }
    throw SuiteError.of(issues);
  }
  return items.map((o: Obj) => {
    const c = caseOf(data.file, o, refLine);
    return atRef({ ...c, assert: c.assert.map(atRef) });
  });
}
