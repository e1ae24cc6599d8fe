/**
 * An EventSource over a log held in memory as columns: an activity dictionary and typed arrays
 * (per event: activity index, timestamp, start timestamp; per case: the offset of its first event).
 * Filled by the import pipeline without any database (src/core/ingest/memoryLog.ts), it is what the
 * CLI's `tracemine mine` mines: some 16 bytes per event instead of a SQLite row and its index.
 *
 * The columns must already be in mining order, the order SqlJsEventSource reads (see there): cases
 * in order of first appearance in the file, each case's events by start-or-timestamp, then
 * timestamp (missing values last), ties in file order. MemoryLog establishes it.
 */
import { throwIfCancelled } from '../progress';
import type { EventAttributeTotals, EventSource, MinedCase, MinedEvent, NumericTotal } from './eventSource';

export interface EventColumns {
  /** Distinct activities; `activity` holds indexes into this list. */
  readonly activityNames: readonly string[];
  /** Case ids, in the order the cases are read. */
  readonly caseIds: readonly string[];
  /** Length cases + 1: the events of case c are [caseStart[c], caseStart[c + 1]). */
  readonly caseStart: Int32Array;
  readonly activity: Int32Array;
  /** Epoch milliseconds; NaN when the event has no timestamp. */
  readonly time: Float64Array;
  /** Start timestamps (interval logs), NaN when none; absent when no event has one. */
  readonly start?: Float64Array;
  /** Whether every event has a timestamp. */
  readonly hasTimestamps: boolean;
  /** Numeric event attributes by key (e.g. `cost:usd`), one value per event, NaN when unknown. */
  readonly numeric?: Readonly<Record<string, Float64Array>>;
}

export class MemoryEventSource implements EventSource {
  constructor(private readonly columns: EventColumns) {}

  async counts(): Promise<{ readonly cases: number; readonly events: number }> {
    const { caseIds, caseStart } = this.columns;
    return { cases: caseIds.length, events: caseStart[caseIds.length] ?? 0 };
  }

  async hasTimestamps(): Promise<boolean> {
    return this.columns.hasTimestamps;
  }

  /** The aggregate query, over the numeric columns (see EventSource.eventAttributeTotals). */
  async eventAttributeTotals(key: string): Promise<EventAttributeTotals | undefined> {
    const { caseIds, caseStart, activity, activityNames, numeric } = this.columns;
    const values = numeric && Object.hasOwn(numeric, key) ? numeric[key] : undefined;
    if (!values) return undefined;
    const out = new Map<string, Map<string, NumericTotal>>();
    for (let c = 0; c < caseIds.length; c++) {
      let byActivity: Map<string, NumericTotal> | undefined;
      for (let i = caseStart[c]!; i < caseStart[c + 1]!; i++) {
        const v = values[i]!;
        if (v !== v) continue;
        if (!byActivity) out.set(caseIds[c]!, (byActivity = new Map()));
        const a = activityNames[activity[i]!]!;
        const t = byActivity.get(a);
        byActivity.set(a, t ? { sum: t.sum + v, count: t.count + 1 } : { sum: v, count: 1 });
      }
    }
    return out;
  }

  async *cases(signal?: AbortSignal): AsyncIterable<MinedCase> {
    const { caseIds, caseStart, activity, activityNames, time, start } = this.columns;
    for (let c = 0; c < caseIds.length; c++) {
      if ((c & 1023) === 0) throwIfCancelled(signal);
      const from = caseStart[c]!;
      const to = caseStart[c + 1]!;
      const events: MinedEvent[] = new Array<MinedEvent>(to - from);
      for (let i = from; i < to; i++) {
        const a = activityNames[activity[i]!]!;
        const t = time[i]!;
        const s = start === undefined ? NaN : start[i]!;
        // Absent fields stay absent (not `undefined`), exactly as SqlJsEventSource builds them.
        events[i - from] = s === s
          ? (t === t ? { activity: a, time: t, start: s } : { activity: a, start: s })
          : t === t ? { activity: a, time: t } : { activity: a };
      }
      yield { caseId: caseIds[c]!, events };
    }
  }
}
