/**
 * Prompty v1 front matter (v1-legacy/Prompty.yaml, draft-07) → LoadedPrompt.
 *
 * - model id: `model.configuration.azure_deployment`, else `.name`/`.model`, else `model.parameters.model`;
 * - config: `model.parameters` (already OpenAI names) without `model`, `tools` and
 *   `response_format`, which become `model`, `tools` and `outputSchema`/`outputFormat`;
 * - inputs: the `inputs:` map (`type`, `description`, `default`, `sample`) plus every `sample:` key;
 *   v1 runtimes hoist `sample` values under the caller's inputs, so a sample value is the
 *   input's default;
 * - `response_format: {type: json_schema, json_schema: {schema}}` → outputSchema, `json_object` → JSON.
 */
import type { LoadedPrompt, PromptInput } from '../types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value;
}

function v1Inputs(data: Record<string, unknown>, sample: Record<string, unknown> | undefined): PromptInput[] {
  const out = new Map<string, PromptInput>();
  const declared = isRecord(data.inputs) ? data.inputs : {};
  for (const [name, spec] of Object.entries(declared)) {
    const s = isRecord(spec) ? spec : { default: spec };
    const fallback = 'default' in s ? s.default : 'sample' in s ? s.sample : sample?.[name];
    const input: PromptInput = {
      name,
      required: s.required === true,
      ...(str(s.type) ? { type: s.type as string } : fallback !== undefined ? { type: typeOf(fallback) } : {}),
      ...(str(s.description) ? { description: s.description as string } : {}),
      ...(fallback !== undefined ? { default: fallback } : {}),
    };
    out.set(name, input);
  }
  for (const [name, value] of Object.entries(sample ?? {})) {
    if (!out.has(name)) out.set(name, { name, type: typeOf(value), required: false, default: value });
  }
  return [...out.values()];
}

function v1Sample(data: Record<string, unknown>): Record<string, unknown> | undefined {
  const sample: Record<string, unknown> = isRecord(data.sample) ? { ...data.sample } : {};
  if (isRecord(data.inputs)) {
    for (const [name, spec] of Object.entries(data.inputs)) {
      if (isRecord(spec) && 'sample' in spec && !(name in sample)) sample[name] = spec.sample;
    }
  }
  return Object.keys(sample).length ? sample : undefined;
}

export interface V1Source {
  readonly raw: Readonly<Record<string, unknown>>;
  readonly data: Record<string, unknown>;
  readonly body: string;
  readonly bodyLine: number;
}

export function v1ToLoadedPrompt(src: V1Source, path?: string): LoadedPrompt {
  const { data } = src;
  const model = isRecord(data.model) ? data.model : {};
  const configuration = isRecord(model.configuration) ? model.configuration : {};
  const parameters = isRecord(model.parameters) ? model.parameters : {};
  const { tools, response_format: responseFormat, model: _model, ...config } = parameters;
  const sample = v1Sample(data);
  const rf = isRecord(responseFormat) ? responseFormat : undefined;
  const jsonSchema = rf?.type === 'json_schema' && isRecord(rf.json_schema) ? rf.json_schema.schema : undefined;
  const json = rf?.type === 'json_schema' || rf?.type === 'json_object';
  const modelId =
    str(configuration.azure_deployment) ?? str(configuration.name) ?? str(configuration.model) ?? str(parameters.model);
  return {
    format: 'prompty',
    ...(path !== undefined ? { path } : {}),
    ...(str(data.name) ? { name: data.name as string } : {}),
    ...(str(data.description) ? { description: data.description as string } : {}),
    ...(modelId ? { model: modelId } : {}),
    config,
    inputs: v1Inputs(data, sample),
    ...(sample ? { sample } : {}),
    ...(Array.isArray(tools) && tools.length ? { tools } : {}),
    ...(jsonSchema !== undefined ? { outputSchema: jsonSchema } : {}),
    outputFormat: json ? 'json' : 'text',
    frontMatter: src.raw,
    template: src.body,
    templateLine: src.bodyLine,
  };
}
