/**
 * JSON assertions: `is-json` (the whole output is JSON) and `contains-json` (the first JSON
 * object or array embedded in the output), each optionally validated against a JSON schema given
 * as the value (an object, YAML/JSON text, or `file://path`).
 */
import type { AssertionContext, AssertionSpec } from '../types';
import { failure, quote, verdict, type AssertionHandler, type Outcome } from './handler';
import { extractFirstJson } from './jsonText';
import { checkSchema, compileSchema } from './schema';
import { isPlainObject, loadStructured } from './values';

function validateSchemaValue(spec: AssertionSpec): string | undefined {
  const v = spec.value;
  if (v === undefined || v === null || typeof v === 'string') return undefined; // file:// or text: checked when graded
  if (!isPlainObject(v)) return `${spec.type} value must be a JSON schema object`;
  try {
    compileSchema(v);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

async function withSchema(spec: AssertionSpec, ctx: AssertionContext, json: unknown, what: string): Promise<Outcome> {
  if (spec.value === undefined || spec.value === null) return verdict(true, `${what} is valid JSON`);
  let schema: unknown;
  try {
    schema = await loadStructured(spec.value, ctx);
    const check = checkSchema(schema, json);
    return check.ok
      ? verdict(true, `${what} is valid JSON matching the schema`)
      : verdict(false, `${what} does not match the schema: ${check.errors}`);
  } catch (err) {
    return failure(err instanceof Error ? err.message : String(err));
  }
}

/** `is-json`. */
export const isJson: AssertionHandler = {
  validate: validateSchemaValue,
  async grade(spec, ctx) {
    let json: unknown;
    try {
      json = JSON.parse(ctx.output) as unknown;
    } catch (err) {
      return verdict(false, `Output is not valid JSON (${err instanceof Error ? err.message : String(err)}): ${quote(ctx.output)}`);
    }
    return withSchema(spec, ctx, json, 'Output');
  },
};

/** `contains-json`. */
export const containsJson: AssertionHandler = {
  validate: validateSchemaValue,
  async grade(spec, ctx) {
    const found = extractFirstJson(ctx.output);
    if (!found) return verdict(false, 'Output contains no JSON object or array');
    return withSchema(spec, ctx, found.value, 'The first JSON in the output');
  },
};
