/**
 * One case of a stored log, for the case list: its events (all stored fields and typed
 * attributes) in mining order, the same order SqlJsEventSource yields them, and its case
 * attributes. Attributes come in order of first appearance in the log (their key ids).
 */
import type { Database, SqlValue } from 'sql.js';
import { toMiningOrder } from './sqlJsEventSource';
import type { AttributeType, CaseEventRow, TypedAttribute } from './types';

const NUMERIC: ReadonlySet<string> = new Set(['int', 'float', 'date', 'boolean']);

function typedAttribute(key: SqlValue, type: SqlValue, value: SqlValue): TypedAttribute {
  const t = String(type) as AttributeType;
  return { key: String(key), type: t, value: NUMERIC.has(t) ? Number(value) : String(value) };
}

/** Row id of the case named `caseId` in the log; throws when there is none. */
function caseRow(db: Database, logId: number, caseId: string): number {
  const id = db.exec('SELECT id FROM cases WHERE log_id = ? AND name = ?', [logId, caseId])[0]?.values[0]?.[0];
  if (id === undefined || id === null) throw new Error(`No case '${caseId}' in event log ${logId}`);
  return Number(id);
}

export function caseEvents(db: Database, logId: number, caseId: string): CaseEventRow[] {
  const row = caseRow(db, logId, caseId);
  const byId = new Map<number, CaseEventRow>();
  const events: CaseEventRow[] = [];
  const r = db.exec(
    `SELECT id, position, activity, timestamp, start_timestamp, resource, lifecycle
     FROM events WHERE case_id = ? ORDER BY timestamp, position`,
    [row],
  )[0];
  for (const [id, position, activity, time, start, resource, lifecycle] of r?.values ?? []) {
    const e: CaseEventRow = { position: Number(position), activity: String(activity), attributes: [] };
    if (time !== null) e.time = Number(time);
    if (start !== null) e.start = Number(start);
    if (resource !== null) e.resource = String(resource);
    if (lifecycle !== null) e.lifecycle = String(lifecycle);
    events.push(e);
    byId.set(Number(id), e);
  }
  const attrs = db.exec(
    `SELECT a.event_id, k.name, a.type, a.value
     FROM events e JOIN event_attributes a ON a.event_id = e.id JOIN attribute_keys k ON k.id = a.key_id
     WHERE e.case_id = ? ORDER BY a.event_id, a.key_id`,
    [row],
  )[0];
  for (const [eventId, key, type, value] of attrs?.values ?? []) byId.get(Number(eventId))?.attributes.push(typedAttribute(key, type, value));
  toMiningOrder(events);
  return events;
}

export function caseAttributes(db: Database, logId: number, caseId: string): TypedAttribute[] {
  const r = db.exec(
    `SELECT k.name, a.type, a.value FROM case_attributes a JOIN attribute_keys k ON k.id = a.key_id
     WHERE a.case_id = ? ORDER BY a.key_id`,
    [caseRow(db, logId, caseId)],
  )[0];
  return (r?.values ?? []).map(([key, type, value]) => typedAttribute(key, type, value));
}
