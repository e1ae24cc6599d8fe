/**
 * Where the money goes: per activity, the total and mean cost of its events, from a numeric event
 * attribute (`cost:usd`, written by the traces → event log conversion when a span's cost is known).
 * The figures come from the EventSource's aggregate query (eventAttributeTotals: SQL for stored
 * logs), restricted to the cases being mined; events without a cost are counted as unknown, never
 * as 0, so a total over partly priced events is a lower bound and says so.
 */
import type { EventAttributeTotals, EventSource } from './eventSource';
import type { ActivityCost, ActivityStats, CostFigures } from './types';

/** The event attribute the cost view reads: the cost of the event in US dollars. */
export const COST_ATTRIBUTE = 'cost:usd';

/**
 * Cost figures of `activities` (the per-activity event counts of the mined cases, e.g. a DFG's),
 * from `totals`; `keepCase` says which of the totals' cases are mined (all when omitted).
 */
export function activityCosts(
  totals: EventAttributeTotals, activities: readonly ActivityStats[], keepCase?: (caseId: string) => boolean, key = COST_ATTRIBUTE,
): CostFigures {
  const acc = new Map<string, { sum: number; count: number }>();
  for (const [caseId, byActivity] of totals) {
    if (keepCase && !keepCase(caseId)) continue;
    for (const [activity, t] of byActivity) {
      const a = acc.get(activity);
      if (a) {
        a.sum += t.sum;
        a.count += t.count;
      } else acc.set(activity, { sum: t.sum, count: t.count });
    }
  }
  let totalUsd = 0;
  let known = 0;
  let unknown = 0;
  const list: ActivityCost[] = activities.map((a) => {
    const t = acc.get(a.activity);
    const k = Math.min(t?.count ?? 0, a.events);
    const sum = t?.sum ?? 0;
    totalUsd += sum;
    known += k;
    unknown += a.events - k;
    return k > 0
      ? { activity: a.activity, totalUsd: sum, meanUsd: sum / k, known: k, unknown: a.events - k }
      : { activity: a.activity, totalUsd: 0, known: 0, unknown: a.events };
  });
  return { key, totalUsd, known, unknown, activities: list };
}

/**
 * Cost figures of the cases `source` yields, or undefined when it cannot answer the aggregate
 * query or its log has no `key` event attribute. `caseIds` are the mined cases (all of the
 * source's answer when omitted: pass them whenever a filter may have dropped cases).
 */
export async function discoverActivityCosts(
  source: EventSource, activities: readonly ActivityStats[], caseIds?: Iterable<string>, key = COST_ATTRIBUTE,
): Promise<CostFigures | undefined> {
  const totals = await source.eventAttributeTotals?.(key);
  if (!totals) return undefined;
  const keep = caseIds ? new Set(caseIds) : undefined;
  return activityCosts(totals, activities, keep && ((id) => keep.has(id)), key);
}
