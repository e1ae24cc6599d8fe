/**
 * Variant discovery: groups cases by their activity sequence. Sorted by number of cases
 * (descending), then by the sequences themselves (element-wise, shorter first on a common
 * prefix), so the result is deterministic. Memory: one entry per distinct variant.
 */
import { throwIfCancelled } from '../progress';
import type { EventSource } from './eventSource';
import type { Variant } from './types';

const SEP = '\u0000';

export function compareSequences(a: readonly string[], b: readonly string[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  }
  return a.length - b.length;
}

export async function discoverVariants(source: EventSource, signal?: AbortSignal): Promise<Variant[]> {
  const groups = new Map<string, { activities: string[]; cases: number }>();
  let total = 0;
  for await (const c of source.cases(signal)) {
    if (c.events.length === 0) continue;
    if ((++total & 1023) === 0) throwIfCancelled(signal);
    const activities = c.events.map((e) => e.activity);
    const key = activities.join(SEP);
    const g = groups.get(key);
    if (g) g.cases++;
    else groups.set(key, { activities, cases: 1 });
  }
  return [...groups.values()]
    .map((g) => ({ activities: g.activities, cases: g.cases, coverage: total > 0 ? g.cases / total : 0 }))
    .sort((a, b) => b.cases - a.cases || compareSequences(a.activities, b.activities));
}
