/**
 * The client for any OpenAI-compatible endpoint (OpenAI, Azure OpenAI, Ollama, vLLM, LM Studio),
 * built on the official `openai` package. Callers pass the key in; the core never reads settings or
 * secrets itself, and never logs a key.
 */
import OpenAI from 'openai';

export interface EndpointConfig {
  /** e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1 */
  readonly baseUrl: string;
  /** Local servers usually need none. */
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}

export class EndpointError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'EndpointError';
  }
}

export function createClient(cfg: EndpointConfig): OpenAI {
  return new OpenAI({
    baseURL: cfg.baseUrl,
    // The SDK insists on a key; servers such as Ollama ignore it.
    apiKey: cfg.apiKey && cfg.apiKey.length > 0 ? cfg.apiKey : 'no-key',
    timeout: cfg.timeoutMs ?? 30_000,
    maxRetries: 1,
  });
}

/** Ids of the models the endpoint serves (`GET /models`), sorted. */
export async function listModels(cfg: EndpointConfig, signal?: AbortSignal): Promise<string[]> {
  try {
    const ids: string[] = [];
    for await (const m of createClient(cfg).models.list({ signal })) ids.push(m.id);
    return ids.sort();
  } catch (err) {
    throw describeError(cfg, err);
  }
}

function describeError(cfg: EndpointConfig, err: unknown): Error {
  if (err instanceof OpenAI.APIUserAbortError) return err;
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    const hint = err.status === 401 || err.status === 403 ? ' Check the API key (Tracemine: Set Model API Key…).' : '';
    return new EndpointError(`${cfg.baseUrl} answered ${err.status}: ${firstLine(err.message)}.${hint}`, err.status);
  }
  const reason = err instanceof Error ? err.message : String(err);
  return new EndpointError(`Could not reach ${cfg.baseUrl}: ${firstLine(reason)}`);
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
