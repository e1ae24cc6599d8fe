/**
 * Case statistics in one pass over an EventSource, for the statistics view and the case list:
 * - one summary per case (events, first and last timestamp, duration; see caseInterval.ts), in
 *   natural case-id order ("2" before "10");
 * - the distribution of case durations (durationBins.ts), omitted when no case has a timestamp;
 * - throughput over time: cases started and ended and events per day, week or month
 *   (throughput.ts);
 * - rework: per activity, the cases in which it occurs more than once, its occurrences beyond the
 *   first in each case, and its self-loops (directly followed by itself); most repeats first.
 * Memory: one summary per case, one entry per activity and per time bucket.
 */
import { throwIfCancelled } from '../progress';
import { caseInterval } from './caseInterval';
import type { EventSource } from './eventSource';
import { durationBins, type DurationBin } from './durationBins';
import { compareNatural } from './naturalOrder';
import { throughput, type Throughput } from './throughput';

export interface CaseSummary {
  readonly caseId: string;
  readonly events: number;
  /** Earliest event start or timestamp, epoch ms; absent when the case has no timestamp. */
  readonly first?: number;
  /** Latest event timestamp, epoch ms. */
  readonly last?: number;
  /** last − first, ms. */
  readonly durationMs?: number;
}

export interface ReworkStats {
  readonly activity: string;
  /** Cases in which the activity occurs more than once. */
  readonly casesWithRepeat: number;
  /** Occurrences beyond the first in each case, summed over the cases. */
  readonly repeats: number;
  /** Times the activity directly follows itself. */
  readonly selfLoops: number;
}

export interface CaseStatistics {
  readonly cases: readonly CaseSummary[];
  readonly durationDistribution?: { readonly bins: readonly DurationBin[] };
  /** Points are empty when no event has a timestamp (the bucket is then 'day'). */
  readonly throughput: Throughput;
  readonly rework: readonly ReworkStats[];
}

export async function discoverCaseStatistics(source: EventSource, signal?: AbortSignal): Promise<CaseStatistics> {
  const cases: CaseSummary[] = [];
  const eventTimes: number[] = [];
  const rework = new Map<string, { casesWithRepeat: number; repeats: number; selfLoops: number }>();
  const perCase = new Map<string, number>();
  let n = 0;
  for await (const c of source.cases(signal)) {
    if ((++n & 1023) === 0) throwIfCancelled(signal);
    const iv = caseInterval(c.events);
    cases.push(iv ? { caseId: c.caseId, events: c.events.length, first: iv.first, last: iv.last, durationMs: iv.last - iv.first } : { caseId: c.caseId, events: c.events.length });
    perCase.clear();
    for (let i = 0; i < c.events.length; i++) {
      const e = c.events[i]!;
      const t = e.time ?? e.start;
      if (t !== undefined) eventTimes.push(t);
      perCase.set(e.activity, (perCase.get(e.activity) ?? 0) + 1);
      if (i > 0 && c.events[i - 1]!.activity === e.activity) reworkOf(rework, e.activity).selfLoops++;
    }
    for (const [activity, count] of perCase) {
      if (count < 2) continue;
      const r = reworkOf(rework, activity);
      r.casesWithRepeat++;
      r.repeats += count - 1;
    }
  }
  cases.sort((a, b) => compareNatural(a.caseId, b.caseId));
  const durations = cases.flatMap((c) => (c.durationMs === undefined ? [] : [c.durationMs]));
  const bins = durationBins(durations);
  return {
    cases,
    ...(bins && { durationDistribution: { bins } }),
    throughput: throughput(cases, eventTimes),
    rework: [...rework.entries()]
      .map(([activity, r]) => ({ activity, ...r }))
      .sort((a, b) => b.repeats - a.repeats || b.casesWithRepeat - a.casesWithRepeat || (a.activity < b.activity ? -1 : a.activity > b.activity ? 1 : 0)),
  };
}

function reworkOf(map: Map<string, { casesWithRepeat: number; repeats: number; selfLoops: number }>, activity: string) {
  let r = map.get(activity);
  if (!r) map.set(activity, (r = { casesWithRepeat: 0, repeats: 0, selfLoops: 0 }));
  return r;
}
