/**
 * Policy-based path checks of agent traces (docs/trace-policy.md): read a policy file, check
 * traces against it, count the violations, and relate them to task outcomes per agent path.
 */
export { parsePolicy } from './parsePolicy';
export { PolicyError, formatKeyPath, type PolicyErrorPlace } from './policyError';
export { checkTrace, checkTraces } from './checkTrace';
export { summarizeViolations, type RuleCount, type ViolationSummary, type ViolationsByTrace } from './summarize';
export { outcomeByPath, outcomeOf, traceVariant, type OutcomeByPath, type OutcomeGroup, type OutcomeOptions, type VariantOutcome } from './outcome';
export { violationsToChecks } from './toChecks';
export { isPolicyFile, POLICY_FILE_GLOBS } from './files';
export { POLICY_SCHEMA_ID } from './validate';
export { DEFAULT_CONFIRMATION } from './rules/requireConfirmation';
export { globToRegExp, compileGlobs, GlobError } from './glob';
export { traceView, type Step, type TraceView, type Turn } from './traceView';
export {
  RULE_TYPES, type Policy, type PolicyRule, type PolicySpec, type RuleSpec, type RuleType, type Severity, type Violation,
  type AllowToolsEntry, type AppliesToSpec, type RequireBeforeSpec, type RequireConfirmationSpec, type MaxToolCallsSpec,
  type RequireToolSuccessSpec, type StepCount, type TokenCount,
} from './types';
