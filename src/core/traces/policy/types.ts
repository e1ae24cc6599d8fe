/**
 * Trace policies: the rules a reviewer checks agent paths against (which tools an agent may call,
 * what must happen before a call, human confirmation before writes, budgets), as written in a
 * policy file (docs/trace-policy.md, schemas/trace-policy.schema.json) and as compiled for
 * checking. A policy is pure data plus compiled matchers: no I/O, no editor.
 */
import type { SpanKind } from '../types';
import type { Step, TraceView } from './traceView';

export type Severity = 'error' | 'warning' | 'info';

/** The rule types, in the order the documentation lists them. */
export const RULE_TYPES = [
  'allowTools', 'forbidTools', 'requireBefore', 'requireConfirmation',
  'maxCostUsd', 'maxTokens', 'maxSteps', 'maxLatencyMs', 'maxToolCallsPerTool', 'requireToolSuccess',
] as const;
export type RuleType = (typeof RULE_TYPES)[number];

/** A glob or a list of globs (tool names, agent names, span names). */
export type Globs = string | readonly string[];

/** Which traces and steps a rule looks at (all when absent). */
export interface AppliesToSpec {
  /** Only steps whose agent (own or nearest ancestor's agent name) matches; `*` also matches steps without an agent. */
  readonly agent?: Globs;
  /** Only traces whose name matches. */
  readonly traceName?: Globs;
  /** Only traces whose attributes match: a string is a glob on the value's text, anything else must be equal. */
  readonly attributes?: Readonly<Record<string, string | number | boolean>>;
}

export interface AllowToolsEntry {
  readonly agent: string;
  readonly tools: readonly string[];
}

export interface StepMatchSpec {
  readonly tool?: Globs;
  readonly spanName?: Globs;
  readonly kind?: SpanKind;
}

export interface RequireBeforeSpec {
  readonly tool: Globs;
  readonly before: StepMatchSpec;
  /** One preceding step authorises one call (default false: any earlier matching step will do). */
  readonly perAction?: boolean;
}

export interface RequireConfirmationSpec {
  readonly tools: readonly string[];
  /** Regular expression a user message must match to confirm (case-insensitive). */
  readonly confirmation?: string;
  /** One confirmation authorises one call (default true). */
  readonly perAction?: boolean;
  /** The assistant message before the confirmation must state the action (default true). */
  readonly requireStatement?: boolean;
  /** Words that name the action in a statement (default: the words of the tool's name). */
  readonly actionWords?: readonly string[];
}

export type TokenCount = 'total' | 'input' | 'output';
export type StepCount = 'spans' | 'llmCalls' | 'toolCalls';

export interface MaxToolCallsSpec {
  readonly max: number;
  readonly tools?: Globs;
  /** Count only repeats of the same call (same tool, same arguments): loop detection. */
  readonly sameArguments?: boolean;
}

export interface RequireToolSuccessSpec {
  readonly tools?: Globs;
  /** A tool result matching this regular expression is a failure too (for sources without span status). */
  readonly errorPattern?: string;
}

/** One rule as written in the file: `id`, the common fields and exactly one rule-type key. */
export interface RuleSpec {
  readonly id: string;
  readonly severity?: Severity;
  readonly description?: string;
  readonly appliesTo?: AppliesToSpec;
  readonly allowTools?: readonly AllowToolsEntry[];
  readonly forbidTools?: Globs;
  readonly requireBefore?: RequireBeforeSpec;
  readonly requireConfirmation?: RequireConfirmationSpec;
  readonly maxCostUsd?: number;
  readonly maxTokens?: number | { readonly max: number; readonly count?: TokenCount };
  readonly maxSteps?: number | { readonly max: number; readonly count?: StepCount };
  readonly maxLatencyMs?: number;
  readonly maxToolCallsPerTool?: number | MaxToolCallsSpec;
  readonly requireToolSuccess?: boolean | RequireToolSuccessSpec;
}

/** The policy file's content. */
export interface PolicySpec {
  readonly version?: 1;
  readonly description?: string;
  readonly rules: readonly RuleSpec[];
}

/** What a rule reports before the checker adds the rule's id, type, severity and the trace id. */
export interface Finding {
  readonly message: string;
  readonly spanId?: string;
  readonly relatedSpanIds?: readonly string[];
}

/** Where a compiled rule applies (appliesTo). */
export interface RuleScope {
  /** Whether the rule looks at this trace at all (appliesTo.traceName / attributes). */
  readonly trace: (view: TraceView) => boolean;
  /** Whether the rule looks at steps of this agent (appliesTo.agent); undefined: every step. */
  readonly agent?: (agent: string | undefined) => boolean;
}

/**
 * A rule's check over one trace: `steps` are the trace's steps in time order, already narrowed to
 * the rule's agents (appliesTo.agent); `view` is the whole trace.
 */
export type RuleCheck = (steps: readonly Step[], view: TraceView) => Finding[];

/** A compiled rule: its spec, where it applies, and its check. */
export interface PolicyRule {
  readonly id: string;
  readonly type: RuleType;
  readonly severity: Severity;
  readonly description?: string;
  readonly spec: RuleSpec;
  readonly scope: RuleScope;
  readonly check: RuleCheck;
}

export interface Policy {
  /** The file it was read from, when known. */
  readonly path?: string;
  readonly description?: string;
  readonly rules: readonly PolicyRule[];
}

/** One broken rule on one trace. */
export interface Violation {
  readonly ruleId: string;
  readonly ruleType: RuleType;
  readonly severity: Severity;
  /** For people: names the tool (or the limit) and the reason. */
  readonly message: string;
  readonly traceId: string;
  /** The offending step (the call; the step that went over a limit). */
  readonly spanId?: string;
  /** Other steps the finding is about (the confirmation already used, the calls of a loop…). */
  readonly relatedSpanIds?: readonly string[];
}
