/**
 * The data-quality report of one import: what was missing, unparseable, duplicated or out of
 * order, and how timestamps were read. Collected while the file streams by (QualityCollector),
 * stored as JSON on the log's row, shown again later via TracemineDb.getQualityReport.
 */
import type { LogFormat } from '../db/types';
import { detachString } from './detachString';
import type { TimestampInterpretation } from './timestamps';

export interface UnparseableTimestamp {
  /** 1-based line in the file (the CSV record's first line; the XES element's line). */
  readonly line: number;
  readonly value: string;
}

export interface AttributeFillRate {
  readonly scope: 'case' | 'event';
  readonly key: string;
  /** Number of cases/events that have a value. */
  readonly filled: number;
  /** filled / number of cases or events, in [0, 1]. */
  readonly rate: number;
}

export interface QualityReport {
  readonly file: string;
  readonly format: LogFormat;
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  /** True when every stored event has a timestamp. */
  readonly hasTimestamps: boolean;
  readonly missing: {
    /** CSV/JSONL rows without a case id (skipped), and XES traces without concept:name (imported under a generated id). */
    readonly caseId: number;
    /** Rows/events without an activity (not imported). */
    readonly activity: number;
    /** Imported events without a timestamp (empty value, or unparseable). */
    readonly timestamp: number;
  };
  readonly unparseableTimestamps: { readonly count: number; readonly examples: readonly UnparseableTimestamp[] };
  /** Events repeating an earlier event of their case with the same activity and timestamp. */
  readonly duplicateEvents: number;
  /** Events whose timestamp is earlier than that of an event before them in the file, in the same case. */
  readonly outOfOrderEvents: number;
  readonly singleEventCases: number;
  /** XES traces with no importable event, OCEL objects without a related event (not imported: PM4Py has no row for them either). */
  readonly emptyTraces: number;
  /** XES traces whose concept:name repeats an earlier trace's: their events join that case. */
  readonly mergedTraces: number;
  /** CSV records with more or fewer fields than the header (imported; missing fields empty). */
  readonly raggedRows: number;
  /** Events and rows not imported (missing case id in CSV/JSONL, or missing activity). */
  readonly skippedEvents: number;
  readonly timestampRange?: { readonly first: string; readonly last: string };
  readonly timestampInterpretation: TimestampInterpretation;
  readonly attributeFillRates: readonly AttributeFillRate[];
  /** Human sentences about anything above worth a look. */
  readonly warnings: readonly string[];
}

const MAX_EXAMPLES = 20;

/** Mutable counters filled during an import; `report` freezes them into a QualityReport. */
export class QualityCollector {
  missingCaseId = 0;
  missingActivity = 0;
  missingTimestamp = 0;
  outOfOrder = 0;
  emptyTraces = 0;
  mergedTraces = 0;
  raggedRows = 0;
  skippedEvents = 0;
  unparseableCount = 0;
  readonly unparseable: UnparseableTimestamp[] = [];
  readonly eventKeys = new Map<string, number>();
  readonly caseKeys = new Map<string, number>();

  unparseableTimestamp(line: number, value: string): void {
    this.unparseableCount++;
    if (this.unparseable.length < MAX_EXAMPLES) this.unparseable.push({ line, value: detachString(value) });
  }

  /** Adds `count` values of `key` at once (a standard field counted by the builder); nothing for 0 or no key. */
  addKeyCount(scope: 'case' | 'event', key: string | undefined, count: number): void {
    if (key === undefined || count === 0) return;
    const m = scope === 'case' ? this.caseKeys : this.eventKeys;
    m.set(key, (m.get(key) ?? 0) + count);
  }

  countKey(scope: 'case' | 'event', key: string): void {
    const m = scope === 'case' ? this.caseKeys : this.eventKeys;
    const n = m.get(key);
    if (n === undefined) m.set(detachString(key), 1);
    else m.set(key, n + 1);
  }

  report(args: {
    file: string; format: LogFormat; cases: number; events: number; activities: number; hasTimestamps: boolean;
    duplicateEvents: number; singleEventCases: number; first?: number; last?: number; interpretation: TimestampInterpretation;
  }): QualityReport {
    const fill = (scope: 'case' | 'event', m: Map<string, number>, total: number): AttributeFillRate[] =>
      [...m.entries()].map(([key, filled]) => ({ scope, key, filled, rate: total > 0 ? filled / total : 0 }));
    const attributeFillRates = [...fill('case', this.caseKeys, args.cases), ...fill('event', this.eventKeys, args.events)]
      .sort((a, b) => (a.scope === b.scope ? b.rate - a.rate || (a.key < b.key ? -1 : 1) : a.scope === 'case' ? -1 : 1));
    const r: Omit<QualityReport, 'warnings'> = {
      file: args.file,
      format: args.format,
      cases: args.cases,
      events: args.events,
      activities: args.activities,
      hasTimestamps: args.hasTimestamps,
      missing: { caseId: this.missingCaseId, activity: this.missingActivity, timestamp: this.missingTimestamp },
      unparseableTimestamps: { count: this.unparseableCount, examples: [...this.unparseable] },
      duplicateEvents: args.duplicateEvents,
      outOfOrderEvents: this.outOfOrder,
      singleEventCases: args.singleEventCases,
      emptyTraces: this.emptyTraces,
      mergedTraces: this.mergedTraces,
      raggedRows: this.raggedRows,
      skippedEvents: this.skippedEvents,
      ...(args.first !== undefined && args.last !== undefined
        ? { timestampRange: { first: new Date(args.first).toISOString(), last: new Date(args.last).toISOString() } }
        : {}),
      timestampInterpretation: args.interpretation,
      attributeFillRates,
    };
    return { ...r, warnings: warningsOf(r) };
  }
}

function n(x: number): string {
  return x.toLocaleString('en-US');
}

function warningsOf(r: Omit<QualityReport, 'warnings'>): string[] {
  const w: string[] = [];
  if (r.events === 0) w.push('No event was imported.');
  if (!r.hasTimestamps) {
    w.push(r.missing.timestamp === r.events
      ? 'The log has no timestamps: events are ordered as in the file and performance figures are unavailable.'
      : `${n(r.missing.timestamp)} event(s) have no timestamp: performance figures are unavailable.`);
  }
  if (r.unparseableTimestamps.count > 0) {
    const first = r.unparseableTimestamps.examples[0];
    w.push(`${n(r.unparseableTimestamps.count)} timestamp(s) could not be read${first ? ` (first at line ${first.line}: "${first.value}")` : ''}.`);
  }
  if (r.missing.caseId > 0) {
    w.push(r.format === 'xes'
      ? `${n(r.missing.caseId)} trace(s) have no concept:name and were given a generated case id.`
      : `${n(r.missing.caseId)} row(s) have no case id and were skipped.`);
  }
  if (r.missing.activity > 0) w.push(`${n(r.missing.activity)} event(s) have no activity and were skipped.`);
  if (r.duplicateEvents > 0) w.push(`${n(r.duplicateEvents)} duplicate event(s) (same case, activity and timestamp).`);
  if (r.outOfOrderEvents > 0) w.push(`${n(r.outOfOrderEvents)} event(s) are out of time order in the file; they are mined in time order.`);
  if (r.emptyTraces > 0) {
    w.push(r.format === 'ocel'
      ? `${n(r.emptyTraces)} object(s) of the chosen type have no related event and are not cases.`
      : `${n(r.emptyTraces)} trace(s) had no event and were not imported.`);
  }
  if (r.mergedTraces > 0) w.push(`${n(r.mergedTraces)} trace(s) repeat an earlier trace's case id; their events were merged into that case.`);
  if (r.raggedRows > 0) w.push(`${n(r.raggedRows)} row(s) have a different number of fields than the header.`);
  if (r.timestampInterpretation.assumedUtc) w.push('Some timestamps have no UTC offset; they were read as UTC.');
  return w;
}

/** A few lines for a terminal or an output channel. */
export function formatQualitySummary(r: QualityReport): string[] {
  const lines = [
    `${n(r.cases)} cases, ${n(r.events)} events, ${n(r.activities)} activities`,
    r.timestampRange ? `time range: ${r.timestampRange.first} .. ${r.timestampRange.last}` : 'time range: none (no timestamps)',
    `timestamps: ${r.timestampInterpretation.summary}`,
    `single-event cases: ${n(r.singleEventCases)}, duplicate events: ${n(r.duplicateEvents)}, out-of-order events: ${n(r.outOfOrderEvents)}`,
  ];
  for (const w of r.warnings) lines.push(`warning: ${w}`);
  return lines;
}
