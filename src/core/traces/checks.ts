/**
 * A finding of the path checks on one trace: a policy violation (src/core/traces/policy), a
 * suspected prompt injection in untrusted content (src/core/traces/screening), or a final answer
 * that is not grounded in what was retrieved. Stored with the trace (table `trace_checks`),
 * shown on the timeline, counted in the trace list and in `tracemine traces --json`.
 */
export type CheckKind = 'violation' | 'injection' | 'groundedness';
export type CheckSeverity = 'error' | 'warning' | 'info';

export interface TraceCheck {
  readonly kind: CheckKind;
  /** Policy rule id, injection rule ids joined by '+', or 'groundedness'. */
  readonly ruleId: string;
  readonly severity: CheckSeverity;
  /** The step the finding is about (the offending call; the step that carried injected content). */
  readonly spanId?: string;
  /** For injections: the next step that acted on the content. */
  readonly actingSpanId?: string;
  readonly message: string;
  /** Detector score or groundedness score, when there is one. */
  readonly score?: number;
  /** Anything else worth keeping (related span ids, excerpts, rule details). */
  readonly data?: Readonly<Record<string, unknown>>;
}

/** Counts per kind and per rule id, for list lines and the headless report. */
export interface CheckCounts {
  readonly violations: number;
  readonly injections: number;
  readonly ungrounded: number;
  readonly byRule: Readonly<Record<string, number>>;
}

export function countChecks(checks: readonly TraceCheck[]): CheckCounts {
  let violations = 0;
  let injections = 0;
  let ungrounded = 0;
  const byRule: Record<string, number> = {};
  for (const c of checks) {
    if (c.kind === 'violation') {
      violations++;
      byRule[c.ruleId] = (byRule[c.ruleId] ?? 0) + 1;
    } else if (c.kind === 'injection') injections++;
    else ungrounded++;
  }
  return { violations, injections, ungrounded, byRule };
}
