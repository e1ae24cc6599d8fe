/**
 * Layered layout of a process map with dagre (Sugiyama-style: ranks top to bottom, crossing
 * reduction, edge routes with label positions). Data in, positions out; no DOM.
 *
 * Dagre's cost grows with the edges it routes (a long edge becomes a chain of dummy nodes), so a
 * dense map (hundreds of activities, thousands of paths) would take tens of seconds. Only a
 * skeleton is routed: every activity's strongest way in and out, then the heaviest other edges up
 * to `routedEdgeLimit`. The skeleton fixes ranks and order; the remaining edges are drawn as
 * direct curves between the placed nodes. Maps within the limit are routed in full.
 */
import dagre from '@dagrejs/dagre';
import { directCurve, fastLayeredLayout } from './fastLayout';

export interface LayoutNode { readonly id: string; readonly width: number; readonly height: number }
export interface LayoutEdge {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  readonly labelWidth: number;
  /** Importance (e.g. frequency): decides which edges dagre routes when the map is dense. */
  readonly weight: number;
}
export interface Point { readonly x: number; readonly y: number }
export interface PlacedNode extends LayoutNode { readonly x: number; readonly y: number }
export interface PlacedEdge extends LayoutEdge {
  readonly points: readonly Point[];
  readonly labelX: number;
  readonly labelY: number;
  /** False for edges drawn as a direct curve, outside dagre's routing. */
  readonly routed: boolean;
}
export interface Layout { readonly nodes: PlacedNode[]; readonly edges: PlacedEdge[]; readonly width: number; readonly height: number }

export const ROUTED_EDGE_LIMIT = 250;
/** Above this many nodes dagre takes more than about a second even on a skeleton: the fast layout runs. */
export const DAGRE_NODE_LIMIT = 150;

/** The edges dagre routes: each node's strongest in and out edge, then the heaviest, up to `limit`. */
export function routedSkeleton(edges: readonly LayoutEdge[], limit: number): Set<string> {
  if (edges.length <= limit) return new Set(edges.map((e) => e.id));
  const byWeight = [...edges].sort((a, b) => b.weight - a.weight || (a.id < b.id ? -1 : 1));
  const keep = new Set<string>();
  const hasIn = new Set<string>();
  const hasOut = new Set<string>();
  for (const e of byWeight) {
    if (e.source === e.target) continue;
    if (!hasIn.has(e.target) || !hasOut.has(e.source)) {
      keep.add(e.id);
      hasIn.add(e.target);
      hasOut.add(e.source);
    }
  }
  for (const e of byWeight) {
    if (keep.size >= limit) break;
    keep.add(e.id);
  }
  return keep;
}

/** `roots`: where the process starts (ranked first by the fast layout). */
export function layoutMap(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], roots: readonly string[] = [], routedEdgeLimit = ROUTED_EDGE_LIMIT): Layout {
  if (nodes.length > DAGRE_NODE_LIMIT) return fastLayeredLayout(nodes, edges, roots);
  const routed = routedSkeleton(edges, routedEdgeLimit);
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, edgesep: 16, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) if (routed.has(e.id)) g.setEdge(e.source, e.target, { width: e.labelWidth, height: 14, labelpos: 'c' }, e.id);
  dagre.layout(g);
  const placedNodes = nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x, y: p.y };
  });
  const at = new Map(placedNodes.map((n) => [n.id, n]));
  const placedEdges = edges.map((e): PlacedEdge => {
    if (routed.has(e.id)) {
      const p = g.edge({ v: e.source, w: e.target, name: e.id });
      const points = (p.points ?? []) as Point[];
      const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
      return { ...e, points, labelX: p.x ?? mid.x, labelY: p.y ?? mid.y, routed: true };
    }
    return directCurve(e, at.get(e.source)!, at.get(e.target)!);
  });
  const graph = g.graph();
  return { nodes: placedNodes, edges: placedEdges, width: graph.width ?? 0, height: graph.height ?? 0 };
}
