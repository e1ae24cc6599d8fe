/**
 * One chat-completions call through the official `openai` client: messages (and tools) in, a
 * `ProviderResponse` out — text, tool calls, tokens, cost priced with the pricing table
 * (undefined when the model or the token counts are unknown, never 0) and wall-clock latency.
 *
 * The client is built with `maxRetries: 0`: retries are retry.ts's job, so the SDK must not add
 * its own. Every failure is rethrown as a `ProviderCallError`; an aborted signal whose reason is
 * a `TimeoutError` is a `timeout`, any other abort is `aborted` (the run was cancelled).
 */
import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { DEFAULT_PRICING, priceOf, priceTokens, type PricingTable } from '../../traces/pricing';
import type { ChatMessage, ProviderResponse, ToolCallOut } from '../types';
import { ProviderCallError } from './errors';

export interface ProviderCall {
  readonly baseUrl: string;
  /** Sent as a bearer token; never logged, never cached, never in errors. */
  readonly apiKey?: string;
  readonly model: string;
  /** Request parameters as written (temperature, max_tokens, response_format…). */
  readonly params: Readonly<Record<string, unknown>>;
  readonly messages: readonly ChatMessage[];
  /** OpenAI tool definitions; defaults to `params.tools`. */
  readonly tools?: readonly unknown[];
  /** Stream the answer (SSE) and ask for a final usage chunk. */
  readonly stream?: boolean;
  readonly signal?: AbortSignal;
  readonly pricing?: PricingTable;
  /** A client to reuse (see `makeClient`); one is built per call otherwise. */
  readonly client?: OpenAI;
}

/** Parameter keys the runner owns: a suite cannot override them. */
const RESERVED = new Set(['model', 'messages', 'stream', 'stream_options', 'tools']);

/** An `openai` client for an endpoint, with the SDK's own retries off. */
export function makeClient(baseUrl: string, apiKey?: string): OpenAI {
  return new OpenAI({ baseURL: baseUrl, apiKey: apiKey && apiKey.length > 0 ? apiKey : 'no-key', maxRetries: 0, timeout: 600_000 });
}

export async function callProvider(call: ProviderCall): Promise<ProviderResponse> {
  const client = call.client ?? makeClient(call.baseUrl, call.apiKey);
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(call.params)) if (!RESERVED.has(k) && v !== undefined) body[k] = v;
  body.model = call.model;
  body.messages = call.messages.map(toOpenAiMessage);
  const tools = call.tools ?? (Array.isArray(call.params.tools) ? (call.params.tools as unknown[]) : undefined);
  if (tools && tools.length > 0) body.tools = tools;
  const t0 = performance.now();
  try {
    const got = call.stream ? await streamed(client, body, call.signal) : await single(client, body, call.signal);
    const latencyMs = performance.now() - t0;
    const model = got.model || call.model;
    const price = priceOf(model, call.pricing ?? DEFAULT_PRICING) ?? priceOf(call.model, call.pricing ?? DEFAULT_PRICING);
    const costUsd = price && got.inputTokens !== undefined && got.outputTokens !== undefined
      ? priceTokens(price, got.inputTokens, got.outputTokens, got.cachedTokens ?? 0)
      : undefined;
    return {
      output: got.output,
      toolCalls: got.toolCalls,
      model,
      ...(got.finishReason !== undefined && { finishReason: got.finishReason }),
      ...(got.inputTokens !== undefined && { inputTokens: got.inputTokens }),
      ...(got.outputTokens !== undefined && { outputTokens: got.outputTokens }),
      ...(costUsd !== undefined && { costUsd }),
      latencyMs,
      cached: false,
    };
  } catch (err) {
    throw toCallError(err, call.baseUrl, call.signal);
  }
}

interface Got {
  output: string;
  toolCalls: ToolCallOut[];
  model: string;
  finishReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedTokens?: number;
}

async function single(client: OpenAI, body: Record<string, unknown>, signal?: AbortSignal): Promise<Got> {
  const res = await client.chat.completions.create(body as unknown as ChatCompletionCreateParamsNonStreaming, { signal });
  const choice = res.choices[0];
  const toolCalls: ToolCallOut[] = [];
  for (const t of choice?.message.tool_calls ?? []) {
    if (t.type === 'function') toolCalls.push({ id: t.id, name: t.function.name, arguments: t.function.arguments });
  }
  return {
    output: choice?.message.content ?? '',
    toolCalls,
    model: res.model,
    ...(choice?.finish_reason && { finishReason: choice.finish_reason }),
    ...(res.usage && { inputTokens: res.usage.prompt_tokens, outputTokens: res.usage.completion_tokens, cachedTokens: res.usage.prompt_tokens_details?.cached_tokens }),
  };
}

async function streamed(client: OpenAI, body: Record<string, unknown>, signal?: AbortSignal): Promise<Got> {
  const params = { ...body, stream: true, stream_options: { include_usage: true } } as unknown as ChatCompletionCreateParamsStreaming;
  const stream = await client.chat.completions.create(params, { signal });
  let output = '';
  let model = '';
  let finishReason: string | undefined;
  const calls: { id?: string; name: string; arguments: string }[] = [];
  let usage: { prompt_tokens: number; completion_tokens: number; prompt_tokens_details?: { cached_tokens?: number } } | undefined;
  for await (const chunk of stream) {
    if (chunk.model) model = chunk.model;
    if (chunk.usage) usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    if (choice.delta.content) output += choice.delta.content;
    for (const t of choice.delta.tool_calls ?? []) {
      const slot = (calls[t.index] ??= { name: '', arguments: '' });
      if (t.id) slot.id = t.id;
      if (t.function?.name) slot.name += t.function.name;
      if (t.function?.arguments) slot.arguments += t.function.arguments;
    }
    if (choice.finish_reason) finishReason = choice.finish_reason;
  }
  return {
    output,
    toolCalls: calls.filter(Boolean).map((c) => (c.id !== undefined ? { id: c.id, name: c.name, arguments: c.arguments } : { name: c.name, arguments: c.arguments })),
    model,
    ...(finishReason !== undefined && { finishReason }),
    ...(usage && { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens, cachedTokens: usage.prompt_tokens_details?.cached_tokens }),
  };
}

/** A chat message in the chat-completions wire shape. */
export function toOpenAiMessage(m: ChatMessage): ChatCompletionMessageParam {
  switch (m.role) {
    case 'tool':
      return { role: 'tool', content: m.content, tool_call_id: m.toolCallId ?? '' };
    case 'assistant':
      return {
        role: 'assistant',
        content: m.toolCalls && m.toolCalls.length > 0 && m.content === '' ? null : m.content,
        ...(m.name !== undefined && { name: m.name }),
        ...(m.toolCalls && m.toolCalls.length > 0 && {
          tool_calls: m.toolCalls.map((t, i) => ({ id: t.id ?? `call_${i}`, type: 'function' as const, function: { name: t.name, arguments: t.arguments } })),
        }),
      };
    default:
      return { role: m.role, content: m.content, ...(m.name !== undefined && { name: m.name }) };
  }
}

function toCallError(err: unknown, baseUrl: string, signal?: AbortSignal): ProviderCallError {
  if (err instanceof ProviderCallError) return err;
  if (signal?.aborted) {
    const reason: unknown = signal.reason;
    return reason instanceof Error && reason.name === 'TimeoutError'
      ? new ProviderCallError(`${baseUrl} did not answer in time.`, 'timeout')
      : new ProviderCallError('The eval run was cancelled.', 'aborted');
  }
  if (err instanceof OpenAI.APIConnectionTimeoutError) return new ProviderCallError(`${baseUrl} did not answer in time.`, 'timeout');
  if (err instanceof OpenAI.APIUserAbortError) return new ProviderCallError('The eval run was cancelled.', 'aborted');
  if (err instanceof OpenAI.APIConnectionError) return new ProviderCallError(`Could not reach ${baseUrl}: ${firstLine(causeOf(err))}`, 'network');
  if (err instanceof OpenAI.APIError && err.status !== undefined) {
    return new ProviderCallError(`${baseUrl} answered ${err.status}: ${firstLine(err.message)}`, 'http', err.status, err.headers);
  }
  return new ProviderCallError(`Call to ${baseUrl} failed: ${firstLine(err instanceof Error ? err.message : String(err))}`, 'network');
}

function causeOf(err: Error): string {
  const cause = (err as { cause?: unknown }).cause;
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}
