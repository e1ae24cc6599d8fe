/**
 * Screening a whole trace: every piece of untrusted content, once, on the step that carried it,
 * with the step that acted on it next.
 *
 * Untrusted content, per span (spans in time order: `seq`):
 * - `tool-result`: the span's `toolResult`; on a `tool` span without one, its `output`; and the
 *   tool-role messages among its input messages (what the model was shown a tool returned);
 * - `document`: each retrieved document's content;
 * - `user-message`: the user-role input messages of `llm` and `message` spans;
 * - `input`: the free-form `input` of `tool` and `retriever` spans (a tool's or retriever's
 *   input can carry content fetched earlier, e.g. a URL or a query built from a web page).
 * System messages and the model's own outputs are trusted and not screened.
 *
 * Once: the same text (trimmed) is screened on its first carrier only. Chat models receive the
 * whole history on every call, so a tool result reappears in every later LLM input; it is
 * flagged once, on the span that first brought it in. Texts are remembered by a 53-bit hash.
 *
 * Acting step: the next `llm` or `tool` span after the carrier in time order (the model call that
 * read the content, or the tool call that followed it); none when the trace ends first.
 */
import type { Span, Trace } from '../types';
import { DEFAULT_THRESHOLD, screenText, type ScreenResult } from './injectionDetector';
import type { InjectionRule } from './injectionRules';

export type UntrustedSource = 'tool-result' | 'document' | 'user-message' | 'input';

export interface InjectionFlag {
  readonly traceId: string;
  /** The step that carried the content. */
  readonly spanId: string;
  readonly source: UntrustedSource;
  /** The rules that hit, strongest first. */
  readonly ruleIds: readonly string[];
  readonly score: number;
  /** Around the strongest hit, ≤ 160 characters. */
  readonly excerpt: string;
  /** The next llm or tool step after the carrier, when there is one. */
  readonly actingSpanId?: string;
}

export interface ScreenTraceOptions {
  /** Flag when score >= threshold (default 1). */
  readonly threshold?: number;
  readonly rules?: readonly InjectionRule[];
  /** Screen each text on its first carrier only (default true). */
  readonly dedupe?: boolean;
}

/** One piece of untrusted content and the span that carried it. */
export interface UntrustedContent {
  readonly span: Span;
  readonly source: UntrustedSource;
  readonly text: string;
}

/** The trace's spans in time order (seq; ties: start time, then position in the trace). */
export function spansInOrder(trace: Trace): Span[] {
  return trace.spans
    .map((s, i) => ({ s, i }))
    .sort((a, b) => a.s.seq - b.s.seq || (a.s.start ?? 0) - (b.s.start ?? 0) || a.i - b.i)
    .map(({ s }) => s);
}

/** The untrusted texts of one span, in the order listed in the module comment. */
export function untrustedContent(span: Span): UntrustedContent[] {
  const out: UntrustedContent[] = [];
  const push = (source: UntrustedSource, text: string | undefined) => {
    if (text !== undefined && text.trim() !== '') out.push({ span, source, text });
  };
  push('tool-result', span.toolResult ?? (span.kind === 'tool' ? span.output : undefined));
  for (const d of span.documents ?? []) push('document', d.content);
  for (const m of span.inputMessages ?? []) {
    if (m.role === 'tool' || m.role === 'function') push('tool-result', m.content);
    else if (m.role === 'user' && (span.kind === 'llm' || span.kind === 'message')) push('user-message', m.content);
  }
  if (span.kind === 'tool' || span.kind === 'retriever') push('input', span.input);
  return out;
}

/** Screens every untrusted text of `trace` (see the module comment); flags in time order. */
export function screenTrace(trace: Trace, opts: ScreenTraceOptions = {}): InjectionFlag[] {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const dedupe = opts.dedupe ?? true;
  const spans = spansInOrder(trace);
  const seen = new Set<number>();
  const flags: InjectionFlag[] = [];
  spans.forEach((span, position) => {
    for (const content of untrustedContent(span)) {
      if (dedupe) {
        const key = hash53(content.text.trim());
        if (seen.has(key)) continue;
        seen.add(key);
      }
      const result = screenText(content.text, { threshold, ...(opts.rules ? { rules: opts.rules } : {}) });
      if (!result.flagged) continue;
      const acting = spans.slice(position + 1).find((s) => s.kind === 'llm' || s.kind === 'tool');
      flags.push(toFlag(trace.traceId, content, result, acting?.spanId));
    }
  });
  return flags;
}

function toFlag(traceId: string, content: UntrustedContent, result: ScreenResult, actingSpanId: string | undefined): InjectionFlag {
  const ruleIds = [...new Set(result.hits.map((h) => h.ruleId))];
  return {
    traceId,
    spanId: content.span.spanId,
    source: content.source,
    ruleIds,
    score: result.score,
    excerpt: result.hits[0]?.excerpt ?? '',
    ...(actingSpanId !== undefined ? { actingSpanId } : {}),
  };
}

/** cyrb53: a fast 53-bit string hash (collisions are negligible at trace sizes). */
export function hash53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
