/**
 * Where an import's rows go. The readers and the LogBuilder write through this narrow interface
 * only, so one import pipeline (parsing, timestamp interpretation, quality report) fills either
 * the sql.js database (LogWriter, src/core/db/logWriter.ts) or an in-memory columnar log
 * (MemoryLog, ./memoryLog.ts) that the CLI's `mine` mines without any database.
 */
import type { TypedAttribute } from '../db/types';

export interface StoredEvent {
  readonly activity: string;
  /** Epoch milliseconds. */
  readonly time?: number;
  /** Start of the activity (interval logs), epoch milliseconds. */
  readonly start?: number;
  readonly resource?: string;
  readonly lifecycle?: string;
  readonly attributes: readonly TypedAttribute[];
}

export interface LogTotals {
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  readonly hasTimestamps: boolean;
  readonly firstTimestamp?: number;
  readonly lastTimestamp?: number;
}

export interface LogSink {
  addLogAttributes(attributes: readonly TypedAttribute[]): void;
  /** Adds a case and returns its handle for addEvent. Names are unique within the log. */
  addCase(name: string, attributes: readonly TypedAttribute[]): number;
  /** Adds one event; `position` is its 0-based place in the file among stored events (consecutive). */
  addEvent(caseHandle: number, position: number, e: StoredEvent): void;
  /** Events repeating an earlier event of the same case with the same activity and timestamp. */
  countDuplicateEvents(): number;
  /** Records the totals and the quality report (any JSON-serialisable value); called once, last. */
  finish(totals: LogTotals, quality: unknown): void;
}
