/**
 * Reads a CSV/TSV event log, record by record, into a LogBuilder using a CsvMapping.
 *
 * One row is one event. The mapped columns give case id, activity, timestamp, start timestamp,
 * resource and lifecycle; columns named `case:<key>` (XES-style exports) become case attributes `<key>`, read
 * from the case's first row; every other non-empty cell becomes a typed event attribute
 * (int, float, boolean, date or string, inferred per value). The empty string is the only missing
 * value: "NA", "null" and friends are ordinary text (one Sepsis case is literally named NA).
 */
import type { Readable } from 'node:stream';
import type { TypedAttribute } from '../db/types';
import { throwIfCancelled } from '../progress';
import type { CsvMapping } from './csvMapping';
import { uniqueColumns } from './csvMapping';
import { csvRecords } from './csvParser';
import { ImportError } from './importError';
import type { LogBuilder } from './logBuilder';
import { parseDateTime } from './timestamps';

const INT = /^[+-]?(?:0|[1-9]\d{0,15})$/;
const FLOAT = /^[+-]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][+-]?\d+)?$/;

/** Infers the type of one CSV cell. Numbers with leading zeros (codes, zip codes) stay text. */
export function inferCsvValue(raw: string): { type: TypedAttribute['type']; value: string | number } {
  const t = raw.trim();
  if (INT.test(t)) {
    const v = Number(t);
    if (Number.isSafeInteger(v)) return { type: 'int', value: v };
  }
  if (FLOAT.test(t) && !/^[+-]?0\d/.test(t)) {
    const v = Number(t);
    if (Number.isFinite(v)) return { type: 'float', value: v };
  }
  const lower = t.toLowerCase();
  if (lower === 'true' || lower === 'false') return { type: 'boolean', value: lower === 'true' ? 1 : 0 };
  if (/^\d{4}[-/]\d{1,2}[-/]\d{1,2}/.test(t)) {
    const d = parseDateTime(t);
    if (d) return { type: 'date', value: d.time };
  }
  return { type: 'string', value: raw };
}

export interface CsvReadContext {
  readonly file: string;
  readonly mapping: CsvMapping & { delimiter: string };
  readonly builder: LogBuilder;
  readonly signal?: AbortSignal;
}

export async function readCsv(input: Readable, ctx: CsvReadContext): Promise<void> {
  const { file, mapping, builder, signal } = ctx;
  const q = builder.quality;
  let columns: string[] | undefined;
  let ci = -1, ai = -1, ti = -1, si = -1, ri = -1, li = -1;
  let caseCols: { index: number; key: string }[] = [];
  let eventCols: { index: number; key: string }[] = [];
  let n = 0;
  for await (const rec of csvRecords(file, input, mapping.delimiter)) {
    if (!columns) {
      columns = uniqueColumns(rec.fields);
      const find = (name: string | undefined, field: keyof CsvMapping): number => {
        if (name === undefined) return -1;
        const i = columns!.indexOf(name);
        if (i < 0) {
          throw new ImportError(file, `column "${name}" not found; the columns are: ${columns!.join(', ')}`, { line: rec.line, field });
        }
        return i;
      };
      ci = find(mapping.caseColumn, 'caseColumn');
      ai = find(mapping.activityColumn, 'activityColumn');
      ti = find(mapping.timestampColumn, 'timestampColumn');
      si = find(mapping.startTimestampColumn, 'startTimestampColumn');
      ri = find(mapping.resourceColumn, 'resourceColumn');
      li = find(mapping.lifecycleColumn, 'lifecycleColumn');
      const mapped = new Set([ci, ai, ti, si, ri, li]);
      caseCols = [];
      eventCols = [];
      columns.forEach((c, index) => {
        if (mapped.has(index)) return;
        if (c.startsWith('case:') && c.length > 5) caseCols.push({ index, key: c.slice(5) });
        else eventCols.push({ index, key: c });
      });
      continue;
    }
    if ((++n & 1023) === 0) throwIfCancelled(signal);
    const f = rec.fields;
    if (f.length !== columns.length) q.raggedRows++;
    const caseName = f[ci] ?? '';
    if (caseName === '') {
      q.missingCaseId++;
      q.skippedEvents++;
      continue;
    }
    const attributes: TypedAttribute[] = [];
    for (const { index, key } of eventCols) {
      const raw = f[index];
      if (raw !== undefined && raw !== '') attributes.push({ key, ...inferCsvValue(raw) });
    }
    builder.addEvent(
      caseName,
      {
        activity: f[ai],
        timestamp: ti >= 0 ? f[ti] : undefined,
        startTimestamp: si >= 0 ? f[si] : undefined,
        resource: ri >= 0 ? f[ri] : undefined,
        lifecycle: li >= 0 ? f[li] : undefined,
        attributes,
        line: rec.line,
      },
      () => {
        const attrs: TypedAttribute[] = [];
        for (const { index, key } of caseCols) {
          const raw = f[index];
          if (raw !== undefined && raw !== '') attrs.push({ key, ...inferCsvValue(raw) });
        }
        return attrs;
      },
    );
  }
  throwIfCancelled(signal);
  if (!columns) throw new ImportError(file, 'empty CSV file: no header line', { line: 1 });
}
