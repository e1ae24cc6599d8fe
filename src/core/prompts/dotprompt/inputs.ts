/**
 * The declared inputs of a Dotprompt (front matter `input`, "Prompt frontmatter" reference) as the
 * shared {@link PromptInput} list: one entry per property of the expanded input schema (object
 * schemas only), with `input.default` values; keys that only have a default are listed too.
 */
import type { PromptInput } from '../types';
import { prune } from './metadata';
import type { DotpromptMetadata } from './types';

export function declaredInputs(input: DotpromptMetadata['input']): PromptInput[] {
  const defaults = input?.default ?? {};
  const schema = input?.schema;
  const properties = isMapping(schema?.properties) ? schema.properties : {};
  const required = Array.isArray(schema?.required) ? (schema.required as unknown[]) : [];
  const inputs: PromptInput[] = Object.entries(properties).map(([name, property]) => {
    const p = isMapping(property) ? property : typeof property === 'string' ? { type: property } : {};
    return prune({
      name,
      type: typeName(p),
      description: typeof p.description === 'string' ? p.description : undefined,
      required: required.includes(name),
      default: defaults[name],
    });
  });
  for (const [name, value] of Object.entries(defaults)) {
    if (!(name in properties)) inputs.push({ name, required: false, default: value });
  }
  return inputs;
}

/** `string`, `number|null` → `number`, `string|integer`, `enum`; undefined for "any". */
function typeName(schema: Record<string, unknown>): string | undefined {
  const { type } = schema;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) {
    const types = type.filter((t) => t !== 'null');
    return types.length ? types.join('|') : 'null';
  }
  if (Array.isArray(schema.enum)) return 'enum';
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
