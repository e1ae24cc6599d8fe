/**
 * JSON Schema validation with Ajv. The draft is chosen from the schema's `$schema` (2020-12,
 * 2019-09, else draft-07 — the dialect OpenAI tool parameters use). Formats (`date-time`,
 * `email`…) are not checked: Ajv's format plugin is not a dependency. Compiled validators are
 * cached by the schema's JSON text.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2019 from 'ajv/dist/2019';
import Ajv2020 from 'ajv/dist/2020';
import { isPlainObject } from './values';

const options = { allErrors: true, strict: false, validateFormats: false } as const;
let engines: { draft7: Ajv; d2019: Ajv2019; d2020: Ajv2020 } | undefined;
const cache = new Map<string, ValidateFunction>();
const CACHE_LIMIT = 256;

/** The result of checking a value against a schema. */
export type SchemaCheck = { readonly ok: true } | { readonly ok: false; readonly errors: string };

/** Compiles `schema` (throws a readable Error when it is not a valid schema). */
export function compileSchema(schema: unknown): ValidateFunction {
  if (!isPlainObject(schema) && typeof schema !== 'boolean') throw new Error('a JSON schema must be an object');
  const key = JSON.stringify(schema);
  const hit = cache.get(key);
  if (hit) return hit;
  engines ??= { draft7: new Ajv(options), d2019: new Ajv2019(options), d2020: new Ajv2020(options) };
  const dialect = isPlainObject(schema) && typeof schema.$schema === 'string' ? schema.$schema : '';
  let fn: ValidateFunction;
  try {
    if (dialect.includes('2020-12')) fn = engines.d2020.compile(schema);
    else if (dialect.includes('2019-09')) fn = engines.d2019.compile(schema);
    else fn = engines.draft7.compile(isPlainObject(schema) && dialect !== '' ? withoutDialect(schema) : schema);
  } catch (err) {
    throw new Error(`invalid JSON schema: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
  cache.set(key, fn);
  return fn;
}

/** Validates `value` against `schema`; errors are summarised as `path message` pairs. */
export function checkSchema(schema: unknown, value: unknown): SchemaCheck {
  const fn = compileSchema(schema);
  if (fn(value)) return { ok: true };
  const errors = (fn.errors ?? [])
    .slice(0, 5)
    .map((e) => `${e.instancePath === '' ? '(root)' : e.instancePath} ${e.message ?? 'is invalid'}`)
    .join('; ');
  return { ok: false, errors };
}

/** Draft-07 Ajv rejects unknown `$schema` URIs (draft-04/06 spellings): validate without it. */
function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  if (/draft-07/.test(String(schema.$schema))) return schema;
  const { $schema: _dropped, ...rest } = schema;
  return rest;
}
