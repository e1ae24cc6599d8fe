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
 * section 7; the file itself changes at the next save); 3 = agent traces (tables `traces`,
 * `spans`, `span_bodies`) and logs.format 'traces' (an event log made from traces); 4 = trace
 * checks and annotations (`trace_checks`, `annotations`) and eval results (`prompt_texts`,
 * `eval_runs`, `eval_samples`). Older files are migrated step by step (1 -> 2 -> 3 -> 4).
 */
import type { Database } from 'sql.js';

export const SCHEMA_VERSION = 4;
/** 'TRMN' as a 32-bit integer. */
export const APPLICATION_ID = 0x54524d4e;

/** logs.format values by schema version. */
const LOG_FORMATS_V2 = "'xes', 'csv', 'jsonl', 'ocel'";
const LOG_FORMATS_V3 = "'xes', 'csv', 'jsonl', 'ocel', 'traces'";

/** The logs table; `name` is a placeholder so a migration can build it beside the old one. */
function logsTable(name: string, formats = LOG_FORMATS_V3): string {
  return `CREATE TABLE ${name} (
  id              INTEGER PRIMARY KEY,
  name            TEXT    NOT NULL,
  source_path     TEXT    NOT NULL,
  format          TEXT    NOT NULL CHECK (format IN (${formats})),
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

/** Agent traces (version 3): one row per trace, per span, and the spans' large parts apart. */
const TRACES_DDL = `
CREATE TABLE traces (
  id              INTEGER PRIMARY KEY,
  source_path     TEXT    NOT NULL,
  format          TEXT    NOT NULL CHECK (format IN ('otlp', 'otel-sdk', 'langfuse', 'chat', 'jsonl')),
  imported_at     TEXT    NOT NULL,
  trace_id        TEXT    NOT NULL,
  name            TEXT    NOT NULL,
  conversation_id TEXT,
  start_time      REAL,
  end_time        REAL,
  span_count      INTEGER NOT NULL,
  llm_calls       INTEGER NOT NULL,
  tool_calls      INTEGER NOT NULL,
  error_count     INTEGER NOT NULL,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  cost_usd        REAL,
  models_json     TEXT    NOT NULL,
  tools_json      TEXT    NOT NULL,
  agents_json     TEXT    NOT NULL,
  attributes_json TEXT    NOT NULL
);
CREATE INDEX traces_source ON traces (source_path);
CREATE INDEX traces_conversation ON traces (conversation_id);

CREATE TABLE spans (
  id                  INTEGER PRIMARY KEY,
  trace_row_id        INTEGER NOT NULL REFERENCES traces (id) ON DELETE CASCADE,
  seq                 INTEGER NOT NULL,
  span_id             TEXT    NOT NULL,
  parent_span_id      TEXT,
  name                TEXT    NOT NULL,
  kind                TEXT    NOT NULL,
  start_time          REAL,
  end_time            REAL,
  status              TEXT    NOT NULL CHECK (status IN ('ok', 'error', 'unset')),
  status_message      TEXT,
  agent_name          TEXT,
  provider            TEXT,
  request_model       TEXT,
  response_model      TEXT,
  input_tokens        INTEGER,
  output_tokens       INTEGER,
  cached_input_tokens INTEGER,
  reasoning_tokens    INTEGER,
  cost_usd            REAL,
  cost_source         TEXT    CHECK (cost_source IN ('trace', 'pricing')),
  tool_name           TEXT,
  tool_call_id        TEXT,
  llm_call            INTEGER CHECK (llm_call IN (0, 1)),
  UNIQUE (trace_row_id, seq),
  UNIQUE (trace_row_id, span_id)
);

CREATE TABLE span_bodies (
  span_row_id INTEGER PRIMARY KEY REFERENCES spans (id) ON DELETE CASCADE,
  body_json   TEXT    NOT NULL
);
`;

/**
 * Version 4: what reviewers and checks add to traces, and eval results.
 * - trace_checks: findings of the path checks (policy violations, injection flags, groundedness),
 *   recomputed on import and on "re-check"; they go with their trace.
 * - annotations: a reviewer's verdict on a trace or a step. Keyed by the trace's source file and
 *   trace id (not its row id) so they survive a re-import of the same file.
 * - prompt_texts / eval_runs / eval_samples: every eval sample with the exact prompt text it used
 *   (by content hash), model, parameters, output, tokens, cost, latency and verdicts.
 */
const V4_DDL = `
CREATE TABLE trace_checks (
  id             INTEGER PRIMARY KEY,
  trace_row_id   INTEGER NOT NULL REFERENCES traces (id) ON DELETE CASCADE,
  kind           TEXT    NOT NULL CHECK (kind IN ('violation', 'injection', 'groundedness')),
  rule_id        TEXT    NOT NULL,
  severity       TEXT    NOT NULL CHECK (severity IN ('error', 'warning', 'info')),
  span_id        TEXT,
  acting_span_id TEXT,
  message        TEXT    NOT NULL,
  score          REAL,
  data_json      TEXT
);
CREATE INDEX trace_checks_trace ON trace_checks (trace_row_id);

CREATE TABLE annotations (
  id          INTEGER PRIMARY KEY,
  source_path TEXT    NOT NULL,
  trace_id    TEXT    NOT NULL,
  span_id     TEXT    NOT NULL DEFAULT '',
  verdict     TEXT    CHECK (verdict IN ('pass', 'fail')),
  labels_json TEXT    NOT NULL DEFAULT '[]',
  comment     TEXT,
  author      TEXT,
  updated_at  TEXT    NOT NULL,
  UNIQUE (source_path, trace_id, span_id)
);

CREATE TABLE prompt_texts (
  hash TEXT PRIMARY KEY,
  text TEXT NOT NULL
);

CREATE TABLE eval_runs (
  id            TEXT    PRIMARY KEY,
  suite_path    TEXT    NOT NULL,
  suite_version TEXT    NOT NULL,
  started_at    TEXT    NOT NULL,
  finished_at   TEXT,
  status        TEXT    NOT NULL CHECK (status IN ('running', 'done', 'cancelled', 'budget', 'failed')),
  label         TEXT,
  git_commit    TEXT,
  summary_json  TEXT
);

CREATE TABLE eval_samples (
  id              INTEGER PRIMARY KEY,
  run_id          TEXT    NOT NULL REFERENCES eval_runs (id) ON DELETE CASCADE,
  case_id         TEXT    NOT NULL,
  case_line       INTEGER,
  prompt_id       TEXT    NOT NULL,
  prompt_hash     TEXT    REFERENCES prompt_texts (hash),
  provider_id     TEXT    NOT NULL,
  model           TEXT    NOT NULL,
  params_json     TEXT    NOT NULL,
  sample          INTEGER NOT NULL,
  output          TEXT,
  tool_calls_json TEXT,
  input_tokens    INTEGER,
  output_tokens   INTEGER,
  cost_usd        REAL,
  latency_ms      REAL,
  cached          INTEGER NOT NULL DEFAULT 0,
  error           TEXT,
  pass            INTEGER CHECK (pass IN (0, 1)),
  score           REAL,
  assertions_json TEXT    NOT NULL DEFAULT '[]'
);
CREATE INDEX eval_samples_run ON eval_samples (run_id, case_id);
`;

const DDL = `
${logsTable('logs')}
${TRACES_DDL}
${V4_DDL}

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
  if (version === 1) migrate1to2(db);
  if (version === 1 || version === 2) migrate2to3(db);
  if (version >= 1 && version <= 3) {
    migrate3to4(db);
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
    db.exec(`${logsTable('logs_v2', LOG_FORMATS_V2)}
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

/**
 * Version 2 -> 3: adds the trace tables, and rebuilds `logs` with 'traces' in the format CHECK
 * (as 1 -> 2 does), in one transaction.
 */
function migrate2to3(db: Database): void {
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('BEGIN');
  try {
    db.exec(`${logsTable('logs_v3')}
      INSERT INTO logs_v3 (${LOGS_COLUMNS}) SELECT ${LOGS_COLUMNS} FROM logs;
      DROP TABLE logs;
      ALTER TABLE logs_v3 RENAME TO logs;
      ${TRACES_DDL}
      PRAGMA user_version = 3;`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}

/** Version 3 -> 4: adds the check, annotation and eval tables (no existing table changes). */
function migrate3to4(db: Database): void {
  db.exec('BEGIN');
  try {
    db.exec(`${V4_DDL} PRAGMA user_version = 4;`);
    db.exec('COMMIT');
  } catch (err) {
    db.exec('ROLLBACK');
    throw err;
  }
}
