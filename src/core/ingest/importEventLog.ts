/**
 * importEventLog: one file (XES, XES.gz, CSV, CSV.gz) into the database, in one transaction.
 *
 * The format comes from the file name (.xes / .xes.gz / .csv / .tsv / .txt...), falling back to a
 * look at the first bytes. The file is streamed; progress is the fraction of bytes read; an
 * AbortSignal cancels with CancelledError. Any failure rolls the transaction back (the database is
 * exactly as before) and nothing is written to disk; on success a file-backed database is saved
 * (atomically) unless `save: false`.
 */
import * as path from 'node:path';
import type { LogSummary, LogFormat } from '../db/types';
import type { TracemineDb } from '../db/tracemineDb';
import { CancelledError, throwIfCancelled, type ProgressSink } from '../progress';
import { detectCsvMapping, sniffFileDelimiter, type CsvMapping } from './csvMapping';
import { readCsv } from './csvReader';
import { ImportError } from './importError';
import { LogBuilder } from './logBuilder';
import type { QualityReport } from './quality';
import { asInputError, openTextInput } from './textInput';
import { readXes } from './xesReader';

export interface ImportOptions {
  /** Display name; default: the file name without .xes/.csv/.gz. */
  name?: string;
  /** CSV column mapping; default: detected from the header (an ImportError if that fails). */
  csv?: CsvMapping;
  progress?: ProgressSink;
  signal?: AbortSignal;
  /** Save a file-backed database after a successful import (default true). */
  save?: boolean;
  /** Force the format instead of guessing it from the file name. */
  format?: LogFormat;
}

export interface ImportResult {
  log: LogSummary;
  quality: QualityReport;
}

const CSV_LIKE = /\.(csv|tsv|tab|txt)(\.gz)?$/i;
const XES_LIKE = /\.(xes|xml)(\.gz)?$/i;

/** Guesses the format from the name, then from the first characters (`<` means XML). */
export async function guessFormat(filePath: string): Promise<LogFormat> {
  if (XES_LIKE.test(filePath)) return 'xes';
  if (CSV_LIKE.test(filePath)) return 'csv';
  const input = await openTextInput(filePath);
  try {
    for await (const chunk of input) {
      const t = (chunk as string).replace(/^\uFEFF/, '').trimStart();
      if (t !== '') return t.startsWith('<') ? 'xes' : 'csv';
    }
  } finally {
    input.destroy();
  }
  return 'csv';
}

export function defaultLogName(filePath: string): string {
  return path.basename(filePath).replace(/\.gz$/i, '').replace(/\.(xes|xml|csv|tsv|tab|txt)$/i, '');
}

async function resolveCsvMapping(filePath: string, given: CsvMapping | undefined): Promise<CsvMapping & { delimiter: string }> {
  if (given) {
    const delimiter = given.delimiter ?? (await sniffFileDelimiter(filePath));
    return { ...given, delimiter };
  }
  const d = await detectCsvMapping(filePath);
  const missing = [!d.detected.case && 'case id', !d.detected.activity && 'activity'].filter(Boolean);
  if (missing.length > 0) {
    throw new ImportError(
      filePath,
      `could not detect the ${missing.join(' and ')} column${missing.length > 1 ? 's' : ''} from the header; pass a CSV column mapping (columns: ${d.columns.join(', ')})`,
      { line: 1, field: !d.detected.case ? 'caseColumn' : 'activityColumn' },
    );
  }
  return { ...d.mapping, delimiter: d.mapping.delimiter ?? ',' };
}

export async function importEventLog(db: TracemineDb, filePath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const file = path.resolve(filePath);
  const { progress, signal } = opts;
  throwIfCancelled(signal);
  const format = opts.format ?? (await guessFormat(file));
  const csvMapping = format === 'csv' ? await resolveCsvMapping(file, opts.csv) : undefined;
  throwIfCancelled(signal);
  const name = opts.name ?? defaultLogName(file);

  const { logId, quality } = await db.withImport({ name, sourcePath: file, format }, async (writer) => {
    const builder = new LogBuilder(writer, format === 'xes'
      ? { timestamp: 'time:timestamp', startTimestamp: 'start_timestamp', resource: 'org:resource', lifecycle: 'lifecycle:transition' }
      : {
          timestamp: csvMapping!.timestampColumn,
          startTimestamp: csvMapping!.startTimestampColumn,
          resource: csvMapping!.resourceColumn,
          lifecycle: csvMapping!.lifecycleColumn,
        });
    const input = await openTextInput(file, progress, `Importing ${path.basename(file)}`);
    try {
      if (format === 'xes') {
        let traceNo = 0;
        await readXes(file, input, {
          onLogAttribute: (a) => writer.addLogAttributes([a]),
          onTrace: (t) => {
            traceNo++;
            let caseName = t.name;
            if (caseName === undefined || caseName === '') {
              builder.quality.missingCaseId++;
              caseName = `(trace ${traceNo})`;
            }
            if (t.events.length > 0 && builder.hasCase(caseName)) builder.quality.mergedTraces++;
            let stored = 0;
            for (const e of t.events) if (builder.addEvent(caseName, e, () => t.attributes)) stored++;
            if (stored === 0) builder.quality.emptyTraces++;
          },
        }, signal);
      } else {
        await readCsv(input, { file, mapping: csvMapping!, builder, signal });
      }
    } catch (err) {
      if (signal?.aborted) throw new CancelledError();
      throw asInputError(file, err);
    } finally {
      input.destroy();
    }
    throwIfCancelled(signal);
    return { logId: writer.logId, quality: builder.finish(file, format) };
  }, opts.save ?? true);
  const log = db.getLog(logId);
  if (!log) throw new Error(`The imported log ${logId} disappeared before the import returned`);
  progress?.({ message: 'Imported', fraction: 1 });
  return { log, quality };
}
