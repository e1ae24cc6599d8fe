/**
 * A validated rule spec → a PolicyRule: its type (the one rule-type key it has), severity
 * (default error), scope (appliesTo) and compiled check. Throws SpecError (located by key path in
 * the rule) for a bad glob or regular expression, or a rule without exactly one type key.
 */
import { compileRequireBefore } from './rules/requireBefore';
import { compileRequireConfirmation } from './rules/requireConfirmation';
import { compileMaxCostUsd, compileMaxLatencyMs, compileMaxSteps, compileMaxTokens } from './rules/limits';
import { compileMaxToolCallsPerTool, compileRequireToolSuccess } from './rules/toolCalls';
import { compileAllowTools, compileForbidTools } from './rules/toolLists';
import { SpecError, globsAt } from './specError';
import type { TraceView } from './traceView';
import { RULE_TYPES, type AppliesToSpec, type PolicyRule, type RuleCheck, type RuleScope, type RuleSpec, type RuleType } from './types';

/** The rule-type keys a rule has (exactly one when valid). */
export function ruleTypesOf(spec: object): RuleType[] {
  return RULE_TYPES.filter((t) => Object.prototype.hasOwnProperty.call(spec, t));
}

function compileCheck(type: RuleType, spec: RuleSpec): RuleCheck {
  switch (type) {
    case 'allowTools': return compileAllowTools(spec.allowTools!);
    case 'forbidTools': return compileForbidTools(spec.forbidTools!);
    case 'requireBefore': return compileRequireBefore(spec.requireBefore!);
    case 'requireConfirmation': return compileRequireConfirmation(spec.requireConfirmation!);
    case 'maxCostUsd': return compileMaxCostUsd(spec.maxCostUsd!);
    case 'maxTokens': return compileMaxTokens(spec.maxTokens!);
    case 'maxSteps': return compileMaxSteps(spec.maxSteps!);
    case 'maxLatencyMs': return compileMaxLatencyMs(spec.maxLatencyMs!);
    case 'maxToolCallsPerTool': return compileMaxToolCallsPerTool(spec.maxToolCallsPerTool!);
    case 'requireToolSuccess': return compileRequireToolSuccess(spec.requireToolSuccess!);
  }
}

function attributeText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** appliesTo → a trace test and, when `agent` is given, a step-agent test. */
export function compileScope(a: AppliesToSpec | undefined): RuleScope {
  if (!a) return { trace: () => true };
  const name = a.traceName !== undefined ? globsAt(a.traceName, ['appliesTo', 'traceName']) : undefined;
  const attrs = Object.entries(a.attributes ?? {}).map(([key, want]) => {
    if (typeof want !== 'string') return { key, test: (v: unknown) => v === want || attributeText(v) === String(want) };
    const m = globsAt(want, ['appliesTo', 'attributes', key]);
    // A glob needs the attribute to be there: `*` means "has it", not "anything, even nothing".
    return { key, test: (v: unknown) => attributeText(v) !== undefined && m(attributeText(v)) };
  });
  const trace = (view: TraceView) => (!name || name(view.trace.name)) && attrs.every(({ key, test }) => test(view.trace.attributes[key]));
  if (a.agent === undefined) return { trace };
  return { trace, agent: globsAt(a.agent, ['appliesTo', 'agent']) };
}

export function compileRule(spec: RuleSpec): PolicyRule {
  const types = ruleTypesOf(spec);
  if (types.length !== 1) {
    throw new SpecError(types.length > 1 ? [types[1]!] : [], types.length === 0
      ? `rule "${spec.id}" has no rule type: give one of ${RULE_TYPES.join(', ')}`
      : `rule "${spec.id}" has ${types.length} rule types (${types.join(', ')}): give one per rule`);
  }
  const type = types[0]!;
  return {
    id: spec.id,
    type,
    severity: spec.severity ?? 'error',
    ...(spec.description !== undefined ? { description: spec.description } : {}),
    spec,
    scope: compileScope(spec.appliesTo),
    check: compileCheck(type, spec),
  };
}
