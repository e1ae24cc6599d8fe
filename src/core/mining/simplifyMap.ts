/**
 * Simplifying a process map the way Disco's sliders do.
 *
 * - Activities: `selectActivities` keeps the most frequent activities (by events). The host then
 *   re-mines the log projected onto them (`projectEventSource`), so the cases that passed through a
 *   removed activity still connect its neighbours, as in Disco.
 * - Paths: `selectPaths` keeps the most frequent edges, then adds back for every activity its most
 *   frequent incoming and outgoing edge, so no activity is left dangling (the map never falls
 *   apart into pieces that have no way in or out).
 *
 * Start and end of the process are modelled as edges from `START` / to `END`.
 */
import type { DirectlyFollowsGraph } from './types';

export const START = '▶ start';
export const END = '■ end';

export interface MapEdge {
  readonly source: string;
  readonly target: string;
  readonly frequency: number;
}

/** Activity names to keep at `percent` (0–100) of the activity slider; always at least one. */
export function selectActivities(dfg: Pick<DirectlyFollowsGraph, 'activities'>, percent: number): Set<string> {
  const sorted = [...dfg.activities].sort((a, b) => b.events - a.events || a.activity.localeCompare(b.activity));
  const n = Math.max(1, Math.ceil((sorted.length * clampPercent(percent)) / 100));
  return new Set(sorted.slice(0, n).map((a) => a.activity));
}

/** All edges of the map including the virtual start and end edges. */
export function mapEdges(dfg: Pick<DirectlyFollowsGraph, 'edges' | 'start' | 'end'>): MapEdge[] {
  const edges: MapEdge[] = dfg.edges.map((e) => ({ source: e.source, target: e.target, frequency: e.frequency }));
  for (const [a, n] of Object.entries(dfg.start)) edges.push({ source: START, target: a, frequency: n });
  for (const [a, n] of Object.entries(dfg.end)) edges.push({ source: a, target: END, frequency: n });
  return edges;
}

const edgeKey = (e: MapEdge): string => `${e.source}\u0000${e.target}`;

/**
 * Edges to draw at `percent` (0–100) of the path slider. Returns keys `source\0target` of kept
 * edges. At 100 every edge is kept; at 0 each activity keeps only its strongest way in and out.
 */
export function selectPaths(edges: readonly MapEdge[], percent: number): Set<string> {
  const byFreq = [...edges].sort((a, b) => b.frequency - a.frequency || edgeKey(a).localeCompare(edgeKey(b)));
  const keep = new Set(byFreq.slice(0, Math.round((byFreq.length * clampPercent(percent)) / 100)).map(edgeKey));
  const bestIn = new Map<string, MapEdge>();
  const bestOut = new Map<string, MapEdge>();
  for (const e of byFreq) {
    if (e.source === e.target) continue; // a self-loop never connects an activity to the rest
    if (!bestOut.has(e.source)) bestOut.set(e.source, e);
    if (!bestIn.has(e.target)) bestIn.set(e.target, e);
  }
  for (const e of bestIn.values()) keep.add(edgeKey(e));
  for (const e of bestOut.values()) keep.add(edgeKey(e));
  return keep;
}

export { edgeKey };

function clampPercent(p: number): number {
  return Number.isFinite(p) ? Math.min(100, Math.max(0, p)) : 100;
}
