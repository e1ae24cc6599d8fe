/**
 * The one narrow interface the mining algorithms read events through.
 *
 * Algorithms never see SQL or a database handle: they iterate cases (each case's events already
 * in order: by timestamp, ties kept in file order) and may ask a few aggregate questions. The
 * in-process implementation is backed by sql.js (`SqlJsEventSource`); a later implementation can
 * push the same questions down to PostgreSQL or ClickHouse without touching the algorithms.
 */
export interface MinedEvent {
  /** Activity under the chosen classifier (concept:name by default). */
  readonly activity: string;
  /** Milliseconds since the Unix epoch, or undefined when the event has no timestamp. */
  readonly time?: number;
  /**
   * Start of the event (epoch ms) when the log records one (interval logs: XES `start_timestamp`).
   * Events are then ordered by start, then time; an edge's duration runs from the source's `time`
   * to the target's `start` (PM4Py's semantics for interval logs).
   */
  readonly start?: number;
}

export interface MinedCase {
  readonly caseId: string;
  readonly events: readonly MinedEvent[];
}

export interface EventSource {
  /** Cases in a stable order, each with its events in order. */
  cases(signal?: AbortSignal): AsyncIterable<MinedCase>;
  /** Number of cases and events; lets algorithms report progress and pre-size structures. */
  counts(): Promise<{ readonly cases: number; readonly events: number }>;
  /** Whether every event carries a timestamp (performance views are disabled otherwise). */
  hasTimestamps(): Promise<boolean>;
  /**
   * Optional aggregate query: the ids of the cases having an attribute `key` (of the case itself,
   * or of at least one of its events) whose value is one of `values`. Values are compared as
   * text, in the form the source lists them (SqlJsEventSource: see src/core/db/attributeQueries.ts).
   * The set may name cases this source does not yield (decorators forward their inner source's
   * answer); callers intersect it with the cases they iterate. Needed by the attribute filter.
   */
  casesWithAttribute?(scope: 'event' | 'case', key: string, values: readonly string[]): Promise<ReadonlySet<string>>;
  /**
   * Optional aggregate query: per case, per activity (under this source's classifier), the sum of
   * the numeric (int or float) event attribute `key` and the number of events carrying a numeric
   * value; events without one are not counted (unknown is not 0). Cases with no such event are
   * left out; undefined when the log has no event attribute `key` at all. Like
   * casesWithAttribute, it describes the inner source's cases (decorators forward it): callers
   * keep the cases they iterate. Needed by the cost view (`cost:usd`).
   */
  eventAttributeTotals?(key: string): Promise<EventAttributeTotals | undefined>;
}

/** Sum and number of known values of one numeric event attribute. */
export interface NumericTotal {
  readonly sum: number;
  readonly count: number;
}

/** Case id → activity → totals (see EventSource.eventAttributeTotals). */
export type EventAttributeTotals = ReadonlyMap<string, ReadonlyMap<string, NumericTotal>>;

/**
 * How an event's activity is named (the XES event classifier): by `concept:name` alone (PM4Py's
 * default), or by `concept:name` and `lifecycle:transition` joined with "+", so that the start and
 * the completion of an activity are separate nodes.
 */
export type Classifier = 'activity' | 'activity+lifecycle';
export const CLASSIFIERS: readonly Classifier[] = ['activity', 'activity+lifecycle'];
