/**
 * Agent behaviour as a process: traces → an event log in the same database, mined by the
 * existing algorithms. The τ-bench airline tool-call paths are checked against a count made
 * directly from the raw JSON.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants, tracesToEventLog } from '../../src/core';
import { airlineReference, fixtureJson, traceFixture } from './traceFixtures';

const AIRLINE = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');

interface RawTrajectory {
  task_id: number;
  trial: number;
  reward: number;
  traj: { role: string; name?: string; tool_calls?: unknown[] }[];
}

describe('traces to an event log', () => {
  test('τ-bench airline: the tool-call paths, edge by edge, as counted from the raw JSON', async () => {
    const raw = fixtureJson<RawTrajectory[]>(AIRLINE);
    // Independent count: each trajectory's tool replies, in message order, named by the tool.
    const edges = new Map<string, { frequency: number; cases: number }>();
    const starts: Record<string, number> = {};
    let cases = 0;
    let events = 0;
    for (const t of raw) {
      const path = t.traj.filter((m) => m.role === 'tool').map((m) => m.name!);
      if (path.length === 0) continue;
      cases++;
      events += path.length;
      starts[path[0]!] = (starts[path[0]!] ?? 0) + 1;
      const seen = new Set<string>();
      for (let i = 1; i < path.length; i++) {
        const k = `${path[i - 1]} -> ${path[i]}`;
        const e = edges.get(k) ?? { frequency: 0, cases: 0 };
        e.frequency++;
        if (!seen.has(k)) e.cases++;
        seen.add(k);
        edges.set(k, e);
      }
    }
    assert.equal(events, airlineReference().toolCalls);

    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE);
    const logId = await tracesToEventLog(db, AIRLINE, { activity: 'tool', kinds: ['tool'] });
    const log = db.getLog(logId)!;
    assert.equal(log.format, 'traces');
    assert.equal(log.hasTimestamps, false);
    const dfg = await discoverDfg(db.eventSource(logId));
    assert.equal(dfg.cases, cases);
    assert.equal(dfg.events, events);
    assert.equal(dfg.activities.length, airlineReference().tools);
    assert.deepEqual(new Map(dfg.edges.map((e) => [`${e.source} -> ${e.target}`, { frequency: e.frequency, cases: e.cases }])), edges);
    assert.deepEqual(dfg.start, starts);
    assert.equal(dfg.hasTimestamps, false);
    db.close();
  });

  test('activities by option; case attributes from the trace; cost per event only when known', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE);
    const byName = await tracesToEventLog(db, AIRLINE, { activity: 'name' });
    const raw = fixtureJson<RawTrajectory[]>(AIRLINE);
    const named = await discoverDfg(db.eventSource(byName));
    assert.equal(named.events, raw.reduce((a, t) => a + t.traj.length, 0), 'every message is an event');
    assert.deepEqual(named.start, { system: raw.length }, 'each conversation starts with the policy');
    const variants = await discoverVariants(db.eventSource(byName));
    assert.equal(variants.reduce((a, v) => a + v.cases, 0), raw.length);
    const solved = db.attributeValues(byName, 'case', 'reward').find((v) => v.value === '1');
    assert.equal(solved?.cases, airlineReference().solved);
    const events = db.caseEvents(byName, 'task-0-trial-0');
    assert.deepEqual(events.map((e) => e.activity).slice(0, 3), ['system', 'user', 'assistant']);
    assert.ok(events.every((e) => !e.attributes.some((a) => a.key === 'cost:usd')), 'untimed, unpriced transcript: no cost attribute, not 0');

    const s2 = traceFixture('otlp', 'adk_py__v1_default__S2.json');
    await db.importTraces(s2);
    const toolLog = await tracesToEventLog(db, s2);
    const [c] = db.listTraces({ sourcePath: s2 });
    const ev = db.caseEvents(toolLog, c!.traceId);
    assert.deepEqual(ev.map((e) => e.activity), ['LLM: gemini-2.5-flash', 'get_weather', 'LLM: gemini-2.5-flash', 'get_time', 'LLM: gemini-2.5-flash']);
    const llmCosts = ev.filter((e) => e.activity.startsWith('LLM')).map((e) => e.attributes.find((a) => a.key === 'cost:usd')?.value);
    const spans = db.traceSpans(c!.id).filter((s) => s.llmCall);
    assert.deepEqual(llmCosts, spans.map((s) => s.costUsd));
    assert.ok(ev.every((e) => e.time !== undefined && e.start !== undefined && e.start <= e.time));
    assert.ok(db.getLog(toolLog)!.hasTimestamps);
    const agents = await tracesToEventLog(db, s2, { activity: 'agent' });
    assert.deepEqual(db.caseEvents(agents, c!.traceId).map((e) => [e.activity, e.resource]), [['weather_agent', 'weather_agent']]);
    db.close();
  });

  test('one case per conversation: the three traces of one conversation in time order', async () => {
    const db = await TracemineDb.open();
    const file = traceFixture('otlp', 'hand__three_trace_conversation.json');
    await db.importTraces(file);
    const logId = await tracesToEventLog(db, file, { activity: 'kind', caseBy: 'conversation' });
    const log = db.getLog(logId)!;
    assert.equal(log.cases, 1);
    assert.deepEqual(db.caseEvents(logId, 'conv-ada-1').map((e) => e.activity), ['agent', 'llm', 'agent', 'llm', 'agent', 'llm']);
    await assert.rejects(tracesToEventLog(db, traceFixture('otlp', 'nope.json')), /No traces imported/);
    db.close();
  });
});
