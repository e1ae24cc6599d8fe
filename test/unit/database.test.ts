/**
 * TracemineDb: persistence (atomic save, re-open without re-import), deletion, schema checks.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { SCHEMA_VERSION, TracemineDb, discoverDfg, discoverVariants, importEventLog } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, importFixture, tempDir } from './eventlogFixtures';

async function rawQuery(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('TracemineDb', () => {
  test('an in-memory database starts empty and save() is a no-op', async () => {
    const db = await TracemineDb.open();
    assert.equal(db.file, undefined);
    assert.deepEqual(db.listLogs(), []);
    await db.save();
    db.close();
    assert.throws(() => db.listLogs(), /closed/);
  });

  test('a file that does not exist yet: empty database, written (with its folder) by save()', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'nested', '.tracemine', 'tracemine.db');
    const db = await TracemineDb.open({ file });
    assert.equal(db.file, file);
    assert.equal(existsSync(file), false, 'nothing written before save()');
    await db.save();
    assert.ok(existsSync(file));
    db.close();
    const [[version]] = await rawQuery(file, 'PRAGMA user_version');
    assert.equal(version, SCHEMA_VERSION);
  });

  test('save() is atomic: the file re-opens with the same logs and no temp file is left', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    const first = await importEventLog(db, fixture('running-example.xes'), { save: false });
    await db.save();
    const before = readFileSync(file);
    const second = await importFixture(db, 'roadtraffic100traces.xes'); // saves on success
    const after = readFileSync(file);
    assert.ok(after.length >= before.length);
    assert.deepEqual(readdirSync(dir), ['tracemine.db'], 'no temporary file left beside the database');
    const logs = db.listLogs();
    db.close();

    const reopened = await TracemineDb.open({ file });
    assert.deepEqual(reopened.listLogs(), logs);
    assert.deepEqual(reopened.listLogs().map((l) => l.id), [first.log.id, second.log.id]);
    reopened.close();
  });

  test('concurrent save() calls are serialised and leave one consistent file', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'db.sqlite');
    const db = await TracemineDb.open({ file });
    const importing = importFixture(db, 'reviewing.xes');
    const saves = [db.save(), db.save(), db.save()];
    await Promise.all([importing, ...saves]);
    assert.deepEqual(readdirSync(dir), ['db.sqlite']);
    db.close();
    const again = await TracemineDb.open({ file });
    assert.equal(again.listLogs().length, 1);
    assert.equal(again.listLogs()[0]!.events, 3730);
    again.close();
  });

  test('a persisted database re-opens and mines without re-import', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    const { log, quality } = await importFixture(db, 'repairExample.xes.gz');
    const dfg = await discoverDfg(db.eventSource(log.id));
    const variants = await discoverVariants(db.eventSource(log.id));
    db.close();

    const reopened = await TracemineDb.open({ file });
    assert.deepEqual(reopened.getLog(log.id), log);
    assert.deepEqual(reopened.getQualityReport(log.id), JSON.parse(JSON.stringify(quality)));
    assert.deepEqual(await discoverDfg(reopened.eventSource(log.id)), dfg);
    assert.deepEqual(await discoverVariants(reopened.eventSource(log.id)), variants);
    reopened.close();
  });

  test('deleteLog removes the log and all its rows, and leaves the others intact', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    const keep = await importFixture(db, 'running-example.xes');
    const gone = await importFixture(db, 'receipt.csv');
    const keepDfg = await discoverDfg(db.eventSource(keep.log.id));
    db.deleteLog(gone.log.id);
    assert.deepEqual(db.listLogs().map((l) => l.id), [keep.log.id]);
    assert.equal(db.getLog(gone.log.id), undefined);
    assert.throws(() => db.eventSource(gone.log.id), /No event log/);
    assert.deepEqual(await discoverDfg(db.eventSource(keep.log.id)), keepDfg);
    await db.save();
    db.close();
    const rows = await rawQuery(file, `SELECT
      (SELECT COUNT(*) FROM cases WHERE log_id = ${gone.log.id}),
      (SELECT COUNT(*) FROM events WHERE log_id = ${gone.log.id}),
      (SELECT COUNT(*) FROM attribute_keys WHERE log_id = ${gone.log.id}),
      (SELECT COUNT(*) FROM case_attributes), (SELECT COUNT(*) FROM event_attributes),
      (SELECT COUNT(*) FROM events)`);
    const [cases, events, keys, caseAttrs, eventAttrs, allEvents] = rows[0]!;
    assert.deepEqual([cases, events, keys], [0, 0, 0]);
    assert.equal(allEvents, 42);
    // What is left belongs to the running example: its trace "creator" and its event attributes.
    assert.equal(caseAttrs, 6);
    assert.equal(eventAttrs, 42 * 3);
  });

  test('the stored rows follow the documented schema (typed attributes, positions, epoch ms)', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    const { log } = await importFixture(db, 'receipt.xes.gz');
    db.close();
    const [[n, minPos, maxPos]] = await rawQuery(file, `SELECT COUNT(*), MIN(position), MAX(position) FROM events WHERE log_id = ${log.id}`);
    assert.deepEqual([n, minPos, maxPos], [8577, 0, 8576]);
    const types = await rawQuery(file, `SELECT k.scope, t.type, typeof(t.value) FROM (
        SELECT key_id, type, value FROM event_attributes UNION ALL SELECT key_id, type, value FROM case_attributes) t
      JOIN attribute_keys k ON k.id = t.key_id GROUP BY 1, 2, 3 ORDER BY 1, 2`);
    assert.deepEqual(types, [
      ['case', 'date', 'integer'],
      ['case', 'string', 'text'],
      ['event', 'string', 'text'],
    ]);
    const [[ts, typ]] = await rawQuery(file, 'SELECT timestamp, typeof(timestamp) FROM events ORDER BY id LIMIT 1');
    assert.equal(typ, 'integer');
    assert.equal(new Date(Number(ts)).toISOString(), '2011-10-11T11:45:40.276Z'); // 13:45:40.276+02:00
  });

  test('opening a SQLite file of another application fails clearly and leaves it alone', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'other.db');
    const SQL = await loadSqlJs();
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)');
    writeFileSync(file, other.export());
    other.close();
    const bytes = readFileSync(file);
    await assert.rejects(TracemineDb.open({ file }), /not a Tracemine database/);
    assert.deepEqual(readFileSync(file), bytes);
    writeFileSync(file, 'this is not a database at all');
    await assert.rejects(TracemineDb.open({ file }), /other\.db/);
  });
});
