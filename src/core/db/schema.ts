/**
 * The database schema (documented table by table in docs/database-schema.md) and its versioning.
 *
 * The version lives in SQLite's `PRAGMA user_version`; `PRAGMA application_id` marks the file as
 * Tracemine's so that opening some other SQLite file fails clearly instead of writing into it.
 * `ensureSchema` creates the schema in an empty database and refuses files it does not understand.
 * Foreign keys are declared for documentation and tools; deletes are done explicitly (sql.js
 * connections do not keep `PRAGMA foreign_keys` across the library's internal re-opens).
 *
 * Versions: 1 = first release (logs.format 'xes' | 'csv'); 2 = logs.format also accepts 'jsonl'
 * and 'ocel' (a version-1 file is migrated when opened: the logs table is rebuilt, SQLite's
 * documented procedure for changing a CHECK constraint, https://sqlite.org/lang_altertable.html
 * section 7; the file itself changes at the next save).
 */
import type { Database } from 'sql.js';

export const SCHEMA_VERSION = 2;
/** 'TRMN' as a 32-bit integer. */
export const APPLICATION_ID = 0x54524d4e;

/** The logs table; `name` is a placeholder so the migration can build it beside the old one. */
function logsTable(name: string): string {
  return `CREATE TABLE ${name} (
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
);`;
}

const DDL = `
${logsTable('logs')}

CREATE TABLE cases (
  id     INTEGER PRIMARY KEY,
  log_id INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
  name   TEXT    NOT NULL,
  UNIQUE (log_id, name)
);

CREATE TABLE events (
  id        INTEGER PRIMARY KEY,
  log_id    INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
  case_id   INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  position  INTEGER NOT NULL,
  activity  TEXT    NOT NULL,
  timestamp INTEGER,
  start_timestamp INTEGER,
  resource  TEXT,
  lifecycle TEXT
);
CREATE INDEX events_case_order ON events (case_id, timestamp, position);

CREATE TABLE attribute_keys (
  id     INTEGER PRIMARY KEY,
  log_id INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
  scope  TEXT    NOT NULL CHECK (scope IN ('log', 'case', 'event')),
  name   TEXT    NOT NULL,
  UNIQUE (log_id, scope, name)
);

CREATE TABLE log_attributes (
  log_id INTEGER NOT NULL REFERENCES logs (id) ON DELETE CASCADE,
  key_id INTEGER NOT NULL REFERENCES attribute_keys (id) ON DELETE CASCADE,
  type   TEXT    NOT NULL,
  value,
  PRIMARY KEY (log_id, key_id)
) WITHOUT ROWID;

CREATE TABLE case_attributes (
  case_id INTEGER NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  key_id  INTEGER NOT NULL REFERENCES attribute_keys (id) ON DELETE CASCADE,
  type    TEXT    NOT NULL,
  value,
  PRIMARY KEY (case_id, key_id)
) WITHOUT ROWID;

CREATE TABLE event_attributes (
  event_id INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  key_id   INTEGER NOT NULL REFERENCES attribute_keys (id) ON DELETE CASCADE,
  type     TEXT    NOT NULL,
  value,
  PRIMARY KEY (event_id, key_id)
) WITHOUT ROWID;
`;

function scalar(db: Database, sql: string): unknown {
  return db.exec(sql)[0]?.values[0]?.[0];
}

/** Creates the schema in an empty database, or checks that an existing one is ours and current. */
export function ensureSchema(db: Database, file: string | undefined): void {
  const where = file ?? 'in-memory database';
  const version = Number(scalar(db, 'PRAGMA user_version'));
  const appId = Number(scalar(db, 'PRAGMA application_id'));
  const tables = Number(scalar(db, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table'"));
  if (version === 0 && appId === 0 && tables === 0) {
    db.exec(`BEGIN; ${DDL} PRAGMA user_version = ${SCHEMA_VERSION}; PRAGMA application_id = ${APPLICATION_ID}; COMMIT;`);
    return;
  }
  if (appId !== APPLICATION_ID) {
    throw new Error(`${where}: not a Tracemine database (it already holds ${tables} table(s) of another application)`);
  }
  if (version > SCHEMA_VERSION) {
    throw new Error(`${where}: database schema version ${version} is newer than this Tracemine understands (${SCHEMA_VERSION}); update Tracemine`);
  }
  if (version === 1) {
    migrate1to2(db);
    return;
  }
  if (version < SCHEMA_VERSION) throw new Error(`${where}: unknown database schema version ${version}`);
}

const LOGS_COLUMNS = `id, name, source_path, format, imported_at, case_count, event_count, activity_count,
  has_timestamps, first_timestamp, last_timestamp, quality_json`;

/**
 * Version 1 -> 2: rebuilds `logs` with the wider format CHECK (new table, copy, drop, rename, in
 * one transaction, foreign keys off so the drop cascades nowhere). Other tables keep their rows;
 * their `REFERENCES logs` clauses name the rebuilt table once it has the old name again.
 */
function migrate1to2(db: Database): void {
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('BEGIN');
  try {
    db.exec(`${logsTable('logs_v2')}
      INSERT INTO logs_v2 (${LOGS_COLUMNS}) SELECT ${LOGS_COLUMNS} FROM logs;
      DROP TABLE logs;
      ALTER TABLE logs_v2 RENAME TO logs;
      PRAGMA user_version = 2;`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
