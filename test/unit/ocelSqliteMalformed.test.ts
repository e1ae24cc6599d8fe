/** Broken OCEL 2.0 SQLite files: a clear ImportError, and the database unchanged. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import initSqlJs from 'sql.js';
import { ImportError, TracemineDb, defaultWasmPath, importEventLog } from '../../src/core';

const sample = join(__dirname, '..', 'fixtures', 'eventlogs', 'ocel', 'ocel20_example.sqlite');

describe('malformed OCEL SQLite', () => {
  test('truncated file and a SQLite file without the OCEL tables are ImportErrors; nothing is imported', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-ocel-sqlite-'));
    const truncated = join(dir, 'truncated.sqlite');
    writeFileSync(truncated, readFileSync(sample).subarray(0, 3000));
    const wasm = readFileSync(defaultWasmPath());
    const SQL = await initSqlJs({ wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer });
    const other = new SQL.Database();
    other.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES (\'hello\');');
    const notOcel = join(dir, 'not-ocel.sqlite');
    writeFileSync(notOcel, Buffer.from(other.export()));
    other.close();
    const db = await TracemineDb.open();
    try {
      for (const f of [truncated, notOcel]) {
        await assert.rejects(importEventLog(db, f, { ocelObjectType: 'Invoice' }), (err: unknown) => {
          assert.ok(err instanceof ImportError, `${f}: ${String(err)}`);
          assert.equal(err.file, f);
          assert.ok(err.message.length > 10);
          return true;
        });
      }
      assert.deepEqual(db.listLogs(), []);
    } finally {
      db.close();
    }
  });
});
