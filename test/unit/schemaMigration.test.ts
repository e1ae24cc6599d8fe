/**
 * Schema version 1 -> 2 (logs.format also accepts 'jsonl' and 'ocel'), then 2 -> 3 (trace
 * tables, format 'traces'; tracesDb.test.ts tests that step alone): a version-1 database opens
 * with its logs intact, takes the new formats, and is written as the current version on save.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { SCHEMA_VERSION, TracemineDb, discoverDfg, importEventLog } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, importFixture, tempDir } from './eventlogFixtures';

const V1_LOGS = `CREATE TABLE logs (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL,
  source_path     TEXT    NOT NULL,
  format          TEXT    NOT NULL CHECK (format IN ('xes', 'csv')),
  imported_at     TEXT    NOT NULL,
  case_count      INTEGER NOT NULL,
  event_count     INTEGER NOT NULL,
  activity_count  INTEGER NOT NULL,
  has_timestamps  INTEGER NOT NULL CHECK (has_timestamps IN (0, 1)),
  first_timestamp INTEGER,
  last_timestamp  INTEGER,
  quality_json    TEXT
)`;

/** Turns a current database file into a version-1 one (the logs table of the first release). */
async function downgradeToV1(file: string): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  // Not "rename the old table away": that would point the other tables' foreign keys at it.
  // Version 1 had no trace tables (version 3 added them).
  db.exec(`BEGIN; DROP TABLE IF EXISTS eval_samples; DROP TABLE IF EXISTS eval_runs; DROP TABLE IF EXISTS prompt_texts; DROP TABLE IF EXISTS annotations; DROP TABLE IF EXISTS trace_checks; DROP TABLE IF EXISTS span_bodies; DROP TABLE IF EXISTS spans; DROP TABLE IF EXISTS traces;
    ${V1_LOGS.replace('CREATE TABLE logs', 'CREATE TABLE logs_v1')};
    INSERT INTO logs_v1 SELECT * FROM logs; DROP TABLE logs; ALTER TABLE logs_v1 RENAME TO logs;
    PRAGMA user_version = 1; COMMIT;`);
  writeFileSync(file, db.export());
  db.close();
}

async function query(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('schema migration', () => {
  test('a version-1 database is migrated on open and accepts OCEL and JSON Lines logs', async (t) => {
    assert.equal(SCHEMA_VERSION, 4);
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const first = await TracemineDb.open({ file });
    const { log } = await importFixture(first, 'running-example.xes');
    const dfg = await discoverDfg(first.eventSource(log.id));
    const logs = first.listLogs();
    first.close();
    await downgradeToV1(file);
    assert.deepEqual(await query(file, 'PRAGMA user_version'), [[1]]);
    assert.match(String((await query(file, "SELECT sql FROM sqlite_schema WHERE name = 'logs'"))[0]![0]), /IN \('xes', 'csv'\)\)/);
    assert.deepEqual(await query(file, 'PRAGMA foreign_key_check'), []);
    const v1Bytes = readFileSync(file);

    const db = await TracemineDb.open({ file });
    assert.deepEqual(db.listLogs(), logs);
    assert.deepEqual(await discoverDfg(db.eventSource(log.id)), dfg);
    assert.deepEqual(readFileSync(file), v1Bytes, 'opening alone does not write the file');
    const ocel = await importEventLog(db, fixture('ocel/ocel20_example.sqlite'), { ocelObjectType: 'Invoice' }); // saves
    const jsonl = path.join(dir, 'events.jsonl');
    writeFileSync(jsonl, '{"case": "1", "activity": "a"}\n');
    await importEventLog(db, jsonl);
    db.close();

    assert.deepEqual(await query(file, 'PRAGMA user_version'), [[4]]);
    assert.deepEqual(await query(file, 'SELECT id, format FROM logs ORDER BY id'), [[log.id, 'xes'], [ocel.log.id, 'ocel'], [ocel.log.id + 1, 'jsonl']]);
    assert.deepEqual(await query(file, 'PRAGMA foreign_key_check'), []);
    const [[ddl]] = await query(file, "SELECT sql FROM sqlite_schema WHERE name = 'logs'");
    assert.match(String(ddl), /CHECK \(format IN \('xes', 'csv', 'jsonl', 'ocel', 'traces'\)\)/);
    const reopened = await TracemineDb.open({ file });
    assert.deepEqual(reopened.listLogs().map((l) => l.format), ['xes', 'ocel', 'jsonl']);
    reopened.close();
  });
});
