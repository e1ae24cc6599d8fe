/**
 * The mining algorithms as pure functions over an in-memory EventSource (no database), plus the
 * interval-log semantics checked on interval_event_log.xes against its raw text.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import {
  CancelledError, TracemineDb, compareSequences, discoverDfg, discoverVariants, durationStats,
  type EventSource, type MinedCase,
} from '../../src/core';
import { fixture, importFixture } from './eventlogFixtures';

function memorySource(cases: MinedCase[], timestamps = true): EventSource {
  return {
    async *cases(signal?: AbortSignal) {
      for (const c of cases) {
        if (signal?.aborted) throw new CancelledError();
        yield c;
      }
    },
    counts: async () => ({ cases: cases.length, events: cases.reduce((s, c) => s + c.events.length, 0) }),
    hasTimestamps: async () => timestamps,
  };
}

const ev = (activity: string, time?: number, start?: number) => ({ activity, ...(time === undefined ? {} : { time }), ...(start === undefined ? {} : { start }) });

describe('durationStats', () => {
  test('odd and even counts, numpy-style median', () => {
    assert.deepEqual(durationStats([5, 1, 3]), { count: 3, mean: 3, median: 3, min: 1, max: 5, total: 9 });
    assert.deepEqual(durationStats([4, 1, 3, 2]), { count: 4, mean: 2.5, median: 2.5, min: 1, max: 4, total: 10 });
    assert.equal(durationStats([]), undefined);
    assert.equal(durationStats([-10, 10])!.median, 0);
  });
});

describe('discoverDfg', () => {
  const log = [
    { caseId: '1', events: [ev('a', 0), ev('b', 10), ev('c', 30)] },
    { caseId: '2', events: [ev('a', 0), ev('b', 20), ev('b', 25), ev('c', 45)] },
    { caseId: '3', events: [ev('a', 0), ev('c', 100)] },
  ];
  test('frequencies, case counts, durations, start/end, activity stats', async () => {
    const dfg = await discoverDfg(memorySource(log));
    assert.equal(dfg.cases, 3);
    assert.equal(dfg.events, 9);
    assert.deepEqual(dfg.edges, [
      { source: 'a', target: 'b', frequency: 2, cases: 2, duration: { count: 2, mean: 15, median: 15, min: 10, max: 20, total: 30 } },
      { source: 'b', target: 'c', frequency: 2, cases: 2, duration: { count: 2, mean: 20, median: 20, min: 20, max: 20, total: 40 } },
      { source: 'a', target: 'c', frequency: 1, cases: 1, duration: { count: 1, mean: 100, median: 100, min: 100, max: 100, total: 100 } },
      { source: 'b', target: 'b', frequency: 1, cases: 1, duration: { count: 1, mean: 5, median: 5, min: 5, max: 5, total: 5 } },
    ]);
    assert.deepEqual({ ...dfg.start }, { a: 3 });
    assert.deepEqual({ ...dfg.end }, { c: 3 });
    assert.deepEqual(dfg.activities, [
      { activity: 'a', events: 3, cases: 3 },
      { activity: 'b', events: 3, cases: 2 },
      { activity: 'c', events: 3, cases: 3 },
    ]);
    assert.equal(dfg.hasTimestamps, true);
  });

  test('no durations without timestamps', async () => {
    const dfg = await discoverDfg(memorySource(log.map((c) => ({ caseId: c.caseId, events: c.events.map((e) => ev(e.activity)) })), false));
    for (const e of dfg.edges) assert.equal(e.duration, undefined);
    assert.equal(dfg.hasTimestamps, false);
  });

  test('interval events: duration runs from the source\'s end to the target\'s start', async () => {
    const dfg = await discoverDfg(memorySource([{ caseId: '1', events: [ev('a', 10, 0), ev('b', 50, 30)] }]));
    assert.equal(dfg.edges[0]!.duration!.total, 20);
  });

  test('is JSON-serialisable as is', async () => {
    const dfg = await discoverDfg(memorySource(log));
    assert.deepEqual(JSON.parse(JSON.stringify(dfg)), dfg);
  });

  test('cancellation', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(discoverDfg(memorySource(log), c.signal), CancelledError);
    await assert.rejects(discoverVariants(memorySource(log), c.signal), CancelledError);
  });
});

describe('discoverVariants', () => {
  test('groups by sequence; sorted by cases, then sequence', async () => {
    const seq = (id: string, ...acts: string[]) => ({ caseId: id, events: acts.map((a) => ev(a)) });
    const variants = await discoverVariants(memorySource([
      seq('1', 'a', 'c'), seq('2', 'a', 'b'), seq('3', 'a', 'c'), seq('4', 'a'), seq('5', 'a', 'b', 'c'), seq('6', 'a', 'b'),
    ], false));
    assert.deepEqual(variants.map((v) => [v.activities.join(''), v.cases, v.coverage]), [
      ['ab', 2, 2 / 6], ['ac', 2, 2 / 6], ['a', 1, 1 / 6], ['abc', 1, 1 / 6],
    ]);
  });
  test('compareSequences', () => {
    assert.ok(compareSequences(['a'], ['a', 'b']) < 0);
    assert.ok(compareSequences(['b'], ['a', 'b']) > 0);
    assert.equal(compareSequences(['x', 'y'], ['x', 'y']), 0);
  });
});

test('interval_event_log.xes: events ordered by start, edge durations = next start - previous end', async () => {
  const xml = readFileSync(fixture('interval_event_log.xes'), 'utf8');
  const expected = new Map<string, number[]>();
  for (const [, body] of xml.matchAll(/<trace>([\s\S]*?)<\/trace>/g)) {
    const events = [...body!.matchAll(/<event>([\s\S]*?)<\/event>/g)].map(([, e], i) => ({
      activity: /key="concept:name" value="([^"]*)"/.exec(e!)![1]!,
      end: Date.parse(/key="time:timestamp" value="([^"]*)"/.exec(e!)![1]!),
      start: Date.parse(/key="start_timestamp" value="([^"]*)"/.exec(e!)![1]!),
      i,
    }));
    events.sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
    for (let i = 1; i < events.length; i++) {
      const k = `${events[i - 1]!.activity} -> ${events[i]!.activity}`;
      expected.set(k, [...(expected.get(k) ?? []), events[i]!.start - events[i - 1]!.end]);
    }
  }
  const db = await TracemineDb.open();
  const { log } = await importFixture(db, 'interval_event_log.xes');
  const dfg = await discoverDfg(db.eventSource(log.id));
  assert.equal(dfg.edges.length, 14);
  assert.equal(expected.size, 14);
  for (const e of dfg.edges) {
    const d = expected.get(`${e.source} -> ${e.target}`)!;
    assert.ok(d);
    assert.equal(e.frequency, d.length);
    assert.equal(e.duration!.total, d.reduce((s, x) => s + x, 0));
  }
  db.close();
});
