/**
 * The time interval of one case: from its earliest event start (an event's `start` when the log
 * records one, else its `time`) to its latest event end (`time`, else `start`). Events without any
 * timestamp are ignored; a case without any has no interval. Shared by the timeframe and duration
 * filters and the case statistics, so they agree on what a case's first, last and duration are.
 */
import type { MinedEvent } from './eventSource';

export interface CaseInterval {
  /** Epoch milliseconds. */
  readonly first: number;
  readonly last: number;
}

export function caseInterval(events: readonly MinedEvent[]): CaseInterval | undefined {
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    const from = e.start ?? e.time;
    const to = e.time ?? e.start;
    if (from !== undefined && from < first) first = from;
    if (to !== undefined && to > last) last = to;
  }
  return first === Infinity ? undefined : { first, last };
}
