/**
 * Case statistics: per-case summaries, the duration histogram, throughput over time and rework.
 * The running example is checked against facts read off the XES by hand; the real logs against
 * sums and independent recomputations (rework against the DFG's activity and self-loop counts,
 * throughput buckets by locating each case's start among the points).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  CancelledError, TracemineDb, applyFilters, compareNatural, discoverCaseStatistics, discoverDfg,
  type EventSource, type MinedCase,
} from '../../src/core';
import { importFixture } from './eventlogFixtures';
import { rawXesTraces } from './rawLogs';

const DAY = 86_400_000;
const CT = 'check ticket', D = 'decide', EC = 'examine casually', RI = 'reinitiate request';

async function collect(source: EventSource): Promise<MinedCase[]> {
  const out: MinedCase[] = [];
  for await (const c of source.cases()) out.push(c);
  return out;
}

function memorySource(cases: MinedCase[]): EventSource {
  return {
    async *cases() { yield* cases; },
    counts: async () => ({ cases: cases.length, events: cases.reduce((s, c) => s + c.events.length, 0) }),
    hasTimestamps: async () => cases.every((c) => c.events.every((e) => e.time !== undefined)),
  };
}

/** Expected bucket, counting days, Monday weeks and months between two instants (UTC). */
function expectedBucket(first: number, last: number): { bucket: 'day' | 'week' | 'month'; count: number } {
  const d1 = Math.floor(first / DAY), d2 = Math.floor(last / DAY);
  const days = d2 - d1 + 1;
  const weeks = Math.floor((d2 + 3) / 7) - Math.floor((d1 + 3) / 7) + 1; // 1970-01-01 was a Thursday
  const a = new Date(first), b = new Date(last);
  const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
  return days <= 120 ? { bucket: 'day', count: days } : weeks <= 120 ? { bucket: 'week', count: weeks } : { bucket: 'month', count: months };
}

describe('case statistics', () => {
  let db: TracemineDb;
  const logs = new Map<string, number>();
  const FILES = ['running-example.xes', 'receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes'];
  before(async () => {
    db = await TracemineDb.open();
    for (const f of FILES) logs.set(f, (await importFixture(db, f)).log.id);
  });
  after(() => db.close());
  const src = (file: string): EventSource => db.eventSource(logs.get(file)!);

  test('running example, by hand: cases, durations, rework, throughput', async () => {
    const s = await discoverCaseStatistics(src('running-example.xes'));
    assert.deepEqual(s.cases.map((c) => [c.caseId, c.events]), [['1', 5], ['2', 5], ['3', 9], ['4', 5], ['5', 13], ['6', 5]]);
    for (const t of rawXesTraces('running-example.xes')) {
      const times = t.events.map((e) => Date.parse(e['time:timestamp']!));
      const c = s.cases.find((x) => x.caseId === t.name)!;
      assert.deepEqual(c, { caseId: t.name, events: times.length, first: Math.min(...times), last: Math.max(...times), durationMs: Math.max(...times) - Math.min(...times) });
    }
    // case 4 is the shortest (2011-01-06 15:02 to 01-12 15:44), case 5 the longest (01-06 09:02 to 01-24 14:56)
    assert.equal(s.cases[3]!.durationMs, 6 * DAY + 42 * 60_000);
    assert.equal(s.cases[4]!.durationMs, 18 * DAY + (5 * 60 + 54) * 60_000);
    // case 3 repeats check ticket and decide once; case 5 repeats examine casually, check ticket and
    // decide twice each and reinitiate request once; no activity follows itself
    assert.deepEqual(s.rework, [
      { activity: CT, casesWithRepeat: 2, repeats: 3, selfLoops: 0 },
      { activity: D, casesWithRepeat: 2, repeats: 3, selfLoops: 0 },
      { activity: EC, casesWithRepeat: 1, repeats: 2, selfLoops: 0 },
      { activity: RI, casesWithRepeat: 1, repeats: 1, selfLoops: 0 },
    ]);
    // 2010-12-30 to 2011-01-24 (UTC): 26 days; cases 1, 2 and 3 start on the first, case 5 ends on the last
    assert.equal(s.throughput.bucket, 'day');
    assert.equal(s.throughput.points.length, 26);
    assert.deepEqual(s.throughput.points[0], { time: Date.UTC(2010, 11, 30), casesStarted: 3, casesEnded: 0, events: 7 });
    assert.deepEqual(s.throughput.points[25], { time: Date.UTC(2011, 0, 24), casesStarted: 0, casesEnded: 1, events: 1 });
    const bins = s.durationDistribution!.bins;
    assert.equal(bins.length, 20);
    assert.equal(bins[0]!.fromMs, s.cases[3]!.durationMs);
    assert.ok(bins[19]!.toMs >= s.cases[4]!.durationMs!);
    assert.equal(bins[0]!.cases, 1);
    assert.equal(bins[19]!.cases, 1);
    assert.equal(bins.reduce((n, b) => n + b.cases, 0), 6);
  });

  for (const file of ['receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes']) {
    test(`sums and recomputations (${file})`, async () => {
      const source = src(file);
      const all = await collect(source);
      const s = await discoverCaseStatistics(source);

      // cases: a permutation of the source's, in natural order, with their event counts and spans
      assert.equal(s.cases.length, (await source.counts()).cases);
      assert.deepEqual(s.cases.map((c) => c.caseId).sort(), all.map((c) => c.caseId).sort());
      for (let i = 1; i < s.cases.length; i++) assert.ok(compareNatural(s.cases[i - 1]!.caseId, s.cases[i]!.caseId) < 0);
      if (all.every((c) => /^case-\d+$/.test(c.caseId))) {
        const numbers = s.cases.map((c) => Number(c.caseId.slice(5)));
        assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'receipt: numeric order of case numbers');
      }
      const byId = new Map(s.cases.map((c) => [c.caseId, c]));
      for (const c of all) {
        const got = byId.get(c.caseId)!;
        assert.equal(got.events, c.events.length);
        assert.equal(got.first, Math.min(...c.events.map((e) => e.start ?? e.time!)));
        assert.equal(got.last, Math.max(...c.events.map((e) => e.time!)));
      }

      // durations: every case lands in the bin whose bounds hold its duration
      const bins = s.durationDistribution!.bins;
      assert.ok(bins.length > 1 && bins.length <= 20);
      assert.equal(bins.reduce((n, b) => n + b.cases, 0), s.cases.length);
      const inBin = bins.map((b, i) => s.cases.filter((c) => c.durationMs! >= b.fromMs && (c.durationMs! < b.toMs || (i === bins.length - 1 && c.durationMs! <= b.toMs))).length);
      assert.deepEqual(inBin, bins.map((b) => b.cases));

      // throughput: bucket and point count by the rule, contiguous aligned points, exact sums
      const firsts = s.cases.map((c) => c.first!), lasts = s.cases.map((c) => c.last!);
      const expected = expectedBucket(Math.min(...firsts), Math.max(...lasts));
      const { bucket, points } = s.throughput;
      assert.equal(bucket, expected.bucket);
      assert.equal(points.length, expected.count);
      for (const p of points) {
        const d = new Date(p.time);
        if (bucket === 'day') assert.equal(p.time % DAY, 0);
        if (bucket === 'week') assert.ok(p.time % DAY === 0 && d.getUTCDay() === 1);
        if (bucket === 'month') assert.ok(p.time % DAY === 0 && d.getUTCDate() === 1);
      }
      const sum = (k: 'casesStarted' | 'casesEnded' | 'events') => points.reduce((n, p) => n + p[k], 0);
      assert.equal(sum('casesStarted'), s.cases.length);
      assert.equal(sum('casesEnded'), s.cases.length);
      assert.equal(sum('events'), all.reduce((n, c) => n + c.events.length, 0));
      const started = points.map(() => 0);
      for (const f of firsts) {
        let i = points.length - 1;
        while (points[i]!.time > f) i--;
        started[i]!++;
      }
      assert.deepEqual(points.map((p) => p.casesStarted), started);

      // rework: repeats = events - cases per activity and self-loops = the DFG's a -> a frequency
      const dfg = await discoverDfg(source);
      const repeated = dfg.activities.filter((a) => a.events > a.cases);
      assert.deepEqual(s.rework.map((r) => r.activity).sort(), repeated.map((a) => a.activity).sort());
      for (const r of s.rework) {
        const a = dfg.activities.find((x) => x.activity === r.activity)!;
        assert.equal(r.repeats, a.events - a.cases, r.activity);
        assert.equal(r.selfLoops, dfg.edges.find((e) => e.source === r.activity && e.target === r.activity)?.frequency ?? 0, r.activity);
        assert.equal(r.casesWithRepeat, all.filter((c) => c.events.filter((e) => e.activity === r.activity).length > 1).length, r.activity);
      }
      for (let i = 1; i < s.rework.length; i++) assert.ok(s.rework[i - 1]!.repeats >= s.rework[i]!.repeats);
    });
  }

  test('over a filtered source', async () => {
    const source = src('sepsis.csv');
    const filtered = applyFilters(source, [{ kind: 'activity', activity: 'Admission IC', mode: 'through' }]);
    const s = await discoverCaseStatistics(filtered);
    const counts = await filtered.counts();
    assert.ok(counts.cases > 0 && counts.cases < (await source.counts()).cases);
    assert.equal(s.cases.length, counts.cases);
    assert.equal(s.throughput.points.reduce((n, p) => n + p.events, 0), counts.events);
    assert.equal(s.durationDistribution!.bins.reduce((n, b) => n + b.cases, 0), counts.cases);
  });

  test('without timestamps: summaries without times, no histogram, no throughput points', async () => {
    const s = await discoverCaseStatistics(memorySource([
      { caseId: 'b', events: [{ activity: 'x' }, { activity: 'x' }, { activity: 'y' }, { activity: 'x' }] },
      { caseId: 'a', events: [{ activity: 'y' }] },
    ]));
    assert.deepEqual(s.cases, [{ caseId: 'a', events: 1 }, { caseId: 'b', events: 4 }]);
    assert.equal(s.durationDistribution, undefined);
    assert.deepEqual(s.throughput, { bucket: 'day', points: [] });
    assert.deepEqual(s.rework, [{ activity: 'x', casesWithRepeat: 1, repeats: 2, selfLoops: 1 }]);
  });

  test('long spans switch to weeks, then months; equal durations make one bin', async () => {
    const ev = (t: number) => ({ activity: 'a', time: t });
    const at = (iso: string) => Date.parse(iso);
    const weeks = await discoverCaseStatistics(memorySource([
      { caseId: '1', events: [ev(at('2023-01-04T10:00Z')), ev(at('2023-01-05T10:00Z'))] },
      { caseId: '2', events: [ev(at('2023-12-30T10:00Z')), ev(at('2023-12-31T10:00Z'))] },
    ]));
    assert.equal(weeks.throughput.bucket, 'week');
    assert.equal(weeks.throughput.points[0]!.time, at('2023-01-02T00:00Z'), 'the Monday before');
    assert.equal(weeks.throughput.points.length, 52);
    assert.deepEqual(weeks.durationDistribution, { bins: [{ fromMs: DAY, toMs: DAY, cases: 2 }] });
    const months = await discoverCaseStatistics(memorySource([
      { caseId: '1', events: [ev(at('2020-01-31T23:00Z'))] },
      { caseId: '2', events: [ev(at('2024-03-01T00:00Z'))] },
    ]));
    assert.equal(months.throughput.bucket, 'month');
    assert.equal(months.throughput.points.length, 51);
    assert.deepEqual(months.throughput.points.slice(0, 2).map((p) => p.time), [at('2020-01-01T00:00Z'), at('2020-02-01T00:00Z')]);
    assert.equal(months.throughput.points[50]!.casesStarted, 1);
  });

  test('natural order of case ids', () => {
    const ids = ['10', 'a10', '2', 'b', 'a2', '1', 'case-9', 'case-10', '007', '7', 'A', 'a'];
    assert.deepEqual([...ids].sort(compareNatural), ['1', '2', '007', '7', '10', 'A', 'a', 'a2', 'a10', 'b', 'case-9', 'case-10']);
  });

  test('cancellation', async () => {
    const c = new AbortController();
    c.abort();
    await assert.rejects(discoverCaseStatistics(src('receipt.xes.gz'), c.signal), CancelledError);
  });
});
