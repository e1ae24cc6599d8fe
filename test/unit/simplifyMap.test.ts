import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { END, START, edgeKey, mapEdges, selectActivities, selectPaths } from '../../src/core/mining/simplifyMap';
import { projectEventSource } from '../../src/core/mining/projection';
import type { EventSource, MinedCase } from '../../src/core/mining/eventSource';

const dfg = {
  activities: [
    { activity: 'a', events: 10, cases: 10 },
    { activity: 'b', events: 7, cases: 7 },
    { activity: 'c', events: 3, cases: 3 },
    { activity: 'd', events: 1, cases: 1 },
  ],
  edges: [
    { source: 'a', target: 'b', frequency: 7, cases: 7 },
    { source: 'a', target: 'c', frequency: 3, cases: 3 },
    { source: 'b', target: 'd', frequency: 1, cases: 1 },
    { source: 'b', target: 'b', frequency: 2, cases: 1 },
  ],
  start: { a: 10 },
  end: { b: 6, c: 3, d: 1 },
};

describe('selectActivities', () => {
  it('keeps the most frequent activities, at least one', () => {
    assert.deepEqual([...selectActivities(dfg, 50)].sort(), ['a', 'b']);
    assert.deepEqual([...selectActivities(dfg, 0)], ['a']);
    assert.equal(selectActivities(dfg, 100).size, 4);
    assert.equal(selectActivities(dfg, Number.NaN).size, 4);
  });
});

describe('selectPaths', () => {
  const edges = mapEdges(dfg);
  it('adds virtual start and end edges', () => {
    assert.ok(edges.some((e) => e.source === START && e.target === 'a' && e.frequency === 10));
    assert.ok(edges.some((e) => e.source === 'd' && e.target === END && e.frequency === 1));
    assert.equal(edges.length, 4 + 1 + 3);
  });
  it('keeps every edge at 100%', () => {
    assert.equal(selectPaths(edges, 100).size, edges.length);
  });
  it('at 0% keeps each activity connected in and out, and drops weak edges', () => {
    const kept = selectPaths(edges, 0);
    for (const a of ['a', 'b', 'c', 'd']) {
      assert.ok([...kept].some((k) => k.endsWith(`\u0000${a}`)), `${a} has a way in`);
      assert.ok([...kept].some((k) => k.startsWith(`${a}\u0000`)), `${a} has a way out`);
    }
    assert.ok(!kept.has(edgeKey({ source: 'b', target: 'b', frequency: 2 })), 'self-loop dropped');
    assert.ok(kept.size < edges.length);
  });
});

describe('projectEventSource', () => {
  const cases: MinedCase[] = [
    { caseId: '1', events: [{ activity: 'a' }, { activity: 'x' }, { activity: 'b' }] },
    { caseId: '2', events: [{ activity: 'x' }] },
  ];
  const source: EventSource = {
    async *cases() { yield* cases; },
    counts: async () => ({ cases: 2, events: 4 }),
    hasTimestamps: async () => false,
  };
  it('removes other activities and empty cases', async () => {
    const p = projectEventSource(source, new Set(['a', 'b']));
    const out: MinedCase[] = [];
    for await (const c of p.cases()) out.push(c);
    assert.deepEqual(out, [{ caseId: '1', events: [{ activity: 'a' }, { activity: 'b' }] }]);
    assert.deepEqual(await p.counts(), { cases: 1, events: 2 });
  });
});
