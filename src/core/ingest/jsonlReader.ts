/**
 * Reads a JSON Lines event log (docs/jsonl-event-log.md), line by line, into a LogBuilder.
 *
 * One line is one event. The mapped fields give case id, activity, timestamp and resource; fields
 * named `case:<key>` become case attributes `<key>` (read from the case's first line); every
 * other field becomes a typed event attribute: numbers int or float, booleans boolean, strings
 * in ISO 8601 date form date, other strings string, objects and arrays their JSON text (string).
 * `null` and "" are missing values. Timestamps go through the same interpretation as CSV cells
 * (ISO 8601 text, epoch seconds or milliseconds as numbers or digit strings).
 */
import type { Readable } from 'node:stream';
import type { TypedAttribute } from '../db/types';
import { throwIfCancelled } from '../progress';
import { ImportError } from './importError';
import { jsonlLines, parseJsonlObject } from './jsonlLines';
import type { JsonlMapping } from './jsonlMapping';
import type { JsonValue } from './jsonStream';
import type { LogBuilder } from './logBuilder';
import { parseDateTime } from './timestamps';

const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d|$)/;

/** A mapped field's value as text: undefined for absent, null and "". */
function fieldText(v: JsonValue | undefined): string | undefined {
  if (v === undefined || v === null) return undefined;
  const t = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return t === '' ? undefined : t;
}

/** Types one JSON value as an attribute value; undefined for null and "". */
export function jsonAttributeValue(v: JsonValue): { type: TypedAttribute['type']; value: string | number } | undefined {
  switch (typeof v) {
    case 'boolean':
      return { type: 'boolean', value: v ? 1 : 0 };
    case 'number':
      return Number.isSafeInteger(v) ? { type: 'int', value: v } : { type: 'float', value: v };
    case 'string': {
      if (v === '') return undefined;
      if (ISO_DATE.test(v)) {
        const d = parseDateTime(v);
        if (d) return { type: 'date', value: d.time };
      }
      return { type: 'string', value: v };
    }
    default:
      return v === null ? undefined : { type: 'string', value: JSON.stringify(v) };
  }
}

export interface JsonlReadContext {
  readonly file: string;
  readonly mapping: JsonlMapping;
  readonly builder: LogBuilder;
  readonly signal?: AbortSignal;
}

export async function readJsonl(input: Readable, ctx: JsonlReadContext): Promise<void> {
  const { file, mapping, builder, signal } = ctx;
  const q = builder.quality;
  const mapped = new Set([mapping.caseField, mapping.activityField, mapping.timestampField, mapping.resourceField].filter((f) => f !== undefined));
  let n = 0;
  for await (const { text, line } of jsonlLines(input)) {
    if ((++n & 1023) === 0) throwIfCancelled(signal);
    const obj = parseJsonlObject(file, text, line);
    const caseName = fieldText(obj[mapping.caseField]);
    if (caseName === undefined) {
      q.missingCaseId++;
      q.skippedEvents++;
      continue;
    }
    const attributes: TypedAttribute[] = [];
    const caseAttributes: TypedAttribute[] = [];
    for (const key of Object.keys(obj)) {
      if (mapped.has(key)) continue;
      const typed = jsonAttributeValue(obj[key]!);
      if (!typed) continue;
      if (key.startsWith('case:') && key.length > 5) caseAttributes.push({ key: key.slice(5), ...typed });
      else attributes.push({ key, ...typed });
    }
    builder.addEvent(
      caseName,
      {
        activity: fieldText(obj[mapping.activityField]),
        timestamp: mapping.timestampField !== undefined ? fieldText(obj[mapping.timestampField]) : undefined,
        resource: mapping.resourceField !== undefined ? fieldText(obj[mapping.resourceField]) : undefined,
        attributes,
        line,
      },
      () => caseAttributes,
    );
  }
  throwIfCancelled(signal);
  if (n === 0) throw new ImportError(file, 'empty JSON Lines file: no event', { line: 1 });
}
