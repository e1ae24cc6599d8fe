/**
 * TracemineDb: the workspace database (sql.js, i.e. SQLite in WebAssembly, held in memory and
 * persisted as one file).
 *
 * - `open` loads the file when it exists (else starts empty) and checks the schema.
 * - Imports run through `withImport`: BEGIN, the importer writes through a LogWriter, COMMIT on
 *   success, ROLLBACK on any failure or cancellation, so a failed import leaves the database
 *   exactly as it was. Imports and saves are serialised on one queue: a save never sees half an
 *   import.
 * - `save` writes the whole database atomically (temp file + fsync + rename).
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import type { Database } from 'sql.js';
import type { QualityReport } from '../ingest/quality';
import type { EventSource, Classifier } from '../mining/eventSource';
import { writeFileAtomic } from './atomicWrite';
import { attributeKeys, attributeValues } from './attributeQueries';
import { caseAttributes, caseEvents } from './caseQueries';
import { LogWriter, type NewLog } from './logWriter';
import { ensureSchema } from './schema';
import { loadSqlJs } from './sqlJs';
import { SqlJsEventSource } from './sqlJsEventSource';
import { deleteTraceRows, fullTrace, getTrace, listTraces, searchTraceSpans, spanBody, traceRowIds, traceSpans, TraceWriter, type TraceFilter } from './traceStore';
import { checksByTrace, replaceTraceChecks, traceChecks } from './traceChecksStore';
import { deleteAnnotation, listAnnotations, upsertAnnotation, type Annotation, type AnnotationInput } from './annotationStore';
import { countChecks, type TraceCheck } from '../traces/checks';
import {
  deleteEvalRun, evalSamples, finishEvalRun, getEvalRun, insertEvalRun, listEvalRuns, promptText, promptVersionRuns, storeCaseResult, storePromptText,
  type CaseContext, type EvalRunRecord, type EvalRunStatus, type PromptVersionRun, type StoredSample,
} from './evalStore';
import type { CaseResult } from '../evals/types';
import type { Trace } from '../traces/types';
import { LOG_FORMATS, type LogFormat } from './types';
import { readTraces } from '../traces/readTraces';
import { mergeTrace } from '../traces/traceBuilder';
import { pricingTable, type PricingTable } from '../traces/pricing';
import { priceTrace } from '../traces/summary';
import type { SpanBody, SpanHead } from '../traces/spanParts';
import type { TraceFormat, TraceSummary } from '../traces/types';
import { throwIfCancelled, type ProgressSink } from '../progress';
import type { AttributeKeyInfo, AttributeValueCount, CaseEventRow, LogSummary, OpenOptions, TypedAttribute } from './types';

export interface TraceImportOptions {
  /** Prices overriding and extending the built-in table (src/core/traces/pricing.ts). */
  readonly pricing?: PricingTable;
  /** Force the format instead of detecting it. */
  readonly format?: TraceFormat;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Save a file-backed database after a successful import (default true). */
  readonly save?: boolean;
  /**
   * The path checks to run on every trace as it is stored (policy, injection screening,
   * groundedness); their findings are stored with the trace.
   */
  readonly check?: TraceChecker;
}

/** Checks one (priced) trace; pure and synchronous so an import stays one transaction. */
export type TraceChecker = (trace: Trace) => readonly TraceCheck[];

export interface TraceImportResult {
  readonly traces: TraceSummary[];
  /** Spans stored, over all traces. */
  readonly spans: number;
  readonly format: TraceFormat;
  /** Spans dropped because an earlier span of the same trace had the same id (first copy wins). */
  readonly duplicateSpans: number;
  /** Traces of an earlier import of the same file that this import replaced. */
  readonly replaced: number;
}

const SUMMARY_COLUMNS = `id, name, source_path, format, imported_at, case_count, event_count, activity_count,
  has_timestamps, first_timestamp, last_timestamp`;

function toSummary(row: unknown[]): LogSummary {
  const [id, name, sourcePath, format, importedAt, cases, events, activities, hasTs, first, last] = row;
  const s: LogSummary = {
    id: Number(id),
    name: String(name),
    sourcePath: String(sourcePath),
    format: LOG_FORMATS.includes(format as LogFormat) ? (format as LogFormat) : 'xes',
    importedAt: String(importedAt),
    cases: Number(cases),
    events: Number(events),
    activities: Number(activities),
    hasTimestamps: Number(hasTs) === 1,
  };
  if (first !== null && first !== undefined) s.firstTimestamp = new Date(Number(first)).toISOString();
  if (last !== null && last !== undefined) s.lastTimestamp = new Date(Number(last)).toISOString();
  return s;
}

export class TracemineDb {
  /** Resolved path of the database file; undefined for an in-memory database. */
  readonly file: string | undefined;
  private readonly db: Database;
  private queue: Promise<unknown> = Promise.resolve();
  private importing: number | undefined;
  private closed = false;

  private constructor(db: Database, file: string | undefined) {
    this.db = db;
    this.file = file;
  }

  static async open(opts: OpenOptions = {}): Promise<TracemineDb> {
    const SQL = await loadSqlJs(opts.wasmPath);
    const file = opts.file === undefined ? undefined : path.resolve(opts.file);
    let bytes: Uint8Array | undefined;
    if (file !== undefined) {
      try {
        bytes = await fsp.readFile(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    const db = new SQL.Database(bytes && bytes.length > 0 ? bytes : undefined);
    try {
      ensureSchema(db, file);
    } catch (err) {
      db.close();
      const msg = err instanceof Error ? err.message : String(err);
      throw new Error(msg.startsWith(file ?? '\u0000') ? msg : `${file ?? 'database'}: cannot open as a Tracemine database: ${msg}`);
    }
    return new TracemineDb(db, file);
  }

  /** Writes the database to `file` atomically. Waits for a running import. No-op in memory. */
  save(): Promise<void> {
    return this.exclusive(() => this.saveNow());
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  listLogs(): LogSummary[] {
    this.checkOpen();
    const r = this.db.exec(`SELECT ${SUMMARY_COLUMNS} FROM logs ORDER BY id`)[0];
    return (r?.values ?? []).map(toSummary).filter((s) => s.id !== this.importing);
  }

  getLog(id: number): LogSummary | undefined {
    this.checkOpen();
    if (id === this.importing) return undefined;
    const row = this.db.exec(`SELECT ${SUMMARY_COLUMNS} FROM logs WHERE id = ?`, [id])[0]?.values[0];
    return row ? toSummary(row) : undefined;
  }

  /** The data-quality report written when the log was imported. */
  getQualityReport(id: number): QualityReport | undefined {
    this.checkOpen();
    if (id === this.importing) return undefined;
    const json = this.db.exec('SELECT quality_json FROM logs WHERE id = ?', [id])[0]?.values[0]?.[0];
    return typeof json === 'string' ? (JSON.parse(json) as QualityReport) : undefined;
  }

  /**
   * Removes the log and all its rows (in memory: call save() to persist). Throws while an import
   * is running, because the delete would share, and could be rolled back with, its transaction.
   */
  deleteLog(id: number): void {
    this.checkOpen();
    if (this.importing !== undefined) throw new Error('Cannot delete an event log while an import is running; try again when it has finished');
    this.inTransaction(() => this.deleteRows(id));
  }

  /** The log's events for mining; `classifier` names activities (default: concept:name alone). */
  eventSource(logId: number, classifier: Classifier = 'activity'): EventSource {
    this.checkOpen();
    if (!this.getLog(logId)) throw new Error(`No event log with id ${logId}`);
    return new SqlJsEventSource(this.db, logId, classifier);
  }

  /** The events of one case (by case id), in mining order, with all their stored fields. */
  caseEvents(logId: number, caseId: string): CaseEventRow[] {
    this.checkLog(logId);
    return caseEvents(this.db, logId, caseId);
  }

  /** The case attributes of one case (by case id). */
  caseAttributes(logId: number, caseId: string): TypedAttribute[] {
    this.checkLog(logId);
    return caseAttributes(this.db, logId, caseId);
  }

  /** The log's case and event attributes, with type and number of distinct values (filter bar). */
  attributeKeys(logId: number): AttributeKeyInfo[] {
    this.checkLog(logId);
    return attributeKeys(this.db, logId);
  }

  /** The `limit` most frequent values of one attribute, by number of cases (filter bar). */
  attributeValues(logId: number, scope: 'event' | 'case', key: string, limit = 200): AttributeValueCount[] {
    this.checkLog(logId);
    return attributeValues(this.db, logId, scope, key, limit);
  }

  /**
   * Runs one import in a transaction (used by importEventLog; not meant for other callers).
   * `write` gets a LogWriter for a new log; when it resolves the transaction commits and, if
   * `save` and the database has a file, the database is saved; if saving fails the new log is
   * removed again so memory and disk agree. When `write` throws, everything is rolled back.
   */
  withImport<T>(log: NewLog, write: (writer: LogWriter) => Promise<T>, save = true): Promise<T> {
    return this.exclusive(async () => {
      this.checkOpen();
      this.db.exec('BEGIN');
      let writer: LogWriter | undefined;
      let result: T;
      try {
        writer = new LogWriter(this.db, log);
        this.importing = writer.logId;
        result = await write(writer);
        this.checkOpen();
        this.db.exec('COMMIT');
      } catch (err) {
        if (!this.closed) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        writer?.dispose();
        this.importing = undefined;
      }
      if (save && this.file !== undefined) {
        try {
          await this.saveNow();
        } catch (err) {
          this.deleteLog(writer.logId);
          throw err;
        }
      }
      return result;
    });
  }

  /**
   * Imports an agent-trace file (OTLP/JSON, OpenTelemetry SDK span JSON, a Langfuse export, chat
   * transcripts, Tracemine span JSONL; src/core/traces/readTraces.ts), prices its LLM calls
   * (`pricing` over the built-in table; costs given in the trace win) and stores traces, spans
   * and span bodies in one transaction. Traces imported earlier from the same file are replaced.
   * The file is streamed into the transaction: each trace is priced, checked and written as the
   * reader hands it over, so memory holds the traces still open, not the file. A continuation (spans of
   * a trace that came after it was handed over) is merged into the stored trace (mergeTrace),
   * which is then priced, checked and written again under the same row id. A cancellation, a
   * malformed file (even at its end) or a failure while writing rolls everything back, so the
   * database is exactly as it was; if saving fails the new rows are removed again. While the
   * import runs, deleting traces or logs is refused (it would share the transaction), and readers
   * see the rows written so far. Resolves to the new traces' list lines, in import order.
   */
  importTraces(filePath: string, opts: TraceImportOptions = {}): Promise<TraceImportResult> {
    return this.exclusive(async () => {
      this.checkOpen();
      const file = path.resolve(filePath);
      const { signal, progress } = opts;
      throwIfCancelled(signal);
      const table = pricingTable(opts.pricing);
      let writer: TraceWriter | undefined;
      const summaries: TraceSummary[] = [];
      /** Trace id → its row id and place in `summaries` (kept for continuations). */
      const stored = new Map<string, { rowId: number; index: number }>();
      let spans = 0;
      let replaced = 0;
      let mergedDuplicates = 0;
      let checked = 0;
      let format: TraceFormat | undefined;
      const store = (trace: Trace, rowId?: number): TraceSummary => {
        const priced = priceTrace(trace, table);
        const summary = rowId === undefined ? writer!.add(priced, file, format!) : writer!.replace(rowId, priced, file, format!);
        let found: readonly TraceCheck[] = [];
        if (opts.check) {
          found = opts.check(priced);
          writer!.addChecks(summary.id, found);
          if (++checked % 500 === 0) progress?.({ message: `Checked ${checked} traces` });
        }
        const counts = countChecks(found);
        return { ...summary, violations: counts.violations, injections: counts.injections };
      };
      this.db.exec('BEGIN');
      // Not a log id: refuses deleteLog/deleteTraces while the transaction is open.
      this.importing = -1;
      let read: Awaited<ReturnType<typeof readTraces>>;
      try {
        replaced = deleteTraceRows(this.db, file);
        writer = new TraceWriter(this.db);
        read = await readTraces(file, {
          format: opts.format, progress, signal,
          onTrace: (trace, info) => {
            this.checkOpen();
            format ??= info.format;
            const known = stored.get(trace.traceId);
            if (info.continuation && known) {
              const earlier = fullTrace(this.db, known.rowId)!;
              const merged = mergeTrace(earlier, trace);
              mergedDuplicates += merged.duplicates;
              spans += merged.trace.spans.length - earlier.spans.length;
              summaries[known.index] = store(merged.trace, known.rowId);
              return;
            }
            const summary = store(trace);
            if (!known) stored.set(trace.traceId, { rowId: summary.id, index: summaries.length });
            summaries.push(summary);
            spans += trace.spans.length;
          },
        });
        throwIfCancelled(signal);
        this.checkOpen();
        this.db.exec('COMMIT');
      } catch (err) {
        if (!this.closed) this.db.exec('ROLLBACK');
        throw err;
      } finally {
        writer?.dispose();
        this.importing = undefined;
      }
      if ((opts.save ?? true) && this.file !== undefined) {
        try {
          await this.saveNow();
        } catch (err) {
          deleteTraceRows(this.db, file);
          throw err;
        }
      }
      progress?.({ message: 'Imported', fraction: 1 });
      return { traces: summaries, spans, format: read.format, duplicateSpans: read.duplicateSpans + mergedDuplicates, replaced };
    });
  }

  /** The stored traces' list lines (import order), optionally filtered. */
  listTraces(filter: TraceFilter = {}): TraceSummary[] {
    this.checkOpen();
    return listTraces(this.db, filter);
  }

  /** One trace's list line by its row id. */
  getTrace(traceRowId: number): TraceSummary | undefined {
    this.checkOpen();
    return getTrace(this.db, traceRowId);
  }

  /** A trace's spans without their bodies (messages, input/output, documents, tool data, attributes), in seq order. */
  traceSpans(traceRowId: number): SpanHead[] {
    this.checkOpen();
    return traceSpans(this.db, traceRowId);
  }

  /** One span's body; undefined when the trace has no such span. */
  spanBody(traceRowId: number, spanId: string): SpanBody | undefined {
    this.checkOpen();
    return spanBody(this.db, traceRowId, spanId);
  }

  /** Steps of one trace containing `text` anywhere (name, tool, messages, tool data, documents), in time order. */
  searchTraceSpans(traceRowId: number, text: string): string[] {
    this.checkOpen();
    return searchTraceSpans(this.db, traceRowId, text);
  }

  /** A stored trace in full (spans with their bodies), for the checks and exports. */
  fullTrace(traceRowId: number): Trace | undefined {
    this.checkOpen();
    return fullTrace(this.db, traceRowId);
  }

  /** The check findings stored for one trace. */
  traceChecks(traceRowId: number): TraceCheck[] {
    this.checkOpen();
    return traceChecks(this.db, traceRowId);
  }

  /** Findings of all traces (or one file's), by trace row id. */
  checksByTrace(sourcePath?: string): Map<number, TraceCheck[]> {
    this.checkOpen();
    return checksByTrace(this.db, sourcePath === undefined ? undefined : path.resolve(sourcePath));
  }

  /**
   * Runs the checks again over stored traces (all, or one file's), e.g. after the policy file
   * changed; replaces their findings in one transaction (in memory: call save() to persist).
   * Cancellation leaves the stored findings as they were. Returns how many traces were checked.
   */
  async recheckTraces(check: TraceChecker, opts: { sourcePath?: string; signal?: AbortSignal; progress?: ProgressSink } = {}): Promise<number> {
    return this.exclusive(async () => {
      this.checkOpen();
      const ids = traceRowIds(this.db, opts.sourcePath === undefined ? undefined : path.resolve(opts.sourcePath));
      const found: [number, readonly TraceCheck[]][] = [];
      for (let i = 0; i < ids.length; i++) {
        const trace = fullTrace(this.db, ids[i]!);
        if (trace) found.push([ids[i]!, check(trace)]);
        if (i % 200 === 199) {
          opts.progress?.({ message: `Checked ${i + 1} of ${ids.length} traces`, fraction: (i + 1) / ids.length });
          await new Promise((r) => setImmediate(r));
          throwIfCancelled(opts.signal);
        }
      }
      throwIfCancelled(opts.signal);
      this.inTransaction(() => {
        for (const [id, checks] of found) replaceTraceChecks(this.db, id, checks);
      });
      return found.length;
    });
  }

  /** Stores a reviewer's annotation of a trace or a step (in memory: call save() to persist). */
  annotate(a: AnnotationInput): Annotation {
    this.checkOpen();
    return upsertAnnotation(this.db, a);
  }

  removeAnnotation(sourcePath: string, traceId: string, spanId?: string): boolean {
    this.checkOpen();
    return deleteAnnotation(this.db, sourcePath, traceId, spanId);
  }

  listAnnotations(filter: { sourcePath?: string; traceId?: string } = {}): Annotation[] {
    this.checkOpen();
    return listAnnotations(this.db, filter);
  }

  // Eval results (in memory: call save() to persist; the runner saves as cases finish).

  storePromptText(text: string): string {
    this.checkOpen();
    return storePromptText(this.db, text);
  }

  promptText(hash: string): string | undefined {
    this.checkOpen();
    return promptText(this.db, hash);
  }

  startEvalRun(run: EvalRunRecord): void {
    this.checkOpen();
    insertEvalRun(this.db, run);
  }

  storeCaseResult(runId: string, result: CaseResult, ctx: CaseContext): void {
    this.checkOpen();
    storeCaseResult(this.db, runId, result, ctx);
  }

  finishEvalRun(id: string, status: EvalRunStatus, summary?: Readonly<Record<string, unknown>>): void {
    this.checkOpen();
    finishEvalRun(this.db, id, status, summary);
  }

  listEvalRuns(suitePath?: string): EvalRunRecord[] {
    this.checkOpen();
    return listEvalRuns(this.db, suitePath);
  }

  getEvalRun(id: string): EvalRunRecord | undefined {
    this.checkOpen();
    return getEvalRun(this.db, id);
  }

  evalSamples(runId: string): StoredSample[] {
    this.checkOpen();
    return evalSamples(this.db, runId);
  }

  /** Every (prompt, version, run) with that run's pass counts, oldest first (the Prompt History view). */
  promptVersionRuns(): PromptVersionRun[] {
    this.checkOpen();
    return promptVersionRuns(this.db);
  }

  deleteEvalRun(id: string): void {
    this.checkOpen();
    deleteEvalRun(this.db, id);
  }

  /** Removes the traces imported from `sourcePath` (in memory: call save() to persist); returns how many. */
  deleteTraces(sourcePath: string): number {
    this.checkOpen();
    if (this.importing !== undefined) throw new Error('Cannot delete traces while an import is running; try again when it has finished');
    const file = path.resolve(sourcePath);
    return this.inTransaction(() => deleteTraceRows(this.db, file));
  }

  /** Runs `fn` in one transaction: all of it, or (when it throws) none of it. */
  private inTransaction<T>(fn: () => T): T {
    this.db.exec('BEGIN');
    try {
      const result = fn();
      this.db.exec('COMMIT');
      return result;
    } catch (err) {
      this.db.exec('ROLLBACK');
      throw err;
    }
  }

  private deleteRows(id: number): void {
    const cases = 'SELECT id FROM cases WHERE log_id = ?1';
    this.db.run(`DELETE FROM event_attributes WHERE event_id IN (SELECT id FROM events WHERE case_id IN (${cases}))`, [id]);
    this.db.run(`DELETE FROM events WHERE case_id IN (${cases})`, [id]);
    this.db.run(`DELETE FROM case_attributes WHERE case_id IN (${cases})`, [id]);
    this.db.run('DELETE FROM cases WHERE log_id = ?', [id]);
    this.db.run('DELETE FROM log_attributes WHERE log_id = ?', [id]);
    this.db.run('DELETE FROM attribute_keys WHERE log_id = ?', [id]);
    this.db.run('DELETE FROM logs WHERE id = ?', [id]);
  }

  private async saveNow(): Promise<void> {
    this.checkOpen();
    if (this.file === undefined) return;
    await writeFileAtomic(this.file, this.db.export());
  }

  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkLog(logId: number): void {
    this.checkOpen();
    if (!this.getLog(logId)) throw new Error(`No event log with id ${logId}`);
  }

  private checkOpen(): void {
    if (this.closed) throw new Error('The Tracemine database is closed');
  }
}
