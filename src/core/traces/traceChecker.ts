/**
 * The path checks run on every imported trace, composed into one TraceChecker: the workspace
 * policy (src/core/traces/policy), prompt-injection screening of untrusted content
 * (src/core/traces/screening) and the groundedness of the final answer. Each part is optional;
 * findings come out as TraceChecks, stored with the trace.
 */
import { LineCounter, isMap, isSeq, parseDocument } from 'yaml';
import type { TraceChecker } from '../db/tracemineDb';
import type { TraceCheck } from './checks';
import { checkTrace, violationsToChecks, type Policy } from './policy';
import { groundednessChecks, injectionChecks, screenTrace } from './screening';
import type { Trace } from './types';

/**
 * Groundedness: 'documents' checks the final answer only in traces that retrieved documents (the
 * RAG case, where an answer should stand on them); 'all' also against tool results (strict: agents
 * state policy and computed figures that no tool returned); 'off'.
 */
export type GroundednessMode = 'off' | 'documents' | 'all';

export interface TraceCheckOptions {
  readonly policy?: Policy;
  /** Heuristic prompt-injection screening of untrusted content (default on). */
  readonly injection?: boolean;
  readonly groundedness?: GroundednessMode;
}

/** Every finding of the configured checks on one trace. */
export function checkTraceAll(trace: Trace, opts: TraceCheckOptions): TraceCheck[] {
  const out: TraceCheck[] = [];
  if (opts.policy) out.push(...violationsToChecks(checkTrace(trace, opts.policy)));
  if (opts.injection ?? true) out.push(...injectionChecks(screenTrace(trace)));
  const g = opts.groundedness ?? 'documents';
  if (g === 'all' || (g === 'documents' && trace.spans.some((s) => (s.documents?.length ?? 0) > 0))) out.push(...groundednessChecks(trace));
  return out;
}

export function buildTraceChecker(opts: TraceCheckOptions): TraceChecker {
  return (trace) => checkTraceAll(trace, opts);
}

/** 1-based line of each rule (by id) in a policy file's text, for diagnostics on the rule. */
export function policyRuleLines(text: string): Map<string, number> {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc });
  const out = new Map<string, number>();
  const rules = isMap(doc.contents) ? doc.contents.get('rules', true) : undefined;
  if (!isSeq(rules)) return out;
  for (const item of rules.items) {
    if (!isMap(item)) continue;
    const id = item.get('id');
    const range = item.range;
    if (typeof id === 'string' && range) out.set(id, lc.linePos(range[0]).line);
  }
  return out;
}
