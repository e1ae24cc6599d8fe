/**
 * The database writer buffers rows and inserts them many per statement. Whatever the batch
 * boundaries, the stored rows must be exactly those a row-by-row writer stores: every case, event
 * and attribute, ids and positions consecutive, values typed (large integers and dates as
 * INTEGER), a repeated attribute key keeping its last value, a second log's ids following the
 * first's, and the duplicate count of the quality report equal to the SQL definition.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TracemineDb, importEventLog } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { tempDir } from './eventlogFixtures';

/** A CSV log whose sizes cross the batch sizes: 1,203 cases, 5,000 events, attributes on most. */
function csvLog(): { text: string; rows: string[][] } {
  const rows: string[][] = [];
  let seed = 42;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (let i = 0; i < 5000; i++) {
    const c = `case ${random(1203)}`;
    const t = new Date(Date.UTC(2021, 0, 1) + random(12) * 3_600_000).toISOString();
    rows.push([c, `act ${random(3)}`, random(20) === 0 ? '' : t, random(3) === 0 ? '' : `r${random(5)}`, String(random(4) === 0 ? '' : 3_000_000_000 + i), random(2) === 0 ? 'x' : '']);
  }
  const text = ['case,activity,timestamp,resource,big,flag', ...rows.map((r) => r.join(','))].join('\n');
  return { text, rows };
}

test('batched rows are exactly the rows of the file', async (t) => {
  const dir = tempDir(t);
  const csv = path.join(dir, 'batches.csv');
  const { text, rows } = csvLog();
  writeFileSync(csv, text);
  const xes = path.join(dir, 'repeat.xes');
  writeFileSync(xes, `<log><trace><string key="concept:name" value="t"/><int key="n" value="1"/><int key="n" value="2"/>
    <event><string key="concept:name" value="a"/><string key="k" value="first"/><date key="d" value="2020-01-01T00:00:00Z"/><string key="k" value="last"/></event>
  </trace></log>`);
  const file = path.join(dir, 'tracemine.db');
  const db = await TracemineDb.open({ file });
  const first = await importEventLog(db, xes);
  const { log, quality } = await importEventLog(db, csv);
  db.close();

  const SQL = await loadSqlJs();
  const raw = new SQL.Database(readFileSync(file));
  const q = (sql: string, params: (string | number)[] = []) => raw.exec(sql, params)[0]?.values ?? [];
  try {
    // The XES log: repeated keys keep the last value, for case and event attributes alike.
    assert.deepEqual(q(`SELECT k.name, a.type, a.value FROM case_attributes a JOIN attribute_keys k ON k.id = a.key_id JOIN cases c ON c.id = a.case_id WHERE c.log_id = ?`, [first.log.id]), [['n', 'int', 2]]);
    assert.deepEqual(q(`SELECT k.name, a.type, a.value, typeof(a.value) FROM event_attributes a JOIN attribute_keys k ON k.id = a.key_id
      JOIN events e ON e.id = a.event_id WHERE e.log_id = ? ORDER BY k.name`, [first.log.id]), [['d', 'date', Date.UTC(2020, 0, 1), 'integer'], ['k', 'string', 'last', 'text']]);

    // The CSV log: one event row per record, in file order, ids and positions consecutive.
    const events = q(`SELECT e.id, e.position, c.name, e.activity, e.timestamp, e.resource FROM events e JOIN cases c ON c.id = e.case_id WHERE e.log_id = ? ORDER BY e.id`, [log.id]);
    assert.equal(events.length, 5000);
    const firstId = Number(events[0]![0]);
    assert.equal(firstId, 2, 'ids continue after the first log');
    events.forEach((e, i) => {
      const r = rows[i]!;
      assert.deepEqual(e, [firstId + i, i, r[0], r[1], r[2] === '' ? null : Date.parse(r[2]!), r[3] === '' ? null : r[3]], `event ${i}`);
    });
    // Cases in order of first appearance, ids consecutive.
    const cases = q('SELECT id, name FROM cases WHERE log_id = ? ORDER BY id', [log.id]);
    const order = [...new Set(rows.map((r) => r[0]))];
    assert.deepEqual(cases.map((c) => c[1]), order);
    cases.forEach((c, i) => assert.equal(Number(c[0]), Number(cases[0]![0]) + i));
    // Attributes: big integers stored as INTEGER; every non-empty cell stored once.
    const attrs = q(`SELECT a.event_id, k.name, a.type, a.value, typeof(a.value) FROM event_attributes a JOIN attribute_keys k ON k.id = a.key_id
      JOIN events e ON e.id = a.event_id WHERE e.log_id = ? ORDER BY a.event_id, k.name`, [log.id]);
    const expected: unknown[][] = [];
    rows.forEach((r, i) => {
      if (r[4] !== '') expected.push([firstId + i, 'big', 'int', Number(r[4]), 'integer']);
      if (r[5] !== '') expected.push([firstId + i, 'flag', 'string', 'x', 'text']);
    });
    assert.deepEqual(attrs, expected);
    // Duplicates: the report's count is the SQL definition's.
    const sqlDuplicates = Number(q(`SELECT COALESCE(SUM(n - 1), 0) FROM (SELECT COUNT(*) AS n FROM events WHERE log_id = ? AND timestamp IS NOT NULL
      GROUP BY case_id, activity, timestamp HAVING n > 1)`, [log.id])[0]![0]);
    assert.ok(sqlDuplicates > 10, `the log has duplicates (${sqlDuplicates})`);
    assert.equal(quality.duplicateEvents, sqlDuplicates);
  } finally {
    raw.close();
  }
});
