/**
 * Screening results as stored trace checks (src/core/traces/checks.ts): one `injection` check per
 * flag (rule ids joined by '+', the carrier as the span, the acting step kept), and one
 * `groundedness` check when the final answer has unsupported sentences (a warning when fewer than
 * half of its counted sentences are supported, else info). `screeningChecker` gives
 * the function an import runs on every trace (TracemineDb.importTraces' `check`).
 */
import type { TraceCheck } from '../checks';
import type { Trace } from '../types';
import { traceGroundedness, type GroundednessOptions } from './groundedness';
import { screenTrace, type InjectionFlag, type ScreenTraceOptions } from './traceScreening';

const SOURCE_WORDS: Readonly<Record<InjectionFlag['source'], string>> = {
  'tool-result': 'a tool result',
  document: 'a retrieved document',
  'user-message': 'a user message',
  input: 'a tool or retriever input',
};

/** One injection check per flag. */
export function injectionChecks(flags: readonly InjectionFlag[]): TraceCheck[] {
  return flags.map((f) => ({
    kind: 'injection',
    ruleId: f.ruleIds.join('+'),
    severity: 'warning',
    spanId: f.spanId,
    ...(f.actingSpanId !== undefined ? { actingSpanId: f.actingSpanId } : {}),
    message: `Possible prompt injection in ${SOURCE_WORDS[f.source]} (${f.ruleIds.join(', ')}): ${f.excerpt}`,
    score: f.score,
    data: { source: f.source, ruleIds: f.ruleIds, excerpt: f.excerpt },
  }));
}

/** A groundedness check when the trace's final answer has unsupported sentences; none otherwise. */
export function groundednessChecks(trace: Trace, opts: GroundednessOptions = {}): TraceCheck[] {
  const g = traceGroundedness(trace, opts);
  if (!g || g.unsupported.length === 0) return [];
  const counted = g.sentences.filter((s) => s.counted).length;
  return [{
    kind: 'groundedness',
    ruleId: 'groundedness',
    severity: g.score < 0.5 ? 'warning' : 'info',
    spanId: g.spanId,
    message: `${g.unsupported.length} of ${counted} sentence${counted === 1 ? '' : 's'} of the final answer not found in the retrieved content`,
    score: g.score,
    data: {
      unsupported: g.unsupported.slice(0, 10).map((s) => (s.length > 300 ? `${s.slice(0, 299)}…` : s)),
      missingNumbers: [...new Set(g.sentences.flatMap((s) => s.missingNumbers ?? []))],
      sources: g.sources.length,
    },
  }];
}

export interface ScreeningCheckOptions {
  /** Run the injection heuristics (default true). */
  readonly injection?: boolean | ScreenTraceOptions;
  /** Run the overlap groundedness check (default true). */
  readonly groundedness?: boolean | GroundednessOptions;
}

/** The checks to run on each imported trace: injection screening and groundedness, as configured. */
export function screeningChecker(opts: ScreeningCheckOptions = {}): (trace: Trace) => TraceCheck[] {
  const inj = opts.injection ?? true;
  const gr = opts.groundedness ?? true;
  return (trace) => [
    ...(inj === false ? [] : injectionChecks(screenTrace(trace, inj === true ? {} : inj))),
    ...(gr === false ? [] : groundednessChecks(trace, gr === true ? {} : gr)),
  ];
}
