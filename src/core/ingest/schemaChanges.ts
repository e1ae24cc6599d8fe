/**
 * What changed in a source's schema since it was last imported: attributes that appeared or
 * disappeared, attributes whose fill rate moved by more than a threshold, and a change in how
 * timestamps read. Compares two data-quality reports of the same source; data in, data out.
 * Watching a feed, this is how a renamed column or a half-empty field is noticed before it skews
 * a baseline.
 */
import type { LogSummary } from '../db/types';
import type { QualityReport } from './quality';

export interface SchemaChanges {
  readonly added: readonly { readonly scope: 'case' | 'event'; readonly key: string; readonly rate: number }[];
  readonly removed: readonly { readonly scope: 'case' | 'event'; readonly key: string; readonly rate: number }[];
  readonly fillRate: readonly { readonly scope: 'case' | 'event'; readonly key: string; readonly before: number; readonly after: number }[];
  /** Set when the timestamp formats differ, e.g. a feed switched from ISO 8601 to epoch seconds. */
  readonly timestamps?: { readonly before: string; readonly after: string };
  readonly hasChanges: boolean;
}

/** Fill-rate moves smaller than this (absolute, in [0, 1]) are noise. */
export const FILL_RATE_THRESHOLD = 0.1;

export function diffSchemas(before: QualityReport, after: QualityReport, threshold = FILL_RATE_THRESHOLD): SchemaChanges {
  const key = (scope: string, k: string) => `${scope}\u0000${k}`;
  const prev = new Map(before.attributeFillRates.map((a) => [key(a.scope, a.key), a]));
  const next = new Map(after.attributeFillRates.map((a) => [key(a.scope, a.key), a]));
  const added = [...next.entries()].filter(([k]) => !prev.has(k)).map(([, a]) => ({ scope: a.scope, key: a.key, rate: a.rate }));
  const removed = [...prev.entries()].filter(([k]) => !next.has(k)).map(([, a]) => ({ scope: a.scope, key: a.key, rate: a.rate }));
  const fillRate = [...next.entries()]
    .filter(([k, a]) => prev.has(k) && Math.abs(a.rate - prev.get(k)!.rate) > threshold)
    .map(([k, a]) => ({ scope: a.scope, key: a.key, before: prev.get(k)!.rate, after: a.rate }));
  const formats = (r: QualityReport) => r.timestampInterpretation.formats.map((f) => f.label).sort().join(', ') || 'none';
  const timestamps = formats(before) === formats(after) ? undefined : { before: formats(before), after: formats(after) };
  return { added, removed, fillRate, ...(timestamps ? { timestamps } : {}), hasChanges: added.length + removed.length + fillRate.length > 0 || !!timestamps };
}

/** One sentence per change, for notifications and logs. */
export function describeSchemaChanges(c: SchemaChanges): string[] {
  const pct = (r: number) => `${Math.round(r * 100)}%`;
  const out: string[] = [];
  for (const a of c.added) out.push(`new ${a.scope} attribute "${a.key}" (${pct(a.rate)} filled)`);
  for (const a of c.removed) out.push(`${a.scope} attribute "${a.key}" is gone (was ${pct(a.rate)} filled)`);
  for (const a of c.fillRate) out.push(`${a.scope} attribute "${a.key}" is now ${pct(a.after)} filled (was ${pct(a.before)})`);
  if (c.timestamps) out.push(`timestamps now read as ${c.timestamps.after} (were ${c.timestamps.before})`);
  return out;
}

/** The latest earlier import of the same source as the same log (for OCEL: the same object type,
 * which is part of the log's name): the one whose report `log`'s is compared with. */
export function previousImportOf(logs: readonly LogSummary[], log: LogSummary): LogSummary | undefined {
  return logs
    .filter((l) => l.sourcePath === log.sourcePath && l.name === log.name && l.format === log.format && l.id !== log.id && l.importedAt <= log.importedAt)
    .sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1) || b.id - a.id)[0];
}
