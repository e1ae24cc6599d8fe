/**
 * The trace readers on real files (test/fixtures/traces): counts per format against SOURCES.md's
 * published figures, the agentevals truth files, and counts taken independently from the raw JSON.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { guessTraceFormat, readTraces, type Span, type Trace } from '../../src/core';
import {
  airlineReference, fixtureFiles, fixtureJson, fixtureText, langfuseReference, retailLines, traceFixture,
  type Truth,
} from './traceFixtures';

const AIRLINE = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');
const RETAIL = traceFixture('tau-bench-retail-few-shot.jsonl.gz');

interface RawMessage {
  role: string;
  content: string | null;
  name?: string;
  tool_call_id?: string;
  tool_calls?: { id: string; function: { name: string; arguments: string } }[];
}
interface RawTrajectory {
  task_id: number;
  trial: number;
  reward: number;
  traj: RawMessage[];
}

const allSpans = (traces: readonly Trace[]) => traces.flatMap((t) => t.spans);

describe('OpenAI chat transcripts: τ-bench', () => {
  test('airline: the published counts (SOURCES.md)', async () => {
    const ref = airlineReference();
    const { format, traces } = await readTraces(AIRLINE);
    assert.equal(format, 'chat');
    assert.equal(traces.length, ref.trajectories);
    const spans = allSpans(traces);
    assert.equal(spans.length, ref.messages, 'one span per message');
    const tools = spans.filter((s) => s.kind === 'tool');
    assert.equal(tools.length, ref.toolCalls);
    assert.equal(new Set(tools.map((s) => s.toolName)).size, ref.tools);
    assert.equal(traces.filter((t) => t.attributes.reward === 1).length, ref.solved);
  });

  test('airline: spans follow the raw messages one to one, tool replies linked to their calls', async () => {
    const raw = fixtureJson<RawTrajectory[]>(AIRLINE);
    const { traces } = await readTraces(AIRLINE);
    assert.equal(traces.length, raw.length);
    traces.forEach((t, i) => {
      const r = raw[i]!;
      assert.equal(t.traceId, `task-${r.task_id}-trial-${r.trial}`);
      assert.equal(t.attributes.task_id, r.task_id);
      assert.equal(t.spans.length, r.traj.length);
      // Ids repeat within a conversation in this data: a reply answers the latest call with its id.
      const callsById = new Map<string, { function: { name: string; arguments: string } }>();
      t.spans.forEach((s, j) => {
        const m = r.traj[j]!;
        for (const c of m.tool_calls ?? []) callsById.set(c.id, c);
        assert.equal(s.seq, j);
        assert.equal(s.spanId, `m${j}`);
        assert.equal(s.start, undefined, 'transcripts are untimed');
        assert.equal(s.end, undefined);
        const expectedKind = m.role === 'assistant' ? 'llm' : m.role === 'tool' ? 'tool' : 'message';
        assert.equal(s.kind, expectedKind);
        if (m.role === 'assistant') {
          assert.equal(s.outputMessages?.[0]?.content, m.content ?? '');
          assert.deepEqual(s.outputMessages?.[0]?.toolCalls?.map((c) => [c.id, c.name, c.arguments]) ?? [], (m.tool_calls ?? []).map((c) => [c.id, c.function.name, c.function.arguments]));
          assert.equal(s.llmCall, true);
        } else if (m.role === 'tool') {
          const call = callsById.get(m.tool_call_id!)!;
          assert.equal(s.toolName, m.name);
          assert.equal(s.toolName, call.function.name);
          assert.equal(s.toolArguments, call.function.arguments);
          assert.equal(s.toolResult, m.content);
          assert.equal(s.toolCallId, m.tool_call_id);
          const parent = t.spans.find((p) => p.spanId === s.parentSpanId)!;
          assert.ok(parent.outputMessages?.[0]?.toolCalls?.some((c) => c.id === m.tool_call_id), 'the parent span made the call');
        } else {
          assert.equal(s.inputMessages?.[0]?.role, m.role);
          assert.equal(s.inputMessages?.[0]?.content, m.content);
        }
      });
    });
  });

  test('retail (messages_display): one trace per line, the display text rebuilt exactly from the spans', async () => {
    const lines = fixtureText(RETAIL).split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { messages_display: string });
    assert.equal(lines.length, retailLines());
    const { format, traces } = await readTraces(RETAIL);
    assert.equal(format, 'chat');
    assert.equal(traces.length, retailLines());
    traces.forEach((t, i) => {
      const rebuilt = t.spans.map((s) => {
        if (s.kind === 'tool') return `tool: ${s.toolResult}`;
        if (s.kind === 'llm') return `assistant: ${s.attributes.toolCallHidden === true ? 'None' : s.outputMessages![0]!.content}`;
        return `${s.name}: ${s.inputMessages![0]!.content}`;
      }).join('\n');
      assert.equal(rebuilt, lines[i]!.messages_display);
    });
  });
});

/** The truth's tool result after agentevals' normalisation: JSON-parsed, ADK's {"result": X} unwrapped. */
function normaliseResult(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return text;
  }
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'result' in v) return (v as { result: unknown }).result;
  return v;
}

function userText(t: Trace): string | undefined {
  for (const s of t.spans) {
    const m = s.inputMessages?.find((x) => x.role === 'user');
    if (m) return m.content;
  }
  return undefined;
}

/** The answer: the assistant output of the span with output messages that ended last. */
function finalText(t: Trace): string | undefined {
  let best: Span | undefined;
  for (const s of t.spans) {
    if (!s.outputMessages?.some((m) => m.role === 'assistant')) continue;
    if (!best || (s.end ?? -Infinity) >= (best.end ?? -Infinity)) best = s;
  }
  return best?.outputMessages?.filter((m) => m.role === 'assistant').at(-1)?.content;
}

describe('OTLP/JSON: the agentevals truth files', () => {
  for (const file of fixtureFiles('otlp', /^(?!.*\.truth\.json$).*\.json$/)) {
    const name = path.basename(file, '.json');
    test(name, async () => {
      const truth = fixtureJson<Truth>(file.replace(/\.json$/, '.truth.json'));
      const { format, traces } = await readTraces(file);
      assert.equal(format, 'otlp');
      assert.equal(traces.length, truth.turns.length, 'one trace per turn');
      let input = 0;
      let output = 0;
      traces.forEach((t, i) => {
        const turn = truth.turns[i]!;
        const calls = t.spans.filter((s) => s.llmCall === true);
        const tin = calls.reduce((a, s) => a + (s.inputTokens ?? 0), 0);
        const tout = calls.reduce((a, s) => a + (s.outputTokens ?? 0), 0);
        assert.deepEqual({ input: tin, output: tout }, turn.tokens, `turn ${i + 1} tokens, each model call counted once`);
        if (turn.llm_calls !== undefined) assert.equal(calls.length, turn.llm_calls);
        input += tin;
        output += tout;
        const tools = t.spans.filter((s) => s.kind === 'tool');
        assert.deepEqual(tools.map((s) => s.toolName), turn.tool_calls.map((c) => c.name));
        tools.forEach((s, k) => {
          const expected = turn.tool_calls[k]!;
          if (expected.args !== null) assert.deepEqual(JSON.parse(s.toolArguments!), expected.args);
          if (expected.result !== null) assert.deepEqual(normaliseResult(s.toolResult), expected.result);
        });
        if (turn.user_text !== null) assert.equal(userText(t), turn.user_text);
        if (turn.final_text !== null) assert.equal(finalText(t), turn.final_text);
        const agents = [...new Set(t.spans.map((s) => s.agentName).filter((a) => a !== undefined))].sort();
        assert.deepEqual(agents, [...turn.agents].sort());
      });
      assert.deepEqual({ input, output }, truth.tokens);
    });
  }

  test('a wrapper span and the provider span inside it are one call (ADK call_llm → generate_content)', async () => {
    const { traces } = await readTraces(traceFixture('otlp', 'adk_py__v1_default__S2.json'));
    const llm = traces[0]!.spans.filter((s) => s.kind === 'llm');
    assert.equal(llm.length, 6);
    for (const s of llm) {
      const parent = traces[0]!.spans.find((p) => p.spanId === s.parentSpanId);
      if (s.name === 'call_llm') assert.equal(s.llmCall, false, 'the wrapper does not count');
      else assert.equal(parent?.name === 'call_llm' && s.llmCall, true, 'the provider span inside counts');
    }
  });

  test('a span exported twice keeps its first copy; deprecated aliases are read', async () => {
    const dup = await readTraces(traceFixture('otlp', 'hand__duplicate_span_ids.json'));
    assert.equal(dup.duplicateSpans, 1);
    assert.equal(dup.traces[0]!.spans.length, 2);
    const alias = await readTraces(traceFixture('otlp', 'hand__deprecated_aliases.json'));
    const s = alias.traces[0]!.spans[0]!;
    assert.equal(s.provider, 'anthropic', 'gen_ai.system');
    assert.equal(s.requestModel, 'claude-sonnet-5');
    assert.equal(s.attributes['gen_ai.usage.cache_creation.input_tokens'], 50, 'unknown attributes are kept, intValue strings as numbers');
  });

  test('three traces of one conversation share its id and are ordered by start', async () => {
    const { traces } = await readTraces(traceFixture('otlp', 'hand__three_trace_conversation.json'));
    assert.deepEqual(traces.map((t) => t.conversationId), ['conv-ada-1', 'conv-ada-1', 'conv-ada-1']);
    const starts = traces.map((t) => t.spans[0]!.start!);
    assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
    assert.equal(traces[0]!.name, 'invoke_agent assistant');
  });

  test('times are epoch ms from the nanosecond strings', async () => {
    const raw = fixtureJson<{ resourceSpans: { scopeSpans: { spans: { spanId: string; startTimeUnixNano: string; endTimeUnixNano: string }[] }[] }[] }>(traceFixture('otlp', 'adk_py__v1_default__S1.json'));
    const { traces } = await readTraces(traceFixture('otlp', 'adk_py__v1_default__S1.json'));
    for (const r of raw.resourceSpans[0]!.scopeSpans[0]!.spans) {
      const s = traces[0]!.spans.find((x) => x.spanId === r.spanId)!;
      assert.equal(s.start, Number(BigInt(r.startTimeUnixNano) / 1000n) / 1000);
      assert.equal(s.end, Number(BigInt(r.endTimeUnixNano) / 1000n) / 1000);
    }
  });
});

describe('Langfuse exports', () => {
  const reference = langfuseReference();
  for (const file of fixtureFiles('langfuse', /\.trace\.json$/)) {
    const name = path.basename(file, '.trace.json');
    test(`${name}: observations by type as SOURCES.md lists them`, async () => {
      const ref = reference.get(name);
      assert.ok(ref, `SOURCES.md has a row for ${name}`);
      const { format, traces } = await readTraces(file);
      assert.equal(format, 'langfuse');
      assert.equal(traces.length, 1);
      const spans = traces[0]!.spans;
      assert.equal(spans.length, ref.total);
      const byType: Record<string, number> = {};
      for (const s of spans) byType[String(s.attributes.type)] = (byType[String(s.attributes.type)] ?? 0) + 1;
      assert.deepEqual(byType, ref.byType);
      assert.equal(spans.filter((s) => s.kind === 'llm').length, ref.byType.GENERATION ?? 0, 'GENERATION → llm');
      assert.equal(spans.filter((s) => s.kind === 'agent' && s.attributes.type === 'AGENT').length, ref.byType.AGENT ?? 0);
      const raw = fixtureJson<{ trace: { id: string; name: string } }>(file);
      assert.equal(traces[0]!.traceId, raw.trace.id);
      assert.equal(traces[0]!.name, raw.trace.name);
    });
  }

  test('decisions: AGENT with a model is no LLM call; marked SPANs are tools; costDetails is the trace\'s cost', async () => {
    const ms = (await readTraces(traceFixture('langfuse', 'microsoft-agent-2025-12-17.trace.json'))).traces[0]!;
    const agent = ms.spans.find((s) => s.attributes.type === 'AGENT')!;
    assert.equal(agent.kind, 'agent');
    assert.equal(agent.requestModel, 'gpt-5-mini');
    assert.equal(agent.llmCall, undefined);
    const agno = (await readTraces(traceFixture('langfuse', 'agno-2025-06-11.trace.json'))).traces[0]!;
    const search = agno.spans.find((s) => s.name === 'duckduckgo_search')!;
    assert.equal(search.kind, 'tool', 'openinference.span.kind TOOL in the metadata');
    assert.equal(search.toolName, 'duckduckgo_search');
    const lg = (await readTraces(traceFixture('langfuse', 'langgraph-python-2025-08-22.trace.json'))).traces[0]!;
    assert.equal(lg.spans.find((s) => s.name === 'Web-Search')!.kind, 'span', 'an unmarked SPAN stays a span');
    const raw = fixtureJson<{ observations: { id: string; costDetails: Record<string, number>; usageDetails: Record<string, number> }[] }>(traceFixture('langfuse', 'openai-agents-2025-09-30.trace.json'));
    const oa = (await readTraces(traceFixture('langfuse', 'openai-agents-2025-09-30.trace.json'))).traces[0]!;
    for (const o of raw.observations.filter((x) => x.costDetails.total !== undefined)) {
      const s = oa.spans.find((x) => x.spanId === o.id)!;
      assert.equal(s.costUsd, o.costDetails.total);
      assert.equal(s.costSource, 'trace');
      assert.equal(s.inputTokens, o.usageDetails.input);
      assert.equal(s.outputTokens, o.usageDetails.output);
    }
    const [first, second] = oa.spans.filter((s) => s.kind === 'llm');
    const call = first!.outputMessages![0]!.toolCalls![0]!;
    assert.equal(second!.inputMessages!.find((m) => m.role === 'tool')!.toolCallId, call.id, 'Responses API: the reply names the call id');
    const empty = oa.spans.find((s) => s.attributes.type === 'TOOL')!;
    assert.equal(empty.costUsd, undefined, 'empty costDetails (totalCost 0) is unknown, not free');
    assert.equal(empty.toolArguments, '{"city":"Tokyo"}');
  });

  test('a wrapper GENERATION around another counts once (Vercel AI SDK ai.generateText → doGenerate)', async () => {
    const t = (await readTraces(traceFixture('langfuse', 'vercel-aisdk-2025-11-17.trace.json'))).traces[0]!;
    assert.deepEqual(t.spans.filter((s) => s.kind === 'llm').map((s) => [s.name, s.llmCall]), [['ai.generateText', false], ['ai.generateText.doGenerate', true]]);
  });
});

describe('OpenTelemetry SDK span JSON (any-agent)', () => {
  for (const file of fixtureFiles('any-agent', /\.json$/)) {
    test(path.basename(file), async () => {
      const text = fixtureText(file);
      const raw = JSON.parse(text) as { spans: { name: string; attributes: Record<string, unknown> }[] };
      const { format, traces } = await readTraces(file);
      assert.equal(format, 'otel-sdk');
      assert.equal(traces.length, 1);
      const spans = traces[0]!.spans;
      assert.equal(spans.length, raw.spans.length);
      // Ids are exact: the decimal integers of the file (beyond 2^53) in hex.
      const decimal = /"context": \{\s*"trace_id": (\d+),\s*"span_id": (\d+)/g;
      const ids: string[] = [];
      let traceId = '';
      for (let m = decimal.exec(text); m; m = decimal.exec(text)) {
        traceId = BigInt(m[1]!).toString(16).padStart(32, '0');
        ids.push(BigInt(m[2]!).toString(16).padStart(16, '0'));
      }
      assert.equal(traces[0]!.traceId, traceId);
      assert.deepEqual(new Set(spans.map((s) => s.spanId)), new Set(ids));
      const ops = (op: string) => raw.spans.filter((s) => s.attributes['gen_ai.operation.name'] === op).length;
      assert.equal(spans.filter((s) => s.kind === 'llm').length, ops('call_llm'));
      assert.equal(spans.filter((s) => s.kind === 'tool').length, ops('execute_tool'));
      assert.equal(spans.filter((s) => s.kind === 'agent').length, ops('invoke_agent'));
      const tokens = raw.spans.reduce((a, s) => a + Number(s.attributes['gen_ai.usage.input_tokens'] ?? 0), 0);
      assert.equal(spans.filter((s) => s.llmCall).reduce((a, s) => a + s.inputTokens!, 0), tokens);
      const root = spans.find((s) => s.kind === 'agent')!;
      assert.equal(traces[0]!.name, root.name);
      assert.ok(spans.every((s) => s.start !== undefined && s.end !== undefined && s.end >= s.start));
    });
  }
});

describe('format detection', () => {
  test('by first bytes, through gzip', async () => {
    assert.equal(await guessTraceFormat(AIRLINE), 'chat');
    assert.equal(await guessTraceFormat(RETAIL), 'chat');
    assert.equal(await guessTraceFormat(traceFixture('otlp', 'hand__deprecated_aliases.json')), 'otlp');
    assert.equal(await guessTraceFormat(traceFixture('any-agent', 'AGNO_trace.json')), 'otel-sdk');
    assert.equal(await guessTraceFormat(traceFixture('langfuse', 'autogen-2025-06-06.trace.json')), 'langfuse');
  });
});
