/**
 * Turns a mined DFG plus slider positions into the map to draw: nodes with sizes and values,
 * edges with values and labels. Pure data; the renderer only draws what this returns.
 */
import type { ActivityCost, CostFigures, DirectlyFollowsGraph, DurationStats } from '../../src/core/mining/types';
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
  /** The activity's cost (cost view data, whatever the view). */
  readonly cost?: ActivityCost;
  /** The second line of an activity box: its event count, or (cost view) its total and mean cost. */
  readonly sublabel: string;
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
  /** Cost view: nodes are shaded by total cost, up to this one (the largest, > 0). */
  readonly maxNodeCost?: number;
}

/** US dollars, three significant digits below $1 ("$0.0123", "$0.000412"), cents above. */
export function formatUsd(v: number): string {
  if (v === 0) return '$0';
  const abs = Math.abs(v);
  const text = abs >= 1 ? abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(Number(abs.toPrecision(3)));
  return `${v < 0 ? '−' : ''}$${text}`;
}

/**
 * An activity's cost line: "$0.0123 · $0.0004/call"; "≥" when some events have no known cost
 * (the total is a lower bound); "cost unknown" when none has one. Unknown is never shown as $0.
 */
export function costLabel(c: ActivityCost | undefined): string {
  if (!c || c.known === 0) return 'cost unknown';
  return `${c.unknown > 0 ? '≥' : ''}${formatUsd(c.totalUsd)} · ${formatUsd(c.meanUsd ?? 0)}/call`;
}

const CHAR_WIDTH = 7.2;

export function buildMapModel(dfg: DirectlyFollowsGraph, view: MapView, pathPercent: number, cost?: CostFigures): MapModel {
  const perfView = view === 'performance' && dfg.hasTimestamps;
  const costView = view === 'cost' && cost !== undefined;
  const costs = new Map(cost?.activities.map((c) => [c.activity, c]));
  const maxNodeCost = costView ? Math.max(0, ...dfg.activities.map((a) => costs.get(a.activity)?.totalUsd ?? 0)) : 0;
  const nodes: MapNode[] = [];
  const startCases = Object.values(dfg.start).reduce((a, b) => a + b, 0);
  const endCases = Object.values(dfg.end).reduce((a, b) => a + b, 0);
  nodes.push({ id: START, label: 'start', kind: 'start', events: startCases, cases: startCases, width: 64, height: 28, sublabel: '' });
  for (const a of dfg.activities) {
    const label = a.activity;
    const c = costs.get(a.activity);
    const sublabel = costView ? costLabel(c) : a.events.toLocaleString('en-US');
    let width = Math.min(260, Math.max(90, label.length * CHAR_WIDTH + 28));
    // Cost view: the line of figures fits, and the costlier activities are the wider boxes.
    if (costView) width = Math.min(320, Math.max(width, sublabel.length * 6.6 + 20) + (maxNodeCost > 0 ? 40 * Math.sqrt((c?.totalUsd ?? 0) / maxNodeCost) : 0));
    nodes.push({ id: a.activity, label, kind: 'activity', events: a.events, cases: a.cases, width, height: 44, sublabel, ...(c && { cost: c }) });
  }
  nodes.push({ id: END, label: 'end', kind: 'end', events: endCases, cases: endCases, width: 64, height: 28, sublabel: '' });

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
  return costView ? { nodes, edges, maxEdgeValue, maxNodeEvents, maxNodeCost } : { nodes, edges, maxEdgeValue, maxNodeEvents };
}
