/**
 * Directly-follows graph discovery (PM4Py's `discover_dfg` plus its performance variant) in one
 * pass over an EventSource: for each pair of consecutive events a -> b in a case, the edge's
 * frequency, the number of cases containing it, and (when the log has timestamps) the time
 * between the two events (source's time to target's start when the log records starts, else to
 * the target's time, as PM4Py's performance DFG); plus start/end activities and per-activity event/case counts.
 * Memory: one entry per distinct activity and edge, and one duration per edge occurrence.
 */
import { throwIfCancelled } from '../progress';
import { durationStats } from './durationStats';
import type { EventSource } from './eventSource';
import type { ActivityStats, DfgEdge, DirectlyFollowsGraph } from './types';

interface EdgeAcc {
  readonly source: string;
  readonly target: string;
  frequency: number;
  cases: number;
  lastCase: number;
  durations: number[];
}

interface ActivityAcc {
  events: number;
  cases: number;
  lastCase: number;
}

const SEP = '\u0000';

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

/** Deterministic order: most frequent first, then by name. */
function byCountThenName<T>(count: (x: T) => number, name: (x: T) => string) {
  return (a: T, b: T) => count(b) - count(a) || (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0);
}

export async function discoverDfg(source: EventSource, signal?: AbortSignal): Promise<DirectlyFollowsGraph> {
  const withTime = await source.hasTimestamps();
  // Edges by source, then target: no key string is built per event.
  const edges = new Map<string, Map<string, EdgeAcc>>();
  const activities = new Map<string, ActivityAcc>();
  const start: Record<string, number> = Object.create(null);
  const end: Record<string, number> = Object.create(null);
  let cases = 0;
  let events = 0;

  for await (const c of source.cases(signal)) {
    const evs = c.events;
    if (evs.length === 0) continue;
    const caseNo = ++cases;
    if ((caseNo & 1023) === 0) throwIfCancelled(signal);
    events += evs.length;
    bump(start, evs[0]!.activity);
    bump(end, evs[evs.length - 1]!.activity);
    for (let i = 0; i < evs.length; i++) {
      const e = evs[i]!;
      let a = activities.get(e.activity);
      if (!a) activities.set(e.activity, (a = { events: 0, cases: 0, lastCase: 0 }));
      a.events++;
      if (a.lastCase !== caseNo) {
        a.cases++;
        a.lastCase = caseNo;
      }
      if (i === 0) continue;
      const p = evs[i - 1]!;
      let bySource = edges.get(p.activity);
      if (!bySource) edges.set(p.activity, (bySource = new Map()));
      let edge = bySource.get(e.activity);
      if (!edge) bySource.set(e.activity, (edge = { source: p.activity, target: e.activity, frequency: 0, cases: 0, lastCase: 0, durations: [] }));
      edge.frequency++;
      if (edge.lastCase !== caseNo) {
        edge.cases++;
        edge.lastCase = caseNo;
      }
      const to = e.start ?? e.time;
      if (withTime && p.time !== undefined && to !== undefined) edge.durations.push(to - p.time);
    }
  }

  const edgeList: DfgEdge[] = [...edges.values()].flatMap((m) => [...m.values()]).map((e) => {
    const duration = withTime ? durationStats(e.durations) : undefined;
    return duration
      ? { source: e.source, target: e.target, frequency: e.frequency, cases: e.cases, duration }
      : { source: e.source, target: e.target, frequency: e.frequency, cases: e.cases };
  });
  edgeList.sort(byCountThenName((e: DfgEdge) => e.frequency, (e) => `${e.source}${SEP}${e.target}`));
  const activityList: ActivityStats[] = [...activities.entries()]
    .map(([activity, a]) => ({ activity, events: a.events, cases: a.cases }))
    .sort(byCountThenName((a: ActivityStats) => a.events, (a) => a.activity));

  return {
    cases,
    events,
    activities: activityList,
    edges: edgeList,
    start: { ...start },
    end: { ...end },
    hasTimestamps: withTime,
  };
}
