/**
 * The typed message protocol between the extension host and the trace-reviewer webview.
 * A trace's spans arrive without their bodies (messages, tool arguments and results, documents,
 * raw attributes); a span's body is asked for when the reviewer steps onto it, so a trace of
 * 10,000 spans opens at once. Messages from the webview are validated on the host.
 */
import type { Span, TraceSummary } from '../core/traces/types';

/** A reviewer's annotation as the webview shows it (the trace's, or one step's). */
export interface AnnotationView {
  /** Undefined: the whole trace. */
  readonly spanId?: string;
  readonly verdict?: 'pass' | 'fail';
  readonly labels: readonly string[];
  readonly comment?: string;
  readonly updatedAt: string;
}

export const TRACE_REVIEW_VIEW_TYPE = 'tracemine.traceReview';

/** The parts of a span that are loaded on demand. */
export const SPAN_BODY_KEYS = ['inputMessages', 'outputMessages', 'input', 'output', 'documents', 'toolArguments', 'toolResult', 'attributes'] as const;
export type SpanBodyKey = (typeof SPAN_BODY_KEYS)[number];
export type SpanHead = Omit<Span, SpanBodyKey>;
export type SpanBody = Partial<Pick<Span, SpanBodyKey>>;

/** A flag on a step: a policy violation, an injection suspicion, an ungrounded answer. */
export interface StepFlag {
  readonly spanId: string;
  /** 'policy', 'injection', 'injection-acted-on', 'groundedness'. */
  readonly kind: string;
  /** The rule behind it (policy rule id, injection rule ids). */
  readonly ruleId?: string;
  readonly message: string;
  readonly severity: 'error' | 'warning' | 'info';
  /** Another step the flag points at (the carrier of injected content, the acting step). */
  readonly relatedSpanId?: string;
}

export interface TraceReviewState {
  readonly traceRowId: number;
  readonly selectedSpanId?: string;
}

// Host → webview
export type HostToTraceReview =
  | {
    readonly type: 'loadTrace'; readonly trace: TraceSummary; readonly spans: readonly SpanHead[]; readonly flags: readonly StepFlag[];
    readonly annotations: readonly AnnotationView[]; readonly state: TraceReviewState;
  }
  | { readonly type: 'annotations'; readonly annotations: readonly AnnotationView[] }
  | { readonly type: 'notice'; readonly message: string }
  /** Steps whose bodies contain the query (full-text search inside the trace). */
  | { readonly type: 'searchResults'; readonly query: string; readonly spanIds: readonly string[] }
  | { readonly type: 'spanBody'; readonly spanId: string; readonly body: SpanBody }
  | { readonly type: 'error'; readonly message: string };

// Webview → host
export type TraceReviewToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'selectSpan'; readonly spanId: string }
  | { readonly type: 'openRaw'; readonly spanId: string }
  | { readonly type: 'annotate'; readonly spanId?: string; readonly verdict?: 'pass' | 'fail'; readonly labels: readonly string[]; readonly comment?: string }
  | { readonly type: 'removeAnnotation'; readonly spanId?: string }
  /** Find where a tool or agent is defined in the workspace (symbol search). */
  | { readonly type: 'openSymbol'; readonly name: string }
  /** Open the prompt file a step's prompt came from. */
  | { readonly type: 'openPrompt'; readonly spanId: string }
  /** Write this trace as a test case of an eval dataset. */
  | { readonly type: 'addToDataset' }
  /** Full-text search of the trace's step bodies. */
  | { readonly type: 'search'; readonly query: string };

const MAX_LABELS = 20;
const MAX_COMMENT = 20_000;

function parseLabels(v: unknown): string[] | undefined {
  if (!Array.isArray(v) || v.length > MAX_LABELS) return undefined;
  const out: string[] = [];
  for (const l of v) {
    if (typeof l !== 'string') return undefined;
    const t = l.trim();
    if (t.length === 0 || t.length > 100) return undefined;
    out.push(t);
  }
  return out;
}

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
    case 'openPrompt':
      return spanId ? { type: 'openPrompt', spanId } : undefined;
    case 'addToDataset':
      return { type: 'addToDataset' };
    case 'search':
      return typeof m.query === 'string' && m.query.trim().length > 0 && m.query.length <= 500 ? { type: 'search', query: m.query } : undefined;
    case 'openSymbol':
      return typeof m.name === 'string' && m.name.trim().length > 0 && m.name.length <= 200 ? { type: 'openSymbol', name: m.name.trim() } : undefined;
    case 'removeAnnotation':
      if (m.spanId !== undefined && !spanId) return undefined;
      return { type: 'removeAnnotation', ...(spanId ? { spanId } : {}) };
    case 'annotate': {
      if (m.spanId !== undefined && !spanId) return undefined;
      if (m.verdict !== undefined && m.verdict !== 'pass' && m.verdict !== 'fail') return undefined;
      const labels = parseLabels(m.labels);
      if (!labels) return undefined;
      if (m.comment !== undefined && (typeof m.comment !== 'string' || m.comment.length > MAX_COMMENT)) return undefined;
      const comment = typeof m.comment === 'string' && m.comment.trim() !== '' ? m.comment : undefined;
      if (m.verdict === undefined && labels.length === 0 && comment === undefined) return undefined;
      return {
        type: 'annotate', ...(spanId ? { spanId } : {}), ...(m.verdict ? { verdict: m.verdict } : {}), labels, ...(comment ? { comment } : {}),
      };
    }
    default:
      return undefined;
  }
}

export function isTraceReviewState(v: unknown): v is TraceReviewState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return Number.isInteger(s.traceRowId) && (s.selectedSpanId === undefined || typeof s.selectedSpanId === 'string');
}
