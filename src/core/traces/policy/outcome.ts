/**
 * Does breaking the policy go with failing the task? Traces split by whether they have
 * violations, and by agent path (variant), each group with its success rate.
 *
 * - Outcome: the trace attribute `outcomeAttribute` (default `reward`, τ-bench's; a dotted path
 *   reaches into objects when no attribute has the whole name), a number (booleans count as 1/0,
 *   numeric text as its number); success when it is at least `successThreshold` (default 1).
 *   Traces without a readable outcome count in `traces` but not in `withOutcome`, and `rate` is
 *   successes / withOutcome (undefined when no trace has an outcome).
 * - Violations: those of at least `minSeverity` (default info: all).
 * - Variant: the trace's activity sequence as the process map names it (spanActivity of
 *   toEventLog.ts under `activity`, default 'tool': tool spans by tool name and model calls as
 *   `LLM: <model>`; `kinds` keeps only spans of those kinds, e.g. ['tool'] for tool-only paths).
 *   Variants are listed most traces first, ties by their text.
 */
import { spanActivity, type TraceActivity } from '../toEventLog';
import type { SpanKind, Trace } from '../types';
import { inSeqOrder } from './traceView';
import type { Severity, Violation } from './types';
import type { ViolationsByTrace } from './summarize';

export interface OutcomeOptions {
  readonly outcomeAttribute?: string;
  readonly successThreshold?: number;
  readonly activity?: TraceActivity;
  readonly kinds?: readonly SpanKind[];
  readonly minSeverity?: Severity;
}

export interface OutcomeGroup {
  readonly traces: number;
  /** Traces with a readable outcome. */
  readonly withOutcome: number;
  readonly successes: number;
  /** successes / withOutcome; undefined when no trace has an outcome. */
  readonly rate?: number;
}

export interface VariantOutcome extends OutcomeGroup {
  readonly variant: readonly string[];
  readonly violatingTraces: number;
}

export interface OutcomeByPath {
  readonly withViolations: OutcomeGroup;
  readonly withoutViolations: OutcomeGroup;
  readonly perVariant: readonly VariantOutcome[];
}

const RANK: Readonly<Record<Severity, number>> = { info: 0, warning: 1, error: 2 };

/** The outcome of a trace as a number, or undefined (see the header). */
export function outcomeOf(attributes: Readonly<Record<string, unknown>>, key: string): number | undefined {
  let v: unknown = attributes[key];
  if (v === undefined && key.includes('.')) {
    v = attributes;
    for (const part of key.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[part] : undefined;
  }
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/** The trace's activity sequence (see the header). */
export function traceVariant(trace: Trace, activity: TraceActivity = 'tool', kinds?: ReadonlySet<SpanKind>): string[] {
  const out: string[] = [];
  for (const s of inSeqOrder(trace.spans)) {
    if (kinds && !kinds.has(s.kind)) continue;
    const a = spanActivity(s, activity);
    if (a !== undefined) out.push(a);
  }
  return out;
}

class Tally {
  traces = 0;
  withOutcome = 0;
  successes = 0;
  violating = 0;

  add(outcome: number | undefined, threshold: number, violating: boolean): void {
    this.traces++;
    if (violating) this.violating++;
    if (outcome === undefined) return;
    this.withOutcome++;
    if (outcome >= threshold) this.successes++;
  }

  group(): OutcomeGroup {
    return { traces: this.traces, withOutcome: this.withOutcome, successes: this.successes, ...(this.withOutcome > 0 ? { rate: this.successes / this.withOutcome } : {}) };
  }
}

export function outcomeByPath(traces: Iterable<Trace>, violationsByTrace: ViolationsByTrace, opts: OutcomeOptions = {}): OutcomeByPath {
  const key = opts.outcomeAttribute ?? 'reward';
  const threshold = opts.successThreshold ?? 1;
  const min = RANK[opts.minSeverity ?? 'info'];
  const kinds = opts.kinds ? new Set(opts.kinds) : undefined;
  const lookup = (id: string): readonly Violation[] | undefined =>
    violationsByTrace instanceof Map ? violationsByTrace.get(id) : (violationsByTrace as Readonly<Record<string, readonly Violation[]>>)[id];
  const withV = new Tally();
  const withoutV = new Tally();
  const variants = new Map<string, { variant: string[]; tally: Tally }>();
  for (const t of traces) {
    const outcome = outcomeOf(t.attributes, key);
    const violating = (lookup(t.traceId) ?? []).some((v) => RANK[v.severity] >= min);
    (violating ? withV : withoutV).add(outcome, threshold, violating);
    const variant = traceVariant(t, opts.activity, kinds);
    const k = variant.join('\u0000');
    let entry = variants.get(k);
    if (!entry) variants.set(k, (entry = { variant, tally: new Tally() }));
    entry.tally.add(outcome, threshold, violating);
  }
  const perVariant = [...variants.entries()]
    .sort(([ka, a], [kb, b]) => b.tally.traces - a.tally.traces || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, { variant, tally }]) => ({ variant, ...tally.group(), violatingTraces: tally.violating }));
  return { withViolations: withV.group(), withoutViolations: withoutV.group(), perVariant };
}
