/**
 * Appends one event log to the database, row by row, inside a transaction someone else opened
 * (TracemineDb.withImport): the logs row first, then cases, events and their typed attributes
 * through prepared statements. Row ids are assigned here (max + 1 at start) so no round trip per
 * row is needed. Attribute names are interned per log in `attribute_keys`.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import type { LogSink, LogTotals, StoredEvent } from '../ingest/logSink';
import type { LogFormat, TypedAttribute } from './types';

export interface NewLog {
  readonly name: string;
  readonly sourcePath: string;
  readonly format: LogFormat;
}

export type { StoredEvent, LogTotals };

type Scope = 'log' | 'case' | 'event';

/** Stores ints, dates and booleans as SQLite INTEGERs even when sql.js binds them as doubles. */
const typedValue = "CASE WHEN ?3 IN ('int', 'date', 'boolean') THEN CAST(?4 AS INTEGER) ELSE ?4 END";

function nextId(db: Database, table: string): number {
  return Number(db.exec(`SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}`)[0]?.values[0]?.[0] ?? 1);
}

export class LogWriter implements LogSink {
  readonly logId: number;
  private nextCaseId: number;
  private nextEventId: number;
  private nextKeyId: number;
  private firstCaseId: number;
  private readonly keyIds = new Map<string, number>();
  private readonly insertCase: Statement;
  private readonly insertEvent: Statement;
  private readonly insertKey: Statement;
  private readonly insertLogAttr: Statement;
  private readonly insertCaseAttr: Statement;
  private readonly insertEventAttr: Statement;

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
    this.insertCase = db.prepare('INSERT INTO cases (id, log_id, name) VALUES (?, ?, ?)');
    this.insertEvent = db.prepare(
      `INSERT INTO events (id, log_id, case_id, position, activity, timestamp, start_timestamp, resource, lifecycle)
       VALUES (?, ?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?)`,
    );
    this.insertKey = db.prepare('INSERT INTO attribute_keys (id, log_id, scope, name) VALUES (?, ?, ?, ?)');
    this.insertLogAttr = db.prepare(`INSERT OR REPLACE INTO log_attributes (log_id, key_id, type, value) VALUES (?1, ?2, ?3, ${typedValue})`);
    this.insertCaseAttr = db.prepare(`INSERT OR REPLACE INTO case_attributes (case_id, key_id, type, value) VALUES (?1, ?2, ?3, ${typedValue})`);
    this.insertEventAttr = db.prepare(`INSERT OR REPLACE INTO event_attributes (event_id, key_id, type, value) VALUES (?1, ?2, ?3, ${typedValue})`);
  }

  private keyId(scope: Scope, name: string): number {
    const k = `${scope}\u0000${name}`;
    let id = this.keyIds.get(k);
    if (id === undefined) {
      id = this.nextKeyId++;
      this.insertKey.run([id, this.logId, scope, name]);
      this.keyIds.set(k, id);
    }
    return id;
  }

  addLogAttributes(attributes: readonly TypedAttribute[]): void {
    for (const a of attributes) this.insertLogAttr.run([this.logId, this.keyId('log', a.key), a.type, a.value]);
  }

  /** Adds a case and returns its row id. Names must be unique within the log. */
  addCase(name: string, attributes: readonly TypedAttribute[]): number {
    const id = this.nextCaseId++;
    this.insertCase.run([id, this.logId, name]);
    for (const a of attributes) this.insertCaseAttr.run([id, this.keyId('case', a.key), a.type, a.value]);
    return id;
  }

  addEvent(caseRowId: number, position: number, e: StoredEvent): void {
    const id = this.nextEventId++;
    const row: SqlValue[] = [id, this.logId, caseRowId, position, e.activity, e.time ?? null, e.start ?? null, e.resource ?? null, e.lifecycle ?? null];
    this.insertEvent.run(row);
    for (const a of e.attributes) this.insertEventAttr.run([id, this.keyId('event', a.key), a.type, a.value]);
  }

  /** Events that repeat an earlier event of the same case with the same activity and timestamp. */
  countDuplicateEvents(): number {
    const r = this.db.exec(
      `SELECT COALESCE(SUM(n - 1), 0) FROM (
         SELECT COUNT(*) AS n FROM events
         WHERE case_id BETWEEN ? AND ? AND log_id = ? AND timestamp IS NOT NULL
         GROUP BY case_id, activity, timestamp HAVING n > 1)`,
      [this.firstCaseId, this.nextCaseId - 1, this.logId],
    );
    return Number(r[0]?.values[0]?.[0] ?? 0);
  }

  /** Writes the totals and the quality report (any JSON-serialisable value) on the logs row. */
  finish(totals: LogTotals, quality: unknown): void {
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
    for (const s of [this.insertCase, this.insertEvent, this.insertKey, this.insertLogAttr, this.insertCaseAttr, this.insertEventAttr]) {
      try { s.free(); } catch { /* database already closed */ }
    }
  }
}
