/**
 * Which CSV column is what: the CsvMapping type, delimiter sniffing, and detection of the case,
 * activity, timestamp, start timestamp, resource and lifecycle columns from their names (XES-style names such as
 * case:concept:name first, then the usual export names: Case ID, Activity, Complete Timestamp,
 * Resource...). Detection reads only the head of the file.
 */
import { splitLine, csvRecords, DELIMITERS } from './csvParser';
import { ImportError } from './importError';
import { openTextInput } from './textInput';

export interface CsvMapping {
  caseColumn: string;
  activityColumn: string;
  timestampColumn?: string;
  resourceColumn?: string;
  /** Start of each event (interval logs); events are then ordered by start, then timestamp. */
  startTimestampColumn?: string;
  /** Column holding lifecycle:transition values (start/complete...). */
  lifecycleColumn?: string;
  /** One of , ; \t | ; sniffed from the file when absent. */
  delimiter?: string;
}

export interface CsvDetection {
  /** Proposed mapping (delimiter included). When `detected.case`/`detected.activity` is false the
   *  corresponding column is only a placeholder (the first/second column): ask the user. */
  mapping: CsvMapping;
  /** Header names, made unique (empty names become column1, column2...). */
  columns: string[];
  /** Up to 10 data rows, as text. */
  sample: string[][];
  detected: { case: boolean; activity: boolean; timestamp: boolean; startTimestamp: boolean; resource: boolean; lifecycle: boolean };
}

const SAMPLE_ROWS = 10;
const SNIFF_LINES = 50;

function norm(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_\-.]+/g, ' ');
}

const CANDIDATES = {
  case: ['case:concept:name', 'case id', 'caseid', 'case', 'case:id', 'case identifier', 'case key', 'case number', 'trace id', 'traceid', 'trace', 'process instance', 'instance id', 'session id', 'conversation id'],
  activity: ['concept:name', 'activity', 'activity name', 'activityname', 'task', 'task name', 'event name', 'action', 'operation', 'event', 'activity id', 'step'],
  timestamp: ['time:timestamp', 'complete timestamp', 'timestamp', 'end timestamp', 'completion time', 'complete time', 'end time', 'event time', 'time', 'datetime', 'date time', 'date'],
  startTimestamp: ['start timestamp', 'start time', 'starttime', 'start date'],
  resource: ['org:resource', 'resource', 'user', 'agent', 'performer', 'actor', 'originator', 'employee'],
  lifecycle: ['lifecycle:transition', 'lifecycle', 'transition', 'event type'],
} as const;

type Role = keyof typeof CANDIDATES;

/** Guesses each role's column from the header names alone. */
export function guessColumns(columns: readonly string[]): Partial<Record<Role, string>> {
  const taken = new Set<string>();
  const out: Partial<Record<Role, string>> = {};
  const normalized = columns.map(norm);
  for (const role of ['case', 'activity', 'timestamp', 'startTimestamp', 'resource', 'lifecycle'] as const) {
    for (const candidate of CANDIDATES[role]) {
      const i = normalized.findIndex((n, idx) => n === candidate && !taken.has(columns[idx]!));
      if (i >= 0) {
        out[role] = columns[i]!;
        taken.add(columns[i]!);
        break;
      }
    }
  }
  if (out.startTimestamp !== undefined && out.timestamp === undefined) {
    out.timestamp = out.startTimestamp; // the only time column: use it as the event's timestamp
    delete out.startTimestamp;
  }
  return out;
}

/** Picks the delimiter that splits the first lines into the same (largest) number of fields. */
export function sniffDelimiter(lines: readonly string[]): string {
  const sample = lines.filter((l) => l.trim() !== '').slice(0, SNIFF_LINES);
  let best: string = ',';
  let bestScore = 0;
  for (const d of DELIMITERS) {
    const counts = sample.map((l) => splitLine(l, d).length);
    const header = counts[0] ?? 1;
    if (header < 2) continue;
    const consistent = counts.filter((c) => c === header).length / counts.length;
    const score = header * consistent * consistent;
    if (score > bestScore) {
      best = d;
      bestScore = score;
    }
  }
  return best;
}

/** Header names made usable as keys: unnamed columns get `columnN`, repeats get ` (2)`. */
export function uniqueColumns(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((h, i) => {
    let name = h.trim() === '' ? `column${i + 1}` : h;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

async function headLines(filePath: string, max: number): Promise<string[]> {
  const input = await openTextInput(filePath);
  const lines: string[] = [];
  let rest = '';
  try {
    for await (const chunk of input) {
      rest += chunk as string;
      const parts = rest.split(/\r?\n/);
      rest = parts.pop() ?? '';
      lines.push(...parts);
      if (lines.length >= max || rest.length > 1 << 20) break;
    }
  } finally {
    input.destroy();
  }
  if (lines.length < max && rest !== '') lines.push(rest);
  if (lines[0]?.charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
  return lines.slice(0, max);
}

export async function sniffFileDelimiter(filePath: string): Promise<string> {
  return sniffDelimiter(await headLines(filePath, SNIFF_LINES));
}

/** Reads the head of a CSV file and proposes a column mapping. */
export async function detectCsvMapping(filePath: string): Promise<CsvDetection> {
  const delimiter = await sniffFileDelimiter(filePath);
  const input = await openTextInput(filePath);
  let header: string[] | undefined;
  const sample: string[][] = [];
  try {
    for await (const r of csvRecords(filePath, input, delimiter)) {
      if (!header) header = r.fields;
      else sample.push(r.fields);
      if (sample.length >= SAMPLE_ROWS) break;
    }
  } finally {
    input.destroy();
  }
  if (!header) throw new ImportError(filePath, 'empty CSV file: no header line', { line: 1 });
  const columns = uniqueColumns(header);
  const g = guessColumns(columns);
  const mapping: CsvMapping = {
    caseColumn: g.case ?? columns[0]!,
    activityColumn: g.activity ?? columns.find((c) => c !== (g.case ?? columns[0])) ?? columns[0]!,
    delimiter,
  };
  if (g.timestamp) mapping.timestampColumn = g.timestamp;
  if (g.startTimestamp) mapping.startTimestampColumn = g.startTimestamp;
  if (g.resource) mapping.resourceColumn = g.resource;
  if (g.lifecycle) mapping.lifecycleColumn = g.lifecycle;
  return {
    mapping,
    columns,
    sample,
    detected: {
      case: !!g.case, activity: !!g.activity, timestamp: !!g.timestamp, startTimestamp: !!g.startTimestamp, resource: !!g.resource, lifecycle: !!g.lifecycle,
    },
  };
}
