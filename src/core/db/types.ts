/**
 * Plain data shapes of the database layer: what a stored log looks like to callers, and the typed
 * attribute values the importers hand to the writer. No sql.js types leak out of src/core/db.
 */

export interface OpenOptions {
  /** Database file. Absent: an in-memory database. A path that does not exist yet: a new empty
   *  database, written there by the first `save()`. */
  file?: string;
  /** sql.js WebAssembly file. Default: `sql-wasm.wasm` beside the running bundle, else sql.js's own. */
  wasmPath?: string;
}

/**
 * Where a log came from: XES (IEEE 1849), CSV/TSV, JSON Lines (docs/jsonl-event-log.md), an
 * object-centric log (OCEL 2.0 JSON/XML/SQLite, OCEL 1.0 JSON) flattened on one object type, or
 * agent traces stored in the same database turned into an event log (src/core/traces/toEventLog.ts).
 */
export type LogFormat = 'xes' | 'csv' | 'jsonl' | 'ocel' | 'traces';

/** Every LogFormat, for validating values read back from the database. */
export const LOG_FORMATS: readonly LogFormat[] = ['xes', 'csv', 'jsonl', 'ocel', 'traces'];

/** One imported event log, as listed in the Event Logs view. */
export interface LogSummary {
  id: number;
  name: string;
  /** Absolute path of the imported file. */
  sourcePath: string;
  format: LogFormat;
  /** When the import finished, ISO 8601 (UTC). */
  importedAt: string;
  cases: number;
  events: number;
  /** Number of distinct activities (concept:name). */
  activities: number;
  /** True when every event has a timestamp. */
  hasTimestamps: boolean;
  /** Earliest and latest event timestamp, ISO 8601 (UTC); absent when no event has one. */
  firstTimestamp?: string;
  lastTimestamp?: string;
}

/**
 * Attribute types as stored. The first five are XES's scalar types; `id` is XES's `<id>` (a
 * UUID, kept as text); `list` holds an XES `<list>` or `<container>` as JSON text.
 */
export type AttributeType = 'string' | 'int' | 'float' | 'date' | 'boolean' | 'id' | 'list';

/**
 * One typed attribute value. `value` is text for string/id/list, a number for int/float,
 * epoch milliseconds for date, and 0/1 for boolean.
 */
export interface TypedAttribute {
  readonly key: string;
  readonly type: AttributeType;
  readonly value: string | number;
}

/** One event of a case, as the case list shows it (TracemineDb.caseEvents). */
export interface CaseEventRow {
  /** 0-based position of the event in the imported file, across the whole log (`events.position`). */
  position: number;
  activity: string;
  /** Epoch milliseconds; absent when the event has no timestamp. */
  time?: number;
  /** Start timestamp (interval logs), epoch milliseconds. */
  start?: number;
  resource?: string;
  lifecycle?: string;
  /** The event's other attributes, in order of first appearance in the log. */
  attributes: TypedAttribute[];
}

/** A case or event attribute of a log, for the filter bar's pickers (TracemineDb.attributeKeys). */
export interface AttributeKeyInfo {
  scope: 'event' | 'case';
  key: string;
  /** The attribute's most frequent stored type (an AttributeType). */
  type: string;
  /** Number of distinct values, compared as text. */
  distinct: number;
}

/** One value of an attribute and the number of cases having it (TracemineDb.attributeValues). */
export interface AttributeValueCount {
  /** The value as text (the form the attribute filter compares). */
  value: string;
  cases: number;
}
