/**
 * promptfoo test cases and assertions → EvalCase / AssertionSpec.
 *
 * Mapped: description, vars (array-of-scalar values expand to every combination, as promptfoo
 * does), assert (type passed through with `not-` kept; value, threshold, weight, metric,
 * provider, `file://` rubricPrompt; `$ref: '#/assertionTemplates/…'` resolved),
 * options.provider / options.rubricPrompt (onto the case's model-graded assertions) and
 * options.disableDefaultAsserts. Everything else (threshold, metadata, options.transform,
 * per-assertion transform…) is reported as an unsupported key by pattern.
 */
import type { AssertionSpec } from '../types';
import { SuiteError } from './errors';
import { isFileRef, resolveRef } from './files';
import { keyLine, nodeLine, itemLine, type ParsedFile } from './parsedYaml';
import { mapProvider } from './promptfooProviders';
import type { Warnings } from './warnings';

type Obj = Record<string, unknown>;

/** Model-graded promptfoo types: the ones a test's `options.provider` / `rubricPrompt` apply to. */
export const MODEL_GRADED_TYPES = new Set([
  'llm-rubric', 'g-eval', 'factuality', 'model-graded-closedqa', 'model-graded-factuality', 'answer-relevance',
  'context-faithfulness', 'context-recall', 'context-relevance', 'conversation-relevance', 'select-best', 'max-score',
  'similar', 'classifier', 'moderation', 'pi', 'trajectory:goal-success', 'search-rubric',
]);

const TEST_KEYS = new Set(['description', 'vars', 'assert', 'options']);
const OPTION_KEYS = new Set(['provider', 'rubricPrompt', 'disableDefaultAsserts']);
const ASSERT_KEYS = new Set(['type', 'value', 'threshold', 'weight', 'metric', 'provider', 'rubricPrompt']);

/** Where a test or assertion comes from: the file holding it and how warnings name it. */
export interface Site {
  /** The file the node is in (the suite, or a case file). */
  readonly src: ParsedFile;
  /** Path of that file, for errors. */
  readonly path: string | undefined;
  /** Key pattern for warnings: `tests[]`, `defaultTest`. */
  readonly keyPattern: string;
  /** Overrides node lines (cases from case files carry the reference's line in the suite). */
  readonly line?: number;
}

export interface LoaderContext {
  readonly suitePath: string | undefined;
  /** The whole config, for `$ref` pointers. */
  readonly root: Obj;
  readonly warnings: Warnings;
}

/** A converted test before ids are given and defaults merged. */
export interface PfCase {
  readonly description?: string;
  readonly vars: Obj;
  readonly assert: AssertionSpec[];
  readonly disableDefaultAsserts: boolean;
  readonly line?: number;
  readonly endLine?: number;
}

/** Converts one test object; array vars expand into several cases. */
export function convertTest(ctx: LoaderContext, test: unknown, site: Site): PfCase[] {
  const line = site.line ?? nodeLine(site.src, test);
  if (typeof test !== 'object' || test === null || Array.isArray(test)) {
    throw new SuiteError('a test must be a mapping (description, vars, assert…)', site.path, nodeLine(site.src, test), site.keyPattern);
  }
  const t = test as Obj;
  const at = (key: string) => site.line ?? keyLine(site.src, t, key);
  for (const key of Object.keys(t)) {
    if (TEST_KEYS.has(key)) continue;
    const detail = key === 'threshold' ? "a case-level score threshold has no Tracemine equivalent; each assertion's own threshold still applies" : undefined;
    ctx.warnings.unsupportedKey(`${site.keyPattern}.${key}`, at(key), detail);
  }
  const options = (typeof t.options === 'object' && t.options !== null ? t.options : {}) as Obj;
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) ctx.warnings.unsupportedKey(`${site.keyPattern}.options.${key}`, site.line ?? keyLine(site.src, options, key));
  }
  const grading = gradingOverrides(ctx, options, { ...site, keyPattern: `${site.keyPattern}.options` }, site.line ?? keyLine(site.src, options, 'provider'));
  const assert = convertAssertions(ctx, t.assert, { ...site, keyPattern: `${site.keyPattern}.assert[]` }).map((a) => applyGrading(a, grading));
  let vars: Obj = {};
  if (isFileRef(t.vars)) ctx.warnings.unsupportedKey(`${site.keyPattern}.vars`, at('vars'), 'vars from a file are not supported');
  else if (t.vars !== undefined && t.vars !== null) {
    if (typeof t.vars !== 'object' || Array.isArray(t.vars)) throw new SuiteError('vars must be a mapping', site.path, keyLine(site.src, t, 'vars'), `${site.keyPattern}.vars`);
    vars = t.vars as Obj;
  }
  const base = {
    ...(typeof t.description === 'string' && { description: t.description }),
    assert,
    disableDefaultAsserts: options.disableDefaultAsserts === true,
    ...(line !== undefined && { line }),
    ...(site.line === undefined && { endLine: site.src.info.get(t)?.endLine }),
  };
  return expandVars(vars, site, line).map((v) => ({ ...base, vars: v }));
}

/** `{a: [1, 2], b: [x, y]}` → the 4 combinations; arrays holding mappings or lists stay values. */
function expandVars(vars: Obj, site: Site, line: number | undefined): Obj[] {
  const axes = Object.keys(vars).filter((k) => {
    const v = vars[k];
    return Array.isArray(v) && v.length > 0 && v.every((x) => x === null || typeof x !== 'object');
  });
  if (axes.length === 0) return [vars];
  const total = axes.reduce((n, k) => n * (vars[k] as unknown[]).length, 1);
  if (total > 10_000) throw new SuiteError(`array vars expand to ${total} cases (at most 10,000)`, site.path, keyLine(site.src, vars, Object.keys(vars)[0]!) ?? line, `${site.keyPattern}.vars`);
  let out: Obj[] = [{ ...vars }];
  for (const k of axes) {
    const next: Obj[] = [];
    for (const o of out) for (const v of vars[k] as unknown[]) next.push({ ...o, [k]: v });
    out = next;
  }
  return out;
}

interface Grading { readonly provider?: string; readonly rubricPrompt?: string }

/** `options.provider` / `options.rubricPrompt` of a test or defaultTest. */
export function gradingOverrides(ctx: LoaderContext, options: Obj, site: Site, line: number | undefined): Grading {
  const out: { provider?: string; rubricPrompt?: string } = {};
  if (options.provider !== undefined) {
    const p = judgeName(ctx, options.provider, { keyPattern: `${site.keyPattern}.provider`, ...(line !== undefined && { line }) });
    if (p !== undefined) out.provider = p;
  }
  if (options.rubricPrompt !== undefined) {
    const r = rubricPath(ctx, options.rubricPrompt, `${site.keyPattern}.rubricPrompt`, site.line ?? keyLine(site.src, options, 'rubricPrompt'));
    if (r !== undefined) out.rubricPrompt = r;
  }
  return out;
}

/** Applies a test's grading overrides to a model-graded assertion that has none of its own. */
export function applyGrading(a: AssertionSpec, g: Grading): AssertionSpec {
  if (!g.provider && !g.rubricPrompt) return a;
  if (!MODEL_GRADED_TYPES.has(a.type.replace(/^not-/, ''))) return a;
  return {
    ...a,
    ...(a.provider === undefined && g.provider !== undefined && { provider: g.provider }),
    ...(a.rubricPrompt === undefined && g.rubricPrompt !== undefined && { rubricPrompt: g.rubricPrompt }),
  };
}

/** A provider given for grading → the model name to judge with, or undefined (warned). */
function judgeName(ctx: LoaderContext, p: unknown, site: { keyPattern: string; line?: number }): string | undefined {
  const spec = mapProvider(p, site, ctx.warnings);
  if (spec && Object.keys(spec.params).length > 0) ctx.warnings.unsupportedKey(`${site.keyPattern}.config`, site.line, 'judge parameters per assertion are not supported; set judge parameters with defaultTest.options.provider');
  return spec?.model;
}

/** A `file://` rubricPrompt → its path relative to the suite; inline rubric prompts are not supported. */
function rubricPath(ctx: LoaderContext, r: unknown, keyPattern: string, line: number | undefined): string | undefined {
  if (isFileRef(r)) return resolveRef(ctx.suitePath, r).rel;
  ctx.warnings.unsupportedKey(keyPattern, line, 'only file:// rubric prompts are supported');
  return undefined;
}

/** A list of promptfoo assertions → AssertionSpecs (unsupported keys warned by pattern). */
export function convertAssertions(ctx: LoaderContext, list: unknown, site: Site): AssertionSpec[] {
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw new SuiteError('assert must be a list of assertions', site.path, undefined, site.keyPattern.replace(/\[\]$/, ''));
  const out: AssertionSpec[] = [];
  list.forEach((a, i) => {
    const own = nodeLine(site.src, a) ?? itemLine(site.src, list, i);
    const spec = convertAssertion(ctx, a, site, site.line ?? own, own, 0);
    if (spec) out.push(spec);
  });
  return out;
}

/**
 * One assertion. `line` is where results point (the reference line for case files); `own` is its
 * line in its own file, for errors.
 */
function convertAssertion(ctx: LoaderContext, a: unknown, site: Site, line: number | undefined, own: number | undefined, depth: number): AssertionSpec | undefined {
  if (typeof a !== 'object' || a === null || Array.isArray(a)) throw new SuiteError('an assertion must be a mapping with a type', site.path, own, site.keyPattern);
  const o = a as Obj;
  if (typeof o.$ref === 'string') {
    const target = resolvePointer(ctx.root, o.$ref);
    if (target === undefined || depth > 10) throw new SuiteError(`$ref '${o.$ref}' does not point at an assertion in this file`, site.path, own, `${site.keyPattern}.$ref`);
    return convertAssertion(ctx, target, site, line, own, depth + 1);
  }
  if (typeof o.type !== 'string' || o.type === '') throw new SuiteError('an assertion needs a type', site.path, own, site.keyPattern);
  const num = (key: 'threshold' | 'weight'): number | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new SuiteError(`${key} must be a number (got ${JSON.stringify(v)})`, site.path, keyLine(site.src, o, key) ?? own, `${site.keyPattern}.${key}`);
    return v;
  };
  for (const key of Object.keys(o)) {
    if (!ASSERT_KEYS.has(key)) ctx.warnings.unsupportedKey(`${site.keyPattern}.${key}`, site.line ?? keyLine(site.src, o, key));
  }
  const threshold = num('threshold');
  const weight = num('weight');
  const provider = o.provider === undefined ? undefined : judgeName(ctx, o.provider, { keyPattern: `${site.keyPattern}.provider`, ...(line !== undefined && { line }) });
  const rubricPrompt = o.rubricPrompt === undefined ? undefined : rubricPath(ctx, o.rubricPrompt, `${site.keyPattern}.rubricPrompt`, line);
  return {
    type: o.type,
    ...('value' in o && { value: o.value }),
    ...(threshold !== undefined && { threshold }),
    ...(weight !== undefined && { weight }),
    ...(typeof o.metric === 'string' && { metric: o.metric }),
    ...(provider !== undefined && { provider }),
    ...(rubricPrompt !== undefined && { rubricPrompt }),
    ...(line !== undefined && { line }),
  };
}

/** `#/assertionTemplates/x` → the value at that JSON pointer in the config. */
function resolvePointer(root: Obj, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let cur: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const seg = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Obj)[seg];
  }
  return cur;
}
