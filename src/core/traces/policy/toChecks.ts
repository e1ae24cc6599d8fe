/**
 * Violations as stored check findings (checks.ts, table `trace_checks`): kind `violation`, the
 * rule id and severity, the offending step, and the rule type and related steps as data.
 */
import type { TraceCheck } from '../checks';
import type { Violation } from './types';

export function violationsToChecks(violations: readonly Violation[]): TraceCheck[] {
  return violations.map((v) => ({
    kind: 'violation',
    ruleId: v.ruleId,
    severity: v.severity,
    ...(v.spanId !== undefined ? { spanId: v.spanId } : {}),
    message: v.message,
    data: { ruleType: v.ruleType, ...(v.relatedSpanIds ? { relatedSpanIds: v.relatedSpanIds } : {}) },
  }));
}
