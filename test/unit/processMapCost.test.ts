/**
 * The process map's cost view, core side: per-activity cost of an agent log converted from
 * traces, checked against sums made directly from the stored trace spans; unknown costs counted,
 * never summed as 0; filters restrict the figures; logs without `cost:usd` have none.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  MemoryEventSource, TracemineDb, importEventLog, mineProcessMap, tracesToEventLog, type CostFigures,
} from '../../src/core';
import { spanActivity } from '../../src/core/traces/toEventLog';
import { traceFixture } from './traceFixtures';

const S1 = traceFixture('otlp', 'adk_py__v1_default__S1.json');
const S2 = traceFixture('otlp', 'adk_py__v1_default__S2.json');

/** Per activity: known cost sum and count, unknown count, straight from the spans of `traces`. */
function fromSpans(db: TracemineDb, traceIds: readonly number[]): Map<string, { sum: number; known: number; unknown: number }> {
  const out = new Map<string, { sum: number; known: number; unknown: number }>();
  for (const id of traceIds) {
    for (const s of db.traceSpans(id)) {
      const act = spanActivity(s, 'tool');
      if (act === undefined) continue;
      const a = out.get(act) ?? { sum: 0, known: 0, unknown: 0 };
      if (s.costUsd === undefined) a.unknown++;
      else {
        a.sum += s.costUsd;
        a.known++;
      }
      out.set(act, a);
    }
  }
  return out;
}

function assertMatches(cost: CostFigures, expected: Map<string, { sum: number; known: number; unknown: number }>): void {
  assert.deepEqual(new Set(cost.activities.map((a) => a.activity)), new Set(expected.keys()));
  for (const a of cost.activities) {
    const e = expected.get(a.activity)!;
    assert.ok(Math.abs(a.totalUsd - e.sum) < 1e-12, `${a.activity}: ${a.totalUsd} vs ${e.sum}`);
    assert.equal(a.known, e.known, a.activity);
    assert.equal(a.unknown, e.unknown, a.activity);
    if (e.known === 0) assert.equal(a.meanUsd, undefined, `${a.activity}: no known cost, no mean (not 0)`);
    else assert.ok(Math.abs(a.meanUsd! - e.sum / e.known) < 1e-12, a.activity);
  }
  const sum = [...expected.values()].reduce((x, e) => x + e.sum, 0);
  assert.ok(Math.abs(cost.totalUsd - sum) < 1e-12);
  assert.equal(cost.known, [...expected.values()].reduce((x, e) => x + e.known, 0));
  assert.equal(cost.unknown, [...expected.values()].reduce((x, e) => x + e.unknown, 0));
}

describe('process map: cost per activity', () => {
  test('ADK S2: per-activity totals, means and unknown counts equal the sums over the trace spans', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(S2);
    const logId = await tracesToEventLog(db, S2, { save: false });
    const data = await mineProcessMap(db.eventSource(logId), { filters: [], activityPercent: 100 });
    assert.ok(data.cost, 'the log has cost:usd: the map has cost figures');
    const expected = fromSpans(db, db.listTraces({ sourcePath: S2 }).map((t) => t.id));
    assert.ok([...expected.values()].some((e) => e.known > 0), 'the fixture prices its LLM calls');
    assert.ok([...expected.values()].some((e) => e.unknown > 0), 'and leaves its tool calls unpriced');
    assertMatches(data.cost, expected);
    assert.equal(data.cost.known + data.cost.unknown, data.fullDfg.events);
    assert.equal(data.cost.key, 'cost:usd');
    db.close();
  });

  test('two traces: a filter restricts the figures to its cases; the activity slider does not change them', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(S1);
    await db.importTraces(S2);
    const logId = await tracesToEventLog(db, {}, { save: false, name: 'both' });
    const traces = db.listTraces({});
    assert.ok(traces.length >= 2);
    const all = await mineProcessMap(db.eventSource(logId), { filters: [], activityPercent: 100 });
    assertMatches(all.cost!, fromSpans(db, traces.map((t) => t.id)));
    const only = traces.find((t) => t.sourcePath === S2)!;
    const filtered = await mineProcessMap(db.eventSource(logId), {
      filters: [{ kind: 'attribute', scope: 'case', key: 'trace:id', values: [only.traceId], mode: 'include' }], activityPercent: 100,
    });
    assert.equal(filtered.filtered.cases, 1);
    assertMatches(filtered.cost!, fromSpans(db, [only.id]));
    const sliced = await mineProcessMap(db.eventSource(logId), { filters: [], activityPercent: 0 });
    assert.ok(sliced.dfg.activities.length < all.dfg.activities.length);
    assert.deepEqual(sliced.cost, all.cost, 'cost figures describe every activity of the filtered log');
    db.close();
  });

  test('a log without cost:usd has no cost figures (event logs and unpriced transcripts)', async () => {
    const db = await TracemineDb.open();
    const { log } = await importEventLog(db, join(__dirname, '..', 'fixtures', 'eventlogs', 'running-example.xes'));
    const data = await mineProcessMap(db.eventSource(log.id), { filters: [], activityPercent: 100 });
    assert.equal(data.cost, undefined);
    assert.equal('cost' in data, false);
    const airline = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');
    await db.importTraces(airline);
    const tau = await tracesToEventLog(db, airline, { save: false });
    assert.equal((await mineProcessMap(db.eventSource(tau), { filters: [], activityPercent: 100 })).cost, undefined);
    db.close();
  });

  test('the in-memory source answers the same aggregate: NaN is unknown, not 0', async () => {
    const nan = Number.NaN;
    const source = new MemoryEventSource({
      activityNames: ['plan', 'call'],
      caseIds: ['a', 'b'],
      caseStart: Int32Array.from([0, 3, 5]),
      activity: Int32Array.from([0, 1, 1, 0, 1]),
      time: Float64Array.from([1, 2, 3, 4, 5]),
      hasTimestamps: true,
      numeric: { 'cost:usd': Float64Array.from([0.5, 0.25, nan, nan, 1]) },
    });
    const data = await mineProcessMap(source, { filters: [], activityPercent: 100 });
    assert.deepEqual(data.cost, {
      key: 'cost:usd', totalUsd: 1.75, known: 3, unknown: 2,
      activities: [
        { activity: 'call', totalUsd: 1.25, meanUsd: 1.25 / 2, known: 2, unknown: 1 },
        { activity: 'plan', totalUsd: 0.5, meanUsd: 0.5, known: 1, unknown: 1 },
      ],
    });
    const onlyB = await mineProcessMap(source, { filters: [{ kind: 'startActivities', activities: ['plan'] }, { kind: 'edge', source: 'plan', target: 'call', mode: 'through' }, { kind: 'duration', minMs: 0, maxMs: 1 }], activityPercent: 100 });
    assert.deepEqual(onlyB.cost?.activities, [
      { activity: 'call', totalUsd: 1, meanUsd: 1, known: 1, unknown: 0 },
      { activity: 'plan', totalUsd: 0, known: 0, unknown: 1 },
    ]);
    const none = new MemoryEventSource({ activityNames: ['x'], caseIds: ['a'], caseStart: Int32Array.from([0, 1]), activity: Int32Array.from([0]), time: Float64Array.from([1]), hasTimestamps: true });
    assert.equal((await mineProcessMap(none, { filters: [], activityPercent: 100 })).cost, undefined);
  });
});
