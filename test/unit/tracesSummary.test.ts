/**
 * The headless summary: per-trace totals (LLM calls counted once, tokens and cost over the calls),
 * totals over many traces (unknown cost stays unknown, latency percentiles only when timed), and
 * the CLI's `traces` command built on them.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_PRICING, checkTrace, outcomeMarkdown, parsePolicy, quantile, type OutcomeByPath, readTraces, summarizeTrace, summarizeTraces, priceTrace, type TraceSummary,
} from '../../src/core';
import { runTracesCommand } from '../../src/cli/tracesCommand';
import { airlineReference, fixtureFiles, fixtureJson, retailLines, traceFixture } from './traceFixtures';

async function summaries(file: string): Promise<TraceSummary[]> {
  const { format, traces } = await readTraces(file);
  return traces.map((t, i) => summarizeTrace(priceTrace(t, DEFAULT_PRICING), { id: i + 1, sourcePath: file, format }));
}

describe('summaries', () => {
  test('quantiles interpolate between ranks', () => {
    assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
    assert.equal(quantile(Array.from({ length: 101 }, (_, i) => i), 0.95), 95);
    assert.equal(quantile([7], 0.95), 7);
    assert.equal(quantile([], 0.5), null);
  });

  test('τ-bench airline: counts; tokens, cost and latency unknown (null), never 0', async () => {
    const ref = airlineReference();
    const raw = fixtureJson<{ traj: { role: string }[] }[]>(traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz'));
    const s = summarizeTraces(await summaries(traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz')));
    assert.deepEqual(s, {
      traces: ref.trajectories,
      spans: ref.messages,
      llmCalls: raw.reduce((a, t) => a + t.traj.filter((m) => m.role === 'assistant').length, 0),
      toolCalls: ref.toolCalls,
      errors: 0,
      inputTokens: null,
      outputTokens: null,
      costUsd: null,
      latencyMs: { p50: null, p95: null },
    });
  });

  test('any-agent: tokens and the traces\' own costs summed over the calls; latency from the span times', async () => {
    const all: TraceSummary[] = [];
    let tokensIn = 0;
    let tokensOut = 0;
    let cost = 0;
    const durations: number[] = [];
    for (const file of fixtureFiles('any-agent', /\.json$/)) {
      all.push(...(await summaries(file)));
      const raw = fixtureJson<{ spans: { start_time: number; end_time: number; attributes: Record<string, number | string> }[] }>(file);
      for (const sp of raw.spans) {
        tokensIn += Number(sp.attributes['gen_ai.usage.input_tokens'] ?? 0);
        tokensOut += Number(sp.attributes['gen_ai.usage.output_tokens'] ?? 0);
        cost += Number(sp.attributes['gen_ai.usage.input_cost'] ?? 0) + Number(sp.attributes['gen_ai.usage.output_cost'] ?? 0);
      }
      durations.push((Math.max(...raw.spans.map((x) => x.end_time)) - Math.min(...raw.spans.map((x) => x.start_time))) / 1e6);
    }
    const s = summarizeTraces(all);
    assert.equal(s.traces, 7);
    assert.equal(s.inputTokens, tokensIn);
    assert.equal(s.outputTokens, tokensOut);
    assert.ok(Math.abs(s.costUsd! - cost) < 1e-12);
    durations.sort((a, b) => a - b);
    assert.ok(Math.abs(s.latencyMs.p50! - durations[3]!) < 1e-3, 'the median of 7 traces is the 4th');
    assert.ok(s.latencyMs.p95! <= durations[6]! && s.latencyMs.p95! >= durations[5]!);
  });

  test('one call of unknown cost makes the trace\'s and the total\'s cost unknown', async () => {
    const bee = await summaries(traceFixture('langfuse', 'beeai-2025-08-01.trace.json'));
    assert.equal(bee[0]!.costUsd, undefined, 'beeai has GENERATIONs without usage or cost');
    const oa = await summaries(traceFixture('langfuse', 'openai-agents-2025-09-30.trace.json'));
    assert.ok(oa[0]!.costUsd! > 0);
    assert.equal(summarizeTraces([...oa, ...bee]).costUsd, null);
    assert.equal(summarizeTraces(oa).costUsd, oa[0]!.costUsd);
  });

  test('an AGENT observation\'s own usage is not added to the trace totals', async () => {
    const raw = fixtureJson<{ observations: { type: string; usageDetails: { input?: number } }[] }>(traceFixture('langfuse', 'microsoft-agent-2025-12-17.trace.json'));
    const [t] = await summaries(traceFixture('langfuse', 'microsoft-agent-2025-12-17.trace.json'));
    const generations = raw.observations.filter((o) => o.type === 'GENERATION').reduce((a, o) => a + o.usageDetails.input!, 0);
    assert.equal(t!.inputTokens, generations);
    assert.equal(t!.llmCalls, 2);
  });
});

describe('tracemine traces', () => {
  test('--json: the summary and one line per trace', async () => {
    const out = JSON.parse(await runTracesCommand(traceFixture('otlp', 'adk_py__v1_default__S2.json'), { json: true })) as {
      format: string; traces: number; spans: number; llmCalls: number; toolCalls: number; errors: number; inputTokens: number; outputTokens: number;
      costUsd: number; latencyMs: { p50: number; p95: number }; tools: Record<string, number>; perTrace: { spans: number }[];
    };
    // The headless contract: these keys at the top level.
    for (const k of ['traces', 'spans', 'llmCalls', 'toolCalls', 'errors', 'inputTokens', 'outputTokens', 'costUsd', 'latencyMs']) assert.ok(k in out, k);
    const summary = out;
    const truth = fixtureJson<{ tokens: { input: number; output: number } }>(traceFixture('otlp', 'adk_py__v1_default__S2.truth.json'));
    assert.equal(out.format, 'otlp');
    assert.deepEqual([summary.inputTokens, summary.outputTokens], [truth.tokens.input, truth.tokens.output]);
    assert.equal(summary.llmCalls, 3);
    assert.deepEqual(out.tools, { get_weather: 1, get_time: 1 });
    const price = DEFAULT_PRICING['gemini-2.5-flash']!;
    assert.ok(Math.abs(summary.costUsd - (truth.tokens.input * price.input + truth.tokens.output * price.output) / 1e6) < 1e-12);
    assert.ok(summary.latencyMs.p50 > 0);
  });

  test('text: unknowns are said so', async () => {
    const text = await runTracesCommand(traceFixture('tau-bench-retail-few-shot.jsonl.gz'));
    assert.match(text, new RegExp(`\\(chat\\): ${retailLines()} traces`));
    assert.match(text, /cost {8}unknown/);
    assert.match(text, /latency {5}unknown \(no timestamps\)/);
  });

  test('--policy: violations counted per rule, equal to checking each trace; the CLI exits 1 on a broken policy', async () => {
    const airline = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');
    const policyFile = path.join(__dirname, '..', '..', 'samples', 'traces', 'airline.policy.yaml');
    const policy = parsePolicy(readFileSync(policyFile, 'utf8'), policyFile);
    const out = JSON.parse(await runTracesCommand(airline, { json: true, checks: { policy } })) as {
      violations: Record<string, number>; tracesWithViolations: number; injectionFlags: number; policy: string; perTrace: { violations: Record<string, number> }[];
    };
    for (const k of ['violations', 'injectionFlags']) assert.ok(k in out, k);
    const { traces } = await readTraces(airline);
    const expected: Record<string, number> = {};
    let withAny = 0;
    for (const t of traces) {
      const v = checkTrace(t, policy);
      if (v.length) withAny++;
      for (const x of v) expected[x.ruleId] = (expected[x.ruleId] ?? 0) + 1;
    }
    assert.deepEqual(out.violations, expected);
    assert.equal(out.tracesWithViolations, withAny);
    assert.ok((out.violations['confirm-before-write'] ?? 0) > 0, 'the τ-bench agent writes without confirmation at times');
    assert.equal(out.perTrace.reduce((a, t) => a + Object.values(t.violations).reduce((x, y) => x + y, 0), 0), Object.values(expected).reduce((a, b) => a + b, 0));
    const noPolicy = JSON.parse(await runTracesCommand(airline, { json: true })) as { violations: Record<string, number>; outcomeByPath: unknown };
    assert.deepEqual(noPolicy.violations, {});
    assert.equal(noPolicy.outcomeByPath, null);
    // Outcome by path: error-level violations vs reward, the groups adding up to all traces.
    const o = (JSON.parse(await runTracesCommand(airline, { json: true, checks: { policy } })) as { outcomeByPath: OutcomeByPath }).outcomeByPath;
    assert.equal(o.withViolations.traces + o.withoutViolations.traces, traces.length);
    const errorTraces = traces.filter((t) => checkTrace(t, policy).some((v) => v.severity === 'error'));
    assert.equal(o.withViolations.traces, errorTraces.length);
    assert.equal(o.withViolations.successes, errorTraces.filter((t) => t.attributes.reward === 1).length);
    const md = outcomeMarkdown(o, { title: 'airline', outcomeAttribute: 'reward', successThreshold: 1, minSeverity: 'error' });
    assert.match(md, new RegExp(`\\| with violations \\| ${o.withViolations.traces} \\| \\d+\\.\\d%`));
    assert.match(md, /get\\_reservation\\_details → /, 'tool names escaped for Markdown');
  });
});
