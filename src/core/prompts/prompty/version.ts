/**
 * Which Prompty front matter a file uses, and which template engine and parser it asks for.
 *
 * v1 (Prompty.yaml, draft-07): `model.api/configuration/parameters`, `sample:`, top-level
 * `authors/tags/version`, `template: <engine>` as a string.
 * v2 (spec §2.3–§2.8): `model: <id>` or `model.id/provider/apiType/connection/options`,
 * `inputs/outputs/tools` as lists, `template.format.kind`, `metadata`.
 * A file with v1 markers and none of v2 is v1; everything else (including no front matter) is
 * read as v2, the current format, so a v2 file that misuses a v1 shape gets v2's error.
 */
import { PromptError } from '../types';
import type { KeyPath } from './frontMatter';

export type PromptyVersion = 1 | 2;

const V1_MODEL_KEYS = ['api', 'configuration', 'parameters', 'response'];
const V2_MODEL_KEYS = ['id', 'provider', 'apiType', 'connection', 'options'];

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

export function detectVersion(fm: Readonly<Record<string, unknown>>): PromptyVersion {
  const model = fm.model;
  const v2 =
    typeof model === 'string' ||
    (isRecord(model) && V2_MODEL_KEYS.some((k) => k in model)) ||
    Array.isArray(fm.inputs) || Array.isArray(fm.outputs) || Array.isArray(fm.tools) ||
    isRecord(fm.template) || 'metadata' in fm || 'displayName' in fm;
  const v1 =
    (isRecord(model) && V1_MODEL_KEYS.some((k) => k in model)) ||
    'sample' in fm || 'authors' in fm || 'tags' in fm || typeof fm.template === 'string';
  return v1 && !v2 ? 1 : 2;
}

export interface TemplateChoice {
  /** Renderer key: `jinja2` (default), `mustache`… (§2.8, §5.4 step 3). */
  readonly format: string;
  /** Parser key: `prompty` (default, §2.8). v1 spells it `prompty.chat`. */
  readonly parser: string;
}

function kindOf(v: unknown, fallback: string): string | undefined {
  if (v === undefined || v === null) return fallback;
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.kind === 'string') return v.kind;
  return undefined;
}

/**
 * §2.8 / §4.2 step 6b–c: the template engine and parser. A bare string `template:` is v1's form;
 * in v2 it is rejected (conformance vector `template_string_invalid`), although §4.2 step 6c
 * still describes it as a shorthand.
 */
export function templateChoice(
  fm: Readonly<Record<string, unknown>>,
  version: PromptyVersion,
  where: { path?: string; lineOf?: (k: KeyPath) => number } = {},
): TemplateChoice {
  const t = fm.template;
  const fail = (message: string): never => {
    throw new PromptError(message, where.path, where.lineOf?.(['template']));
  };
  if (t === undefined || t === null) return { format: 'jinja2', parser: 'prompty' };
  if (version === 1) {
    if (typeof t === 'string') return { format: t, parser: 'prompty' };
    if (isRecord(t) && typeof t.type === 'string') return { format: t.type, parser: typeof t.parser === 'string' ? t.parser : 'prompty' };
    return fail('Invalid template format: v1 `template` must be an engine name such as jinja2 or mustache');
  }
  if (!isRecord(t)) return fail('Invalid template format: `template` must be an object with `format` and `parser` (Prompty v2 §2.8)');
  const format = kindOf(t.format, 'jinja2');
  const parser = kindOf(t.parser, 'prompty');
  if (format === undefined) return fail('Invalid template format: `template.format` must have a string `kind`');
  if (parser === undefined) return fail('Invalid template format: `template.parser` must have a string `kind`');
  return { format, parser };
}
