/**
 * Which JSON Lines field is what (docs/jsonl-event-log.md, "Field mapping"): the JsonlMapping
 * type and its detection from the field names of the first lines.
 *
 * Default names, tried in this order, exact match first, then ignoring case:
 *   case       case, case_id, case:concept:name
 *   activity   activity, concept:name
 *   timestamp  timestamp, time:timestamp, time
 *   resource   resource, org:resource
 */
import { ImportError } from './importError';
import { jsonlLines, parseJsonlObject } from './jsonlLines';
import type { JsonValue } from './jsonStream';
import { openTextInput } from './textInput';

export interface JsonlMapping {
  caseField: string;
  activityField: string;
  timestampField?: string;
  resourceField?: string;
}

export interface JsonlDetection {
  /** Proposed mapping. When `detected.case`/`detected.activity` is false the field is only a
   *  placeholder (the first/second field seen): ask the user. */
  mapping: JsonlMapping;
  /** Field names of the first lines, in order of first appearance. */
  fields: string[];
  /** Up to 10 parsed lines. */
  sample: { [key: string]: JsonValue }[];
  detected: { case: boolean; activity: boolean; timestamp: boolean; resource: boolean };
}

export const JSONL_CANDIDATES = {
  case: ['case', 'case_id', 'case:concept:name'],
  activity: ['activity', 'concept:name'],
  timestamp: ['timestamp', 'time:timestamp', 'time'],
  resource: ['resource', 'org:resource'],
} as const;

type Role = keyof typeof JSONL_CANDIDATES;

const HEAD_LINES = 50;
const SAMPLE_LINES = 10;

/** Guesses each role's field from the field names alone. */
export function guessJsonlFields(fields: readonly string[]): Partial<Record<Role, string>> {
  const taken = new Set<string>();
  const out: Partial<Record<Role, string>> = {};
  for (const role of ['case', 'activity', 'timestamp', 'resource'] as const) {
    const free = fields.filter((f) => !taken.has(f));
    let found: string | undefined;
    for (const c of JSONL_CANDIDATES[role]) {
      found = free.find((f) => f === c);
      if (found !== undefined) break;
    }
    if (found === undefined) {
      for (const c of JSONL_CANDIDATES[role]) {
        found = free.find((f) => f.toLowerCase() === c);
        if (found !== undefined) break;
      }
    }
    if (found !== undefined) {
      out[role] = found;
      taken.add(found);
    }
  }
  return out;
}

/** Reads the first lines of a JSON Lines file and proposes a field mapping. */
export async function detectJsonlMapping(filePath: string): Promise<JsonlDetection> {
  const input = await openTextInput(filePath);
  const fields: string[] = [];
  const seen = new Set<string>();
  const sample: { [key: string]: JsonValue }[] = [];
  let lines = 0;
  try {
    for await (const { text, line } of jsonlLines(input)) {
      const obj = parseJsonlObject(filePath, text, line);
      for (const k of Object.keys(obj)) {
        if (!seen.has(k)) {
          seen.add(k);
          fields.push(k);
        }
      }
      if (sample.length < SAMPLE_LINES) sample.push(obj);
      if (++lines >= HEAD_LINES) break;
    }
  } finally {
    input.destroy();
  }
  if (lines === 0) throw new ImportError(filePath, 'empty JSON Lines file: no event', { line: 1 });
  const g = guessJsonlFields(fields);
  const caseField = g.case ?? fields[0]!;
  const mapping: JsonlMapping = {
    caseField,
    activityField: g.activity ?? fields.find((f) => f !== caseField) ?? caseField,
  };
  if (g.timestamp) mapping.timestampField = g.timestamp;
  if (g.resource) mapping.resourceField = g.resource;
  return { mapping, fields, sample, detected: { case: !!g.case, activity: !!g.activity, timestamp: !!g.timestamp, resource: !!g.resource } };
}
