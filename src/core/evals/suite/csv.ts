/**
 * CSV text → rows of named fields with their 1-based line (RFC 4180: quoted fields may hold the
 * delimiter, doubled quotes and line breaks). Case files are small enough to read whole, so this
 * works on a string rather than the import pipeline's streams.
 */
import { SuiteError } from './errors';

export interface CsvRow {
  readonly fields: Readonly<Record<string, string>>;
  /** 1-based line where the row starts. */
  readonly line: number;
}

export interface CsvTable {
  readonly header: readonly string[];
  readonly rows: readonly CsvRow[];
}

/** Splits CSV text into records of raw fields with their starting line. Blank lines are skipped. */
export function csvRecords(text: string, path?: string): { fields: string[]; line: number }[] {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\r')) text = text.replace(/\r\n?/g, '\n');
  const out: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let inQuotes = false;
  let fieldStart = true;
  let empty = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === ',') { fields.push(field); field = ''; fieldStart = true; empty = false; continue; }
    if (ch === '\n') {
      if (!empty || field !== '') { fields.push(field); out.push({ fields, line: start }); }
      fields = []; field = ''; fieldStart = true; empty = true;
      line++;
      start = line;
      continue;
    }
    if (ch === '"' && fieldStart) { inQuotes = true; fieldStart = false; empty = false; continue; }
    field += ch;
    fieldStart = false;
    empty = false;
  }
  if (inQuotes) throw new SuiteError('unterminated quoted field', path, start);
  if (!empty || field !== '') { fields.push(field); out.push({ fields, line: start }); }
  return out;
}

/** A CSV file with a header row. Rows with more fields than the header are errors. */
export function parseCsv(text: string, path?: string): CsvTable {
  const records = csvRecords(text, path);
  const head = records[0];
  if (!head) return { header: [], rows: [] };
  const header = head.fields.map((h) => h.trim());
  const seen = new Set<string>();
  for (const h of header) {
    if (h === '') throw new SuiteError('empty column name in the header row', path, head.line);
    if (seen.has(h)) throw new SuiteError(`duplicate column '${h}'`, path, head.line);
    seen.add(h);
  }
  const rows: CsvRow[] = [];
  for (let r = 1; r < records.length; r++) {
    const rec = records[r]!;
    if (rec.fields.length > header.length) {
      throw new SuiteError(`row has ${rec.fields.length} fields but the header has ${header.length} columns`, path, rec.line);
    }
    const fields: Record<string, string> = {};
    header.forEach((h, i) => { fields[h] = rec.fields[i] ?? ''; });
    rows.push({ fields, line: rec.line });
  }
  return { header, rows };
}
