/**
 * Object-centric event logs (OCEL 2.0, https://www.ocel-standard.org; OCEL 1.0 JSON): which
 * encoding a file uses (JSON, XML or SQLite, told by its first bytes; gzip-compressed files
 * too), reading it into an OcelCollector, and `listOcelObjectTypes` for the object-type picker.
 * Flattening itself is in ocelFlatten.ts; importEventLog writes the flattened log.
 */
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { ProgressSink } from '../progress';
import { ImportError } from './importError';
import { OcelCollector, type OcelObjectTypeSummary } from './ocelFlatten';
import { readOcelJson } from './ocelJsonReader';
import { readOcelSqlite } from './ocelSqliteReader';
import { readOcelXml } from './ocelXmlReader';
import { asInputError, openTextInput } from './textInput';

export type OcelEncoding = 'json' | 'xml' | 'sqlite';

const SQLITE_MAGIC = 'SQLite format 3';
/** Top-level keys only an OCEL JSON file has (OCEL 2.0's type lists; OCEL 1.0's ocel: keys). */
const OCEL_JSON_KEY = /"(objectTypes|eventTypes|ocel:global-log|ocel:objects|ocel:events)"\s*:/;
const OCEL_XML_ELEMENT = /<(object-types|event-types)[\s>/]/;

/** The first `max` characters of a file (gunzipped when needed). */
export async function readHead(file: string, max = 64 * 1024): Promise<string> {
  const input = await openTextInput(file);
  let head = '';
  try {
    for await (const chunk of input) {
      head += chunk as string;
      if (head.length >= max) break;
    }
  } catch (err) {
    throw asInputError(file, err);
  } finally {
    input.destroy();
  }
  return head.replace(/^\uFEFF/, '');
}

/** True when the head of a JSON text has an OCEL top-level key. */
export function isOcelJsonHead(head: string): boolean {
  return head.trimStart().startsWith('{') && OCEL_JSON_KEY.test(head);
}

/** True when the head of an XML text has OCEL 2.0's <object-types> or <event-types>. */
export function isOcelXmlHead(head: string): boolean {
  return head.trimStart().startsWith('<') && OCEL_XML_ELEMENT.test(head);
}

export function isSqliteHead(head: string): boolean {
  return head.startsWith(SQLITE_MAGIC);
}

export async function ocelEncoding(file: string): Promise<OcelEncoding> {
  const head = await readHead(file, 4096);
  if (isSqliteHead(head)) return 'sqlite';
  const t = head.trimStart();
  if (t.startsWith('<')) return 'xml';
  if (t.startsWith('{')) return 'json';
  throw new ImportError(file, 'not an OCEL file: expected JSON, XML or SQLite content', { line: 1 });
}

export interface ReadOcelOptions {
  /** The object type to flatten on; undefined: only count (listOcelObjectTypes). */
  readonly objectType?: string;
  readonly progress?: ProgressSink;
  readonly signal?: AbortSignal;
}

export interface OcelRead {
  readonly collector: OcelCollector;
  readonly encoding: OcelEncoding;
}

/** Reads an OCEL file of any encoding into a new collector. */
export async function readOcel(filePath: string, opts: ReadOcelOptions = {}): Promise<OcelRead> {
  const file = path.resolve(filePath);
  const encoding = await ocelEncoding(file);
  const collector = new OcelCollector({ objectType: opts.objectType, textualValues: encoding === 'xml' });
  const message = `Reading ${path.basename(file)}`;
  if (encoding === 'sqlite') {
    opts.progress?.({ message, fraction: 0 });
    let bytes: Uint8Array = await fsp.readFile(file);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
    await readOcelSqlite(file, bytes, collector, { attributesOf: opts.objectType, eventDetails: opts.objectType !== undefined, signal: opts.signal });
    return { collector, encoding };
  }
  const input = await openTextInput(file, opts.progress, message);
  try {
    if (encoding === 'xml') await readOcelXml(file, input, collector, opts.signal);
    else await readOcelJson(file, input, collector, opts.signal);
  } catch (err) {
    throw asInputError(file, err);
  } finally {
    input.destroy();
  }
  return { collector, encoding };
}

/**
 * The object types of an OCEL file, for choosing one to flatten on: each with its number of
 * objects and the number of events its flattened log has (one per event-to-object relation).
 * Declared types come first, in file order; types with no object are listed with zeros.
 */
export async function listOcelObjectTypes(filePath: string): Promise<OcelObjectTypeSummary[]> {
  return (await readOcel(filePath)).collector.objectTypes();
}

/** "items (8,159 objects, 27,805 events), orders (...)": the non-empty types, for messages. */
export function describeObjectTypes(types: readonly OcelObjectTypeSummary[]): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const usable = types.filter((t) => t.objects > 0);
  return usable.length === 0 ? '(none: the log has no objects)' : usable.map((t) => `${t.type} (${n(t.objects)} objects, ${n(t.events)} events)`).join(', ');
}
