/**
 * JSON Lines event logs (docs/jsonl-event-log.md): the running example converted from its CSV
 * gives exactly the CSV's process, field detection, typing, epoch timestamps, malformed lines and
 * the quality counts for missing case ids and activities.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ImportError, TracemineDb, detectJsonlMapping, discoverDfg, discoverVariants, guessFormat, importEventLog } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, importFixture, tempDir } from './eventlogFixtures';

/** running-example.csv as JSON Lines: one object per row, numbers as JSON numbers, CRLF endings. */
function runningExampleJsonl(): string {
  const [header, ...rows] = readFileSync(fixture('running-example.csv'), 'utf8').trim().split(/\r?\n/);
  const keys = header!.split(',').map((k, i) => (k === '' ? `column${i + 1}` : k));
  return rows.map((row) => {
    const cells = row.split(',');
    const obj: Record<string, string | number> = {};
    keys.forEach((k, i) => {
      const c = cells[i]!;
      obj[k] = /^\d+$/.test(c) && k !== 'case:concept:name' ? Number(c) : c;
    });
    return JSON.stringify(obj);
  }).join('\r\n') + '\r\n\r\n';
}

async function rawQuery(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('JSON Lines event logs', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  test('the running example as JSONL gives exactly the CSV import\'s DFG and variants', async (t) => {
    const file = path.join(tempDir(t), 'running-example.jsonl');
    writeFileSync(file, runningExampleJsonl());
    const fromCsv = await importFixture(db, 'running-example.csv');
    const fromJsonl = await importEventLog(db, file);
    assert.equal(fromJsonl.log.format, 'jsonl');
    assert.equal(fromJsonl.log.name, 'running-example');
    for (const k of ['cases', 'events', 'activities', 'hasTimestamps', 'firstTimestamp', 'lastTimestamp'] as const) {
      assert.equal(fromJsonl.log[k], fromCsv.log[k], k);
    }
    const csvSource = db.eventSource(fromCsv.log.id);
    const jsonlSource = db.eventSource(fromJsonl.log.id);
    assert.deepEqual(await discoverDfg(jsonlSource), await discoverDfg(csvSource));
    assert.deepEqual(await discoverVariants(jsonlSource), await discoverVariants(csvSource));
    const q = fromJsonl.quality;
    assert.equal(q.format, 'jsonl');
    assert.deepEqual(q.warnings, []);
    assert.deepEqual(q.timestampInterpretation.formats.map((f) => [f.format, f.count]), [['iso-offset', 42]]);
    const creator = q.attributeFillRates.find((a) => a.scope === 'case' && a.key === 'creator');
    assert.deepEqual(creator && [creator.filled, creator.rate], [6, 1], 'case:creator became case attribute creator');
  });

  test('detectJsonlMapping: documented names first, exact before case-insensitive', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'detect.jsonl');
    writeFileSync(file, runningExampleJsonl());
    const d = await detectJsonlMapping(file);
    // "Activity" and "Resource" exist too, but exact names (concept:name, org:resource) win.
    assert.deepEqual(d.mapping, { caseField: 'case:concept:name', activityField: 'concept:name', timestampField: 'time:timestamp', resourceField: 'org:resource' });
    assert.deepEqual(d.fields, ['column1', 'concept:name', 'org:resource', 'time:timestamp', 'Activity', 'Resource', 'Costs', 'case:concept:name', 'case:creator']);
    assert.equal(d.sample.length, 10);
    assert.deepEqual(d.detected, { case: true, activity: true, timestamp: true, resource: true });

    const other = path.join(dir, 'other.ndjson');
    writeFileSync(other, '{"Case_ID": "a", "Activity": "x", "TIME": 1}\n{"Case_ID": "a", "Activity": "y", "TIME": 2, "extra": true}\n');
    const o = await detectJsonlMapping(other);
    assert.deepEqual(o.mapping, { caseField: 'Case_ID', activityField: 'Activity', timestampField: 'TIME' });
    assert.deepEqual(o.fields, ['Case_ID', 'Activity', 'TIME', 'extra']);

    const none = path.join(dir, 'none.jsonl');
    writeFileSync(none, '{"who": "a", "what": "x"}\n');
    assert.deepEqual((await detectJsonlMapping(none)).detected, { case: false, activity: false, timestamp: false, resource: false });
    await assert.rejects(importEventLog(db, none), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.field, 'caseField');
      assert.match(err.message, /could not detect the case id and activity fields .*\(fields: who, what\)/);
      return true;
    });
    const mapped = await importEventLog(db, none, { jsonl: { caseField: 'who', activityField: 'what' } });
    assert.deepEqual([mapped.log.cases, mapped.log.events, mapped.log.hasTimestamps], [1, 1, false]);
  });

  test('epoch milliseconds (numbers) and epoch seconds (digit strings) as timestamps', async (t) => {
    const dir = tempDir(t);
    const ms = path.join(dir, 'ms.jsonl');
    const base = Date.UTC(2024, 0, 2, 3, 4, 5, 678);
    writeFileSync(ms, [0, 60_000, 3_600_000].map((d, i) => JSON.stringify({ case: 'c1', activity: `a${i}`, timestamp: base + d })).join('\n'));
    const r = await importEventLog(db, ms);
    assert.equal(r.log.firstTimestamp, '2024-01-02T03:04:05.678Z');
    assert.equal(r.log.lastTimestamp, '2024-01-02T04:04:05.678Z');
    assert.deepEqual(r.quality.timestampInterpretation.formats.map((f) => [f.format, f.count]), [['epoch-milliseconds', 3]]);
    const dfg = await discoverDfg(db.eventSource(r.log.id));
    assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.duration?.mean]), [['a0', 'a1', 60_000], ['a1', 'a2', 3_540_000]]);

    const s = path.join(dir, 's.jsonl');
    writeFileSync(s, `${JSON.stringify({ case_id: 7, activity: 'x', time: '1704164645' })}\n`);
    const rs = await importEventLog(db, s);
    assert.equal(rs.log.firstTimestamp, '2024-01-02T03:04:05.000Z');
    assert.deepEqual(rs.quality.timestampInterpretation.formats.map((f) => f.format), ['epoch-seconds']);
  });

  test('missing case ids and activities are counted, as for CSV; other fields are typed', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'gaps.jsonl');
    const dbFile = path.join(dir, 'db.sqlite');
    writeFileSync(file, [
      { case: 'c1', activity: 'a', timestamp: '2024-01-01T00:00:00Z', resource: 'ann', n: 3, x: 1.5, ok: true, when: '2024-02-03', payload: { k: [1, 2] }, tags: ['p', 'q'], nil: null, blank: '' },
      { case: '', activity: 'a', timestamp: '2024-01-01T00:01:00Z' },
      { activity: 'b' },
      { case: null, activity: 'b' },
      { case: 'c1', timestamp: '2024-01-01T00:02:00Z' },
      { case: 'c1', activity: '', timestamp: '2024-01-01T00:03:00Z' },
      { case: 'c1', activity: 'b', timestamp: 'not a time' },
    ].map((o) => JSON.stringify(o)).join('\n'));
    const fileDb = await TracemineDb.open({ file: dbFile });
    const { log, quality } = await importEventLog(fileDb, file);
    fileDb.close();
    assert.deepEqual([log.cases, log.events], [1, 2]);
    assert.equal(quality.missing.caseId, 3);
    assert.equal(quality.missing.activity, 2);
    assert.equal(quality.skippedEvents, 5);
    assert.equal(quality.missing.timestamp, 1);
    assert.deepEqual(quality.unparseableTimestamps.examples, [{ line: 7, value: 'not a time' }]);
    assert.ok(quality.warnings.includes('3 row(s) have no case id and were skipped.'), quality.warnings.join('\n'));
    const attrs = await rawQuery(dbFile, `SELECT k.name, a.type, a.value FROM event_attributes a JOIN attribute_keys k ON k.id = a.key_id
      JOIN events e ON e.id = a.event_id WHERE e.position = 0 ORDER BY k.name`);
    assert.deepEqual(attrs, [
      ['n', 'int', 3],
      ['ok', 'boolean', 1],
      ['payload', 'string', '{"k":[1,2]}'],
      ['tags', 'string', '["p","q"]'],
      ['when', 'date', Date.UTC(2024, 1, 3)],
      ['x', 'float', 1.5],
    ]);
    const [[resource]] = await rawQuery(dbFile, 'SELECT resource FROM events WHERE position = 0');
    assert.equal(resource, 'ann');
  });

  test('a malformed line is an ImportError with its line and column; nothing is imported', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'broken.jsonl');
    writeFileSync(file, '{"case": "1", "activity": "a"}\n\n{"case": "1", "activity": "b",}\n');
    const before = db.listLogs();
    await assert.rejects(importEventLog(db, file, { jsonl: { caseField: 'case', activityField: 'activity' } }), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.line, 3);
      assert.equal(err.column, 31);
      assert.match(err.message, /broken\.jsonl:3:31: invalid JSON: unexpected character '}', expected a property name/);
      return true;
    });
    assert.deepEqual(db.listLogs(), before);

    const notObject = path.join(dir, 'array.jsonl');
    writeFileSync(notObject, '{"case": "1", "activity": "a"}\n  [1, 2]\n');
    await assert.rejects(importEventLog(db, notObject), /array\.jsonl:2:3: expected one JSON object per line, found an array/);
    const empty = path.join(dir, 'empty.jsonl');
    writeFileSync(empty, '\n\n');
    await assert.rejects(importEventLog(db, empty), /empty JSON Lines file/);
  });

  test('guessFormat: .jsonl, .ndjson, and .json or unknown names by content', async (t) => {
    const dir = tempDir(t);
    const lines = path.join(dir, 'events.json');
    writeFileSync(lines, '{"case": "1", "activity": "a"}\n{"case": "1", "activity": "b"}\n');
    const noExt = path.join(dir, 'events');
    writeFileSync(noExt, readFileSync(lines));
    const pretty = path.join(dir, 'config.json');
    writeFileSync(pretty, JSON.stringify({ some: { settings: true } }, null, 2));
    assert.equal(await guessFormat('x.jsonl'), 'jsonl');
    assert.equal(await guessFormat('x.NDJSON.gz'), 'jsonl');
    assert.equal(await guessFormat(lines), 'jsonl');
    assert.equal(await guessFormat(noExt), 'jsonl');
    await assert.rejects(guessFormat(pretty), /not an event log: a JSON document without OCEL keys/);
    const r = await importEventLog(db, lines);
    assert.deepEqual([r.log.format, r.log.name, r.log.events], ['jsonl', 'events', 2]);
  });
});
