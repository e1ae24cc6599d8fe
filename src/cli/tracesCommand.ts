/**
 * `tracemine traces <file> [--json]`: the headline of an agent-trace file without any database:
 * traces, spans, LLM calls (wrappers counted once), tool calls, errors, tokens, cost (unknown
 * when any call's cost is unknown) and trace latency p50/p95 (unknown for untimed transcripts),
 * plus the tools used. With `json`, one JSON object (the summary and one line per trace).
 * Resolves to the text to print; an unreadable file rejects with an ImportError.
 */
import * as path from 'node:path';
import {
  checkTrace, checkTraceAll, countChecks, violationsToChecks, outcomeByPath, type Trace, type Violation, pricingTable, priceTrace, readTraces, summarizeTrace, summarizeTraces,
  type CheckCounts, type Policy, type PricingTable, type TraceCheckOptions, type TraceFormat, type TracesSummary,
} from '../core';

export interface TracesCommandOptions {
  readonly json?: boolean;
  /** Prices overriding the built-in table. */
  readonly pricing?: PricingTable;
  /** Force the format instead of detecting it. */
  readonly format?: TraceFormat;
  /** Path checks: a policy, injection screening, groundedness. */
  readonly checks?: TraceCheckOptions;
}

export type { Policy };

const int = (n: number) => n.toLocaleString('en-US');
const usd = (n: number) => `$${n < 0.01 ? n.toPrecision(3) : n.toFixed(4)}`;
const ms = (n: number) => (n >= 1000 ? `${(n / 1000).toFixed(2)} s` : `${n.toFixed(1)} ms`);

function toolCounts(spansByTool: ReadonlyMap<string, number>): string {
  const top = [...spansByTool.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 12);
  return top.map(([t, n]) => `${t} ${int(n)}`).join(', ');
}

export async function runTracesCommand(file: string, opts: TracesCommandOptions = {}): Promise<string> {
  const abs = path.resolve(file);
  const read = await readTraces(abs, { format: opts.format });
  const table = pricingTable(opts.pricing);
  const byTool = new Map<string, number>();
  const checkCounts: CheckCounts[] = [];
  const pricedTraces: Trace[] = [];
  const violationsByTrace = new Map<string, Violation[]>();
  const policy = opts.checks?.policy;
  const summaries = read.traces.map((t, i) => {
    const priced = priceTrace(t, table);
    pricedTraces.push(priced);
    // The policy is checked once here; the other checks (screening, groundedness) by checkTraceAll.
    const violations = policy ? checkTrace(priced, policy) : [];
    if (policy) violationsByTrace.set(priced.traceId, violations);
    for (const s of priced.spans) if (s.kind === 'tool' && s.toolName !== undefined) byTool.set(s.toolName, (byTool.get(s.toolName) ?? 0) + 1);
    const { policy: _checkedAbove, ...others } = opts.checks ?? {};
    checkCounts.push(countChecks([...violationsToChecks(violations), ...(opts.checks ? checkTraceAll(priced, others) : [])]));
    return summarizeTrace(priced, { id: i + 1, sourcePath: abs, format: read.format });
  });
  const summary: TracesSummary = summarizeTraces(summaries);
  const violations: Record<string, number> = {};
  let injectionFlags = 0;
  let ungrounded = 0;
  for (const c of checkCounts) {
    for (const [rule, n] of Object.entries(c.byRule)) violations[rule] = (violations[rule] ?? 0) + n;
    injectionFlags += c.injections;
    ungrounded += c.ungrounded;
  }
  const tracesWithViolations = checkCounts.filter((c) => c.violations > 0).length;
  // Outcome by path: error-level violations, tool-call paths (τ-bench's reward is the outcome).
  const outcome = policy ? outcomeByPath(pricedTraces, violationsByTrace, { minSeverity: 'error', kinds: ['tool'] }) : undefined;
  if (opts.json) {
    return JSON.stringify({
      file: abs,
      format: read.format,
      duplicateSpans: read.duplicateSpans,
      // traces, spans, llmCalls, toolCalls, errors, inputTokens, outputTokens, costUsd, latencyMs {p50, p95}
      ...summary,
      tools: Object.fromEntries([...byTool.entries()].sort((a, b) => b[1] - a[1])),
      policy: opts.checks?.policy?.path ?? null,
      // count per rule id; {} when no policy was given
      violations,
      tracesWithViolations,
      injectionFlags,
      ungroundedAnswers: ungrounded,
      outcomeByPath: outcome ? { ...outcome, perVariant: outcome.perVariant.slice(0, 50) } : null,
      perTrace: summaries.map((s, i) => ({
        traceId: s.traceId, name: s.name, conversationId: s.conversationId ?? null, spans: s.spans, llmCalls: s.llmCalls, toolCalls: s.toolCalls,
        errors: s.errors, inputTokens: s.inputTokens ?? null, outputTokens: s.outputTokens ?? null, costUsd: s.costUsd ?? null,
        durationMs: s.durationMs ?? null, models: s.models,
        violations: checkCounts[i]!.byRule, injectionFlags: checkCounts[i]!.injections,
      })),
    }, null, 2);
  }
  const lines = [
    `${path.basename(abs)} (${read.format}): ${int(summary.traces)} trace${summary.traces === 1 ? '' : 's'}, ${int(summary.spans)} spans`,
    `  LLM calls   ${int(summary.llmCalls)}`,
    `  tool calls  ${int(summary.toolCalls)}${byTool.size > 0 ? ` (${byTool.size} tool${byTool.size === 1 ? '' : 's'}: ${toolCounts(byTool)})` : ''}`,
    `  errors      ${int(summary.errors)}`,
    `  tokens      ${summary.inputTokens === null ? 'unknown' : int(summary.inputTokens)} in, ${summary.outputTokens === null ? 'unknown' : int(summary.outputTokens)} out`,
    `  cost        ${summary.costUsd === null ? 'unknown' : usd(summary.costUsd)}`,
    `  latency     ${summary.latencyMs.p50 === null ? 'unknown (no timestamps)' : `p50 ${ms(summary.latencyMs.p50)}, p95 ${ms(summary.latencyMs.p95!)}`}`,
  ];
  if (opts.checks?.policy) {
    const rules = Object.entries(violations).sort((a, b) => b[1] - a[1]);
    const r = (g: { rate?: number; successes: number; withOutcome: number }) => (g.rate === undefined ? 'unknown' : `${(g.rate * 100).toFixed(1)}% (${g.successes}/${g.withOutcome})`);
    if (outcome && (outcome.withViolations.withOutcome + outcome.withoutViolations.withOutcome) > 0) {
      lines.push(`  outcome     reward ≥ 1 in ${r(outcome.withViolations)} of traces with error-level violations, ${r(outcome.withoutViolations)} without`);
    }
    lines.push(`  violations  ${rules.length === 0 ? 'none' : `${int(rules.reduce((a, [, n]) => a + n, 0))} in ${int(tracesWithViolations)} trace(s): ${rules.map(([r, n]) => `${r} ${int(n)}`).join(', ')}`}`);
  }
  if (read.duplicateSpans > 0) lines.push(`  note        ${int(read.duplicateSpans)} repeated span(s) dropped (first copy kept)`);
  return lines.join('\n');
}
