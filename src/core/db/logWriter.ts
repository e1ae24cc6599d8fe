/**
 * Appends one event log to the database inside a transaction someone else opened
 * (TracemineDb.withImport): the logs row first, then cases, events and their typed attributes
 * through prepared statements. Row ids are assigned here (max + 1 at start) so no round trip per
 * row is needed. Attribute names are interned per log in `attribute_keys`.
 *
 * Speed: every sql.js statement run costs several calls into WebAssembly, so cases, events and
 * their attributes are buffered and inserted ROWS_PER_INSERT rows per statement (BatchedInsert).
 * Every EVENTS_PER_FLUSH events, and in `finish()`, all buffers are written in this order: cases,
 * case attributes, events, event attributes, so a row is always written after the row it refers to
 * (valid even with foreign keys enforced); rows of one table keep their order, so a repeated
 * attribute key still replaces the earlier value. Duplicate events are counted from compact
 * columns kept while importing (DuplicateCounter), not by a GROUP BY over the new rows.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { DuplicateCounter } from '../ingest/duplicates';
import type { LogSink, LogTotals, StoredEvent } from '../ingest/logSink';
import type { LogFormat, TypedAttribute } from './types';

export interface NewLog {
  readonly name: string;
  readonly sourcePath: string;
  readonly format: LogFormat;
}

export type { StoredEvent, LogTotals };

type Scope = 'log' | 'case' | 'event';

/**
 * Stores ints, dates and booleans as SQLite INTEGERs even when sql.js binds them as doubles, for
 * the type in parameter `type` and the value in `value`. (Equalities, not `IN (…)`: SQLite builds
 * a temporary index for an IN list on every evaluation, which made attribute rows 3× slower.)
 */
function typedValueOf(type: string, value: string): string {
  return `CASE WHEN ${type} = 'int' OR ${type} = 'date' OR ${type} = 'boolean' THEN CAST(${value} AS INTEGER) ELSE ${value} END`;
}

const typedValue = typedValueOf('?3', '?4');

/** Rows per multi-row INSERT, and buffered events that trigger writing all buffers (a multiple). */
const ROWS_PER_INSERT = 64;
const EVENTS_PER_FLUSH = 8 * ROWS_PER_INSERT;

/**
 * Rows for one INSERT, buffered and written ROWS_PER_INSERT per statement run (the rest one by
 * one). `tuple(p)` is one row's VALUES tuple, `p(n)` naming its n-th (1-based) bound value.
 */
class BatchedInsert {
  private rows: SqlValue[] = [];
  private readonly one: Statement;
  private readonly many: Statement;

  constructor(db: Database, insert: string, private readonly width: number, tuple: (p: (n: number) => string) => string) {
    const row = (r: number) => tuple((n) => `?${r * width + n}`);
    this.one = db.prepare(`${insert} VALUES ${row(0)}`);
    this.many = db.prepare(`${insert} VALUES ${Array.from({ length: ROWS_PER_INSERT }, (_, r) => row(r)).join(', ')}`);
  }

  push(...values: SqlValue[]): void {
    for (const v of values) this.rows.push(v);
  }

  /** Number of rows waiting. */
  get size(): number {
    return this.rows.length / this.width;
  }

  flush(): void {
    const rows = this.rows;
    const batch = ROWS_PER_INSERT * this.width;
    const whole = rows.length - (rows.length % batch);
    for (let i = 0; i < whole; i += batch) this.many.run(rows.slice(i, i + batch));
    for (let i = whole; i < rows.length; i += this.width) this.one.run(rows.slice(i, i + this.width));
    this.rows = [];
  }

  free(): void {
    for (const s of [this.one, this.many]) {
      try { s.free(); } catch { /* database already closed */ }
    }
  }
}

function nextId(db: Database, table: string): number {
  return Number(db.exec(`SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}`)[0]?.values[0]?.[0] ?? 1);
}

export class LogWriter implements LogSink {
  readonly logId: number;
  private nextCaseId: number;
  private nextEventId: number;
  private nextKeyId: number;
  private firstCaseId: number;
  /** Attribute key ids, per scope (no key string is built per value). */
  private readonly keyIds: Record<Scope, Map<string, number>> = { log: new Map(), case: new Map(), event: new Map() };
  private readonly duplicates = new DuplicateCounter();
  private readonly insertKey: Statement;
  private readonly insertLogAttr: Statement;
  /** Buffered rows, in the order they are written. */
  private readonly cases: BatchedInsert;
  private readonly caseAttributes: BatchedInsert;
  private readonly events: BatchedInsert;
  private readonly eventAttributes: BatchedInsert;

  constructor(private readonly db: Database, log: NewLog) {
    this.logId = nextId(db, 'logs');
    this.nextCaseId = this.firstCaseId = nextId(db, 'cases');
    this.nextEventId = nextId(db, 'events');
    this.nextKeyId = nextId(db, 'attribute_keys');
    db.run(
      `INSERT INTO logs (id, name, source_path, format, imported_at, case_count, event_count, activity_count, has_timestamps)
       VALUES (?, ?, ?, ?, ?, 0, 0, 0, 0)`,
      [this.logId, log.name, log.sourcePath, log.format, new Date().toISOString()],
    );
    this.insertKey = db.prepare('INSERT INTO attribute_keys (id, log_id, scope, name) VALUES (?, ?, ?, ?)');
    this.insertLogAttr = db.prepare(`INSERT OR REPLACE INTO log_attributes (log_id, key_id, type, value) VALUES (?1, ?2, ?3, ${typedValue})`);
    const logId = this.logId;
    const attribute = (p: (n: number) => string) => `(${p(1)}, ${p(2)}, ${p(3)}, ${typedValueOf(p(3), p(4))})`;
    this.cases = new BatchedInsert(db, 'INSERT INTO cases (id, log_id, name)', 2, (p) => `(${p(1)}, ${logId}, ${p(2)})`);
    this.caseAttributes = new BatchedInsert(db, 'INSERT OR REPLACE INTO case_attributes (case_id, key_id, type, value)', 4, attribute);
    this.events = new BatchedInsert(
      db, 'INSERT INTO events (id, log_id, case_id, position, activity, timestamp, start_timestamp, resource, lifecycle)', 8,
      (p) => `(${p(1)}, ${logId}, ${p(2)}, ${p(3)}, ${p(4)}, CAST(${p(5)} AS INTEGER), CAST(${p(6)} AS INTEGER), ${p(7)}, ${p(8)})`,
    );
    this.eventAttributes = new BatchedInsert(db, 'INSERT OR REPLACE INTO event_attributes (event_id, key_id, type, value)', 4, attribute);
  }

  private keyId(scope: Scope, name: string): number {
    const ids = this.keyIds[scope];
    let id = ids.get(name);
    if (id === undefined) {
      id = this.nextKeyId++;
      this.insertKey.run([id, this.logId, scope, name]);
      ids.set(name, id);
    }
    return id;
  }

  addLogAttributes(attributes: readonly TypedAttribute[]): void {
    for (const a of attributes) this.insertLogAttr.run([this.logId, this.keyId('log', a.key), a.type, a.value]);
  }

  /** Adds a case and returns its row id. Names must be unique within the log. */
  addCase(name: string, attributes: readonly TypedAttribute[]): number {
    const id = this.nextCaseId++;
    this.cases.push(id, name);
    for (const a of attributes) this.caseAttributes.push(id, this.keyId('case', a.key), a.type, a.value);
    return id;
  }

  addEvent(caseRowId: number, position: number, e: StoredEvent): void {
    const id = this.nextEventId++;
    this.events.push(id, caseRowId, position, e.activity, e.time ?? null, e.start ?? null, e.resource ?? null, e.lifecycle ?? null);
    for (const a of e.attributes) this.eventAttributes.push(id, this.keyId('event', a.key), a.type, a.value);
    this.duplicates.add(caseRowId - this.firstCaseId, e.activity, e.time);
    if (this.events.size === EVENTS_PER_FLUSH) this.flush();
  }

  /** Writes every buffered row, referenced rows first. */
  private flush(): void {
    this.cases.flush();
    this.caseAttributes.flush();
    this.events.flush();
    this.eventAttributes.flush();
  }

  /** Events that repeat an earlier event of the same case with the same activity and timestamp. */
  countDuplicateEvents(): number {
    return this.duplicates.count();
  }

  /** Writes the totals and the quality report (any JSON-serialisable value) on the logs row. */
  finish(totals: LogTotals, quality: unknown): void {
    this.flush();
    this.db.run(
      `UPDATE logs SET case_count = ?, event_count = ?, activity_count = ?, has_timestamps = ?,
         first_timestamp = CAST(? AS INTEGER), last_timestamp = CAST(? AS INTEGER), quality_json = ?, imported_at = ?
       WHERE id = ?`,
      [
        totals.cases, totals.events, totals.activities, totals.hasTimestamps ? 1 : 0,
        totals.firstTimestamp ?? null, totals.lastTimestamp ?? null, JSON.stringify(quality), new Date().toISOString(), this.logId,
      ],
    );
  }

  /** Frees the prepared statements; call once, whether the import committed or not. */
  dispose(): void {
    for (const s of [this.insertKey, this.insertLogAttr]) {
      try { s.free(); } catch { /* database already closed */ }
    }
    for (const b of [this.cases, this.caseAttributes, this.events, this.eventAttributes]) b.free();
  }
}
