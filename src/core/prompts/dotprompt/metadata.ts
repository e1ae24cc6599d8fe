/**
 * Front matter → Dotprompt metadata ("Prompt frontmatter" reference, spec/metadata.yaml and
 * spec/picoschema.yaml): the reserved keys (name, variant, version, description, model, tools,
 * toolDefs, config, input, output, metadata) are type-checked, input/output/tool schemas are
 * expanded from Picoschema, namespaced keys (`ns.key`, split at the last dot) are collected
 * into `ext`, and the whole parsed mapping is kept as `raw`. Other plain keys stay in `raw` only.
 */
import { PromptError } from '../types';
import type { KeyPath } from './frontMatter';
import { PicoschemaError, picoschemaToJsonSchema, type SchemaLookup } from './picoschema';
import type { DotpromptMetadata, DotpromptToolDefinition } from './types';

/** Where errors point: the file and a line lookup for front-matter keys. */
export interface MetadataSource {
  readonly path?: string;
  lineOf(keyPath: KeyPath): number | undefined;
}

const RESERVED = new Set([
  'config', 'description', 'ext', 'input', 'metadata', 'model', 'name', 'output', 'raw', 'tools', 'toolDefs', 'variant', 'version',
]);

/** Interprets a parsed front matter; `raw` is left out when the file had none. */
export function interpretFrontMatter(
  data: Readonly<Record<string, unknown>>,
  source: MetadataSource,
  lookup?: SchemaLookup,
  hasFrontMatter = true,
): DotpromptMetadata {
  const fail = (message: string, keyPath: KeyPath): never => {
    throw new PromptError(message, source.path, source.lineOf(keyPath));
  };
  const schema = (value: unknown, keyPath: KeyPath): Record<string, unknown> | undefined => {
    try {
      return picoschemaToJsonSchema(value, lookup);
    } catch (err) {
      if (err instanceof PicoschemaError) return fail(`Picoschema: ${err.message}`, [...keyPath, ...err.path]);
      throw err;
    }
  };
  const text = (key: string): string | undefined => {
    const value = data[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (key === 'version' && typeof value === 'number') return String(value);
    return fail(`'${key}' must be a string`, [key]);
  };
  const mapping = (value: unknown, keyPath: KeyPath): Record<string, unknown> | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
    return fail(`'${keyPath.join('.')}' must be a mapping`, keyPath);
  };

  const ext: Record<string, Record<string, unknown>> = {};
  for (const [key, value] of Object.entries(data)) {
    if (RESERVED.has(key) || !key.includes('.')) continue;
    const dot = key.lastIndexOf('.');
    (ext[key.slice(0, dot)] ??= {})[key.slice(dot + 1)] = value;
  }
  if (data.ext !== undefined) fail("'ext' is filled from namespaced keys (ns.key: value) and cannot be written directly", ['ext']);
  if (data.raw !== undefined) fail("'raw' is reserved for the parsed front matter and cannot be written directly", ['raw']);

  const input = mapping(data.input, ['input']);
  for (const key of Object.keys(input ?? {})) {
    if (key !== 'default' && key !== 'schema') fail(`unknown key 'input.${key}' (expected default or schema)`, ['input', key]);
  }
  const inputDefault = mapping(input?.default, ['input', 'default']);
  const inputSchema = schema(input?.schema, ['input', 'schema']);
  const output = mapping(data.output, ['output']);
  if (output?.format !== undefined && typeof output.format !== 'string') fail("'output.format' must be a string", ['output', 'format']);
  const outputSchema = schema(output?.schema, ['output', 'schema']);

  const tools = data.tools;
  if (tools !== undefined && tools !== null && (!Array.isArray(tools) || !tools.every((t) => typeof t === 'string'))) {
    fail("'tools' must be a list of tool names", ['tools']);
  }
  const toolDefs = toolDefinitions(data.toolDefs, fail, schema);
  const model = text('model');

  return prune({
    name: text('name'),
    variant: text('variant'),
    version: text('version'),
    description: text('description'),
    model,
    tools: Array.isArray(tools) ? (tools as string[]) : undefined,
    toolDefs,
    config: mapping(data.config, ['config']) ?? {},
    input: input ? prune({ default: inputDefault, schema: inputSchema }) : undefined,
    output: output ? prune({ ...output, schema: outputSchema }) : undefined,
    metadata: mapping(data.metadata, ['metadata']),
    ext,
    raw: hasFrontMatter ? data : undefined,
  }) as DotpromptMetadata;
}

function toolDefinitions(
  value: unknown,
  fail: (message: string, keyPath: KeyPath) => never,
  schema: (value: unknown, keyPath: KeyPath) => Record<string, unknown> | undefined,
): DotpromptToolDefinition[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) return fail("'toolDefs' must be a list of tool definitions", ['toolDefs']);
  return value.map((def: unknown, i) => {
    if (typeof def !== 'object' || def === null || Array.isArray(def)) return fail('a tool definition must be a mapping', ['toolDefs', i]);
    const d = def as Record<string, unknown>;
    if (typeof d.name !== 'string' || !d.name) return fail('a tool definition needs a name', ['toolDefs', i]);
    if (d.description !== undefined && typeof d.description !== 'string') fail('a tool description must be a string', ['toolDefs', i, 'description']);
    return prune({
      ...d,
      name: d.name,
      description: d.description as string | undefined,
      inputSchema: schema(d.inputSchema, ['toolDefs', i, 'inputSchema']) ?? { type: 'object', properties: {} },
      outputSchema: schema(d.outputSchema, ['toolDefs', i, 'outputSchema']),
    }) as DotpromptToolDefinition;
  });
}

/** Drops keys whose value is undefined (so results compare equal to the spec's expectations). */
export function prune<T extends Record<string, unknown>>(object: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) if (value !== undefined) out[key] = value;
  return out as T;
}
