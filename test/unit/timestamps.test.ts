/**
 * Timestamp reading: the text forms, epoch seconds and milliseconds in CSV columns, and the
 * interpretation the quality report gives; logs without timestamps are mined in file order.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TimestampInterpreter, TracemineDb, discoverDfg, discoverVariants, importEventLog, parseDateTime } from '../../src/core';
import { tempDir } from './eventlogFixtures';

describe('parseDateTime', () => {
  const cases: [string, string, string][] = [
    ['2010-12-30T14:32:00.000+01:00', '2010-12-30T13:32:00.000Z', 'iso-offset'],
    ['2011-10-11 13:45:40.276000+02:00', '2011-10-11T11:45:40.276Z', 'iso-offset'],
    ['2017-01-02T11:41:53Z', '2017-01-02T11:41:53.000Z', 'iso-utc'],
    ['2020-06-01T08:00:00-0530', '2020-06-01T13:30:00.000Z', 'iso-offset'],
    ['2020-06-01T08:00:00+09', '2020-05-31T23:00:00.000Z', 'iso-offset'],
    ['2014/10/22 11:15:41.000', '2014-10-22T11:15:41.000Z', 'slashed-local'],
    ['2021-03-04 05:06:07', '2021-03-04T05:06:07.000Z', 'iso-local'],
    ['2021-03-04T05:06', '2021-03-04T05:06:00.000Z', 'iso-local'],
    ['2021-03-04', '2021-03-04T00:00:00.000Z', 'date-only'],
    ['0099-01-01T00:00:00Z', '0099-01-01T00:00:00.000Z', 'iso-utc'],
  ];
  for (const [text, iso, format] of cases) {
    test(text, () => {
      const p = parseDateTime(text);
      assert.ok(p);
      assert.equal(new Date(p.time).toISOString(), iso);
      assert.equal(p.format, format);
    });
  }
  test('rejects what is not a valid date', () => {
    for (const bad of ['', 'yesterday', '2021-02-30 10:00:00', '2021-13-01', '2021-01-01 24:00:00', '22/10/2014 11:15', '2021-01-01T10:00:00+25:00', 'NA']) {
      assert.equal(parseDateTime(bad), undefined, bad);
    }
  });
});

describe('TimestampInterpreter', () => {
  test('epoch seconds (unit decided from the first value)', () => {
    const t = new TimestampInterpreter();
    assert.equal(t.parse('1600000000'), 1_600_000_000_000);
    assert.equal(t.parse('1600000000.5'), 1_600_000_000_500);
    assert.equal(t.interpretation().formats[0]!.format, 'epoch-seconds');
  });
  test('epoch milliseconds', () => {
    const t = new TimestampInterpreter();
    assert.equal(t.parse('1600000000123'), 1_600_000_000_123);
    assert.equal(t.interpretation().formats[0]!.format, 'epoch-milliseconds');
  });
  test('offset-less text is reported as read in UTC', () => {
    const t = new TimestampInterpreter();
    t.parse('2021-03-04 05:06:07');
    t.parse('2021-03-04T05:06:07Z');
    t.parse('2021-03-04 06:06:07');
    const i = t.interpretation();
    assert.equal(i.assumedUtc, true);
    assert.deepEqual(i.formats.map((f) => [f.format, f.count]), [['iso-local', 2], ['iso-utc', 1]]);
    assert.match(i.summary, /read as UTC/);
  });
});

function csvLog(dir: string, name: string, rows: string[][]): string {
  const f = path.join(dir, name);
  writeFileSync(f, rows.map((r) => r.join(',')).join('\n') + '\n');
  return f;
}

describe('CSV timestamp columns', () => {
  test('epoch seconds and epoch milliseconds give the same log', async (t) => {
    const dir = tempDir(t);
    const base = Date.UTC(2021, 0, 1, 12, 0, 0);
    const steps = [['c1', 'a', 0], ['c1', 'b', 90], ['c1', 'c', 3600], ['c2', 'a', 10], ['c2', 'c', 70]] as const;
    const seconds = csvLog(dir, 's.csv', [['case_id', 'activity', 'timestamp'], ...steps.map(([c, a, s]) => [c, a, String(base / 1000 + s)])]);
    const millis = csvLog(dir, 'ms.csv', [['case_id', 'activity', 'timestamp'], ...steps.map(([c, a, s]) => [c, a, String(base + s * 1000)])]);
    const db = await TracemineDb.open();
    const s = await importEventLog(db, seconds);
    const ms = await importEventLog(db, millis);
    assert.equal(s.log.firstTimestamp, '2021-01-01T12:00:00.000Z');
    assert.equal(s.log.lastTimestamp, '2021-01-01T13:00:00.000Z');
    assert.equal(ms.log.firstTimestamp, s.log.firstTimestamp);
    assert.equal(ms.log.lastTimestamp, s.log.lastTimestamp);
    assert.equal(s.quality.timestampInterpretation.formats[0]!.format, 'epoch-seconds');
    assert.equal(ms.quality.timestampInterpretation.formats[0]!.format, 'epoch-milliseconds');
    const a = await discoverDfg(db.eventSource(s.log.id));
    assert.deepEqual(await discoverDfg(db.eventSource(ms.log.id)), a);
    const ab = a.edges.find((e) => e.source === 'a' && e.target === 'b')!;
    assert.equal(ab.duration!.total, 90_000);
    const ac = a.edges.find((e) => e.source === 'a' && e.target === 'c')!;
    assert.equal(ac.duration!.total, 60_000);
    db.close();
  });

  test('a log without timestamps is mined in file order, without durations', async (t) => {
    const dir = tempDir(t);
    // Names chosen so that no other order (alphabetical, by activity) gives the same result.
    const f = csvLog(dir, 'untimed.csv', [
      ['case', 'activity'],
      ['x', 'zeta'], ['y', 'beta'], ['x', 'alpha'], ['x', 'mu'], ['y', 'alpha'], ['x', 'alpha'],
    ]);
    const db = await TracemineDb.open();
    const { log, quality } = await importEventLog(db, f);
    assert.equal(log.hasTimestamps, false);
    assert.equal(log.firstTimestamp, undefined);
    assert.equal(quality.hasTimestamps, false);
    assert.equal(quality.timestampRange, undefined);
    const source = db.eventSource(log.id);
    assert.equal(await source.hasTimestamps(), false);
    const cases: Record<string, string[]> = {};
    for await (const c of source.cases()) cases[c.caseId] = c.events.map((e) => e.activity);
    assert.deepEqual(cases, { x: ['zeta', 'alpha', 'mu', 'alpha'], y: ['beta', 'alpha'] });
    const dfg = await discoverDfg(source);
    assert.equal(dfg.hasTimestamps, false);
    assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.frequency]), [
      ['alpha', 'mu', 1], ['beta', 'alpha', 1], ['mu', 'alpha', 1], ['zeta', 'alpha', 1],
    ]);
    for (const e of dfg.edges) assert.equal('duration' in e, false);
    assert.deepEqual((await discoverVariants(source)).map((v) => v.activities), [['beta', 'alpha'], ['zeta', 'alpha', 'mu', 'alpha']]);
    db.close();
  });

  test('an XES log without time:timestamp is mined in file order too', async (t) => {
    const dir = tempDir(t);
    const f = path.join(dir, 'untimed.xes');
    writeFileSync(f, `<log><trace><string key="concept:name" value="1"/>
      <event><string key="concept:name" value="c"/></event>
      <event><string key="concept:name" value="a"/></event>
      <event><string key="concept:name" value="b"/></event>
    </trace></log>`);
    const db = await TracemineDb.open();
    const { log } = await importEventLog(db, f);
    assert.equal(log.hasTimestamps, false);
    const dfg = await discoverDfg(db.eventSource(log.id));
    assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.duration]), [['a', 'b', undefined], ['c', 'a', undefined]]);
    assert.deepEqual({ ...dfg.start }, { c: 1 });
    assert.deepEqual({ ...dfg.end }, { b: 1 });
    db.close();
  });

  test('events are ordered by timestamp, ties in file order; untimed events go last', async (t) => {
    const dir = tempDir(t);
    const f = csvLog(dir, 'ties.csv', [
      ['case', 'activity', 'timestamp'],
      ['1', 'late', '2021-01-01T10:00:00Z'],
      ['1', 'untimed', ''],
      ['1', 'tie-first', '2021-01-01T09:00:00Z'],
      ['1', 'tie-second', '2021-01-01T09:00:00Z'],
      ['1', 'early', '2021-01-01T08:00:00Z'],
    ]);
    const db = await TracemineDb.open();
    const { log, quality } = await importEventLog(db, f);
    assert.equal(log.hasTimestamps, false, 'one event has no timestamp');
    assert.equal(quality.missing.timestamp, 1);
    const seq: string[] = [];
    for await (const c of db.eventSource(log.id).cases()) seq.push(...c.events.map((e) => e.activity));
    assert.deepEqual(seq, ['early', 'tie-first', 'tie-second', 'late', 'untimed']);
    db.close();
  });
});
