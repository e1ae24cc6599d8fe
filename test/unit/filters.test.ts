/**
 * Case filters on real logs. Every filter kind is checked against its definition, applied in the
 * test itself to every case the unfiltered source yields; the running example is also checked
 * against facts read off the XES by hand. Then stacks (order matters for the variants filter),
 * the filtered source's counts and timestamps flag, the DFG of a filtered log, and the attribute
 * filter through SQL against independent readings of XES and CSV files.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  TracemineDb, applyFilters, describeFilter, discoverDfg, discoverVariants, projectEventSource,
  type CaseFilter, type EventSource, type MinedCase, type MinedEvent,
} from '../../src/core';
import { importFixture } from './eventlogFixtures';
import { rawCsv, rawXesTraces } from './rawLogs';

const RR = 'register request', EC = 'examine casually', CT = 'check ticket';
const D = 'decide', RI = 'reinitiate request', PC = 'pay compensation', RJ = 'reject request';
const DAY = 86_400_000;

async function collect(source: EventSource): Promise<MinedCase[]> {
  const out: MinedCase[] = [];
  for await (const c of source.cases()) out.push(c);
  return out;
}

async function ids(source: EventSource): Promise<string[]> {
  return (await collect(source)).map((c) => c.caseId);
}

function memorySource(cases: MinedCase[]): EventSource {
  return {
    async *cases() { yield* cases; },
    counts: async () => ({ cases: cases.length, events: cases.reduce((s, c) => s + c.events.length, 0) }),
    hasTimestamps: async () => cases.every((c) => c.events.every((e) => e.time !== undefined)),
  };
}

// ---- The filters' definitions, written out independently of src/core/filters --------------------

function span(events: readonly MinedEvent[]): { first: number; last: number } | undefined {
  const starts = events.map((e) => e.start ?? e.time).filter((t): t is number => t !== undefined);
  const ends = events.map((e) => e.time ?? e.start).filter((t): t is number => t !== undefined);
  return starts.length === 0 ? undefined : { first: Math.min(...starts), last: Math.max(...ends) };
}

/** Whether case `c` passes `f` (every kind but variants and attribute), by the definitions. */
function passes(f: CaseFilter, c: MinedCase): boolean {
  const acts = c.events.map((e) => e.activity);
  const s = span(c.events);
  switch (f.kind) {
    case 'timeframe':
      if (!s) return false;
      if (f.mode === 'contained') return f.from <= s.first && s.last <= f.to;
      if (f.mode === 'intersecting') return s.first <= f.to && s.last >= f.from;
      return f.from <= s.first && s.first <= f.to;
    case 'activity':
      if (f.mode === 'through') return acts.includes(f.activity);
      if (f.mode === 'notThrough') return !acts.includes(f.activity);
      if (f.mode === 'startsWith') return acts[0] === f.activity;
      return acts.at(-1) === f.activity;
    case 'edge': {
      const found = acts.some((a, i) => i > 0 && acts[i - 1] === f.source && a === f.target);
      return f.mode === 'through' ? found : !found;
    }
    case 'duration':
      return s !== undefined && (f.minMs === undefined || s.last - s.first >= f.minMs) && (f.maxMs === undefined || s.last - s.first <= f.maxMs);
    case 'startActivities':
      return f.activities.includes(acts[0]!);
    case 'endActivities':
      return f.activities.includes(acts.at(-1)!);
    default:
      throw new Error(`no reference for ${f.kind}`);
  }
}

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))]!;

/** A filter of every local kind and mode, with parameters taken from the log's own data. */
async function filtersFor(source: EventSource): Promise<CaseFilter[]> {
  const cases = await collect(source);
  const dfg = await discoverDfg(source);
  const frequent = dfg.activities[0]!.activity;
  const rare = dfg.activities.at(-1)!.activity;
  const edge = dfg.edges[0]!;
  const spans = cases.map((c) => span(c.events)!);
  const durations = spans.map((s) => s.last - s.first);
  const from = quantile(spans.map((s) => s.first), 0.25);
  const to = quantile(spans.map((s) => s.last), 0.75);
  const starts = Object.keys(dfg.start).sort((a, b) => dfg.start[b]! - dfg.start[a]!);
  const ends = Object.keys(dfg.end).sort((a, b) => dfg.end[b]! - dfg.end[a]!);
  return [
    ...(['through', 'notThrough', 'startsWith', 'endsWith'] as const).flatMap((mode) => [
      { kind: 'activity' as const, activity: frequent, mode },
      { kind: 'activity' as const, activity: rare, mode },
    ]),
    { kind: 'edge', source: edge.source, target: edge.target, mode: 'through' },
    { kind: 'edge', source: edge.source, target: edge.target, mode: 'notThrough' },
    { kind: 'duration', minMs: quantile(durations, 0.5) },
    { kind: 'duration', maxMs: quantile(durations, 0.3) },
    { kind: 'duration', minMs: quantile(durations, 0.2), maxMs: quantile(durations, 0.8) },
    { kind: 'timeframe', mode: 'contained', from, to },
    { kind: 'timeframe', mode: 'intersecting', from, to: from + 30 * DAY },
    { kind: 'timeframe', mode: 'started', from, to },
    { kind: 'startActivities', activities: starts.slice(0, 1) },
    { kind: 'endActivities', activities: ends.slice(0, 2) },
    { kind: 'endActivities', activities: ends.slice(1) },
  ];
}

// ---- Tests ---------------------------------------------------------------------------------------

describe('case filters', () => {
  let db: TracemineDb;
  const logs = new Map<string, number>();
  const FILES = ['running-example.xes', 'receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes'];
  before(async () => {
    db = await TracemineDb.open();
    for (const f of FILES) logs.set(f, (await importFixture(db, f)).log.id);
  });
  after(() => db.close());
  const src = (file: string): EventSource => db.eventSource(logs.get(file)!);
  const keep = async (file: string, ...filters: CaseFilter[]) => ids(applyFilters(src(file), filters));

  describe('running example, checked by hand against the XES', () => {
    const F = 'running-example.xes'; // cases in file order: 3, 2, 1, 6, 5, 4

    test('activity: through, not through, starts with, ends with', async () => {
      assert.deepEqual(await keep(F, { kind: 'activity', activity: RI, mode: 'through' }), ['3', '5']);
      assert.deepEqual(await keep(F, { kind: 'activity', activity: RI, mode: 'notThrough' }), ['2', '1', '6', '4']);
      assert.deepEqual(await keep(F, { kind: 'activity', activity: RR, mode: 'startsWith' }), ['3', '2', '1', '6', '5', '4']);
      assert.deepEqual(await keep(F, { kind: 'activity', activity: D, mode: 'startsWith' }), []);
      assert.deepEqual(await keep(F, { kind: 'activity', activity: RJ, mode: 'endsWith' }), ['1', '5', '4']);
    });

    test('edge and end activities', async () => {
      assert.deepEqual(await keep(F, { kind: 'edge', source: CT, target: EC, mode: 'through' }), ['2', '5']);
      assert.deepEqual(await keep(F, { kind: 'edge', source: EC, target: CT, mode: 'notThrough' }), ['2', '1', '4']);
      assert.deepEqual(await keep(F, { kind: 'edge', source: D, target: RI, mode: 'through' }), ['3', '5']);
      assert.deepEqual(await keep(F, { kind: 'endActivities', activities: [PC] }), ['3', '2', '6']);
      assert.deepEqual(await keep(F, { kind: 'startActivities', activities: [CT, D] }), []);
    });

    test('duration: case 4 is the only one under 7 days; 3 and 5 last over 15 days', async () => {
      assert.deepEqual(await keep(F, { kind: 'duration', maxMs: 7 * DAY }), ['4']);
      assert.deepEqual(await keep(F, { kind: 'duration', minMs: 15 * DAY }), ['3', '5']);
      // case 4: 2011-01-06 15:02 to 2011-01-12 15:44, exactly; both bounds inclusive
      const d4 = Date.parse('2011-01-12T15:44:00+01:00') - Date.parse('2011-01-06T15:02:00+01:00');
      assert.deepEqual(await keep(F, { kind: 'duration', minMs: d4, maxMs: d4 }), ['4']);
    });

    test('timeframe: contained, intersecting, started', async () => {
      const t = (iso: string) => Date.parse(iso);
      assert.deepEqual(await keep(F, { kind: 'timeframe', mode: 'contained', from: t('2010-12-30T00:00Z'), to: t('2011-01-10T00:00Z') }), ['2', '1']);
      assert.deepEqual(await keep(F, { kind: 'timeframe', mode: 'intersecting', from: t('2011-01-09T00:00Z'), to: t('2011-01-09T23:59Z') }), ['3', '6', '5', '4']);
      assert.deepEqual(await keep(F, { kind: 'timeframe', mode: 'started', from: t('2011-01-01T00:00Z'), to: t('2011-12-31T00:00Z') }), ['6', '5', '4']);
      // bounds are inclusive: case 1 starts at 2010-12-30 11:02+01:00
      assert.deepEqual(await keep(F, { kind: 'timeframe', mode: 'started', from: t('2010-12-30T11:02+01:00'), to: t('2010-12-30T11:02+01:00') }), ['1']);
    });

    test('variants: all six cases differ; ranking ties are broken by sequence', async () => {
      // case 2 (register, check ticket, examine casually, …) sorts first among six single-case variants
      assert.deepEqual(await keep(F, { kind: 'variants', mode: 'top', count: 1 }), ['2']);
      assert.deepEqual(await keep(F, { kind: 'variants', mode: 'top', count: 0 }), []);
      assert.equal((await keep(F, { kind: 'variants', mode: 'coverage', percent: 50 })).length, 3);
      assert.equal((await keep(F, { kind: 'variants', mode: 'coverage', percent: 51 })).length, 4);
      assert.equal((await keep(F, { kind: 'variants', mode: 'coverage', percent: 100 })).length, 6);
      assert.deepEqual(await keep(F, { kind: 'variants', mode: 'list', variants: [[RR, 'examine thoroughly', CT, D, RJ], [RR, D]] }), ['1']);
    });

    test('order matters: variants after an activity filter rank only the cases that passed it', async () => {
      const through: CaseFilter = { kind: 'activity', activity: RI, mode: 'through' };
      const top1: CaseFilter = { kind: 'variants', mode: 'top', count: 1 };
      // cases 3 and 5 agree up to the sixth event: examine thoroughly (3) vs check ticket (5)
      assert.deepEqual(await keep(F, through, top1), ['5']);
      assert.deepEqual(await keep(F, top1, through), [], 'the overall top variant (case 2) has no reinitiation');
    });

    test('attribute: event attribute, mapped resource column, case attribute', async () => {
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'event', key: 'Resource', values: ['Sue'], mode: 'include' }), ['1', '5']);
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'event', key: 'org:resource', values: ['Sue', 'Sean'], mode: 'include' }), ['3', '2', '1', '5', '4']);
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'event', key: 'org:resource', values: ['Sue', 'Sean'], mode: 'exclude' }), ['6']);
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'event', key: 'Costs', values: ['50'], mode: 'include' }), ['3', '2', '1', '6', '5', '4']);
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'case', key: 'creator', values: ['Fluxicon Nitro'], mode: 'exclude' }), []);
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'case', key: 'Costs', values: ['50'], mode: 'include' }), [], 'Costs is an event attribute');
      assert.deepEqual(await keep(F, { kind: 'attribute', scope: 'event', key: 'no such key', values: ['x'], mode: 'exclude' }), ['3', '2', '1', '6', '5', '4']);
    });

    test('counts() and hasTimestamps() describe the filtered cases', async () => {
      const f = applyFilters(src(F), [{ kind: 'activity', activity: RI, mode: 'through' }]);
      assert.deepEqual(await f.counts(), { cases: 2, events: 9 + 13 });
      assert.equal(await f.hasTimestamps(), true);
      const none = applyFilters(src(F), [{ kind: 'activity', activity: 'nothing', mode: 'through' }]);
      assert.deepEqual(await none.counts(), { cases: 0, events: 0 });
    });
  });

  describe('every kind against its definition, on real logs', () => {
    for (const file of ['running-example.xes', 'receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes']) {
      test(file, async () => {
        const source = src(file);
        const all = await collect(source);
        const filters = await filtersFor(source);
        let nonTrivial = 0;
        for (const f of filters) {
          const expected = all.filter((c) => passes(f, c));
          const filtered = applyFilters(source, [f]);
          const got = await collect(filtered);
          assert.deepEqual(got.map((c) => c.caseId), expected.map((c) => c.caseId), describeFilter(f));
          assert.deepEqual(got, expected, `${describeFilter(f)}: events unchanged`);
          assert.deepEqual(await filtered.counts(), { cases: expected.length, events: expected.reduce((s, c) => s + c.events.length, 0) });
          if (expected.length > 0 && expected.length < all.length) nonTrivial++;
        }
        assert.ok(nonTrivial >= filters.length / 2, `most filters select a proper subset (${nonTrivial} of ${filters.length})`);
      });
    }
  });

  test('a stack is the intersection of its filters when it holds no variants filter', async () => {
    const source = src('receipt.xes.gz');
    const [a, , , , , , , , edge, , duration, , , , intersecting] = await filtersFor(source);
    const stack = [a!, edge!, duration!, intersecting!];
    const expected = (await collect(source)).filter((c) => stack.every((f) => passes(f, c))).map((c) => c.caseId);
    assert.ok(expected.length > 0);
    assert.deepEqual(await ids(applyFilters(source, stack)), expected);
    assert.deepEqual(await ids(applyFilters(source, [...stack].reverse())), expected);
  });

  test('variants after an activity filter: the top variants of the remaining cases (receipt)', async () => {
    const source = src('receipt.xes.gz');
    const dfg = await discoverDfg(source);
    const activity = dfg.activities[3]!.activity;
    const first: CaseFilter = { kind: 'activity', activity, mode: 'through' };
    const remaining = (await collect(source)).filter((c) => passes(first, c));
    const top = (await discoverVariants(memorySource(remaining))).slice(0, 3).map((v) => v.activities.join('\u0000'));
    const expected = remaining.filter((c) => top.includes(c.events.map((e) => e.activity).join('\u0000'))).map((c) => c.caseId);
    const got = await ids(applyFilters(source, [first, { kind: 'variants', mode: 'top', count: 3 }]));
    assert.deepEqual(got, expected);
    const overallTop = (await discoverVariants(source)).slice(0, 3).map((v) => v.activities.join('\u0000'));
    assert.notDeepEqual(top, overallTop, 'the filter changes the ranking, so the test tells the two orders apart');
  });

  test('variants coverage is the shortest prefix of the ranking reaching the share (sepsis)', async () => {
    const source = src('sepsis.csv');
    const variants = await discoverVariants(source);
    const total = variants.reduce((s, v) => s + v.cases, 0);
    for (const percent of [10, 33.3, 80]) {
      let n = 0;
      let covered = 0;
      while (covered / total < percent / 100) covered += variants[n++]!.cases;
      const got = await collect(applyFilters(source, [{ kind: 'variants', mode: 'coverage', percent }]));
      assert.equal(got.length, covered, `${percent} %`);
      assert.equal(new Set(got.map((c) => c.events.map((e) => e.activity).join('\u0000'))).size, n);
    }
    const top = variants[0]!;
    const list = await collect(applyFilters(source, [{ kind: 'variants', mode: 'list', variants: [top.activities] }]));
    assert.equal(list.length, top.cases);
  });

  test('discoverDfg over a filtered source: start and end counts sum to the filtered cases', async () => {
    for (const file of ['receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes']) {
      const source = src(file);
      for (const f of (await filtersFor(source)).slice(8, 13)) {
        const filtered = applyFilters(source, [f, { kind: 'variants', mode: 'coverage', percent: 90 }]);
        const dfg = await discoverDfg(filtered);
        const counts = await filtered.counts();
        const sum = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((s, n) => s + n, 0);
        assert.equal(dfg.cases, counts.cases);
        assert.equal(dfg.events, counts.events);
        assert.equal(sum(dfg.start), counts.cases, `${file}: ${describeFilter(f)}`);
        assert.equal(sum(dfg.end), counts.cases);
        assert.equal(dfg.activities.reduce((s, a) => s + a.events, 0), counts.events);
      }
    }
  });

  test('attribute filter on a CSV column, through SQL (sepsis: org:group, a boolean, an integer)', async () => {
    const { header, rows } = rawCsv('sepsis.csv', ';');
    const col = (name: string) => header.indexOf(name);
    const source = src('sepsis.csv');
    const all = await ids(source);
    const expect = (column: string, values: string[]) => {
      const having = new Set(rows.filter((r) => values.includes(r[col(column)]!)).map((r) => r[0]!));
      return { include: all.filter((id) => having.has(id)), exclude: all.filter((id) => !having.has(id)) };
    };
    for (const [key, values] of [['org:group', ['A', 'E']], ['InfectionSuspected', ['true']], ['Age', ['85', '90']]] as const) {
      const e = expect(key, [...values]);
      assert.ok(e.include.length > 0 && e.exclude.length > 0, key);
      assert.deepEqual(await keep('sepsis.csv', { kind: 'attribute', scope: 'event', key, values, mode: 'include' }), e.include, key);
      assert.deepEqual(await keep('sepsis.csv', { kind: 'attribute', scope: 'event', key, values, mode: 'exclude' }), e.exclude, key);
    }
    // composes with the other filters
    const both = await keep('sepsis.csv',
      { kind: 'attribute', scope: 'event', key: 'org:group', values: ['A'], mode: 'include' },
      { kind: 'activity', activity: 'Admission IC', mode: 'through' });
    const byCsv = new Set(rows.filter((r) => r[col('org:group')] === 'A').map((r) => r[0]!));
    const byActivity = new Set(rows.filter((r) => r[col('Activity')] === 'Admission IC').map((r) => r[0]!));
    assert.deepEqual(both, all.filter((id) => byCsv.has(id) && byActivity.has(id)));
    assert.ok(both.length > 0);
  });

  test('attribute filter on XES: case attribute (receipt channel), int and float event attributes (road traffic)', async () => {
    const receipt = rawXesTraces('receipt.xes.gz');
    const channels = new Set(receipt.filter((t) => t.attributes['channel'] === 'Internet' || t.attributes['channel'] === 'Post').map((t) => t.name));
    const all = await ids(src('receipt.xes.gz'));
    assert.deepEqual(
      await keep('receipt.xes.gz', { kind: 'attribute', scope: 'case', key: 'channel', values: ['Internet', 'Post'], mode: 'include' }),
      all.filter((id) => channels.has(id)),
    );
    const road = rawXesTraces('roadtraffic100traces.xes');
    const roadIds = await ids(src('roadtraffic100traces.xes'));
    const having = (key: string, ok: (v: string) => boolean) => {
      const names = new Set(road.filter((t) => t.events.some((e) => e[key] !== undefined && ok(e[key]!))).map((t) => t.name));
      return roadIds.filter((id) => names.has(id));
    };
    const article = await keep('roadtraffic100traces.xes', { kind: 'attribute', scope: 'event', key: 'article', values: ['7', '158'], mode: 'include' });
    assert.deepEqual(article, having('article', (v) => v === '7' || v === '158'));
    assert.ok(article.length > 0);
    // numbers compare as text, integral floats without a decimal point: 35.0 is "35"
    const amount = await keep('roadtraffic100traces.xes', { kind: 'attribute', scope: 'event', key: 'amount', values: ['35', '68.77'], mode: 'include' });
    assert.deepEqual(amount, having('amount', (v) => Number(v) === 35 || Number(v) === 68.77));
    assert.ok(amount.length > 0);
  });

  test('the attribute query is forwarded by projections and filters; a source without it is refused', async () => {
    const F = 'running-example.xes';
    const filter: CaseFilter = { kind: 'attribute', scope: 'event', key: 'Resource', values: ['Sue'], mode: 'include' };
    const projected = projectEventSource(src(F), new Set([RR, D]));
    assert.deepEqual(await ids(applyFilters(projected, [filter])), ['1', '5'], 'attributes of projected-away events still count');
    const stacked = applyFilters(applyFilters(src(F), [{ kind: 'activity', activity: RI, mode: 'through' }]), [filter]);
    assert.deepEqual(await ids(stacked), ['5']);
    const memory = memorySource(await collect(src(F)));
    assert.throws(() => applyFilters(memory, [{ kind: 'activity', activity: RI, mode: 'through' }, filter]), /attribute filter "Resource = ‘Sue’"/);
    assert.deepEqual(await ids(applyFilters(memory, [{ kind: 'activity', activity: RI, mode: 'through' }])), ['3', '5'], 'other filters need no attribute query');
  });

  test('cases without timestamps never pass time filters; hasTimestamps() follows the filtered cases', async () => {
    const e = (activity: string, time?: number) => (time === undefined ? { activity } : { activity, time });
    const source = memorySource([
      { caseId: 'a', events: [e('x', 0), e('y', 10 * DAY)] },
      { caseId: 'b', events: [e('x'), e('y')] },
      { caseId: 'c', events: [e('x', 5 * DAY), e('z')] },
    ]);
    assert.equal(await source.hasTimestamps(), false);
    const timed = applyFilters(source, [{ kind: 'activity', activity: 'z', mode: 'notThrough' }, { kind: 'duration', minMs: 0 }]);
    assert.deepEqual(await ids(timed), ['a']);
    assert.equal(await timed.hasTimestamps(), true);
    assert.deepEqual(await ids(applyFilters(source, [{ kind: 'timeframe', mode: 'intersecting', from: -Infinity, to: Infinity }])), ['a', 'c']);
    assert.equal(await applyFilters(source, [{ kind: 'activity', activity: 'x', mode: 'through' }]).hasTimestamps(), false);
    assert.equal(await applyFilters(source, [{ kind: 'activity', activity: 'q', mode: 'through' }]).hasTimestamps(), false, 'no case left: the source\'s answer');
  });

  test('interval log: a case starts at its first event\'s start timestamp', async () => {
    const source = src('interval_event_log.xes');
    const c = (await collect(source)).find((x) => x.events[0]!.start !== undefined && x.events[0]!.start < x.events[0]!.time!)!;
    assert.ok(c, 'a case whose first event has a start before its end');
    const first = c.events[0]!.start!;
    const started = await ids(applyFilters(source, [{ kind: 'timeframe', mode: 'started', from: first, to: first }]));
    assert.ok(started.includes(c.caseId));
    const late = await ids(applyFilters(source, [{ kind: 'timeframe', mode: 'started', from: first + 1, to: c.events[0]!.time! }]));
    assert.ok(!late.includes(c.caseId));
  });

  test('an empty stack returns the source itself', () => {
    const source = src('running-example.xes');
    assert.equal(applyFilters(source, []), source);
  });

  test('describeFilter', () => {
    const t = Date.parse;
    const labels = ([
      { kind: 'activity', activity: CT, mode: 'through' },
      { kind: 'activity', activity: CT, mode: 'notThrough' },
      { kind: 'activity', activity: CT, mode: 'startsWith' },
      { kind: 'activity', activity: CT, mode: 'endsWith' },
      { kind: 'edge', source: CT, target: D, mode: 'through' },
      { kind: 'edge', source: CT, target: D, mode: 'notThrough' },
      { kind: 'timeframe', mode: 'started', from: t('2024-01-01T00:00Z'), to: t('2024-02-01T00:00Z') },
      { kind: 'timeframe', mode: 'contained', from: t('2024-01-01T08:30Z'), to: t('2024-01-01T17:00:05Z') },
      { kind: 'timeframe', mode: 'intersecting', from: t('2024-01-01T00:00Z'), to: t('2024-01-02T00:00Z') },
      { kind: 'variants', mode: 'top', count: 5 },
      { kind: 'variants', mode: 'top', count: 1 },
      { kind: 'variants', mode: 'coverage', percent: 80 },
      { kind: 'variants', mode: 'list', variants: [[RR], [RR, D]] },
      { kind: 'duration', minMs: 2 * DAY },
      { kind: 'duration', maxMs: 90 * 60_000 },
      { kind: 'duration', minMs: 500, maxMs: 30_000 },
      { kind: 'startActivities', activities: [RR] },
      { kind: 'endActivities', activities: [PC, RJ] },
      { kind: 'endActivities', activities: ['a', 'b', 'c', 'd'] },
      { kind: 'attribute', scope: 'event', key: 'org:resource', values: ['Sue'], mode: 'include' },
      { kind: 'attribute', scope: 'case', key: 'channel', values: ['a', 'b', 'c', 'd', 'e'], mode: 'exclude' },
    ] as CaseFilter[]).map(describeFilter);
    assert.deepEqual(labels, [
      'through ‘check ticket’',
      'not through ‘check ticket’',
      'starts with ‘check ticket’',
      'ends with ‘check ticket’',
      'through ‘check ticket’ → ‘decide’',
      'not through ‘check ticket’ → ‘decide’',
      'started 2024-01-01 … 2024-02-01',
      'within 2024-01-01 08:30 … 2024-01-01 17:00:05',
      'intersecting 2024-01-01 … 2024-01-02',
      'top 5 variants',
      'top 1 variant',
      'variants covering 80 % of cases',
      '2 selected variants',
      'duration ≥ 2.0 d',
      'duration ≤ 1.5 h',
      'duration 500 ms … 30.0 s',
      'starts with ‘register request’',
      'ends with ‘pay compensation’ or ‘reject request’',
      'ends with one of 4 activities',
      'org:resource = ‘Sue’',
      'case channel ∉ {‘a’, ‘b’, ‘c’, … +2}',
    ]);
  });
});
