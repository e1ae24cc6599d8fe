/**
 * promptfoo provider ids and options → ProviderSpec. Tracemine calls OpenAI-compatible chat
 * endpoints, so it maps `openai:<model>` and `openai:chat:<model>` (the configured endpoint, or
 * `config.apiBaseUrl` / `config.apiHost`), `ollama:chat:<model>` and a few hosted
 * OpenAI-compatible services; every other provider (anthropic:…, bedrock:…, vertex:…, echo,
 * exec:, scripts, HTTP) is reported as unsupported by name and left out.
 */
import type { ProviderSpec } from '../types';
import type { Warnings } from './warnings';

/** Prefix → base URL of OpenAI-compatible services whose ids are `<prefix>:<model>`. */
const HOSTED: Readonly<Record<string, string>> = {
  openrouter: 'https://openrouter.ai/api/v1',
  groq: 'https://api.groq.com/openai/v1',
  deepseek: 'https://api.deepseek.com/v1',
  togetherai: 'https://api.together.xyz/v1',
};

const OLLAMA_BASE_URL = 'http://localhost:11434/v1';

/** `openai:<endpoint>:…` endpoints other than chat completions. */
const OPENAI_OTHER_ENDPOINTS = new Set([
  'completion', 'embedding', 'embeddings', 'responses', 'assistant', 'moderation', 'image', 'transcription', 'tts', 'speech',
  'realtime', 'video', 'agents', 'chatkit', 'codex-sdk', 'codex', 'codex-app-server', 'codex-desktop',
]);

/** promptfoo provider `config` keys that are chat-completions request parameters. */
export const REQUEST_PARAMS = new Set([
  'temperature', 'top_p', 'max_tokens', 'max_completion_tokens', 'seed', 'stop', 'presence_penalty', 'frequency_penalty',
  'response_format', 'tools', 'tool_choice', 'parallel_tool_calls', 'reasoning_effort', 'logprobs', 'top_logprobs',
  'logit_bias', 'user', 'verbosity', 'service_tier', 'store', 'modalities', 'prediction', 'web_search_options',
]);

/** Where a provider was written, for warnings. */
export interface ProviderSite {
  /** Key pattern for warnings, e.g. `providers[]`. */
  readonly keyPattern: string;
  readonly line?: number;
  /** Line of a key inside the entry (its config keys), when the file has lines. */
  readonly keyLine?: (node: object, key: string) => number | undefined;
}

/** The endpoint and model an id string names, or why it is unsupported. */
export function parseProviderId(id: string): { model: string; baseUrl?: string } | { unsupported: string } {
  const parts = id.split(':');
  const [head, second] = parts;
  if (head === 'openai') {
    if (parts.length === 1) return { unsupported: 'name a model: openai:<model>' };
    if (second === 'chat') {
      const model = parts.slice(2).join(':');
      return model ? { model } : { unsupported: 'name a model: openai:chat:<model>' };
    }
    if (OPENAI_OTHER_ENDPOINTS.has(second!)) return { unsupported: `the ${second} endpoint is not supported (Tracemine calls chat completions)` };
    return { model: parts.slice(1).join(':') };
  }
  if (head === 'ollama') {
    if (second === 'chat' && parts.length > 2) return { model: parts.slice(2).join(':'), baseUrl: OLLAMA_BASE_URL };
    return { unsupported: 'only ollama:chat:<model> is supported' };
  }
  const hosted = HOSTED[head!];
  if (hosted !== undefined && parts.length > 1) return { model: parts.slice(1).join(':'), baseUrl: hosted };
  return { unsupported: 'not an OpenAI-compatible chat provider' };
}

/**
 * One promptfoo provider entry (id string, `{id, label, config}` object, or `{<id>: options}`)
 * → a ProviderSpec, or undefined (with a warning) when Tracemine cannot call it. `file://`
 * parameter values are left for the caller to read.
 */
export function mapProvider(entry: unknown, site: ProviderSite, warnings: Warnings): ProviderSpec | undefined {
  let o: Record<string, unknown>;
  if (typeof entry === 'string') o = { id: entry };
  else if (typeof entry === 'object' && entry !== null && !Array.isArray(entry)) {
    const keys = Object.keys(entry);
    const raw = entry as Record<string, unknown>;
    // `{ 'openai:gpt-4o': { config: … } }`
    if (!('id' in raw) && keys.length === 1 && (raw[keys[0]!] === null || typeof raw[keys[0]!] === 'object')) o = { id: keys[0], ...(raw[keys[0]!] as object | null) };
    else o = raw;
  } else {
    warnings.add(`provider ${JSON.stringify(entry)} is not a provider id or object; ignored`, site.line, site.keyPattern);
    return undefined;
  }
  const id = o.id;
  if (typeof id !== 'string' || id === '') {
    warnings.add('a provider without a string id is not supported; ignored', site.line, `${site.keyPattern}.id`);
    return undefined;
  }
  const parsed = parseProviderId(id);
  if ('unsupported' in parsed) {
    warnings.add(`provider '${id}' is not supported (${parsed.unsupported}); ignored`, site.line, site.keyPattern);
    return undefined;
  }
  const at = (node: object, key: string) => site.keyLine?.(node, key) ?? site.line;
  for (const key of Object.keys(o)) {
    if (key !== 'id' && key !== 'label' && key !== 'config') warnings.unsupportedKey(`${site.keyPattern}.${key}`, at(o, key));
  }
  const config = (typeof o.config === 'object' && o.config !== null ? o.config : {}) as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (REQUEST_PARAMS.has(key)) params[key] = value;
    else if ((key === 'apiBaseUrl' || key === 'apiHost') && typeof value === 'string') continue;
    else if (key === 'passthrough' && typeof value === 'object' && value !== null) Object.assign(params, value);
    else if (key === 'apiKey' || key === 'apiKeyEnvar') warnings.unsupportedKey(`${site.keyPattern}.config.${key}`, at(config, key), "Tracemine keeps the API key in the editor's secret storage (Tracemine: Set Model API Key…)");
    else warnings.unsupportedKey(`${site.keyPattern}.config.${key}`, at(config, key));
  }
  // apiBaseUrl is a full base URL; apiHost only the host name of an OpenAI-style API.
  const baseUrl = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl
    : typeof config.apiHost === 'string' ? `https://${config.apiHost}/v1`
      : parsed.baseUrl;
  return {
    id,
    model: parsed.model,
    params,
    ...(typeof o.label === 'string' && { label: o.label }),
    ...(baseUrl !== undefined && { baseUrl }),
  };
}
