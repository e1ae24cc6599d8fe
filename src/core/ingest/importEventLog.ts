/**
 * importEventLog: one file (XES, XES.gz, CSV, CSV.gz, JSON Lines, or an OCEL 2.0 / 1.0
 * object-centric log flattened on one object type) into the database, in one transaction.
 *
 * The format comes from the file name (.xes / .csv / .tsv / .jsonl / .ndjson / .jsonocel /
 * .xmlocel / .sqlite, optionally .gz), falling back to a look at the first bytes (`.json` files
 * are OCEL when they have OCEL's top-level keys, else JSON Lines). Text files are streamed;
 * progress is the fraction of bytes read; an AbortSignal cancels with CancelledError. Any failure
 * rolls the transaction back (the database is exactly as before) and nothing is written to disk;
 * on success a file-backed database is saved (atomically) unless `save: false`.
 *
 * loadEventLog runs the same readers, LogBuilder and quality report into memory instead (MemoryLog:
 * columns, no database), for mining a file once (`tracemine mine`); both give the same totals,
 * report, cases and event order (test/unit/memoryEventSource.test.ts).
 */
import * as path from 'node:path';
import type { LogSummary, LogFormat } from '../db/types';
import type { MemoryEventSource } from '../mining/memoryEventSource';
import type { TracemineDb } from '../db/tracemineDb';
import { CancelledError, throwIfCancelled, type ProgressSink } from '../progress';
import { detectCsvMapping, sniffFileDelimiter, type CsvMapping } from './csvMapping';
import { readCsv } from './csvReader';
import { ImportError } from './importError';
import { detectJsonlMapping, type JsonlMapping } from './jsonlMapping';
import { readJsonl } from './jsonlReader';
import { LogBuilder } from './logBuilder';
import type { LogSink } from './logSink';
import { MemoryLog } from './memoryLog';
import { describeObjectTypes, isOcelJsonHead, isOcelXmlHead, isSqliteHead, listOcelObjectTypes, readHead, readOcel } from './ocel';
import type { QualityReport } from './quality';
import { asInputError, openTextInput } from './textInput';
import { readXes } from './xesReader';

export interface ImportOptions {
  /** Display name; default: the file name without its extensions (OCEL: plus ` · <object type>`). */
  name?: string;
  /** CSV column mapping; default: detected from the header (an ImportError if that fails). */
  csv?: CsvMapping;
  /** JSON Lines field mapping; default: detected from the first lines (an ImportError if that fails). */
  jsonl?: JsonlMapping;
  /** OCEL: the object type to flatten on (required for OCEL files; see listOcelObjectTypes). */
  ocelObjectType?: string;
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
const JSONL_LIKE = /\.(jsonl|ndjson)(\.gz)?$/i;
const OCEL_LIKE = /\.(jsonocel|xmlocel|sqlite|sqlite3)(\.gz)?$/i;
const JSON_LIKE = /\.json(\.gz)?$/i;
const EXTENSIONS = /\.(xes|xml|csv|tsv|tab|txt|jsonl|ndjson|jsonocel|xmlocel|sqlite|sqlite3|json)$/i;

/**
 * Guesses the format from the name, then from the first characters: SQLite and XML or JSON with
 * OCEL's structure mean OCEL, other XML means XES, other JSON means JSON Lines, anything else CSV.
 * A `.json` file that is neither OCEL nor JSON Lines is an ImportError.
 */
export async function guessFormat(filePath: string): Promise<LogFormat> {
  if (OCEL_LIKE.test(filePath)) return 'ocel';
  if (JSONL_LIKE.test(filePath)) return 'jsonl';
  if (XES_LIKE.test(filePath)) return 'xes';
  if (CSV_LIKE.test(filePath)) return 'csv';
  const head = await readHead(filePath);
  const t = head.trimStart();
  if (isSqliteHead(head) || isOcelJsonHead(head) || isOcelXmlHead(head)) return 'ocel';
  if (t.startsWith('<')) return 'xes';
  if (t.startsWith('{')) {
    const firstLine = t.split(/\r?\n/, 1)[0]!;
    let isObject = false;
    try {
      const v: unknown = JSON.parse(firstLine);
      isObject = v !== null && typeof v === 'object' && !Array.isArray(v);
    } catch {
      isObject = false;
    }
    if (isObject) return 'jsonl';
    if (JSON_LIKE.test(filePath)) {
      throw new ImportError(filePath, 'not an event log: a JSON document without OCEL keys (objectTypes, eventTypes, objects, events), and not JSON Lines (one object per line)', { line: 1 });
    }
  }
  if (JSON_LIKE.test(filePath)) throw new ImportError(filePath, 'not an event log: expected OCEL JSON or JSON Lines', { line: 1 });
  return 'csv';
}

export function defaultLogName(filePath: string): string {
  return path.basename(filePath).replace(/\.gz$/i, '').replace(EXTENSIONS, '');
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

async function resolveJsonlMapping(filePath: string, given: JsonlMapping | undefined): Promise<JsonlMapping> {
  if (given) return given;
  const d = await detectJsonlMapping(filePath);
  const missing = [!d.detected.case && 'case id', !d.detected.activity && 'activity'].filter(Boolean);
  if (missing.length > 0) {
    throw new ImportError(
      filePath,
      `could not detect the ${missing.join(' and ')} field${missing.length > 1 ? 's' : ''} from the first lines; pass a JSON Lines field mapping (fields: ${d.fields.join(', ')})`,
      { line: 1, field: !d.detected.case ? 'caseField' : 'activityField' },
    );
  }
  return d.mapping;
}

/** OCEL: the object type to flatten on, checked against the file when it was not given. */
async function requireObjectType(file: string, given: string | undefined): Promise<string> {
  if (given !== undefined && given !== '') return given;
  const types = await listOcelObjectTypes(file);
  throw new ImportError(
    file,
    `an object-centric event log (OCEL) is imported flattened on one object type; choose one (option ocelObjectType, CLI --object-type): ${describeObjectTypes(types)}`,
    { field: 'ocelObjectType' },
  );
}

/** Everything an import needs to know before reading: the format and its mapping, the log's name. */
interface ResolvedImport {
  readonly file: string;
  readonly format: LogFormat;
  readonly name: string;
  readonly csvMapping?: CsvMapping & { delimiter: string };
  readonly jsonlMapping?: JsonlMapping;
  readonly objectType?: string;
}

async function resolveImport(filePath: string, opts: ImportOptions): Promise<ResolvedImport> {
  const file = path.resolve(filePath);
  throwIfCancelled(opts.signal);
  const format = opts.format ?? (await guessFormat(file));
  const csvMapping = format === 'csv' ? await resolveCsvMapping(file, opts.csv) : undefined;
  const jsonlMapping = format === 'jsonl' ? await resolveJsonlMapping(file, opts.jsonl) : undefined;
  const objectType = format === 'ocel' ? await requireObjectType(file, opts.ocelObjectType) : undefined;
  throwIfCancelled(opts.signal);
  const name = opts.name ?? (objectType !== undefined ? `${defaultLogName(file)} · ${objectType}` : defaultLogName(file));
  return { file, format, name, csvMapping, jsonlMapping, objectType };
}

/**
 * Reads the file into `sink` through a LogBuilder and returns the quality report: the one import
 * pipeline behind both the database import and the in-memory load.
 */
async function readInto(r: ResolvedImport, sink: LogSink, opts: ImportOptions): Promise<QualityReport> {
  const { file, format, csvMapping, jsonlMapping, objectType } = r;
  const { progress, signal } = opts;
  if (objectType !== undefined) {
    const { collector } = await readOcel(file, { objectType, progress, signal });
    throwIfCancelled(signal);
    const types = collector.objectTypes();
    if (!types.some((t) => t.type === objectType && t.objects > 0)) {
      throw new ImportError(file, `no object of type "${objectType}" in this log; the object types are: ${describeObjectTypes(types)}`, { field: 'ocelObjectType' });
    }
    const builder = new LogBuilder(sink, { timestamp: 'time' });
    sink.addLogAttributes([{ key: 'ocel:objectType', type: 'string', value: objectType }]);
    collector.flattenInto(builder, signal);
    throwIfCancelled(signal);
    return builder.finish(file, format);
  }
  const builder = new LogBuilder(sink, format === 'xes'
    ? { timestamp: 'time:timestamp', startTimestamp: 'start_timestamp', resource: 'org:resource', lifecycle: 'lifecycle:transition' }
    : format === 'jsonl'
      ? { timestamp: jsonlMapping!.timestampField, resource: jsonlMapping!.resourceField }
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
        onLogAttribute: (a) => sink.addLogAttributes([a]),
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
    } else if (format === 'jsonl') {
      await readJsonl(input, { file, mapping: jsonlMapping!, builder, signal });
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
  return builder.finish(file, format);
}

export async function importEventLog(db: TracemineDb, filePath: string, opts: ImportOptions = {}): Promise<ImportResult> {
  const r = await resolveImport(filePath, opts);
  const { logId, quality } = await db.withImport({ name: r.name, sourcePath: r.file, format: r.format }, async (writer) => {
    const report = await readInto(r, writer, opts);
    return { logId: writer.logId, quality: report };
  }, opts.save ?? true);
  const log = db.getLog(logId);
  if (!log) throw new Error(`The imported log ${logId} disappeared before the import returned`);
  opts.progress?.({ message: 'Imported', fraction: 1 });
  return { log, quality };
}

/** A log loaded into memory by loadEventLog: what a LogSummary says, without a database id. */
export type MemoryLogSummary = Omit<LogSummary, 'id'>;

export interface LoadResult {
  log: MemoryLogSummary;
  quality: QualityReport;
  /** The log's cases and events, in the order and with the values a database import would give. */
  source: MemoryEventSource;
}

/**
 * Reads an event log into memory for mining, without a database: the same readers, LogBuilder and
 * quality report as importEventLog (so the same totals, report and mining results), but the events
 * go into columns (MemoryLog) instead of SQLite rows. For one-shot mining (`tracemine mine`); the
 * result does not answer attribute queries (no `casesWithAttribute`). Options as importEventLog;
 * `save` does not apply.
 */
export async function loadEventLog(filePath: string, opts: ImportOptions = {}): Promise<LoadResult> {
  const r = await resolveImport(filePath, opts);
  const memory = new MemoryLog();
  const quality = await readInto(r, memory, opts);
  const totals = memory.totals!;
  const log: MemoryLogSummary = {
    name: r.name,
    sourcePath: r.file,
    format: r.format,
    importedAt: new Date().toISOString(),
    cases: totals.cases,
    events: totals.events,
    activities: totals.activities,
    hasTimestamps: totals.hasTimestamps,
  };
  if (totals.firstTimestamp !== undefined) log.firstTimestamp = new Date(totals.firstTimestamp).toISOString();
  if (totals.lastTimestamp !== undefined) log.lastTimestamp = new Date(totals.lastTimestamp).toISOString();
  const source = memory.eventSource();
  opts.progress?.({ message: 'Loaded', fraction: 1 });
  return { log, quality, source };
}
