/**
 * Reader for OCEL 2.0 SQLite files (specification, section "SQLite format") into an OcelSink,
 * with sql.js from the file's bytes. Tables used:
 *   event (ocel_id, ocel_type)                  one row per event; its row order is the input order
 *   object (ocel_id, ocel_type)                 one row per object
 *   event_object (ocel_event_id, ocel_object_id, ocel_qualifier)   E2O relations
 *   event_map_type / object_map_type (ocel_type, ocel_type_map)    type -> table-name suffix
 *   event_<map> (ocel_id, ocel_time, <attributes>...)              time and attributes per event
 *   object_<map> (ocel_id, ocel_time, ocel_changed_field, <attributes>...)  attribute values over time
 * `object_object` (O2O) is not needed for flattening. Attribute types are the columns' declared
 * SQL types (TEXT, REAL, INTEGER, TIMESTAMP, BOOLEAN). Ties in time keep the `event` table's row
 * order, so a SQLite file flattens exactly like its JSON twin (PM4Py's own SQLite reader groups
 * events by type instead).
 * Memory: the whole file (sql.js works on an in-memory copy) plus one record per event.
 */
import type { Database, SqlValue } from 'sql.js';
import { loadSqlJs } from '../db/sqlJs';
import { CancelledError, throwIfCancelled } from '../progress';
import { ImportError } from './importError';
import type { OcelSink } from './ocelFlatten';
import type { OcelScalar } from './ocelValues';

const REQUIRED_TABLES = ['event', 'object', 'event_object', 'event_map_type', 'object_map_type'];
const OCEL_COLUMNS = new Set(['ocel_id', 'ocel_time', 'ocel_changed_field']);

function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function rows(db: Database, sql: string): SqlValue[][] {
  return db.exec(sql)[0]?.values ?? [];
}

function columnsOf(db: Database, table: string): { name: string; type: string }[] {
  return rows(db, `PRAGMA table_info(${quote(table)})`).map((r) => ({ name: String(r[1]), type: String(r[2] ?? '') }));
}

function scalar(v: SqlValue | undefined): OcelScalar {
  if (v === undefined || v === null) return null;
  return v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v;
}

export interface OcelSqliteOptions {
  /** Object type whose objects' attributes are needed (the one flattened on). */
  readonly attributesOf?: string;
  /** Read event times and attributes (default true; counting object types needs neither). */
  readonly eventDetails?: boolean;
  readonly signal?: AbortSignal;
}

export async function readOcelSqlite(file: string, bytes: Uint8Array, sink: OcelSink, opts: OcelSqliteOptions = {}): Promise<void> {
  const SQL = await loadSqlJs();
  let db: Database;
  let tables: Set<string>;
  try {
    db = new SQL.Database(bytes);
    tables = new Set(rows(db, "SELECT name FROM sqlite_schema WHERE type = 'table'").map((r) => String(r[0])));
  } catch (err) {
    throw new ImportError(file, `not a readable SQLite database (${(err as Error).message})`);
  }
  try {
    for (const t of REQUIRED_TABLES) {
      if (!tables.has(t)) throw new ImportError(file, `not an OCEL 2.0 SQLite file: it has no table "${t}"`, { field: t });
    }
    const typeTables = (mapTable: string, prefix: string): Map<string, string | undefined> => {
      const m = new Map<string, string | undefined>();
      for (const [type, suffix] of rows(db, `SELECT ocel_type, ocel_type_map FROM ${mapTable} ORDER BY rowid`)) {
        const table = `${prefix}${String(suffix)}`;
        m.set(String(type), tables.has(table) ? table : undefined);
      }
      return m;
    };
    const declare = (table: string | undefined) =>
      table ? columnsOf(db, table).filter((c) => !OCEL_COLUMNS.has(c.name)).map((c) => ({ name: c.name, type: c.type })) : [];

    const objectTables = typeTables('object_map_type', 'object_');
    const eventTables = typeTables('event_map_type', 'event_');
    for (const [type, table] of objectTables) sink.objectType(type, declare(table));
    for (const [type, table] of eventTables) sink.eventType(type, declare(table));

    // Objects, with the attribute history of the chosen type's objects.
    const history = new Map<string, { name: string; time?: string | number; value: OcelScalar }[]>();
    const attrTable = opts.attributesOf !== undefined ? objectTables.get(opts.attributesOf) : undefined;
    if (attrTable) {
      const r = db.exec(`SELECT * FROM ${quote(attrTable)} ORDER BY rowid`)[0];
      const cols = r?.columns ?? [];
      const idCol = cols.indexOf('ocel_id');
      const timeCol = cols.indexOf('ocel_time');
      for (const row of r?.values ?? []) {
        const id = String(row[idCol]);
        const time = row[timeCol];
        const list = history.get(id) ?? [];
        history.set(id, list);
        cols.forEach((c, i) => {
          if (OCEL_COLUMNS.has(c) || row[i] === null) return;
          list.push({ name: c, ...(typeof time === 'string' || typeof time === 'number' ? { time } : {}), value: scalar(row[i]) });
        });
      }
    }
    for (const [id, type] of rows(db, 'SELECT ocel_id, ocel_type FROM object ORDER BY rowid')) {
      sink.object({ id: String(id), type: String(type), attributes: history.get(String(id)) ?? [] });
    }
    history.clear();
    sink.objectsEnd();
    throwIfCancelled(opts.signal);

    // Per-event time and attributes, from each event type's table.
    const details = new Map<string, { time?: string | number; attributes: { name: string; value: OcelScalar }[] }>();
    for (const table of eventTables.values()) {
      if (!table || opts.eventDetails === false) continue;
      const r = db.exec(`SELECT * FROM ${quote(table)}`)[0];
      const cols = r?.columns ?? [];
      const idCol = cols.indexOf('ocel_id');
      const timeCol = cols.indexOf('ocel_time');
      for (const row of r?.values ?? []) {
        const time = timeCol >= 0 ? row[timeCol] : null;
        const attributes: { name: string; value: OcelScalar }[] = [];
        cols.forEach((c, i) => {
          if (!OCEL_COLUMNS.has(c) && row[i] !== null) attributes.push({ name: c, value: scalar(row[i]) });
        });
        details.set(String(row[idCol]), { ...(typeof time === 'string' || typeof time === 'number' ? { time } : {}), attributes });
      }
    }
    throwIfCancelled(opts.signal);

    // Events in `event` row order, each with its related objects.
    const stmt = db.prepare(`SELECT e.ocel_id, e.ocel_type, eo.ocel_object_id FROM event e
      LEFT JOIN event_object eo ON eo.ocel_event_id = e.ocel_id ORDER BY e.rowid, eo.rowid`);
    try {
      let current: { id: string; type: string; objects: string[]; row: number } | undefined;
      let row = 0;
      const flush = () => {
        if (!current) return;
        const d = details.get(current.id);
        sink.event({
          id: current.id, type: current.type, ...(d?.time !== undefined ? { time: d.time } : {}),
          attributes: d?.attributes ?? [], objects: current.objects, line: current.row,
        });
        details.delete(current.id);
      };
      while (stmt.step()) {
        const [id, type, object] = stmt.get();
        const eid = String(id);
        if (current?.id !== eid) {
          flush();
          if ((++row & 4095) === 0) throwIfCancelled(opts.signal);
          current = { id: eid, type: type === null ? '' : String(type), objects: [], row };
        }
        if (object !== null && object !== undefined) current.objects.push(String(object));
      }
      flush();
    } finally {
      stmt.free();
    }
  } catch (err) {
    if (err instanceof ImportError || err instanceof CancelledError) throw err;
    throw new ImportError(file, `cannot read the OCEL SQLite file: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    db.close();
  }
}
