/**
 * Turns parsed events (from the XES or the CSV reader, raw timestamp text and all) into stored
 * cases and events, and keeps the running totals and quality counters while doing so.
 *
 * Both readers call `addEvent(caseName, event, caseAttributes)` in file order. A case is created
 * on its first event (with its attributes); events get consecutive file positions, so ties in
 * time keep file order when read back. Memory: one small record per case (its row id, event count
 * and latest timestamp), plus the set of distinct activities. Strings kept (case ids, activities)
 * are copied off the reader's input chunks (detachString), so they never pin a whole chunk.
 */
import type { LogFormat, TypedAttribute } from '../db/types';
import type { LogSink } from './logSink';
import { detachString } from './detachString';
import { QualityCollector, type QualityReport } from './quality';
import { TimestampInterpreter } from './timestamps';

export interface ParsedEvent {
  /** Activity (concept:name); undefined or '' = missing. */
  readonly activity?: string;
  /** Timestamp text as in the file; undefined or '' = missing. */
  readonly timestamp?: string;
  /** Start timestamp text (interval logs); undefined or '' = none. */
  readonly startTimestamp?: string;
  readonly resource?: string;
  readonly lifecycle?: string;
  readonly attributes: readonly TypedAttribute[];
  /** 1-based line of the event in the file, for the quality report. */
  readonly line: number;
}

/** The names the standard fields have in the source, used in the fill-rate table. */
export interface FieldNames {
  readonly timestamp?: string;
  readonly startTimestamp?: string;
  readonly resource?: string;
  readonly lifecycle?: string;
}

interface CaseState {
  readonly rowId: number;
  events: number;
  lastTime: number | undefined;
}

export class LogBuilder {
  readonly quality = new QualityCollector();
  readonly timestamps = new TimestampInterpreter();
  private readonly startTimestamps = new TimestampInterpreter();
  private readonly cases = new Map<string, CaseState>();
  private readonly activities = new Set<string>();
  private position = 0;
  private timed = 0;
  // Fill counts of the standard fields, added to the quality report's event keys in finish().
  private startFilled = 0;
  private resourceFilled = 0;
  private lifecycleFilled = 0;
  private first: number | undefined;
  private last: number | undefined;

  constructor(private readonly writer: LogSink, private readonly fields: FieldNames) {}

  hasCase(name: string): boolean {
    return this.cases.has(name);
  }

  /** Stores one event; returns false when it was skipped (no activity). */
  addEvent(caseName: string, e: ParsedEvent, caseAttributes: () => readonly TypedAttribute[]): boolean {
    const q = this.quality;
    if (e.activity === undefined || e.activity === '') {
      q.missingActivity++;
      q.skippedEvents++;
      return false;
    }
    let c = this.cases.get(caseName);
    if (!c) {
      const attrs = caseAttributes();
      c = { rowId: this.writer.addCase(caseName, attrs), events: 0, lastTime: undefined };
      this.cases.set(detachString(caseName), c);
      for (const a of attrs) q.countKey('case', a.key);
    }
    let time: number | undefined;
    if (e.timestamp !== undefined && e.timestamp.trim() !== '') {
      time = this.timestamps.parse(e.timestamp);
      if (time === undefined) q.unparseableTimestamp(e.line, e.timestamp);
    }
    if (time === undefined) {
      q.missingTimestamp++;
    } else {
      this.timed++;
      if (c.lastTime !== undefined && time < c.lastTime) q.outOfOrder++;
      else c.lastTime = time;
      if (this.first === undefined || time < this.first) this.first = time;
      if (this.last === undefined || time > this.last) this.last = time;
    }
    let start: number | undefined;
    if (e.startTimestamp !== undefined && e.startTimestamp.trim() !== '') {
      start = this.startTimestamps.parse(e.startTimestamp);
      if (start === undefined) q.unparseableTimestamp(e.line, e.startTimestamp);
      else this.startFilled++;
    }
    const resource = e.resource === '' ? undefined : e.resource;
    const lifecycle = e.lifecycle === '' ? undefined : e.lifecycle;
    if (resource !== undefined) this.resourceFilled++;
    if (lifecycle !== undefined) this.lifecycleFilled++;
    for (const a of e.attributes) q.countKey('event', a.key);
    this.writer.addEvent(c.rowId, this.position++, { activity: e.activity, time, start, resource, lifecycle, attributes: e.attributes });
    if (!this.activities.has(e.activity)) this.activities.add(detachString(e.activity));
    c.events++;
    return true;
  }

  /** Computes the totals and the quality report and writes both on the log's row. */
  finish(file: string, format: LogFormat): QualityReport {
    let single = 0;
    for (const c of this.cases.values()) if (c.events === 1) single++;
    const events = this.position;
    const { fields, quality } = this;
    quality.addKeyCount('event', fields.timestamp, this.timed);
    quality.addKeyCount('event', fields.startTimestamp, this.startFilled);
    quality.addKeyCount('event', fields.resource, this.resourceFilled);
    quality.addKeyCount('event', fields.lifecycle, this.lifecycleFilled);
    const hasTimestamps = events > 0 && this.timed === events;
    const totals = {
      cases: this.cases.size, events, activities: this.activities.size, hasTimestamps,
      ...(this.first !== undefined ? { firstTimestamp: this.first, lastTimestamp: this.last } : {}),
    };
    const report = this.quality.report({
      file, format, ...totals, duplicateEvents: this.writer.countDuplicateEvents(), singleEventCases: single,
      first: this.first, last: this.last, interpretation: this.timestamps.interpretation(),
    });
    this.writer.finish(totals, report);
    return report;
  }
}
