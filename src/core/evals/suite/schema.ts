/**
 * Validation of native suites against schemas/eval-suite.schema.json (ajv, draft-07), with every
 * error mapped to the line and key path of the offending node. Unknown keys are reported by name
 * on the key's own line, with the nearest known key when it looks like a typo.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import suiteSchema from '../../../../schemas/eval-suite.schema.json';
import type { SuiteIssue } from './errors';
import { formatKeyPath, keyLine, lineAtPath, type ParsedFile, type PathSegment } from './parsedYaml';
import { nearestKey, pointerToPath } from '../../schemaPaths';

export const EVAL_SUITE_SCHEMA_ID = 'https://tracemine.dev/schemas/eval-suite-1.json';

/** Top-level keys of promptfoo configs that native suites do not have. */
export const PROMPTFOO_ONLY_KEYS: ReadonlySet<string> = new Set(['defaultTest', 'evaluateOptions', 'outputPath', 'scenarios', 'targets', 'sharing', 'env', 'extensions', 'nunjucksFilters', 'derivedMetrics', 'redteam', 'tags', 'metadata', 'assertionTemplates', 'writeLatestResults', 'commandLineOptions']);

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** The compiled validator for the whole suite ('') or one definition (`case`). */
function validator(definition = ''): ValidateFunction {
  let v = validators.get(definition);
  if (!v) {
    ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    if (!ajv.getSchema(EVAL_SUITE_SCHEMA_ID)) ajv.addSchema(suiteSchema);
    v = ajv.getSchema(definition ? `${EVAL_SUITE_SCHEMA_ID}#/definitions/${definition}` : EVAL_SUITE_SCHEMA_ID)!;
    validators.set(definition, v);
  }
  return v;
}

export interface ValidateOptions {
  /** Validate against one definition (`case`) instead of the whole suite. */
  readonly definition?: string;
  /** Prefix of every key path (`tests` items in a case file are still `[3]`…). */
  readonly keyPrefix?: readonly PathSegment[];
  readonly path?: string;
  /** At most this many issues (default 50). */
  readonly limit?: number;
}

/** Validates `file.value`; returns the issues sorted by line, empty when valid. */
export function validateNative(file: ParsedFile, opts: ValidateOptions = {}): SuiteIssue[] {
  const validate = validator(opts.definition);
  if (validate(file.value)) return [];
  const all = validate.errors ?? [];
  // `if: {type: string}` / `else: <mapping>` alternatives: a type error there also allows a string.
  const stringAllowed = new Set(all.filter((e) => e.keyword === 'if').map((e) => e.instancePath));
  const issues: SuiteIssue[] = [];
  const seen = new Set<string>();
  for (const e of all) {
    if (e.keyword === 'if') continue;
    const issue = toIssue(file, e, opts, stringAllowed.has(e.instancePath));
    const key = `${issue.line}|${issue.keyPath}|${issue.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push(issue);
  }
  issues.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  return issues.slice(0, opts.limit ?? 50);
}

function toIssue(file: ParsedFile, e: ErrorObject, opts: ValidateOptions, orString: boolean): SuiteIssue {
  const path = pointerToPath(e.instancePath, file.value);
  const keyPath = (p: readonly PathSegment[]) => formatKeyPath([...(opts.keyPrefix ?? []), ...p]) || undefined;
  const where = { ...(opts.path !== undefined && { path: opts.path }) };
  if (e.keyword === 'additionalProperties') {
    const key = String((e.params as { additionalProperty: string }).additionalProperty);
    const known = Object.keys((e.parentSchema as { properties?: Record<string, unknown> })?.properties ?? {});
    const near = suggestKey(key, known);
    let message = `unknown key '${key}'`;
    if (near) message += ` (did you mean '${near}'?)`;
    else if (path.length === 0 && PROMPTFOO_ONLY_KEYS.has(key)) message += ' (a promptfoo key: name the file promptfooconfig.yaml to load it as a promptfoo config)';
    else if (known.length > 0) message += ` (known keys: ${known.filter((k) => k !== '$schema').join(', ')})`;
    const node = valueAt(file.value, path);
    return { message, ...where, line: keyLine(file, node, key) ?? lineAtPath(file, path), keyPath: keyPath([...path, key]) };
  }
  const line = lineAtPath(file, path);
  if (e.keyword === 'required') {
    const missing = String((e.params as { missingProperty: string }).missingProperty);
    return { message: `missing required key '${missing}'`, ...where, line, keyPath: keyPath(path) };
  }
  return { message: describe(e, orString), ...where, line, keyPath: keyPath(path) };
}

function describe(e: ErrorObject, orString: boolean): string {
  const got = e.data === null ? 'null' : Array.isArray(e.data) ? 'a list' : typeof e.data === 'object' ? 'a mapping' : JSON.stringify(e.data);
  switch (e.keyword) {
    case 'type': {
      const t = (e.params as { type: string | string[] }).type;
      const names = (Array.isArray(t) ? t : String(t).split(',')).map(typeName);
      if (orString && !names.includes('a string')) names.unshift('a string');
      return `must be ${names.join(' or ')} (got ${got})`;
    }
    case 'pattern':
      return String((e.parentSchema as { pattern?: string })?.pattern).startsWith('^file://') ? `must be a file:// reference (got ${got})` : `${e.message} (got ${got})`;
    case 'enum':
      return `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')} (got ${got})`;
    default:
      return `${e.message ?? 'is invalid'} (got ${got})`;
  }
}

function typeName(t: string): string {
  switch (t) {
    case 'object': return 'a mapping';
    case 'array': return 'a list';
    case 'integer': return 'an integer';
    case 'string': return 'a string';
    case 'number': return 'a number';
    case 'boolean': return 'true or false';
    default: return t;
  }
}

function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** The known key nearest to `key`, when near enough to be a typo (edit distance ≤ 2, or case). */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(key, known, Math.min(2, Math.floor(key.length / 3)));
}
