/**
 * The running example, checked edge by edge: against a DFG worked out by hand from the file, and
 * against an independent computation from the raw XES text (regular expressions, no importer).
 * The CSV version of the log must give the same graph, durations included.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants, type DirectlyFollowsGraph } from '../../src/core';
import { fixture, importFixture } from './eventlogFixtures';

const RR = 'register request', EC = 'examine casually', ET = 'examine thoroughly', CT = 'check ticket';
const D = 'decide', RI = 'reinitiate request', PC = 'pay compensation', RJ = 'reject request';

/** source, target, frequency, cases: worked out by hand from the six traces of the file. */
const BY_HAND: [string, string, number, number][] = [
  [CT, D, 6, 4],
  [EC, CT, 4, 3],
  [D, PC, 3, 3],
  [D, RI, 3, 2],
  [D, RJ, 3, 3],
  [RR, EC, 3, 3],
  [CT, EC, 2, 2],
  [EC, D, 2, 2],
  [ET, CT, 2, 2],
  [RR, CT, 2, 2],
  [CT, ET, 1, 1],
  [ET, D, 1, 1],
  [RR, ET, 1, 1],
  [RI, CT, 1, 1],
  [RI, EC, 1, 1],
  [RI, ET, 1, 1],
];

/** Independent reading of the XES text: traces, events, concept:name and time:timestamp. */
function rawTraces(): { name: string; events: { activity: string; time: number }[] }[] {
  const xml = readFileSync(fixture('running-example.xes'), 'utf8');
  return [...xml.matchAll(/<trace>([\s\S]*?)<\/trace>/g)].map((m) => {
    const body = m[1]!;
    const name = /^\s*<string key="concept:name" value="([^"]*)"/.exec(body)![1]!;
    const events = [...body.matchAll(/<event>([\s\S]*?)<\/event>/g)].map((e) => ({
      activity: /key="concept:name" value="([^"]*)"/.exec(e[1]!)![1]!,
      time: Date.parse(/key="time:timestamp" value="([^"]*)"/.exec(e[1]!)![1]!),
    }));
    events.sort((a, b) => a.time - b.time);
    return { name, events };
  });
}

describe('running-example', () => {
  let db: TracemineDb;
  let xes: DirectlyFollowsGraph;
  let csv: DirectlyFollowsGraph;
  before(async () => {
    db = await TracemineDb.open();
    xes = await discoverDfg(db.eventSource((await importFixture(db, 'running-example.xes')).log.id));
    csv = await discoverDfg(db.eventSource((await importFixture(db, 'running-example.csv')).log.id));
  });
  after(() => db.close());

  test('edges, frequencies and case counts match the hand-worked DFG', () => {
    const got = xes.edges.map((e) => [e.source, e.target, e.frequency, e.cases]);
    assert.deepEqual(got, BY_HAND);
  });

  test('start and end activities', () => {
    assert.deepEqual({ ...xes.start }, { [RR]: 6 });
    assert.deepEqual({ ...xes.end }, { [PC]: 3, [RJ]: 3 });
  });

  test('activity statistics', () => {
    const stats = Object.fromEntries(xes.activities.map((a) => [a.activity, [a.events, a.cases]]));
    assert.deepEqual(stats, { [RR]: [6, 6], [EC]: [6, 4], [ET]: [3, 3], [CT]: [9, 6], [D]: [9, 6], [RI]: [3, 2], [PC]: [3, 3], [RJ]: [3, 3] });
  });

  test('matches an independent computation from the raw XES, durations included', () => {
    const traces = rawTraces();
    assert.equal(traces.length, 6);
    const durations = new Map<string, number[]>();
    for (const t of traces) {
      for (let i = 1; i < t.events.length; i++) {
        const k = `${t.events[i - 1]!.activity} -> ${t.events[i]!.activity}`;
        durations.set(k, [...(durations.get(k) ?? []), t.events[i]!.time - t.events[i - 1]!.time]);
      }
    }
    assert.equal(xes.edges.length, durations.size);
    for (const e of xes.edges) {
      const d = durations.get(`${e.source} -> ${e.target}`);
      assert.ok(d, `${e.source} -> ${e.target}`);
      assert.equal(e.frequency, d.length);
      const sorted = [...d].sort((a, b) => a - b);
      const mid = sorted.length >> 1;
      const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      assert.deepEqual(e.duration, {
        count: d.length, total: d.reduce((s, x) => s + x, 0), mean: d.reduce((s, x) => s + x, 0) / d.length,
        median, min: sorted[0]!, max: sorted[sorted.length - 1]!,
      });
    }
    // One by hand: case 3 goes "reinitiate request" 12:18 -> "examine thoroughly" 13:06 = 48 min.
    assert.equal(xes.edges.find((e) => e.source === RI && e.target === ET)!.duration!.total, 48 * 60_000);
  });

  test('variants: one per case, sorted by cases then activities', async () => {
    const log = db.listLogs().find((l) => l.name === 'running-example' && l.format === 'xes')!;
    const variants = await discoverVariants(db.eventSource(log.id));
    const expected = rawTraces().map((t) => t.events.map((e) => e.activity)).sort((a, b) => (a.join('\u0000') < b.join('\u0000') ? -1 : 1));
    assert.deepEqual(variants.map((v) => v.activities), expected);
    for (const v of variants) assert.equal(v.coverage, 1 / 6);
  });

  test('the CSV version gives the same graph, durations included', () => {
    assert.deepEqual(csv, xes);
  });
});
