/**
 * Agent traces, normalised: whatever the source format (OTLP JSON with the OpenTelemetry GenAI or
 * OpenInference conventions, OpenTelemetry SDK span JSON, Langfuse exports, OpenAI chat
 * transcripts, Tracemine's generic JSONL), a trace is a tree of spans with these fields. The
 * importers fill them, the database stores them, the reviewer and the checks read them.
 *
 * Times are epoch milliseconds (fractions allowed: OTLP has nanoseconds). Transcripts have no
 * times: `start`/`end` are then undefined, `seq` gives the order, and durations show as unknown.
 * Unknown numbers (tokens, cost) are undefined, never 0.
 */

/** What a step is, whichever convention named it (GenAI operation, OpenInference kind, Langfuse type). */
export type SpanKind =
  | 'agent' | 'llm' | 'tool' | 'retriever' | 'embedding' | 'reranker' | 'guardrail' | 'evaluator'
  | 'chain' | 'message' | 'span';

export type SpanStatus = 'ok' | 'error' | 'unset';

export interface ToolCall {
  readonly id?: string;
  readonly name: string;
  /** As the model wrote it: usually a JSON string. */
  readonly arguments: string;
}

export interface TraceMessage {
  /** system, user, assistant, tool, or whatever the source says. */
  readonly role: string;
  /** Text content; structured content (parts) flattened to text, images as a placeholder. */
  readonly content: string;
  readonly name?: string;
  readonly toolCalls?: readonly ToolCall[];
  /** For role `tool`: the call it answers. */
  readonly toolCallId?: string;
}

export interface RetrievedDocument {
  readonly id?: string;
  readonly content: string;
  readonly score?: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface Span {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  /** Position in time order within the trace (ties and untimed spans: source order). */
  readonly seq: number;
  readonly name: string;
  readonly kind: SpanKind;
  readonly start?: number;
  readonly end?: number;
  readonly status: SpanStatus;
  readonly statusMessage?: string;
  readonly agentName?: string;
  readonly provider?: string;
  readonly requestModel?: string;
  readonly responseModel?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly cachedInputTokens?: number;
  readonly reasoningTokens?: number;
  /** USD. From the trace when it says so, else from the pricing table; undefined when unknown. */
  readonly costUsd?: number;
  readonly costSource?: 'trace' | 'pricing';
  readonly toolName?: string;
  readonly toolCallId?: string;
  readonly toolArguments?: string;
  readonly toolResult?: string;
  readonly inputMessages?: readonly TraceMessage[];
  readonly outputMessages?: readonly TraceMessage[];
  /** Free-form input/output when the source has no messages (e.g. OpenInference input.value). */
  readonly input?: string;
  readonly output?: string;
  readonly documents?: readonly RetrievedDocument[];
  /** Every source attribute, unknown ones included, as JSON-compatible values. */
  readonly attributes: Readonly<Record<string, unknown>>;
  /**
   * Whether this span counts as one logical model call in totals (LLM calls, tokens, cost).
   * Set on `llm` spans only: false for a wrapper whose model call is recorded again by an `llm`
   * span inside it (agentevals' rule: a wrapper span and the provider span inside it are ONE
   * call, tokens counted once; see src/core/traces/llmCalls.ts), true otherwise.
   */
  readonly llmCall?: boolean;
}

export interface Trace {
  readonly traceId: string;
  readonly name: string;
  /** Conversation/session id when the source has one (several traces may share it). */
  readonly conversationId?: string;
  /** Trace-level metadata kept as attributes, e.g. τ-bench's task_id, trial and reward. */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly spans: readonly Span[];
}

/** One line of the trace list: what the reviewer filters and sorts on. */
export interface TraceSummary {
  readonly id: number;
  readonly traceId: string;
  readonly name: string;
  readonly sourcePath: string;
  readonly format: TraceFormat;
  readonly conversationId?: string;
  readonly start?: number;
  readonly end?: number;
  readonly durationMs?: number;
  readonly spans: number;
  readonly llmCalls: number;
  readonly toolCalls: number;
  readonly errors: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** Undefined when any LLM call's cost is unknown. */
  readonly costUsd?: number;
  readonly models: readonly string[];
  readonly tools: readonly string[];
  readonly agents: readonly string[];
  readonly attributes: Readonly<Record<string, unknown>>;
  /** Stored check findings (policy violations, injection flags); set when read from the database. */
  readonly violations?: number;
  readonly injections?: number;
  /** The reviewer's verdict on the whole trace, when there is one. */
  readonly verdict?: 'pass' | 'fail';
}

export type TraceFormat = 'otlp' | 'otel-sdk' | 'langfuse' | 'chat' | 'jsonl';
