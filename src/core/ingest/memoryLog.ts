/**
 * MemoryLog: a LogSink that keeps an imported log in memory as columns (activity dictionary plus
 * typed arrays) instead of writing database rows, for mining a file once without a database
 * (`tracemine mine`). Only what mining reads is kept: case ids, activities, timestamps and start
 * timestamps. Attributes, resources and lifecycles still pass through the LogBuilder, so the
 * quality report (fill rates included) is the one a database import gives.
 *
 * Events arrive in file order, possibly interleaved between cases (CSV, JSON Lines, repeated XES
 * trace names). `eventSource()` groups them by case (a stable counting sort, skipped when the
 * file already had each case's events together) and orders each case as SqlJsEventSource does:
 * by start-or-timestamp, then timestamp, missing values last, ties in file order.
 */
import { MemoryEventSource, type EventColumns } from '../mining/memoryEventSource';
import type { TypedAttribute } from '../db/types';
import { detachString } from './detachString';
import { countDuplicateEvents } from './duplicates';
import type { LogSink, LogTotals, StoredEvent } from './logSink';

const INITIAL_CAPACITY = 1 << 14;

function grown<T extends Int32Array | Float64Array>(a: T, capacity: number, fill?: number): T {
  const b = new (a.constructor as { new (n: number): T })(capacity);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/** NaN-last ascending comparison, as SQLite's ORDER BY after the mining re-sort. */
function later(a: number, b: number): number {
  if (a === b) return 0;
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a - b;
}

export class MemoryLog implements LogSink {
  private readonly caseIds: string[] = [];
  private readonly activityIds = new Map<string, number>();
  private readonly activityNames: string[] = [];
  private caseOf = new Int32Array(INITIAL_CAPACITY);
  private activity = new Int32Array(INITIAL_CAPACITY);
  private time = new Float64Array(INITIAL_CAPACITY);
  private start: Float64Array | undefined;
  private events = 0;
  /** True while every event belongs to the latest case or a new one (each case's events together). */
  private grouped = true;
  private timed = 0;
  private built: EventColumns | undefined;
  private summary: LogTotals | undefined;

  addLogAttributes(_attributes: readonly TypedAttribute[]): void {
    // Not needed for mining.
  }

  addCase(name: string, _attributes: readonly TypedAttribute[]): number {
    this.checkOpen();
    this.caseIds.push(detachString(name));
    return this.caseIds.length - 1;
  }

  addEvent(caseHandle: number, position: number, e: StoredEvent): void {
    this.checkOpen();
    const n = this.events;
    if (position !== n) throw new Error(`MemoryLog: event position ${position}, expected ${n}`);
    if (n === this.caseOf.length) this.grow();
    if (n > 0 && caseHandle !== this.caseOf[n - 1] && caseHandle !== this.caseIds.length - 1) this.grouped = false;
    this.caseOf[n] = caseHandle;
    let a = this.activityIds.get(e.activity);
    if (a === undefined) {
      a = this.activityNames.length;
      const name = detachString(e.activity);
      this.activityNames.push(name);
      this.activityIds.set(name, a);
    }
    this.activity[n] = a;
    if (e.time !== undefined) {
      this.time[n] = e.time;
      this.timed++;
    } else {
      this.time[n] = NaN;
    }
    if (e.start !== undefined) {
      this.start ??= new Float64Array(this.caseOf.length).fill(NaN);
      this.start[n] = e.start;
    }
    this.events = n + 1;
  }

  countDuplicateEvents(): number {
    const built = this.built;
    if (!built) return countDuplicateEvents(this.events, this.caseIds.length, this.caseOf, this.activity, this.time);
    const cases = built.caseIds.length;
    const caseOf = new Int32Array(built.activity.length);
    for (let c = 0; c < cases; c++) caseOf.fill(c, built.caseStart[c], built.caseStart[c + 1]);
    return countDuplicateEvents(caseOf.length, cases, caseOf, built.activity, built.time);
  }

  finish(totals: LogTotals, _quality: unknown): void {
    this.summary = totals;
  }

  /** The totals the import finished with (undefined before `finish`). */
  get totals(): LogTotals | undefined {
    return this.summary;
  }

  /** The log as an EventSource; the columns are built on the first call and shared after. */
  eventSource(): MemoryEventSource {
    return new MemoryEventSource(this.columns());
  }

  private columns(): EventColumns {
    if (this.built) return this.built;
    const n = this.events;
    const cases = this.caseIds.length;
    const caseStart = new Int32Array(cases + 1);
    for (let i = 0; i < n; i++) caseStart[this.caseOf[i]! + 1]!++;
    for (let c = 0; c < cases; c++) caseStart[c + 1]! += caseStart[c]!;
    // File order grouped by case (stable): the identity when each case's events were together.
    let order: Int32Array | undefined;
    if (!this.grouped) {
      order = new Int32Array(n);
      const next = caseStart.slice(0, cases);
      for (let i = 0; i < n; i++) order[next[this.caseOf[i]!]!++] = i;
    }
    const time = this.time;
    const start = this.start;
    const key = (i: number): number => {
      const s = start === undefined ? NaN : start[i]!;
      return s === s ? s : time[i]!;
    };
    // Then each case in mining order: (start ?? time, time, file position), missing values last.
    for (let c = 0; c < cases; c++) {
      const from = caseStart[c]!;
      const to = caseStart[c + 1]!;
      let sorted = true;
      for (let k = from + 1; k < to && sorted; k++) {
        const a = order ? order[k - 1]! : k - 1;
        const b = order ? order[k]! : k;
        const cmp = later(key(a), key(b)) || later(time[a]!, time[b]!);
        if (cmp > 0) sorted = false;
      }
      if (sorted) continue;
      order ??= Int32Array.from({ length: n }, (_, i) => i);
      const slice = Array.from(order.subarray(from, to));
      slice.sort((a, b) => later(key(a), key(b)) || later(time[a]!, time[b]!) || a - b);
      order.set(slice, from);
    }
    const pick = <T extends Int32Array | Float64Array>(a: T): T => {
      if (!order) return a.slice(0, n) as T;
      const out = new (a.constructor as { new (len: number): T })(n);
      for (let i = 0; i < n; i++) out[i] = a[order[i]!]!;
      return out;
    };
    this.built = {
      activityNames: this.activityNames,
      caseIds: this.caseIds,
      caseStart,
      activity: pick(this.activity),
      time: pick(this.time),
      ...(start !== undefined ? { start: pick(start) } : {}),
      hasTimestamps: n > 0 && this.timed === n,
    };
    // The growable buffers are not needed any more.
    this.caseOf = this.activity = new Int32Array(0);
    this.time = new Float64Array(0);
    this.start = undefined;
    return this.built;
  }

  private grow(): void {
    const capacity = this.caseOf.length * 2;
    this.caseOf = grown(this.caseOf, capacity);
    this.activity = grown(this.activity, capacity);
    this.time = grown(this.time, capacity);
    if (this.start) this.start = grown(this.start, capacity, NaN);
  }

  private checkOpen(): void {
    if (this.built) throw new Error('MemoryLog: no event can be added once the columns are built');
  }
}
