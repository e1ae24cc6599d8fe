/**
 * Picoschema → JSON Schema, as the Dotprompt "Picoschema" reference describes it (and
 * spec/picoschema.yaml checks it):
 *
 * - a string is `type[, description]`: a scalar (`string number integer boolean null any`) or a
 *   named schema from the caller's registry; `any` becomes `{}`;
 * - a mapping whose `type` is a JSON Schema type name, or that has `properties`, is already JSON
 *   Schema ("eject") and is returned as it is (`type: object` added when only `properties` is
 *   given); this detection applies to the top level only;
 * - any other mapping is a Picoschema object: keys `name`, `name?` (optional, hence nullable),
 *   `name(array|object|enum[, description])` and the wildcard `(*)`; fields are required unless
 *   optional and objects allow no other properties unless a wildcard is given.
 *
 * Anything else is an error that names the key path, never a silently different schema.
 */

/** Path of YAML keys (relative to the schema) where a Picoschema error was found. */
export type SchemaPath = readonly (string | number)[];

export class PicoschemaError extends Error {
  constructor(message: string, readonly path: SchemaPath) {
    super(message);
    this.name = 'PicoschemaError';
  }
}

/** Looks up a named schema (`Foo` in `schema: Foo, a foo`); undefined when unknown. */
export type SchemaLookup = (name: string) => unknown;

type JsonSchema = Record<string, unknown>;

const SCALARS = new Set(['string', 'number', 'integer', 'boolean', 'null']);
const JSON_SCHEMA_TYPES = new Set([...SCALARS, 'object', 'array']);
/** `name`, optional `?`, optional `(kind[, description])`. */
const FIELD_KEY = /^([^?()]+?)(\?)?(?:\(\s*([A-Za-z]+)\s*(?:,\s*(.*?))?\s*\))?$/s;
const WILDCARD = '(*)';

/** Expands a Picoschema (or passes JSON Schema through). `undefined`/`null` give `undefined`. */
export function picoschemaToJsonSchema(schema: unknown, lookup?: SchemaLookup): JsonSchema | undefined {
  if (schema === undefined || schema === null) return undefined;
  if (typeof schema === 'string') return typeString(schema, lookup, []);
  if (!isMapping(schema)) throw new PicoschemaError('a schema must be a type string or a mapping', []);
  if (isJsonSchema(schema)) {
    return schema.type === undefined ? { type: 'object', ...schema } : schema;
  }
  return objectSchema(schema, lookup, []);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJsonSchema(schema: Record<string, unknown>): boolean {
  const type = schema.type;
  if (typeof type === 'string') return JSON_SCHEMA_TYPES.has(type);
  if (Array.isArray(type)) return type.length > 0 && type.every((t) => typeof t === 'string' && JSON_SCHEMA_TYPES.has(t));
  return schema.properties !== undefined && type === undefined;
}

/** `type[, description]`: the description is everything after the first comma, trimmed. */
function typeString(text: string, lookup: SchemaLookup | undefined, path: SchemaPath): JsonSchema {
  const comma = text.indexOf(',');
  const name = (comma < 0 ? text : text.slice(0, comma)).trim();
  const description = comma < 0 ? '' : text.slice(comma + 1).trim();
  const withDescription = (schema: JsonSchema): JsonSchema => (description ? { ...schema, description } : schema);
  if (name === 'any') return withDescription({});
  if (SCALARS.has(name)) return withDescription({ type: name });
  const named = lookup?.(name);
  if (isMapping(named)) return withDescription(structuredClone(named));
  if (named !== undefined) throw new PicoschemaError(`named schema '${name}' is not a mapping`, path);
  throw new PicoschemaError(
    `unsupported type '${name}' (use string, number, integer, boolean, null, any, a registered schema name, or name(array): type)`,
    path,
  );
}

/** A Picoschema object (a mapping of field keys). */
function objectSchema(fields: Record<string, unknown>, lookup: SchemaLookup | undefined, path: SchemaPath): JsonSchema {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  let additionalProperties: unknown = false;
  for (const [key, value] of Object.entries(fields)) {
    const fieldPath = [...path, key];
    if (key === WILDCARD) {
      additionalProperties = fieldValue(value, lookup, fieldPath);
      continue;
    }
    const match = FIELD_KEY.exec(key);
    if (!match) throw new PicoschemaError(`invalid field key '${key}' (expected name, name?, or name(kind, description))`, fieldPath);
    const name = match[1]!.trim();
    const optional = match[2] === '?';
    if (name in properties) throw new PicoschemaError(`field '${name}' is declared twice`, fieldPath);
    const schema = match[3] === undefined
      ? fieldValue(value, lookup, fieldPath)
      : parenthetical(match[3], match[4] ?? '', value, lookup, fieldPath);
    properties[name] = optional ? nullable(schema) : schema;
    if (!optional) required.push(name);
  }
  return { type: 'object', properties, ...(required.length ? { required } : {}), additionalProperties };
}

/** A field value without a parenthetical kind: a type string or a nested object. */
function fieldValue(value: unknown, lookup: SchemaLookup | undefined, path: SchemaPath): JsonSchema {
  if (typeof value === 'string') return typeString(value, lookup, path);
  if (isMapping(value)) return objectSchema(value, lookup, path);
  throw new PicoschemaError(
    `a field must be a type string or a mapping, got ${describe(value)} (write name(enum): [A, B] for an enum)`,
    path,
  );
}

/** `name(array|object|enum[, description]): value`. */
function parenthetical(
  kind: string,
  description: string,
  value: unknown,
  lookup: SchemaLookup | undefined,
  path: SchemaPath,
): JsonSchema {
  const desc = description ? { description } : {};
  switch (kind) {
    case 'array':
      return { type: 'array', ...desc, items: fieldValue(value, lookup, path) };
    case 'object':
      if (!isMapping(value)) throw new PicoschemaError(`name(object) needs a mapping of fields, got ${describe(value)}`, path);
      return { ...objectSchema(value, lookup, path), ...desc };
    case 'enum':
      if (!Array.isArray(value)) throw new PicoschemaError(`name(enum) needs a list of values, got ${describe(value)}`, path);
      return { ...desc, enum: [...value] };
    default:
      throw new PicoschemaError(`unsupported field kind '${kind}' (use array, object or enum)`, path);
  }
}

/** Optional fields are nullable: `type` gains `"null"`, an enum gains `null`. */
function nullable(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.enum)) return schema.enum.includes(null) ? schema : { ...schema, enum: [...schema.enum, null] };
  if (typeof schema.type === 'string') return schema.type === 'null' ? schema : { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.type) && !schema.type.includes('null')) return { ...schema, type: [...schema.type, 'null'] };
  return schema;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return `a ${typeof value}`;
}
