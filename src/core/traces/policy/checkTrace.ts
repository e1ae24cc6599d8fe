/**
 * Checking traces against a policy. Each trace is turned into its steps once (traceView.ts) and
 * every rule walks them once: checking N traces is linear in their spans and messages (times the
 * number of rules).
 */
import type { Trace } from '../types';
import { traceView } from './traceView';
import type { Policy, Violation } from './types';

/** The violations of one trace, rule by rule in policy order, each rule's in step order. */
export function checkTrace(trace: Trace, policy: Policy): Violation[] {
  const view = traceView(trace);
  const out: Violation[] = [];
  for (const rule of policy.rules) {
    if (!rule.scope.trace(view)) continue;
    const inScope = rule.scope.agent;
    const steps = inScope ? view.steps.filter((s) => inScope(s.agent)) : view.steps;
    for (const f of rule.check(steps, view)) {
      out.push({
        ruleId: rule.id,
        ruleType: rule.type,
        severity: rule.severity,
        message: f.message,
        traceId: trace.traceId,
        ...(f.spanId !== undefined ? { spanId: f.spanId } : {}),
        ...(f.relatedSpanIds && f.relatedSpanIds.length > 0 ? { relatedSpanIds: f.relatedSpanIds } : {}),
      });
    }
  }
  return out;
}

/** The violations of many traces, by trace id (every trace has an entry, empty when clean). */
export function checkTraces(traces: Iterable<Trace>, policy: Policy): Map<string, Violation[]> {
  const out = new Map<string, Violation[]>();
  for (const t of traces) out.set(t.traceId, checkTrace(t, policy));
  return out;
}
