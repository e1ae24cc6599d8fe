/**
 * Turns a mined DFG plus slider positions into the map to draw: nodes with sizes and values,
 * edges with values and labels. Pure data; the renderer only draws what this returns.
 */
import type { DirectlyFollowsGraph, DurationStats } from '../../src/core/mining/types';
import { END, START, edgeKey, mapEdges, selectPaths } from '../../src/core/mining/simplifyMap';
import type { MapView } from '../../src/protocol/processMap';
import { formatCount, formatDuration } from '../shared/format';

export interface MapNode {
  readonly id: string;
  readonly label: string;
  readonly kind: 'activity' | 'start' | 'end';
  readonly events: number;
  readonly cases: number;
  readonly width: number;
  readonly height: number;
}

export interface MapEdgeView {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly frequency: number;
  readonly cases: number;
  readonly duration?: DurationStats;
  /** The value the current view encodes (frequency, or mean duration in ms). */
  readonly value: number;
  readonly label: string;
}

export interface MapModel {
  readonly nodes: MapNode[];
  readonly edges: MapEdgeView[];
  readonly maxEdgeValue: number;
  readonly maxNodeEvents: number;
}

const CHAR_WIDTH = 7.2;

export function buildMapModel(dfg: DirectlyFollowsGraph, view: MapView, pathPercent: number): MapModel {
  const perfView = view === 'performance' && dfg.hasTimestamps;
  const nodes: MapNode[] = [];
  const startCases = Object.values(dfg.start).reduce((a, b) => a + b, 0);
  const endCases = Object.values(dfg.end).reduce((a, b) => a + b, 0);
  nodes.push({ id: START, label: 'start', kind: 'start', events: startCases, cases: startCases, width: 64, height: 28 });
  for (const a of dfg.activities) {
    const label = a.activity;
    const width = Math.min(260, Math.max(90, label.length * CHAR_WIDTH + 28));
    nodes.push({ id: a.activity, label, kind: 'activity', events: a.events, cases: a.cases, width, height: 44 });
  }
  nodes.push({ id: END, label: 'end', kind: 'end', events: endCases, cases: endCases, width: 64, height: 28 });

  const kept = selectPaths(mapEdges(dfg), pathPercent);
  const full = new Map(dfg.edges.map((e) => [edgeKey(e), e]));
  const edges: MapEdgeView[] = [];
  for (const e of mapEdges(dfg)) {
    const key = edgeKey(e);
    if (!kept.has(key)) continue;
    const real = full.get(key);
    const duration = real?.duration;
    const value = perfView ? (duration?.mean ?? 0) : e.frequency;
    const label = perfView ? (duration ? formatDuration(duration.mean) : '') : formatCount(e.frequency);
    edges.push({ id: key, source: e.source, target: e.target, frequency: e.frequency, cases: real?.cases ?? e.frequency, duration, value, label });
  }
  const maxEdgeValue = Math.max(1, ...edges.map((e) => e.value));
  const maxNodeEvents = Math.max(1, ...dfg.activities.map((a) => a.events));
  return { nodes, edges, maxEdgeValue, maxNodeEvents };
}
