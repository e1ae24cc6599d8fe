/**
 * What a span's attributes (and events) say in the conventions agent instrumentations use,
 * normalised to the Span fields. Shared by the OTLP/JSON and the OpenTelemetry SDK readers.
 *
 * OpenTelemetry GenAI semantic conventions (docs/gen-ai/gen-ai-spans.md, gen-ai-agent-spans.md,
 * gen-ai-events.md; versions 1.26 to 1.38, all accepted because instrumentations lag):
 * - kind from `gen_ai.operation.name`: chat / text_completion / generate_content (and ADK's and
 *   any-agent's `call_llm`) → llm; embeddings → embedding; execute_tool → tool; invoke_agent /
 *   create_agent / invoke_workflow → agent; retrieval → retriever.
 * - `gen_ai.provider.name` (older `gen_ai.system`), `gen_ai.request.model`, `gen_ai.response.model`,
 *   `gen_ai.usage.input_tokens` / `output_tokens` (older `prompt_tokens` / `completion_tokens`),
 *   `gen_ai.usage.cache_read.input_tokens`, `gen_ai.tool.name` / `call.id` / `call.arguments` /
 *   `call.result`, `gen_ai.agent.name`, `gen_ai.conversation.id`, `gen_ai.input.messages` /
 *   `gen_ai.output.messages` / `gen_ai.system_instructions` (JSON), and the older message events
 *   `gen_ai.system.message` / `user.message` / `assistant.message` / `tool.message` / `choice`
 *   (span events, or log records linked to the span), `gen_ai.content.prompt` / `.completion`.
 * OpenInference (Arize, spec/semantic_conventions.md): `openinference.span.kind`,
 *   `llm.model_name`, `llm.provider` / `llm.system`, `llm.token_count.prompt` / `.completion` /
 *   `.prompt_details.cache_read` / `.completion_details.reasoning`, `llm.cost.total`, flattened
 *   `llm.input_messages` / `llm.output_messages`, `tool.name`, `input.value` / `output.value`,
 *   `retrieval.documents`, `session.id`.
 * Also read, because real traces carry them: Google ADK's `gcp.vertex.agent.llm_request` /
 * `llm_response` / `tool_call_args` / `tool_response`, any-agent's `gen_ai.tool.args`,
 * `gen_ai.output` and `gen_ai.usage.input_cost` / `output_cost` (trace-given cost), Logfire's
 * `operation.cost`, the Vercel AI SDK's `ai.*` operation ids and usage, OpenLLMetry's flattened
 * `gen_ai.prompt.<i>` / `gen_ai.completion.<i>`.
 *
 * Tokens: `inputTokens` includes cached input tokens (the conventions' and OpenAI's definition);
 * `cachedInputTokens` says how many of them were cache reads.
 */
import { openInferenceDocuments, openInferenceMessages, openLlmetryMessages } from './flattened';
import { isMessageLike, toMessage, toMessages, toSystemMessage } from './messages';
import type { RetrievedDocument, SpanKind, TraceMessage } from './types';
import { asString, asText, compact, isRecord, parseJsonText, toCount, toNumber } from './values';

/** A span event or a log record linked to the span, attributes already plain JSON values. */
export interface SpanEventLike {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Log record body (plain JSON value). */
  readonly body?: unknown;
}

export interface Semantics {
  kind: SpanKind;
  agentName?: string;
  provider?: string;
  requestModel?: string;
  responseModel?: string;
  inputTokens?: number;
  outputTokens?: number;
  cachedInputTokens?: number;
  reasoningTokens?: number;
  costUsd?: number;
  costSource?: 'trace';
  toolName?: string;
  toolCallId?: string;
  toolArguments?: string;
  toolResult?: string;
  inputMessages?: TraceMessage[];
  outputMessages?: TraceMessage[];
  input?: string;
  output?: string;
  documents?: RetrievedDocument[];
  conversationId?: string;
}

const OPERATION_KINDS: Readonly<Record<string, SpanKind>> = {
  chat: 'llm',
  text_completion: 'llm',
  generate_content: 'llm',
  call_llm: 'llm',
  completion: 'llm',
  embeddings: 'embedding',
  execute_tool: 'tool',
  invoke_agent: 'agent',
  create_agent: 'agent',
  invoke_workflow: 'agent',
  retrieval: 'retriever',
};

const OPENINFERENCE_KINDS: Readonly<Record<string, SpanKind>> = {
  LLM: 'llm',
  CHAIN: 'chain',
  TOOL: 'tool',
  RETRIEVER: 'retriever',
  AGENT: 'agent',
  EMBEDDING: 'embedding',
  RERANKER: 'reranker',
  GUARDRAIL: 'guardrail',
  EVALUATOR: 'evaluator',
};

/** Vercel AI SDK operation ids (`ai.operationId`). */
const VERCEL_KINDS: Readonly<Record<string, SpanKind>> = {
  'ai.generateText': 'llm',
  'ai.generateText.doGenerate': 'llm',
  'ai.streamText': 'llm',
  'ai.streamText.doStream': 'llm',
  'ai.generateObject': 'llm',
  'ai.generateObject.doGenerate': 'llm',
  'ai.streamObject': 'llm',
  'ai.streamObject.doStream': 'llm',
  'ai.toolCall': 'tool',
  'ai.embed': 'embedding',
  'ai.embedMany': 'embedding',
};

function first(attrs: Readonly<Record<string, unknown>>, ...keys: string[]): unknown {
  for (const k of keys) {
    const v = attrs[k];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function firstCount(attrs: Readonly<Record<string, unknown>>, ...keys: string[]): number | undefined {
  for (const k of keys) {
    const n = toCount(attrs[k]);
    if (n !== undefined) return n;
  }
  return undefined;
}

/** The span kind the attributes (or, failing them, the span name) give. */
export function spanKindOf(name: string, attrs: Readonly<Record<string, unknown>>): SpanKind {
  const op = asString(attrs['gen_ai.operation.name']);
  if (op !== undefined && OPERATION_KINDS[op]) return OPERATION_KINDS[op];
  const oi = asString(attrs['openinference.span.kind']);
  if (oi !== undefined && OPENINFERENCE_KINDS[oi.toUpperCase()]) return OPENINFERENCE_KINDS[oi.toUpperCase()]!;
  const vercel = asString(attrs['ai.operationId']);
  if (vercel !== undefined && VERCEL_KINDS[vercel]) return VERCEL_KINDS[vercel];
  if (/^call_llm\b/.test(name)) return 'llm';
  if (first(attrs, 'gen_ai.tool.name', 'tool.name', 'ai.toolCall.name') !== undefined && first(attrs, 'gen_ai.request.model', 'llm.model_name') === undefined) return 'tool';
  const hasModel = first(attrs, 'gen_ai.request.model', 'gen_ai.response.model', 'llm.model_name') !== undefined;
  const hasUsage = first(attrs, 'gen_ai.usage.input_tokens', 'gen_ai.usage.output_tokens', 'gen_ai.usage.prompt_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.prompt', 'llm.token_count.completion') !== undefined;
  if (hasModel && hasUsage) return 'llm';
  return 'span';
}

const EVENT_ROLES: Readonly<Record<string, string>> = {
  'gen_ai.system.message': 'system',
  'gen_ai.user.message': 'user',
  'gen_ai.assistant.message': 'assistant',
  'gen_ai.tool.message': 'tool',
};

/** The body of a GenAI event: the log record body, else the event's attributes (content may be JSON text). */
function eventBody(e: SpanEventLike): Record<string, unknown> {
  if (isRecord(e.body)) return e.body;
  const content = e.attributes['gen_ai.event.content'];
  const parsed = parseJsonText(content);
  if (isRecord(parsed)) return parsed;
  return { ...e.attributes };
}

/** Messages carried by GenAI events (span events or log records), in event order. */
export function eventMessages(events: readonly SpanEventLike[]): { input?: TraceMessage[]; output?: TraceMessage[] } {
  const input: TraceMessage[] = [];
  const output: TraceMessage[] = [];
  for (const e of events) {
    const role = EVENT_ROLES[e.name];
    if (role !== undefined) {
      const b = eventBody(e);
      const m = toMessage({ ...b, role: typeof b.role === 'string' ? b.role : role, tool_call_id: b.tool_call_id ?? b.id });
      if (m) input.push(m);
    } else if (e.name === 'gen_ai.choice') {
      const b = eventBody(e);
      const msg = isRecord(b.message) ? b.message : b;
      const m = toMessage({ ...msg, role: typeof msg.role === 'string' ? msg.role : 'assistant' });
      if (m) output.push(m);
    } else if (e.name === 'gen_ai.content.prompt' || e.name === 'gen_ai.content.completion') {
      const isPrompt = e.name === 'gen_ai.content.prompt';
      const v = e.attributes[isPrompt ? 'gen_ai.prompt' : 'gen_ai.completion'];
      const ms = toMessages(v) ?? (typeof v === 'string' ? [{ role: isPrompt ? 'user' : 'assistant', content: v }] : undefined);
      if (ms) (isPrompt ? input : output).push(...ms);
    } else if (e.name === 'gen_ai.client.inference.operation.details') {
      const i = toMessages(e.attributes['gen_ai.input.messages']);
      const o = toMessages(e.attributes['gen_ai.output.messages']);
      if (i) input.push(...i);
      if (o) output.push(...o);
    }
  }
  return compact({ input: input.length > 0 ? input : undefined, output: output.length > 0 ? output : undefined });
}

/** any-agent's `gen_ai.output` of an LLM span: `[{"tool.name", "tool.args"}]` or the answer text. */
function anyAgentOutput(v: unknown): TraceMessage[] | undefined {
  if (v === undefined || v === null) return undefined;
  const parsed = typeof v === 'string' ? parseJsonText(v) : v;
  if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((x) => isRecord(x) && typeof x['tool.name'] === 'string')) {
    const m = toMessage({ role: 'assistant', content: '', tool_calls: parsed });
    return m ? [m] : undefined;
  }
  const fromShape = toMessages(parsed);
  if (fromShape) return fromShape;
  const text = asText(v);
  return text === undefined ? undefined : [{ role: 'assistant', content: text }];
}

function withSystem(messages: TraceMessage[] | undefined, system: TraceMessage | undefined): TraceMessage[] | undefined {
  if (!system) return messages;
  if (!messages) return [system];
  return messages[0]?.role === 'system' ? messages : [system, ...messages];
}

function traceCost(attrs: Readonly<Record<string, unknown>>): number | undefined {
  const inCost = toNumber(attrs['gen_ai.usage.input_cost']);
  const outCost = toNumber(attrs['gen_ai.usage.output_cost']);
  if (inCost !== undefined || outCost !== undefined) return (inCost ?? 0) + (outCost ?? 0);
  const total = toNumber(first(attrs, 'llm.cost.total', 'gen_ai.usage.cost', 'operation.cost'));
  if (total !== undefined) return total;
  const p = toNumber(attrs['llm.cost.prompt']);
  const c = toNumber(attrs['llm.cost.completion']);
  return p !== undefined && c !== undefined ? p + c : undefined;
}

/** Everything the attributes and events say about one span. */
export function interpretSpan(name: string, attrs: Readonly<Record<string, unknown>>, events: readonly SpanEventLike[]): Semantics {
  const kind = spanKindOf(name, attrs);
  const s: Semantics = { kind };
  s.provider = asString(first(attrs, 'gen_ai.provider.name', 'gen_ai.system', 'llm.provider', 'llm.system', 'ai.model.provider'));
  s.requestModel = asString(first(attrs, 'gen_ai.request.model', 'llm.model_name', 'ai.model.id'));
  s.responseModel = asString(first(attrs, 'gen_ai.response.model', 'ai.response.model'));
  if (kind !== 'tool') {
    s.inputTokens = firstCount(attrs, 'gen_ai.usage.input_tokens', 'gen_ai.usage.prompt_tokens', 'llm.token_count.prompt', 'ai.usage.promptTokens', 'ai.usage.inputTokens');
    s.outputTokens = firstCount(attrs, 'gen_ai.usage.output_tokens', 'gen_ai.usage.completion_tokens', 'llm.token_count.completion', 'ai.usage.completionTokens', 'ai.usage.outputTokens');
    s.cachedInputTokens = firstCount(attrs, 'gen_ai.usage.cache_read.input_tokens', 'gen_ai.usage.cache_read_input_tokens', 'gen_ai.usage.cached_tokens', 'llm.token_count.prompt_details.cache_read');
    s.reasoningTokens = firstCount(attrs, 'gen_ai.usage.reasoning_tokens', 'gen_ai.usage.reasoning.output_tokens', 'llm.token_count.completion_details.reasoning', 'gen_ai.usage.details.thoughts_tokens');
  }
  const cost = traceCost(attrs);
  if (cost !== undefined) {
    s.costUsd = cost;
    s.costSource = 'trace';
  }
  s.agentName = asString(first(attrs, 'gen_ai.agent.name', 'agent.name'));
  s.conversationId = asString(first(attrs, 'gen_ai.conversation.id', 'session.id'));
  s.toolName = asString(first(attrs, 'gen_ai.tool.name', 'tool.name', 'ai.toolCall.name'));
  s.toolCallId = asString(first(attrs, 'gen_ai.tool.call.id', 'tool_call.id', 'ai.toolCall.id'));

  if (kind === 'tool') {
    if (s.toolName === undefined) s.toolName = name.replace(/^execute_tool\s+/, '') || undefined;
    s.toolArguments = asText(first(attrs, 'gen_ai.tool.call.arguments', 'gen_ai.tool.args', 'gcp.vertex.agent.tool_call_args', 'tool_arguments', 'ai.toolCall.args', 'input.value'));
    s.toolResult = asText(first(attrs, 'gen_ai.tool.call.result', 'gcp.vertex.agent.tool_response', 'tool_response', 'ai.toolCall.result', 'gen_ai.output', 'output.value'));
    return s;
  }

  const system = attrs['gen_ai.system_instructions'] !== undefined ? toSystemMessage(attrs['gen_ai.system_instructions']) : undefined;
  let input = toMessages(attrs['gen_ai.input.messages'])
    ?? openInferenceMessages(attrs, 'llm.input_messages')
    ?? openLlmetryMessages(attrs, 'gen_ai.prompt', 'user');
  let output = toMessages(attrs['gen_ai.output.messages'])
    ?? openInferenceMessages(attrs, 'llm.output_messages')
    ?? openLlmetryMessages(attrs, 'gen_ai.completion', 'assistant');
  if (kind === 'llm') {
    input ??= toMessages(attrs['gcp.vertex.agent.llm_request']);
    output ??= toMessages(attrs['gcp.vertex.agent.llm_response']) ?? anyAgentOutput(attrs['gen_ai.output']);
  }
  if (!input || !output) {
    const ev = eventMessages(events);
    input ??= ev.input;
    output ??= ev.output;
  }
  s.inputMessages = withSystem(input, system);
  s.outputMessages = output;
  if (!s.inputMessages) {
    const v = first(attrs, 'input.value');
    const asMessages = isMessageLike(v) ? toMessages(v) : undefined;
    if (asMessages) s.inputMessages = asMessages;
    else s.input = asText(v);
  }
  if (!s.outputMessages) s.output = asText(first(attrs, 'output.value', 'gen_ai.output'));
  s.documents = openInferenceDocuments(attrs);
  return s;
}
