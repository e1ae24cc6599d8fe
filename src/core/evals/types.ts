/**
 * The eval contract shared by suites, assertions and the runner. Pure data: no I/O here.
 *
 * A suite names prompts, providers (OpenAI-compatible endpoints + model + parameters) and test
 * cases (variables + assertions). The runner renders each prompt with each case's variables,
 * calls each provider `repeat` times, grades every output with the case's assertions and streams
 * `CaseResult`s.
 */

export interface ToolCallOut {
  readonly id?: string;
  readonly name: string;
  /** JSON text as the model wrote it. */
  readonly arguments: string;
}

/** One chat message sent to a model (OpenAI chat-completions shape, text content). */
export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant' | 'tool';
  readonly content: string;
  readonly name?: string;
  readonly toolCalls?: readonly ToolCallOut[];
  readonly toolCallId?: string;
}

/** What a provider call returned (one sample). */
export interface ProviderResponse {
  /** Text output (empty string when the model only called tools). */
  readonly output: string;
  readonly toolCalls: readonly ToolCallOut[];
  readonly model: string;
  readonly finishReason?: string;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  /** USD; undefined when the model's price is unknown. */
  readonly costUsd?: number;
  readonly latencyMs: number;
  /** Served from the on-disk cache. */
  readonly cached: boolean;
}

/** A model that answers judge prompts (model-graded assertions). */
export interface Judge {
  complete(
    messages: readonly ChatMessage[],
    opts?: { readonly signal?: AbortSignal; readonly json?: boolean },
  ): Promise<{ readonly text: string; readonly costUsd?: number; readonly inputTokens?: number; readonly outputTokens?: number }>;
}

/** An assertion as written in a suite (promptfoo vocabulary). */
export interface AssertionSpec {
  /** e.g. `contains`, `not-contains`, `llm-rubric`, `tool-call-sequence`. */
  readonly type: string;
  readonly value?: unknown;
  /** Pass when score >= threshold (meaning depends on the type; e.g. ROUGE-N, similarity). */
  readonly threshold?: number;
  /** Weight in the case's weighted score; default 1. 0 = informative only. */
  readonly weight?: number;
  /** Named metric the score is reported under. */
  readonly metric?: string;
  /** Judge provider override (id or model) for model-graded types. */
  readonly provider?: string;
  /** Path of a judge prompt file overriding the built-in one. */
  readonly rubricPrompt?: string;
  /** 1-based line of this assertion in the suite file, for diagnostics. */
  readonly line?: number;
}

export interface AssertionContext {
  readonly output: string;
  readonly response: ProviderResponse;
  /** The case's variables (after defaults). */
  readonly vars: Readonly<Record<string, unknown>>;
  /** The rendered prompt as sent (for relevance/faithfulness judges). */
  readonly prompt: readonly ChatMessage[];
  readonly judge?: Judge;
  readonly signal?: AbortSignal;
  /** Reads a workspace file relative to the suite (rubric prompts, schemas). */
  readonly readFile?: (relPath: string) => Promise<string>;
}

export interface AssertionResult {
  readonly type: string;
  readonly pass: boolean;
  /** 0..1. */
  readonly score: number;
  readonly reason: string;
  readonly weight: number;
  readonly metric?: string;
  /** The assertion could not be evaluated (judge call failed, bad value): not a model failure. */
  readonly error?: boolean;
  readonly line?: number;
  /** Cost of judge calls made for this assertion. */
  readonly judgeCostUsd?: number;
}

export interface ProviderSpec {
  /** Stable id used in results, e.g. `openai:gpt-4o-mini` or a label. */
  readonly id: string;
  readonly label?: string;
  /** Endpoint base URL; undefined = the configured default endpoint. */
  readonly baseUrl?: string;
  readonly model: string;
  /** Request parameters: temperature, max_tokens, top_p, seed, response_format, tools… */
  readonly params: Readonly<Record<string, unknown>>;
}

export interface PromptRef {
  readonly id: string;
  /** Path of a prompt file relative to the suite, when the prompt is a file. */
  readonly path?: string;
  /** Inline template text (promptfoo inline prompts: a string or a JSON chat array). */
  readonly raw?: string;
  readonly label?: string;
}

export interface EvalCase {
  /** Stable within the suite: the case's `id`, else `case-<index>`. */
  readonly id: string;
  readonly description?: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly assert: readonly AssertionSpec[];
  /** Overrides the suite's repeat. */
  readonly repeat?: number;
  /** Expected behaviour in prose, for reviewers and judges. */
  readonly expected?: string;
  /** 1-based line of the case in the suite file. */
  readonly line?: number;
}

export interface SuiteWarning {
  readonly message: string;
  readonly line?: number;
  readonly key?: string;
}

export interface EvalSuite {
  readonly path?: string;
  readonly format: 'tracemine' | 'promptfoo';
  readonly description?: string;
  /** Content hash of the suite file text (the suite's version). */
  readonly version: string;
  readonly prompts: readonly PromptRef[];
  readonly providers: readonly ProviderSpec[];
  readonly cases: readonly EvalCase[];
  readonly repeat: number;
  /** Judge provider for model-graded assertions. */
  readonly judge?: ProviderSpec;
  /** Stop the run when spent USD reaches this. */
  readonly budgetUsd?: number;
  readonly concurrency?: number;
  /** Unsupported keys (reported by name) and other non-fatal findings. */
  readonly warnings: readonly SuiteWarning[];
}

/** One sample of one case against one prompt and provider. */
export interface SampleResult {
  readonly sample: number;
  readonly response?: ProviderResponse;
  /** Set when the provider call failed after retries (an errored call, not a failed case). */
  readonly error?: string;
  readonly assertions: readonly AssertionResult[];
  readonly pass: boolean;
  /** Weighted mean of assertion scores. */
  readonly score: number;
}

export interface CaseResult {
  readonly caseId: string;
  readonly promptId: string;
  readonly providerId: string;
  readonly samples: readonly SampleResult[];
  readonly passes: number;
  readonly fails: number;
  readonly errors: number;
  /** Pass rate over non-errored samples with its 95% Wilson interval. */
  readonly passRate: number;
  readonly passRateLow: number;
  readonly passRateHigh: number;
  readonly meanScore: number;
  readonly scoreStdDev: number;
  /** Mixed pass/fail across samples. */
  readonly flaky: boolean;
  readonly status: 'pass' | 'fail' | 'error' | 'flaky';
}
