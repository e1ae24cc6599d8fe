/**
 * The sql.js implementation of the mining EventSource: one stored log, case by case.
 *
 * Cases come in import order (first appearance in the file). A case's events come ordered by
 * timestamp, ties kept in file order (PM4Py's semantics); events without a timestamp go last, in
 * file order (pandas' NaT-last), so a log without any timestamp is read in file order. In interval
 * logs (events with a start timestamp) the order is by start, then timestamp, then file order, as
 * PM4Py 2.7 sorts when a `start_timestamp` column exists.
 *
 * Reading is done in batches of cases, each batch read synchronously with a statement that is
 * freed before anything is yielded: a consumer that stops early, or a save() between two batches,
 * never leaves a statement dangling. Memory use is one batch.
 */
import type { Database } from 'sql.js';
import type { Classifier, EventAttributeTotals, EventSource, MinedCase, MinedEvent, NumericTotal } from '../mining/eventSource';
import { throwIfCancelled } from '../progress';
import { casesWithAttribute, eventAttributeTotals } from './attributeQueries';

const CASES_PER_BATCH = 256;

export class SqlJsEventSource implements EventSource {
  constructor(private readonly db: Database, readonly logId: number, readonly classifier: Classifier = 'activity') {}

  async counts(): Promise<{ readonly cases: number; readonly events: number }> {
    const row = this.db.exec('SELECT case_count, event_count FROM logs WHERE id = ?', [this.logId])[0]?.values[0];
    if (!row) throw new Error(`No event log with id ${this.logId}`);
    return { cases: Number(row[0]), events: Number(row[1]) };
  }

  /** The attribute filter's query, in SQL (value text forms: see attributeQueries.ts). */
  async casesWithAttribute(scope: 'event' | 'case', key: string, values: readonly string[]): Promise<ReadonlySet<string>> {
    return casesWithAttribute(this.db, this.logId, scope, key, values);
  }

  /** The numeric attribute totals, in SQL (attributeQueries.ts), named under this source's classifier. */
  async eventAttributeTotals(key: string): Promise<EventAttributeTotals | undefined> {
    const found = eventAttributeTotals(this.db, this.logId, key);
    if (!found) return undefined;
    const out = new Map<string, Map<string, NumericTotal>>();
    for (const r of found) {
      const name = this.activityName(r.activity, r.lifecycle);
      let byActivity = out.get(r.caseId);
      if (!byActivity) out.set(r.caseId, (byActivity = new Map()));
      const t = byActivity.get(name);
      byActivity.set(name, t ? { sum: t.sum + r.sum, count: t.count + r.count } : { sum: r.sum, count: r.count });
    }
    return out;
  }

  private activityName(activity: unknown, lifecycle: unknown): string {
    return this.classifier === 'activity+lifecycle' && lifecycle !== null ? `${String(activity)}+${String(lifecycle)}` : String(activity);
  }

  async hasTimestamps(): Promise<boolean> {
    const row = this.db.exec('SELECT has_timestamps FROM logs WHERE id = ?', [this.logId])[0]?.values[0];
    if (!row) throw new Error(`No event log with id ${this.logId}`);
    return Number(row[0]) === 1;
  }

  async *cases(signal?: AbortSignal): AsyncIterable<MinedCase> {
    let after = 0;
    for (;;) {
      throwIfCancelled(signal);
      const batch = this.readBatch(after);
      if (batch.length === 0) return;
      after = batch[batch.length - 1]!.rowId;
      for (const c of batch) yield { caseId: c.caseId, events: c.events };
    }
  }

  private readBatch(after: number): { rowId: number; caseId: string; events: MinedEvent[] }[] {
    const out: { rowId: number; caseId: string; events: MinedEvent[] }[] = [];
    const byRow = new Map<number, MinedEvent[]>();
    const cases = this.db.prepare('SELECT id, name FROM cases WHERE id > ? AND +log_id = ? ORDER BY id LIMIT ?');
    try {
      cases.bind([after, this.logId, CASES_PER_BATCH]);
      while (cases.step()) {
        const [id, name] = cases.get();
        const events: MinedEvent[] = [];
        out.push({ rowId: Number(id), caseId: String(name), events });
        byRow.set(Number(id), events);
      }
    } finally {
      cases.free();
    }
    if (out.length === 0) return out;
    const events = this.db.prepare(
      `SELECT case_id, activity, timestamp, start_timestamp, lifecycle FROM events
       WHERE case_id BETWEEN ? AND ? AND log_id = ?
       ORDER BY case_id, timestamp, position`,
    );
    try {
      events.bind([out[0]!.rowId, out[out.length - 1]!.rowId, this.logId]);
      while (events.step()) {
        const [caseRow, activity, time, start, lifecycle] = events.get();
        const list = byRow.get(Number(caseRow));
        if (!list) continue;
        const name = this.activityName(activity, lifecycle);
        const e: { activity: string; time?: number; start?: number } = { activity: name };
        if (time !== null) e.time = Number(time);
        if (start !== null) e.start = Number(start);
        list.push(e);
      }
    } finally {
      events.free();
    }
    for (const c of out) toMiningOrder(c.events);
    return out;
  }
}

const later = (a: number | undefined, b: number | undefined): number =>
  a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a - b;

/**
 * SQL gives (timestamp, position) order with NULL timestamps first. When a case has untimed
 * events or start timestamps, re-sort stably by (start ?? time, time) with missing values last;
 * stability keeps file order among ties. Shared with the case queries (caseQueries.ts), so a
 * case's rows come in exactly the order mining reads them.
 */
export function toMiningOrder(events: { readonly time?: number; readonly start?: number }[]): void {
  if (events.length < 2) return;
  if (events[0]!.time !== undefined && !events.some((e) => e.start !== undefined)) return;
  events.sort((a, b) => later(a.start ?? a.time, b.start ?? b.time) || later(a.time, b.time));
}
