/**
 * Prompty v2 data → OpenAI shapes, as the spec's wire section prescribes:
 * `Property[]` → JSON Schema (§7.1.4), tools → OpenAI function definitions with bindings stripped
 * and `strict` on the function (§7.1.3), outputs → structured-output schema (§7.1.6), and
 * `ModelOptions` → OpenAI request parameter names (§7.1.5, §7.6).
 */
import type { PromptyProperty, PromptyTool } from './agent';

const KIND_TO_TYPE: Readonly<Record<string, string>> = {
  string: 'string',
  integer: 'integer',
  float: 'number',
  number: 'number',
  boolean: 'boolean',
  array: 'array',
  object: 'object',
};

type Schema = Record<string, unknown>;

/** §7.1.4 `property_to_json_schema` (non-strict): kind → type, recursing into items/properties. */
export function propertyToJsonSchema(p: PromptyProperty): Schema {
  const out: Schema = {};
  const type = p.kind ? KIND_TO_TYPE[p.kind] : undefined;
  if (p.kind === 'union') {
    const key = Array.isArray(p.oneOf) && p.oneOf.length ? 'oneOf' : 'anyOf';
    const branches = (p[key] as PromptyProperty[] | undefined) ?? [];
    out[key] = branches.map(propertyToJsonSchema);
  } else if (type) {
    out.type = type;
  }
  if (type === 'array' && p.items && typeof p.items === 'object') out.items = propertyToJsonSchema(p.items as PromptyProperty);
  if (type === 'object' && Array.isArray(p.properties)) Object.assign(out, propertiesToJsonSchema(p.properties as PromptyProperty[]));
  if (p.description) out.description = p.description;
  if (p.enumValues && p.enumValues.length) out.enum = [...p.enumValues];
  return out;
}

/** §7.1.4 `schema_to_wire`: an object schema whose `required` lists the required properties. */
export function propertiesToJsonSchema(props: readonly PromptyProperty[]): Schema {
  const properties: Record<string, Schema> = {};
  const required: string[] = [];
  for (const p of props) {
    properties[p.name] = propertyToJsonSchema(p);
    if (p.required === true) required.push(p.name);
  }
  return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
}

/** §7.1.6: outputs → the JSON Schema of the structured output (closed object). */
export function outputsToJsonSchema(outputs: readonly PromptyProperty[] | undefined): Schema | undefined {
  if (!outputs || outputs.length === 0) return undefined;
  return { ...propertiesToJsonSchema(outputs), additionalProperties: false };
}

/**
 * §7.1.3 for `kind: function` tools. MCP, OpenAPI and custom tools project only after server or
 * registry discovery (I/O), so they are not listed here; they stay in the front matter.
 */
export function toolsToOpenAi(tools: readonly PromptyTool[] | undefined): unknown[] | undefined {
  const out: unknown[] = [];
  for (const tool of tools ?? []) {
    if (tool.kind !== 'function') continue;
    const parameters = propertiesToJsonSchema(tool.parameters ?? []);
    const bound = Object.keys(tool.bindings ?? {});
    const props = parameters.properties as Record<string, Schema>;
    for (const name of bound) delete props[name];
    if (Array.isArray(parameters.required)) {
      const required = (parameters.required as string[]).filter((n) => !bound.includes(n));
      if (required.length) parameters.required = required;
      else delete parameters.required;
    }
    const fn: Record<string, unknown> = { name: tool.name };
    if (tool.description) fn.description = tool.description;
    fn.parameters = parameters;
    if (tool.strict === true) {
      fn.strict = true;
      parameters.additionalProperties = false;
    }
    out.push({ type: 'function', function: fn });
  }
  return out.length ? out : undefined;
}

/**
 * §7.1.5 / §7.6 names, except `maxOutputTokens` → `max_tokens`: Tracemine's provider-neutral
 * config uses `max_tokens` for every format (the spec sends `max_completion_tokens` to OpenAI).
 * `additionalProperties` pass through unmapped; keys outside ModelOptions are kept as written.
 */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  temperature: 'temperature',
  maxOutputTokens: 'max_tokens',
  topP: 'top_p',
  topK: 'top_k',
  frequencyPenalty: 'frequency_penalty',
  presencePenalty: 'presence_penalty',
  stopSequences: 'stop',
  seed: 'seed',
  allowMultipleToolCalls: 'parallel_tool_calls',
};

export function optionsToConfig(options: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!options) return out;
  for (const [key, value] of Object.entries(options)) {
    if (key === 'additionalProperties' || value === undefined || value === null) continue;
    out[OPTION_NAMES[key] ?? key] = value;
  }
  const extra = options.additionalProperties;
  if (extra && typeof extra === 'object' && !Array.isArray(extra)) {
    for (const [key, value] of Object.entries(extra)) if (!(key in out)) out[key] = value;
  }
  return out;
}
