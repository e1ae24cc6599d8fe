/**
 * The typed message protocol between the extension host and the trace-reviewer webview.
 * A trace's spans arrive without their bodies (messages, tool arguments and results, documents,
 * raw attributes); a span's body is asked for when the reviewer steps onto it, so a trace of
 * 10,000 spans opens at once. Messages from the webview are validated on the host.
 */
import type { Span, TraceSummary } from '../core/traces/types';

export const TRACE_REVIEW_VIEW_TYPE = 'tracemine.traceReview';

/** The parts of a span that are loaded on demand. */
export const SPAN_BODY_KEYS = ['inputMessages', 'outputMessages', 'input', 'output', 'documents', 'toolArguments', 'toolResult', 'attributes'] as const;
export type SpanBodyKey = (typeof SPAN_BODY_KEYS)[number];
export type SpanHead = Omit<Span, SpanBodyKey>;
export type SpanBody = Partial<Pick<Span, SpanBodyKey>>;

/** A flag on a step: a policy violation, an injection suspicion… (later work adds kinds). */
export interface StepFlag {
  readonly spanId: string;
  readonly kind: string;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
}

export interface TraceReviewState {
  readonly traceRowId: number;
  readonly selectedSpanId?: string;
}

// Host → webview
export type HostToTraceReview =
  | { readonly type: 'loadTrace'; readonly trace: TraceSummary; readonly spans: readonly SpanHead[]; readonly flags: readonly StepFlag[]; readonly state: TraceReviewState }
  | { readonly type: 'spanBody'; readonly spanId: string; readonly body: SpanBody }
  | { readonly type: 'error'; readonly message: string };

// Webview → host
export type TraceReviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'selectSpan'; readonly spanId: string }
  | { readonly type: 'openRaw'; readonly spanId: string };

export function parseTraceReviewMessage(raw: unknown): TraceReviewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  const spanId = typeof m.spanId === 'string' && m.spanId.length > 0 && m.spanId.length <= 1000 ? m.spanId : undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'selectSpan':
      return spanId ? { type: 'selectSpan', spanId } : undefined;
    case 'openRaw':
      return spanId ? { type: 'openRaw', spanId } : undefined;
    default:
      return undefined;
  }
}

export function isTraceReviewState(v: unknown): v is TraceReviewState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return Number.isInteger(s.traceRowId) && (s.selectedSpanId === undefined || typeof s.selectedSpanId === 'string');
}
