/**
 * RFC 4180 record splitting over a stream of lines (node:readline), with quoted fields that may
 * contain the delimiter, doubled quotes ("") and newlines (a record then spans several lines).
 * Lenient where files in the wild are: a quote inside an unquoted field is kept as text, and a
 * character after a closing quote is appended. Blank lines between records are skipped.
 * An unterminated quoted field at the end of the file is an ImportError naming its first line.
 */
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ImportError } from './importError';

export interface CsvRecord {
  readonly fields: string[];
  /** 1-based line where the record starts. */
  readonly line: number;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;

export async function* csvRecords(file: string, text: Readable, delimiter: string): AsyncGenerator<CsvRecord> {
  const lines = createInterface({ input: text, crlfDelay: Infinity });
  let lineNo = 0;
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let startLine = 0;
  try {
    for await (let line of lines) {
      lineNo++;
      if (lineNo === 1 && line.charCodeAt(0) === 0xfeff) line = line.slice(1);
      if (!inQuotes) {
        if (line === '') continue;
        startLine = lineNo;
        if (!line.includes('"')) {
          yield { fields: line.split(delimiter), line: lineNo };
          continue;
        }
        fields = [];
        field = '';
      } else {
        field += '\n';
      }
      let fieldStart = !inQuotes && field === '';
      for (let i = 0; i < line.length; i++) {
        const ch = line[i]!;
        if (inQuotes) {
          if (ch === '"') {
            if (line[i + 1] === '"') {
              field += '"';
              i++;
            } else {
              inQuotes = false;
            }
          } else {
            field += ch;
          }
        } else if (ch === delimiter) {
          fields.push(field);
          field = '';
          fieldStart = true;
          continue;
        } else if (ch === '"' && fieldStart) {
          inQuotes = true;
        } else {
          field += ch;
        }
        fieldStart = false;
      }
      if (!inQuotes) {
        fields.push(field);
        yield { fields, line: startLine };
        fields = [];
        field = '';
      }
    }
  } finally {
    lines.close();
  }
  if (inQuotes) throw new ImportError(file, 'unterminated quoted field', { line: startLine, column: undefined });
}

/** Splits one line (no embedded newlines) with the same rules; used for sniffing. */
export function splitLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let field = '';
  let inQuotes = false;
  let fieldStart = true;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (line[i + 1] === '"') { field += '"'; i++; } else inQuotes = false;
      } else field += ch;
      continue;
    }
    if (ch === delimiter) { out.push(field); field = ''; fieldStart = true; continue; }
    if (ch === '"' && fieldStart) inQuotes = true;
    else field += ch;
    fieldStart = false;
  }
  out.push(field);
  return out;
}
