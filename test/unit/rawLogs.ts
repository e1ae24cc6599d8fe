/**
 * Test helpers: independent readings of fixture files, without the importer, so that tests can
 * compute expected results from the files themselves. XES: traces with their flat attributes and
 * their events' flat attributes (regular expressions; nested attributes are not needed). CSV:
 * rows split on a separator (only for fixtures without quoted fields).
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fixture } from './eventlogFixtures';

export interface RawXesTrace {
  readonly name: string;
  /** Trace attributes (concept:name included), key → value text. */
  readonly attributes: Readonly<Record<string, string>>;
  /** Events in file order, each with its attributes (key → value text). */
  readonly events: readonly Readonly<Record<string, string>>[];
}

const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const decode = (s: string): string => s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ENTITIES[e]!);

function attributes(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<(?:string|date|int|float|boolean|id) key="([^"]*)" value="([^"]*)"\s*\/>/g)) out[decode(m[1]!)] = decode(m[2]!);
  return out;
}

export function rawXesTraces(name: string): RawXesTrace[] {
  const bytes = readFileSync(fixture(name));
  const xml = (name.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
  return [...xml.matchAll(/<trace>([\s\S]*?)<\/trace>/g)].map((m) => {
    const body = m[1]!;
    const events = [...body.matchAll(/<event>([\s\S]*?)<\/event>/g)].map((e) => attributes(e[1]!));
    const own = attributes(body.replace(/<event>[\s\S]*?<\/event>/g, ''));
    return { name: own['concept:name'] ?? '', attributes: own, events };
  });
}

/** Header and rows of a CSV fixture without quoted fields. */
export function rawCsv(name: string, separator: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(fixture(name), 'utf8').split(/\r?\n/).filter((l) => l !== '');
  return { header: lines[0]!.split(separator), rows: lines.slice(1).map((l) => l.split(separator)) };
}
