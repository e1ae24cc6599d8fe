/**
 * Prompty v2 front matter → the spec's `PromptAgent` data (spec §2.3–§2.9, §4.2 steps 6–7):
 * shorthand expansion (`model: <id>`, scalar inputs, template defaults), inputs/outputs as
 * `Property` lists (list or dict form), tools with `kind` and list-form parameters, and
 * `kind: "prompt"`. Unknown top-level properties are kept as they are (§2.3).
 */
import { PromptError } from '../types';
import type { KeyPath } from './frontMatter';
import { templateChoice } from './version';

/** §2.7 Property. Extra fields (`items`, `properties`, `oneOf`…) are kept. */
export interface PromptyProperty {
  readonly name: string;
  readonly kind?: string;
  readonly description?: string;
  readonly required?: boolean;
  readonly default?: unknown;
  readonly example?: unknown;
  readonly enumValues?: readonly unknown[];
  readonly [key: string]: unknown;
}

/** §2.9 Tool: `name` and `kind`; function tools have list-form `parameters`. */
export interface PromptyTool {
  readonly name: string;
  readonly kind: string;
  readonly description?: string;
  readonly parameters?: readonly PromptyProperty[];
  readonly strict?: boolean;
  readonly bindings?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface PromptyModel {
  readonly id?: string;
  readonly provider?: string;
  readonly apiType?: string;
  readonly connection?: unknown;
  readonly options?: Readonly<Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface PromptyAgent {
  readonly kind: 'prompt';
  readonly name?: string;
  readonly displayName?: string;
  readonly description?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly model?: PromptyModel;
  readonly inputs?: readonly PromptyProperty[];
  readonly outputs?: readonly PromptyProperty[];
  readonly tools?: readonly PromptyTool[];
  readonly template: { readonly format: { readonly kind: string }; readonly parser: { readonly kind: string } };
  readonly instructions: string;
  readonly [key: string]: unknown;
}

interface Where {
  readonly path?: string;
  readonly lineOf: (k: KeyPath) => number;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** §2.7 kind inference for the scalar shorthand. */
export function inferKind(value: unknown): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'float';
  if (typeof value === 'boolean') return 'boolean';
  if (Array.isArray(value)) return 'array';
  return 'object';
}

/** §2.7: a `Property[]` or a `{name: Property | scalar}` dict → a `Property[]`. */
export function normalizeProperties(value: unknown, at: KeyPath, where: Where): PromptyProperty[] | undefined {
  if (value === undefined || value === null) return undefined;
  const fail = (m: string, k: KeyPath): never => {
    throw new PromptError(m, where.path, where.lineOf(k));
  };
  if (Array.isArray(value)) {
    return value.map((p, i) => {
      if (!isRecord(p) || typeof p.name !== 'string') return fail('A property in a list must be an object with a string `name`', [...at, i]);
      return normalizeProperty(p as Record<string, unknown> & { name: string }, [...at, i], where);
    });
  }
  if (!isRecord(value)) return fail('Expected a list of properties or a mapping of name → property', at);
  return Object.entries(value).map(([name, p]) =>
    isRecord(p) ? normalizeProperty({ ...p, name }, [...at, name], where) : { name, kind: inferKind(p), default: p },
  );
}

function normalizeProperty(p: Record<string, unknown> & { name: string }, at: KeyPath, where: Where): PromptyProperty {
  const out: Record<string, unknown> = { ...p };
  if (isRecord(p.items)) out.items = normalizeProperty({ name: 'items', ...p.items }, [...at, 'items'], where);
  if (p.properties !== undefined) out.properties = normalizeProperties(p.properties, [...at, 'properties'], where);
  return out as PromptyProperty;
}

function normalizeTools(value: unknown, where: Where): PromptyTool[] | undefined {
  if (value === undefined || value === null) return undefined;
  const fail = (m: string, k: KeyPath): never => {
    throw new PromptError(m, where.path, where.lineOf(k));
  };
  if (!Array.isArray(value)) return fail('`tools` must be a list', ['tools']);
  return value.map((t, i) => {
    const at = ['tools', i];
    if (!isRecord(t) || typeof t.name !== 'string') return fail('A tool must be an object with a string `name`', at);
    if (typeof t.kind !== 'string') return fail(`Tool '${t.name}' has no \`kind\` (function, mcp, openapi…)`, at);
    const out: Record<string, unknown> = { ...t };
    if (t.parameters !== undefined) {
      // §2.9 list form, or the §2.9.1 example's `parameters: {properties: [...]}`.
      const list = isRecord(t.parameters) && 'properties' in t.parameters ? t.parameters.properties : t.parameters;
      out.parameters = normalizeProperties(list, [...at, 'parameters'], where);
    }
    return out as PromptyTool;
  });
}

/** §4.2 steps 6–7 on already reference-resolved front matter. */
export function toAgent(fm: Readonly<Record<string, unknown>>, instructions: string, where: Where): PromptyAgent {
  const out: Record<string, unknown> = { ...fm };
  if (typeof fm.model === 'string') out.model = { id: fm.model };
  else if (fm.model !== undefined && fm.model !== null && !isRecord(fm.model)) {
    throw new PromptError('`model` must be a model id or an object', where.path, where.lineOf(['model']));
  }
  const t = templateChoice(fm, 2, where);
  const raw = isRecord(fm.template) ? fm.template : {};
  out.template = {
    ...raw,
    format: isRecord(raw.format) ? raw.format : { kind: t.format },
    parser: isRecord(raw.parser) ? raw.parser : { kind: t.parser },
  };
  for (const key of ['inputs', 'outputs'] as const) {
    const props = normalizeProperties(fm[key], [key], where);
    if (props) out[key] = props;
    else delete out[key];
  }
  const tools = normalizeTools(fm.tools, where);
  if (tools) out.tools = tools;
  else delete out.tools;
  out.kind = 'prompt';
  out.instructions = instructions;
  return out as PromptyAgent;
}
