/**
 * Attribute queries over one stored log: which case and event attributes exist (with their
 * dominant type and number of distinct values), the most frequent values of one attribute, and
 * the cases having an attribute with one of some values (the attribute filter's SQL), and the
 * per-case, per-activity totals of a numeric event attribute (the cost view's SQL).
 *
 * Values are compared and listed as text, one form per stored type:
 * - string, id, list: the stored text (lists: their JSON);
 * - int, float: the number, integral values without a decimal point (`42`, `35` for 35.0), others
 *   as SQLite writes them, up to 15 significant digits (`9.6`, `68.77`, `1.5e+20`);
 * - boolean: `true` / `false`;
 * - date: ISO 8601 UTC with milliseconds, as JavaScript's `toISOString()` (`2011-10-11T11:42:22.688Z`);
 *   dates outside years 0000-9999 fall back to their epoch milliseconds.
 *
 * Besides the typed attribute tables, the event columns `resource` and `lifecycle` are offered as
 * the event attributes `org:resource` and `lifecycle:transition` (their XES names, whatever the CSV
 * column was called), unless the log stores a real event attribute of that name.
 *
 * Every query is driven from the log's cases (indexed by log id), so its cost is proportional to
 * the log, not to the database.
 */
import type { Database, SqlValue } from 'sql.js';
import type { AttributeKeyInfo, AttributeValueCount } from './types';

export type AttributeScope = 'event' | 'case';

/** SQL text form of the attribute value `a.value` of type `a.type` (see the header). */
const VALUE_TEXT = `CASE a.type
  WHEN 'boolean' THEN CASE WHEN a.value THEN 'true' ELSE 'false' END
  WHEN 'date' THEN COALESCE(
    strftime('%Y-%m-%dT%H:%M:%S', (a.value - ((a.value % 1000) + 1000) % 1000) / 1000, 'unixepoch')
      || printf('.%03dZ', ((a.value % 1000) + 1000) % 1000),
    CAST(a.value AS TEXT))
  WHEN 'float' THEN CASE
    WHEN typeof(a.value) = 'real' AND a.value = CAST(a.value AS INTEGER) AND abs(a.value) < 9e15
    THEN CAST(CAST(a.value AS INTEGER) AS TEXT) ELSE CAST(a.value AS TEXT) END
  ELSE CAST(a.value AS TEXT) END`;

/** Event columns offered as event attributes, under their XES names. */
const EVENT_COLUMNS: Readonly<Record<string, 'resource' | 'lifecycle'>> = {
  'org:resource': 'resource',
  'lifecycle:transition': 'lifecycle',
};

function rows(db: Database, sql: string, params: SqlValue[]): SqlValue[][] {
  return db.exec(sql, params)[0]?.values ?? [];
}

function keyId(db: Database, logId: number, scope: AttributeScope, key: string): number | undefined {
  const v = rows(db, 'SELECT id FROM attribute_keys WHERE log_id = ? AND scope = ? AND name = ?', [logId, scope, key])[0]?.[0];
  return v === undefined || v === null ? undefined : Number(v);
}

/**
 * What one attribute's values are read from: a typed attribute table (by key id), an event
 * column, or nothing (the log has no such attribute).
 */
type Origin = { readonly keyId: number } | { readonly column: 'resource' | 'lifecycle' } | undefined;

function origin(db: Database, logId: number, scope: AttributeScope, key: string): Origin {
  const id = keyId(db, logId, scope, key);
  if (id !== undefined) return { keyId: id };
  const column = scope === 'event' ? EVENT_COLUMNS[key] : undefined;
  return column ? { column } : undefined;
}

/**
 * `SELECT <case row id> AS case_id, <value text> AS v` over the log's values of one attribute
 * (bound parameters: ?1 log id, ?2 key id).
 */
function valuesSql(o: NonNullable<Origin>, scope: AttributeScope): string {
  if ('column' in o) {
    return `SELECT c.id AS case_id, e.${o.column} AS v FROM cases c JOIN events e ON e.case_id = c.id
            WHERE c.log_id = ?1 AND e.${o.column} IS NOT NULL`;
  }
  return scope === 'case'
    ? `SELECT c.id AS case_id, ${VALUE_TEXT} AS v FROM cases c JOIN case_attributes a ON a.case_id = c.id AND a.key_id = ?2
       WHERE c.log_id = ?1`
    : `SELECT c.id AS case_id, ${VALUE_TEXT} AS v FROM cases c JOIN events e ON e.case_id = c.id
         JOIN event_attributes a ON a.event_id = e.id AND a.key_id = ?2
       WHERE c.log_id = ?1`;
}

function params(logId: number, o: NonNullable<Origin>): SqlValue[] {
  return 'keyId' in o ? [logId, o.keyId] : [logId];
}

/** Ids (names) of the log's cases having attribute `key` with one of `values`. */
export function casesWithAttribute(
  db: Database, logId: number, scope: AttributeScope, key: string, values: readonly string[],
): Set<string> {
  const o = origin(db, logId, scope, key);
  if (!o || values.length === 0) return new Set();
  const n = params(logId, o).length;
  const sql = `SELECT name FROM cases WHERE id IN (
                 SELECT case_id FROM (${valuesSql(o, scope)}) WHERE v IN (SELECT value FROM json_each(?${n + 1})))`;
  return new Set(rows(db, sql, [...params(logId, o), JSON.stringify(values)]).map((r) => String(r[0])));
}

/** The most frequent values of one attribute, by number of cases having them (then by value). */
export function attributeValues(db: Database, logId: number, scope: AttributeScope, key: string, limit: number): AttributeValueCount[] {
  const o = origin(db, logId, scope, key);
  if (!o || limit <= 0) return [];
  const n = params(logId, o).length;
  const sql = `SELECT v, COUNT(DISTINCT case_id) AS cases FROM (${valuesSql(o, scope)})
               GROUP BY v ORDER BY cases DESC, v LIMIT ?${n + 1}`;
  return rows(db, sql, [...params(logId, o), Math.floor(limit)]).map((r) => ({ value: String(r[0]), cases: Number(r[1]) }));
}

/**
 * The log's case and event attributes (case first, then event; by name), each with its most
 * frequent stored type (ties: alphabetical) and its number of distinct values (as text).
 */
export function attributeKeys(db: Database, logId: number): AttributeKeyInfo[] {
  const out: AttributeKeyInfo[] = [];
  const typed = (scope: AttributeScope): string =>
    scope === 'case'
      ? 'FROM cases c JOIN case_attributes a ON a.case_id = c.id JOIN attribute_keys k ON k.id = a.key_id WHERE c.log_id = ?'
      : `FROM cases c JOIN events e ON e.case_id = c.id JOIN event_attributes a ON a.event_id = e.id
         JOIN attribute_keys k ON k.id = a.key_id WHERE c.log_id = ?`;
  for (const scope of ['case', 'event'] as const) {
    const types = new Map<string, { type: string; n: number }>();
    for (const [name, type, n] of rows(db, `SELECT k.name, a.type, COUNT(*) ${typed(scope)} GROUP BY k.name, a.type`, [logId])) {
      const best = types.get(String(name));
      if (!best || Number(n) > best.n || (Number(n) === best.n && String(type) < best.type)) types.set(String(name), { type: String(type), n: Number(n) });
    }
    const distinct = rows(db, `SELECT k.name, COUNT(DISTINCT ${VALUE_TEXT}) ${typed(scope)} GROUP BY k.name ORDER BY k.name`, [logId]);
    for (const [name, d] of distinct) out.push({ scope, key: String(name), type: types.get(String(name))?.type ?? 'string', distinct: Number(d) });
    if (scope === 'event') {
      for (const [key, column] of Object.entries(EVENT_COLUMNS)) {
        if (types.has(key)) continue;
        const d = Number(rows(db, `SELECT COUNT(DISTINCT e.${column}) FROM cases c JOIN events e ON e.case_id = c.id WHERE c.log_id = ?`, [logId])[0]?.[0] ?? 0);
        if (d > 0) out.push({ scope, key, type: 'string', distinct: d });
      }
      out.sort((a, b) => (a.scope === b.scope ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : a.scope === 'case' ? -1 : 1));
    }
  }
  return out;
}

/**
 * Per case (by name), per activity and lifecycle: the sum of the numeric (int or float) values of
 * event attribute `key`, and how many events carry one; events without a numeric value count
 * nowhere (unknown, not 0). Undefined when the log has no event attribute `key`.
 */
export function eventAttributeTotals(
  db: Database, logId: number, key: string,
): { caseId: string; activity: string; lifecycle: string | null; sum: number; count: number }[] | undefined {
  const id = keyId(db, logId, 'event', key);
  if (id === undefined) return undefined;
  const sql = `SELECT c.name, e.activity, e.lifecycle, TOTAL(a.value), COUNT(*)
               FROM cases c JOIN events e ON e.case_id = c.id
                 JOIN event_attributes a ON a.event_id = e.id AND a.key_id = ?2
               WHERE c.log_id = ?1 AND a.type IN ('int', 'float') AND typeof(a.value) IN ('integer', 'real')
               GROUP BY c.id, e.activity, e.lifecycle`;
  return rows(db, sql, [logId, id]).map((r) => ({
    caseId: String(r[0]), activity: String(r[1]), lifecycle: r[2] === null ? null : String(r[2]), sum: Number(r[3]), count: Number(r[4]),
  }));
}
