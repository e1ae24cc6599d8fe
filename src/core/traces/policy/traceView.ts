/**
 * One trace as the policy rules see it: its steps in time order, each with its agent and what
 * was said at it. Built once per trace (linear in spans and messages) and shared by every rule.
 *
 * Steps:
 * - every span is a step, in `seq` order (time order; transcripts: message order);
 * - a `tool` span is a tool call (`tool` = its tool name, else its span name), with its
 *   arguments, result and status;
 * - a tool call an `llm` span's output asks for that no `tool` span answers (the transcript or
 *   trace ends first, or the source records no tool spans) is a step of its own right after that
 *   `llm` span: kind `tool`, `pending: true`, on the `llm` span's id. Calls are paired with
 *   `tool` spans by call id, else by tool name (counts per trace).
 *
 * Agent: the span's agent name, else its nearest ancestor's (cycle-safe), else none.
 *
 * Dialogue (`turns`, what requireConfirmation reads):
 * - a `message` span says its input messages (a transcript's user and system messages);
 * - a counted `llm` span (not a wrapper, see llmCalls.ts) says first the user messages of its
 *   input that are new, then the text of its output messages (role assistant, empty text left
 *   out). New input: with a growing history (this input is longer than the previous call's), the
 *   user messages past the previous call's length; otherwise the user messages after the input's
 *   last assistant or tool message, unless they repeat the last user text already said. A user-role
 *   message that answers a tool call (Gemini sends function responses as role user) is a tool
 *   reply, not something a person said.
 */
import type { Span, SpanKind, SpanStatus, Trace, TraceMessage } from '../types';

export interface Turn {
  readonly role: string;
  readonly text: string;
}

export interface Step {
  /** Position in the trace's step order. */
  readonly index: number;
  readonly span: Span;
  /** The span's id (a pending call: the id of the `llm` span that made it). */
  readonly spanId: string;
  readonly kind: SpanKind;
  /** Span name; for a pending call, the tool name. */
  readonly name: string;
  readonly agent?: string;
  /** Tool steps only. */
  readonly tool?: string;
  readonly toolArguments?: string;
  readonly toolResult?: string;
  readonly status: SpanStatus;
  /** A tool call no tool span answers. */
  readonly pending?: boolean;
  readonly turns: readonly Turn[];
}

export interface TraceView {
  readonly trace: Trace;
  readonly steps: readonly Step[];
}

const NO_TURNS: readonly Turn[] = [];

function agentResolver(spans: readonly Span[]): (s: Span) => string | undefined {
  const byId = new Map<string, Span>();
  for (const s of spans) byId.set(s.spanId, s);
  const memo = new Map<string, string | null>();
  return (s) => {
    const path: string[] = [];
    let cur: Span | undefined = s;
    let found: string | null = null;
    while (cur) {
      const known = memo.get(cur.spanId);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (cur.agentName !== undefined) {
        found = cur.agentName;
        break;
      }
      if (path.includes(cur.spanId) || path.length > 10_000) break;
      path.push(cur.spanId);
      cur = cur.parentSpanId !== undefined ? byId.get(cur.parentSpanId) : undefined;
    }
    for (const id of path) memo.set(id, found);
    return found ?? undefined;
  };
}

/** A person's message: role user/human, and not a tool reply (Gemini sends those as role user). */
const isUser = (m: TraceMessage) => (m.role === 'user' || m.role === 'human') && m.toolCallId === undefined;
const isTurnBoundary = (m: TraceMessage) => !isUser(m) && m.role !== 'system' && m.role !== 'developer';

/** Tracks LLM inputs to tell the user messages that are new at each call (see the header). */
class DialogueTracker {
  private historyLength = 0;
  private lastUserText: string | undefined;

  newUserTurns(input: readonly TraceMessage[] | undefined): Turn[] {
    if (!input || input.length === 0) return [];
    const out: Turn[] = [];
    if (input.length > this.historyLength && this.historyLength > 0) {
      for (let i = this.historyLength; i < input.length; i++) if (isUser(input[i]!)) out.push({ role: 'user', text: input[i]!.content });
    } else {
      let k = input.length;
      while (k > 0 && !isTurnBoundary(input[k - 1]!)) k--;
      const trailing = input.slice(k).filter(isUser);
      if (trailing.length > 0 && trailing[trailing.length - 1]!.content !== this.lastUserText) {
        for (const m of trailing) out.push({ role: 'user', text: m.content });
      }
    }
    this.historyLength = input.length;
    if (out.length > 0) this.lastUserText = out[out.length - 1]!.text;
    return out;
  }

  /** A user message said outside LLM inputs (a transcript's message span). */
  said(text: string): void {
    this.lastUserText = text;
  }
}

/** The spans in `seq` order (as given when they already are: the readers' order). */
export function inSeqOrder(spans: readonly Span[]): readonly Span[] {
  for (let i = 1; i < spans.length; i++) {
    if (spans[i]!.seq < spans[i - 1]!.seq) return [...spans].sort((a, b) => a.seq - b.seq);
  }
  return spans;
}

/** The trace's steps (see the header). */
export function traceView(trace: Trace): TraceView {
  const spans = inSeqOrder(trace.spans);
  // Tool spans answer calls: by call id, else by tool name.
  const answeredIds = new Map<string, number>();
  const answeredNames = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string, d: number) => m.set(k, (m.get(k) ?? 0) + d);
  for (const s of spans) {
    if (s.kind !== 'tool') continue;
    if (s.toolCallId !== undefined) bump(answeredIds, s.toolCallId, 1);
    bump(answeredNames, s.toolName ?? s.name, 1);
  }
  const agentOf = agentResolver(spans);
  const dialogue = new DialogueTracker();
  const steps: Step[] = [];
  // Steps are built with one fixed shape (absent optionals are undefined): checking 10,000 traces
  // builds a million of them, and object spreads of many-property spans made this the hot spot.
  const push = (s: Span, agent: string | undefined, kind: SpanKind, name: string, status: SpanStatus, turns: readonly Turn[],
    tool?: string, toolArguments?: string, toolResult?: string, pending?: boolean) => {
    steps.push({ index: steps.length, span: s, spanId: s.spanId, kind, name, agent, tool, toolArguments, toolResult, status, pending, turns });
  };
  for (const s of spans) {
    const agent = agentOf(s);
    if (s.kind === 'tool') {
      push(s, agent, s.kind, s.name, s.status, NO_TURNS, s.toolName ?? s.name, s.toolArguments, s.toolResult);
      continue;
    }
    if (s.kind === 'message') {
      const turns: Turn[] = [];
      for (const m of s.inputMessages ?? []) {
        if (m.toolCallId !== undefined) continue;
        turns.push({ role: m.role, text: m.content });
        if (m.role === 'user' || m.role === 'human') dialogue.said(m.content);
      }
      push(s, agent, s.kind, s.name, s.status, turns);
      continue;
    }
    if (s.kind !== 'llm' || s.llmCall === false) {
      push(s, agent, s.kind, s.name, s.status, NO_TURNS);
      continue;
    }
    const turns = dialogue.newUserTurns(s.inputMessages);
    const pending: { name: string; args: string }[] = [];
    for (const m of s.outputMessages ?? []) {
      if (m.content.trim() !== '') turns.push({ role: m.role, text: m.content });
      for (const call of m.toolCalls ?? []) {
        if (call.id !== undefined && (answeredIds.get(call.id) ?? 0) > 0) {
          bump(answeredIds, call.id, -1);
          bump(answeredNames, call.name, -1);
          continue;
        }
        if ((answeredNames.get(call.name) ?? 0) > 0) {
          bump(answeredNames, call.name, -1);
          continue;
        }
        pending.push({ name: call.name, args: call.arguments });
      }
    }
    push(s, agent, s.kind, s.name, s.status, turns);
    for (const c of pending) push(s, agent, 'tool', c.name, 'unset', NO_TURNS, c.name, c.args, undefined, true);
  }
  return { trace, steps };
}
