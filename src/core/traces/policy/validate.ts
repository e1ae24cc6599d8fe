/**
 * The policy file against schemas/trace-policy.schema.json (ajv, draft-07), reduced to the one
 * error most useful to a person: an unknown key first (with the nearest known key as a
 * suggestion), else the deepest error, type errors of alternatives merged ("must be string or
 * array"). Errors of the schema's exactly-one-rule-type check are left to compileRule, which says
 * it in words.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import policySchema from '../../../../schemas/trace-policy.schema.json';
import type { KeyPath } from './specError';
import { nearestKey, pointerToPath } from '../../schemaPaths';

export const POLICY_SCHEMA_ID = 'https://tracemine.dev/schemas/trace-policy-1.json';

let validator: ValidateFunction | undefined;

function validate(): ValidateFunction {
  validator ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictTypes: false, strictRequired: false }).compile(policySchema);
  return validator;
}

export interface ShapeError {
  readonly keyPath: KeyPath;
  readonly message: string;
}

/** The known key nearest to `key`, when it is near enough to be a typo. */
export function suggestKey(key: string, known: readonly string[]): string | undefined {
  return nearestKey(key, known, Math.max(2, Math.floor(key.length / 3)));
}

function unknownKey(e: ErrorObject, data: unknown): ShapeError {
  const key = String((e.params as { additionalProperty: string }).additionalProperty);
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  const known = props ? Object.keys(props).filter((k) => k !== '$schema') : [];
  const hint = suggestKey(key, known);
  return {
    keyPath: [...pointerToPath(e.instancePath, data), key],
    message: `unknown key "${key}"${hint ? ` (did you mean "${hint}"?)` : known.length > 0 ? ` (expected one of: ${known.join(', ')})` : ''}`,
  };
}

function describe(errors: readonly ErrorObject[]): string {
  // A value of the right type for one alternative breaks that alternative's other keywords: say
  // that; only when every alternative wants another type, list the types.
  const specific = errors.find((x) => x.keyword !== 'type' && x.keyword !== 'oneOf' && x.keyword !== 'anyOf');
  const types = errors.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type: string }).type));
  if (!specific && types.length > 0) return `must be ${[...new Set(types)].join(' or ')}`;
  const e = specific ?? errors[0]!;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': return `missing required key "${String(p.missingProperty)}"`;
    case 'enum': return `must be one of: ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const': return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'minItems': return p.limit === 1 ? 'must not be empty' : e.message ?? 'too few items';
    case 'minProperties': return 'must not be empty';
    case 'minLength': return 'must not be empty';
    case 'pattern': return `must match ${String(p.pattern)}`;
    default: return e.message ?? `fails ${e.keyword}`;
  }
}

/** The first error of the policy file's shape, or undefined when it fits the schema. */
export function shapeError(data: unknown): ShapeError | undefined {
  const v = validate();
  if (v(data)) return undefined;
  const errors = (v.errors ?? []).filter((e) => !e.schemaPath.startsWith('#/definitions/oneRuleType'));
  if (errors.length === 0) return undefined;
  const extra = errors.find((e) => e.keyword === 'additionalProperties');
  if (extra) return unknownKey(extra, data);
  const depth = (e: ErrorObject) => (e.instancePath === '' ? 0 : e.instancePath.split('/').length);
  const deepest = Math.max(...errors.map(depth));
  const atDeepest = errors.filter((e) => depth(e) === deepest);
  const pointer = atDeepest[0]!.instancePath;
  return { keyPath: pointerToPath(pointer, data), message: describe(atDeepest.filter((e) => e.instancePath === pointer)) };
}
