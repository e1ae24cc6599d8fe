/**
 * Agent traces in the workspace database: import (one transaction, replaced on re-import),
 * list, spans without bodies, bodies on demand, delete, persistence, rollback on failure and
 * cancellation, hostile strings kept verbatim, and the schema migration 2 -> 3.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import {
  CancelledError, ImportError, SCHEMA_VERSION, SPAN_BODY_KEYS, TracemineDb, importEventLog, readTraces, tracesToEventLog,
} from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, tempDir } from './eventlogFixtures';
import { airlineReference, fixtureText, traceFixture } from './traceFixtures';

const AIRLINE = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');
const S2 = traceFixture('otlp', 'adk_py__v1_default__S2.json');

/** Everything the public API shows about the stored traces. */
function snapshot(db: TracemineDb): unknown {
  return db.listTraces().map((t) => ({ t, spans: db.traceSpans(t.id).map((s) => ({ s, body: db.spanBody(t.id, s.spanId) })) }));
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

describe('traces in the database', () => {
  test('import: list lines, spans without bodies in seq order, bodies on demand, equal to what the reader gives', async () => {
    const db = await TracemineDb.open();
    const result = await db.importTraces(S2);
    const read = await readTraces(S2);
    assert.equal(result.format, 'otlp');
    assert.equal(result.traces.length, 1);
    assert.equal(result.spans, read.traces[0]!.spans.length);
    const [summary] = db.listTraces();
    assert.deepEqual(summary, result.traces[0]);
    assert.equal(summary!.sourcePath, path.resolve(S2));
    assert.equal(summary!.llmCalls, 3);
    assert.equal(summary!.toolCalls, 2);
    assert.deepEqual([summary!.inputTokens, summary!.outputTokens], [120, 24]);
    assert.deepEqual([...summary!.tools].sort(), ['get_time', 'get_weather']);
    assert.deepEqual(summary!.models, ['gemini-2.5-flash']);
    const heads = db.traceSpans(summary!.id);
    assert.deepEqual(heads.map((s) => s.seq), heads.map((_, i) => i));
    for (const h of heads) for (const k of SPAN_BODY_KEYS) assert.equal(k in h, false, `${k} is not in the span list`);
    // Head + body = the span as read (priced from the table: Gemini 2.5 Flash is in it).
    heads.forEach((h, i) => {
      const original = read.traces[0]!.spans[i]!;
      const { costUsd: _c, costSource: _s, ...rest } = { ...h, ...db.spanBody(summary!.id, h.spanId) };
      const { costUsd: _c2, costSource: _s2, ...orig } = original;
      assert.deepEqual(rest, orig);
      if (h.llmCall) assert.equal(h.costSource, 'pricing');
    });
    assert.equal(db.spanBody(summary!.id, 'no-such-span'), undefined);
    assert.deepEqual(db.traceSpans(9999), []);
    db.close();
  });

  test('τ-bench airline: 100 traces, message spans, filters; re-import replaces; delete removes', async () => {
    const ref = airlineReference();
    const db = await TracemineDb.open();
    const first = await db.importTraces(AIRLINE);
    assert.equal(first.traces.length, ref.trajectories);
    assert.equal(first.spans, ref.messages);
    assert.equal(first.traces.reduce((a, t) => a + t.toolCalls, 0), ref.toolCalls);
    assert.ok(first.traces.every((t) => t.costUsd === undefined && t.durationMs === undefined), 'no tokens, no times: unknown, not 0');
    assert.equal(db.listTraces({ search: 'task 5 · trial 1' }).length, 1);
    assert.equal(db.listTraces({ limit: 10, offset: 95 }).length, 5);
    const second = await db.importTraces(AIRLINE);
    assert.equal(second.replaced, ref.trajectories);
    assert.equal(db.listTraces().length, ref.trajectories);
    await db.importTraces(S2);
    assert.equal(db.listTraces({ format: 'otlp' }).length, 1);
    assert.equal(db.deleteTraces(AIRLINE), ref.trajectories);
    assert.deepEqual(db.listTraces().map((t) => t.format), ['otlp']);
    db.close();
  });

  test('persisted: a file-backed database is saved and reads back the same', async (t) => {
    const file = path.join(tempDir(t), 'tracemine.db');
    const db = await TracemineDb.open({ file });
    await db.importTraces(S2);
    const before = snapshot(db);
    db.close();
    const again = await TracemineDb.open({ file });
    assert.deepEqual(snapshot(again), before);
    again.close();
    assert.deepEqual(await query(file, 'SELECT COUNT(*) FROM spans'), [[10]]);
  });

  test('a malformed file: ImportError with position and field; the database is unchanged', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    await db.importTraces(S2);
    const before = snapshot(db);
    const bytes = readFileSync(file);
    const text = fixtureText(traceFixture('otlp', 'hand__deprecated_aliases.json'));
    const truncated = path.join(dir, 'truncated.json');
    writeFileSync(truncated, text.slice(0, Math.floor(text.length * 0.6)));
    await assert.rejects(db.importTraces(truncated), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.file, truncated);
      assert.ok(err.line! > 1 && err.column !== undefined);
      assert.match(err.reason, /unexpected end of input|not closed|unterminated/);
      return true;
    });
    const wrongType = path.join(dir, 'wrong-type.json');
    writeFileSync(wrongType, text.replace('"intValue": "70"', '"intValue": "seventy"'));
    await assert.rejects(db.importTraces(wrongType), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.field, 'resourceSpans[0].scopeSpans[0].spans[0].attributes[3].value.intValue');
      assert.equal(err.line, 3, 'the line where resourceSpans[0] starts');
      assert.match(err.message, /wrong-type\.json:3: expected an integer/);
      return true;
    });
    assert.deepEqual(snapshot(db), before);
    assert.deepEqual(readFileSync(file), bytes);
    db.close();
  });

  test('cancelled while reading: CancelledError, nothing stored', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(S2);
    const before = snapshot(db);
    const ac = new AbortController();
    await assert.rejects(db.importTraces(AIRLINE, { signal: ac.signal, progress: () => ac.abort() }), CancelledError);
    assert.deepEqual(snapshot(db), before);
    db.close();
  });

  test('saving fails: the new traces are removed again', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'tracemine.db');
    const db = await TracemineDb.open({ file });
    mkdirSync(file); // the atomic rename onto a directory fails
    await assert.rejects(db.importTraces(S2));
    assert.deepEqual(db.listTraces(), []);
    db.close();
  });

  test('hostile strings are kept verbatim in names, messages, tool arguments and results', async (t) => {
    const dir = tempDir(t);
    const script = '<script>alert(document.cookie)</script>';
    const img = '<img src=x onerror="alert(1)">';
    const odd = 'rtl \u202e override, nul \u0000 byte, {{template}} ${x} \' " \\';
    const conv = {
      name: script,
      messages: [
        { role: 'system', content: odd },
        { role: 'user', content: `${script} ${img}` },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: `lookup${img}`, arguments: JSON.stringify({ q: script }) } }] },
        { role: 'tool', tool_call_id: 'c1', content: img },
        { role: 'assistant', content: [{ type: 'text', text: odd }] },
      ],
    };
    const file = path.join(dir, 'hostile.jsonl');
    writeFileSync(file, `${JSON.stringify(conv)}\n`);
    const db = await TracemineDb.open();
    const { traces } = await db.importTraces(file);
    assert.equal(traces[0]!.name, script);
    assert.equal(db.listTraces()[0]!.name, script);
    const id = traces[0]!.id;
    const spans = db.traceSpans(id);
    assert.equal(db.spanBody(id, spans[0]!.spanId)!.inputMessages![0]!.content, odd);
    assert.equal(db.spanBody(id, spans[1]!.spanId)!.inputMessages![0]!.content, `${script} ${img}`);
    const call = db.spanBody(id, spans[2]!.spanId)!.outputMessages![0]!.toolCalls![0]!;
    assert.deepEqual(call, { id: 'c1', name: `lookup${img}`, arguments: JSON.stringify({ q: script }) });
    assert.equal(spans[3]!.toolName, `lookup${img}`);
    assert.deepEqual(db.spanBody(id, spans[3]!.spanId), { toolArguments: JSON.stringify({ q: script }), toolResult: img, attributes: { 'message.index': 3 } });
    assert.equal(db.spanBody(id, spans[4]!.spanId)!.outputMessages![0]!.content, odd);
    db.close();
  });
});

const V2_LOGS = `CREATE TABLE logs_v2 (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL,
  source_path     TEXT    NOT NULL,
  format          TEXT    NOT NULL CHECK (format IN ('xes', 'csv', 'jsonl', 'ocel')),
  imported_at     TEXT    NOT NULL,
  case_count      INTEGER NOT NULL,
  event_count     INTEGER NOT NULL,
  activity_count  INTEGER NOT NULL,
  has_timestamps  INTEGER NOT NULL CHECK (has_timestamps IN (0, 1)),
  first_timestamp INTEGER,
  last_timestamp  INTEGER,
  quality_json    TEXT
)`;

/** Turns a current database file into a version-2 one (no trace tables, the v2 logs CHECK). */
async function downgradeToV2(file: string): Promise<void> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  db.exec(`PRAGMA foreign_keys = OFF; BEGIN; DROP TABLE IF EXISTS eval_samples; DROP TABLE IF EXISTS eval_runs; DROP TABLE IF EXISTS prompt_texts; DROP TABLE IF EXISTS annotations; DROP TABLE IF EXISTS trace_checks; DROP TABLE span_bodies; DROP TABLE spans; DROP TABLE traces;
    ${V2_LOGS}; INSERT INTO logs_v2 SELECT * FROM logs; DROP TABLE logs; ALTER TABLE logs_v2 RENAME TO logs;
    PRAGMA user_version = 2; COMMIT;`);
  writeFileSync(file, db.export());
  db.close();
}

describe('schema migration 2 -> 3', () => {
  test('a version-2 database opens with its logs, gains the trace tables and the \'traces\' log format', async (t) => {
    assert.equal(SCHEMA_VERSION, 4);
    const file = path.join(tempDir(t), 'tracemine.db');
    const first = await TracemineDb.open({ file });
    const { log } = await importEventLog(first, fixture('running-example.xes'));
    const logs = first.listLogs();
    first.close();
    await downgradeToV2(file);
    assert.deepEqual(await query(file, 'PRAGMA user_version'), [[2]]);
    assert.deepEqual(await query(file, "SELECT COUNT(*) FROM sqlite_schema WHERE name IN ('traces', 'spans', 'span_bodies')"), [[0]]);
    const v2 = readFileSync(file);

    const db = await TracemineDb.open({ file });
    assert.deepEqual(db.listLogs(), logs);
    assert.deepEqual(db.listTraces(), []);
    assert.deepEqual(readFileSync(file), v2, 'opening alone does not write the file');
    await db.importTraces(S2); // saves
    const logId = await tracesToEventLog(db, S2);
    assert.equal(db.getLog(logId)?.format, 'traces');
    db.close();

    assert.deepEqual(await query(file, 'PRAGMA user_version'), [[4]]);
    assert.deepEqual(await query(file, 'SELECT id, format FROM logs ORDER BY id'), [[log.id, 'xes'], [logId, 'traces']]);
    assert.deepEqual(await query(file, 'PRAGMA foreign_key_check'), []);
    assert.deepEqual(await query(file, 'SELECT COUNT(*) FROM span_bodies'), [[10]]);
  });
});
