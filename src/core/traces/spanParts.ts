/**
 * A span in two parts, as the database stores it and the reviewer loads it: the head (ids,
 * names, kind, times, status, models, tokens, cost, tool name: small, listed for a whole trace)
 * and the body (messages, free-form input/output, documents, tool arguments and result, raw
 * attributes: possibly large, loaded for one span when it is shown).
 */
import type { Span } from './types';

export const SPAN_BODY_KEYS = ['inputMessages', 'outputMessages', 'input', 'output', 'documents', 'toolArguments', 'toolResult', 'attributes'] as const;
export type SpanBodyKey = (typeof SPAN_BODY_KEYS)[number];
export type SpanHead = Omit<Span, SpanBodyKey>;
export type SpanBody = Partial<Pick<Span, SpanBodyKey>>;

export function splitSpan(span: Span): { head: SpanHead; body: SpanBody } {
  const head: Record<string, unknown> = {};
  const body: Record<string, unknown> = {};
  const bodyKeys: ReadonlySet<string> = new Set(SPAN_BODY_KEYS);
  for (const [k, v] of Object.entries(span)) {
    if (v === undefined) continue;
    (bodyKeys.has(k) ? body : head)[k] = v;
  }
  return { head: head as unknown as SpanHead, body: body as SpanBody };
}
