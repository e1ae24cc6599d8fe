/**
 * Violation counts over many traces: per rule (violations and traces with at least one), per
 * severity, and the number of traces with any. For the trace list's headline and the CLI report.
 */
import type { Policy, RuleType, Severity, Violation } from './types';

export interface RuleCount {
  readonly ruleId: string;
  readonly ruleType: RuleType;
  readonly severity: Severity;
  readonly violations: number;
  /** Traces with at least one violation of the rule. */
  readonly traces: number;
}

export interface ViolationSummary {
  /** Traces checked (entries given, clean ones included). */
  readonly traces: number;
  readonly violatingTraces: number;
  readonly violations: number;
  readonly bySeverity: Readonly<Record<Severity, number>>;
  /** With a policy: every rule in policy order (zeros included); without: rules that fired, by id. */
  readonly byRule: readonly RuleCount[];
}

export type ViolationsByTrace = ReadonlyMap<string, readonly Violation[]> | Readonly<Record<string, readonly Violation[]>>;

/** Per-trace violation lists, whichever container holds them. */
export function perTraceLists(results: ViolationsByTrace | Iterable<readonly Violation[]>): Iterable<readonly Violation[]> {
  if (results instanceof Map) return results.values();
  if (typeof (results as Iterable<unknown>)[Symbol.iterator] === 'function') return results as Iterable<readonly Violation[]>;
  return Object.values(results as Readonly<Record<string, readonly Violation[]>>);
}

export function summarizeViolations(results: ViolationsByTrace | Iterable<readonly Violation[]>, policy?: Policy): ViolationSummary {
  const rules = new Map<string, { ruleId: string; ruleType: RuleType; severity: Severity; violations: number; traces: number }>();
  for (const r of policy?.rules ?? []) rules.set(r.id, { ruleId: r.id, ruleType: r.type, severity: r.severity, violations: 0, traces: 0 });
  const bySeverity: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  let traces = 0;
  let violatingTraces = 0;
  let violations = 0;
  for (const list of perTraceLists(results)) {
    traces++;
    if (list.length === 0) continue;
    violatingTraces++;
    violations += list.length;
    const seen = new Set<string>();
    for (const v of list) {
      bySeverity[v.severity]++;
      let r = rules.get(v.ruleId);
      if (!r) rules.set(v.ruleId, (r = { ruleId: v.ruleId, ruleType: v.ruleType, severity: v.severity, violations: 0, traces: 0 }));
      r.violations++;
      if (!seen.has(v.ruleId)) {
        seen.add(v.ruleId);
        r.traces++;
      }
    }
  }
  const byRule = [...rules.values()];
  if (!policy) byRule.sort((a, b) => (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  return { traces, violatingTraces, violations, bySeverity, byRule };
}
