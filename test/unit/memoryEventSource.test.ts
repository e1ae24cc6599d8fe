/**
 * The in-memory load (loadEventLog: MemoryLog + MemoryEventSource, what `tracemine mine` uses)
 * against the database import (importEventLog + SqlJsEventSource): for every fixture log and for
 * logs built to exercise the ordering rules, both give the same summary, the same quality report,
 * the same cases with the same events in the same order, and therefore the same DFG, variants and
 * case statistics.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import {
  TracemineDb, discoverCaseStatistics, discoverDfg, discoverVariants, importEventLog, loadEventLog,
  type EventSource, type ImportOptions, type MinedCase,
} from '../../src/core';
import { CSV_MAPPINGS, ROOT, fixture, referenceFigures, tempDir } from './eventlogFixtures';

async function allCases(source: EventSource): Promise<MinedCase[]> {
  const out: MinedCase[] = [];
  for await (const c of source.cases()) out.push(c);
  return out;
}

describe('in-memory load = database import', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  async function assertSame(file: string, opts: ImportOptions = {}): Promise<void> {
    const imported = await importEventLog(db, file, opts);
    const loaded = await loadEventLog(file, opts);
    const { id: _id, importedAt: _a, ...summary } = imported.log;
    const { importedAt: _b, ...memorySummary } = loaded.log;
    assert.deepEqual(memorySummary, summary, 'log summary');
    assert.deepEqual(loaded.quality, imported.quality, 'quality report');
    const sql = db.eventSource(imported.log.id);
    const mem = loaded.source;
    assert.deepEqual(await mem.counts(), await sql.counts(), 'counts');
    assert.equal(await mem.hasTimestamps(), await sql.hasTimestamps(), 'hasTimestamps');
    assert.deepEqual(await allCases(mem), await allCases(sql), 'cases and their events, in order');
    assert.deepEqual(await discoverDfg(mem), await discoverDfg(sql), 'DFG');
    assert.deepEqual(await discoverVariants(mem), await discoverVariants(sql), 'variants');
    assert.deepEqual(await discoverCaseStatistics(mem), await discoverCaseStatistics(sql), 'case statistics');
  }

  for (const ref of referenceFigures()) {
    test(ref.file, async () => {
      const csv = CSV_MAPPINGS[ref.file];
      await assertSame(fixture(ref.file), csv ? { csv } : {});
      // And the published figures, from memory.
      const { source } = await loadEventLog(fixture(ref.file), csv ? { csv } : {});
      const dfg = await discoverDfg(source);
      assert.deepEqual([dfg.cases, dfg.events, dfg.activities.length, dfg.edges.length, (await discoverVariants(source)).length],
        [ref.cases, ref.events, ref.activities, ref.dfEdges, ref.variants]);
    });
  }

  test('OCEL logs flattened on each object type', async () => {
    await assertSame(fixture('ocel/ocel20_example.jsonocel'), { ocelObjectType: 'Invoice' });
    await assertSame(fixture('ocel/ocel20_example.xmlocel'), { ocelObjectType: 'Purchase Order' });
    await assertSame(fixture('ocel/ocel20_example.sqlite'), { ocelObjectType: 'Payment' });
    await assertSame(fixture('ocel/recruiting-red.jsonocel'), { ocelObjectType: 'applications' });
  });

  test('CSV with interleaved cases, out-of-order, equal, missing and unparseable timestamps, duplicates', async (t) => {
    const dir = tempDir(t);
    const f = path.join(dir, 'mixed.csv');
    writeFileSync(f, [
      'case,activity,timestamp,resource',
      'c1,a,2021-01-01 10:00:00,ann',
      'c2,a,2021-01-01 09:00:00,bob',
      'c1,b,2021-01-01 08:00:00,ann', // out of order in c1
      'c3,x,,carl', // no timestamp
      'c2,b,2021-01-01 09:00:00,', // same time as c2's a: file order
      'c2,b,2021-01-01 09:00:00,', // duplicate
      'c1,c,yesterday,dan', // unparseable
      'c3,y,2021-01-02 00:00:00,',
      'c3,z,,',
      'c2,a,2021-01-01 09:00:00,bob', // duplicate of c2's first event, later in the file
      'c4,only,2021-01-05 00:00:00,',
      'c1,b,2021-01-01 08:00:00,ann',
    ].join('\n'));
    await assertSame(f);
    const { quality, source } = await loadEventLog(f);
    assert.equal(quality.duplicateEvents, 3);
    const cases = await allCases(source);
    assert.deepEqual(cases.map((c) => [c.caseId, c.events.map((e) => e.activity).join('')]), [
      ['c1', 'bbac'], ['c2', 'abba'], ['c3', 'yxz'], ['c4', 'only'],
    ]);
  });

  test('interval log: start timestamps order the events (start, then time, then file order)', async (t) => {
    const dir = tempDir(t);
    const f = path.join(dir, 'interval.csv');
    writeFileSync(f, [
      'case,activity,start,end',
      'k,late-start,2021-01-01 05:00:00,2021-01-01 06:00:00',
      'k,early-start,2021-01-01 01:00:00,2021-01-01 09:00:00',
      'k,no-start,,2021-01-01 03:00:00',
      'k,same-start-a,2021-01-01 01:00:00,2021-01-01 08:00:00',
      'k,nothing,,',
      'k,same-start-b,2021-01-01 01:00:00,2021-01-01 08:00:00',
      'k,dup,2021-01-01 07:00:00,2021-01-01 08:00:00',
      'k,dup,2021-01-01 06:00:00,2021-01-01 08:00:00',
    ].join('\n'));
    const opts: ImportOptions = { csv: { caseColumn: 'case', activityColumn: 'activity', timestampColumn: 'end', startTimestampColumn: 'start' } };
    await assertSame(f, opts);
    const { source, quality } = await loadEventLog(f, opts);
    assert.equal(quality.duplicateEvents, 1, 'the two "dup" events share activity and timestamp');
    const [k] = await allCases(source);
    assert.deepEqual(k!.events.map((e) => e.activity), ['same-start-a', 'same-start-b', 'early-start', 'no-start', 'late-start', 'dup', 'dup', 'nothing']);
  });

  test('XES: repeated trace names merge, unnamed traces, events without activity or time', async (t) => {
    const dir = tempDir(t);
    const f = path.join(dir, 'merge.xes');
    const ev = (a: string | undefined, ts?: string) =>
      `<event>${a === undefined ? '' : `<string key="concept:name" value="${a}"/>`}${ts ? `<date key="time:timestamp" value="${ts}"/>` : ''}</event>`;
    writeFileSync(f, `<log>
<trace><string key="concept:name" value="t1"/>${ev('a', '2020-01-01T02:00:00Z')}${ev('b', '2020-01-01T01:00:00Z')}</trace>
<trace>${ev('c', '2020-01-01T00:00:00Z')}</trace>
<trace><string key="concept:name" value="t2"/>${ev(undefined, '2020-01-01T00:00:00Z')}</trace>
<trace><string key="concept:name" value="t1"/>${ev('d', '2020-01-01T00:30:00Z')}${ev('e')}</trace>
<trace><string key="concept:name" value="t3"/>${ev('x')}${ev('y')}</trace>
</log>`);
    await assertSame(f);
    const cases = await allCases((await loadEventLog(f)).source);
    assert.deepEqual(cases.map((c) => [c.caseId, c.events.map((e) => e.activity).join('')]), [['t1', 'dbae'], ['(trace 2)', 'c'], ['t3', 'xy']]);
  });

  test('JSON Lines', async (t) => {
    const f = path.join(tempDir(t), 'events.jsonl');
    writeFileSync(f, [
      { case: 'c1', activity: 'a', timestamp: '2024-01-01T00:00:00Z' }, { case: 'c2', activity: 'a', timestamp: 1704070800 },
      { case: 'c1', activity: 'b', timestamp: '2024-01-01T01:00:00Z' }, { case: 'c2', activity: 'b' },
    ].map((x) => JSON.stringify(x)).join('\n'));
    await assertSame(f);
  });

  test('an empty log', async (t) => {
    const f = path.join(tempDir(t), 'empty.xes');
    writeFileSync(f, '<log><trace><string key="concept:name" value="x"/></trace></log>');
    await assertSame(f);
    const { log, source } = await loadEventLog(f);
    assert.deepEqual([log.cases, log.events], [0, 0]);
    assert.deepEqual(await allCases(source), []);
  });
});

describe('tracemine mine runs without a database', () => {
  test('TRACEMINE_STATS=1 reports the peak RSS on stderr; the summary matches the reference', async () => {
    const run = promisify(execFile);
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'mine', fixture('teleclaims.xes.gz'), '--json'], {
      cwd: ROOT, env: { ...process.env, TRACEMINE_STATS: '1' }, maxBuffer: 16 << 20,
    });
    const o = JSON.parse(stdout);
    const ref = referenceFigures().find((r) => r.file === 'teleclaims.xes.gz')!;
    assert.deepEqual([o.cases, o.events, o.activities, o.variants, o.dfg.length], [ref.cases, ref.events, ref.activities, ref.variants, ref.dfEdges]);
    const stats = JSON.parse(stderr.trim().split('\n').pop()!.replace(/^tracemine stats: /, ''));
    assert.ok(stats.maxRssBytes > 10 << 20, `peak RSS ${stats.maxRssBytes}`);
    assert.ok(stats.wallMs > 0);
  });
});
