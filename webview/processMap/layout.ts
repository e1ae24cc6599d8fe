/**
 * Layered layout of a process map with dagre (Sugiyama-style: ranks top to bottom, crossing
 * reduction, edge routes with label positions). Data in, positions out; no DOM.
 */
import dagre from '@dagrejs/dagre';

export interface LayoutNode { readonly id: string; readonly width: number; readonly height: number }
export interface LayoutEdge { readonly id: string; readonly source: string; readonly target: string; readonly labelWidth: number }
export interface Point { readonly x: number; readonly y: number }
export interface PlacedNode extends LayoutNode { readonly x: number; readonly y: number }
export interface PlacedEdge extends LayoutEdge { readonly points: readonly Point[]; readonly labelX: number; readonly labelY: number }
export interface Layout { readonly nodes: PlacedNode[]; readonly edges: PlacedEdge[]; readonly width: number; readonly height: number }

export function layoutMap(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[]): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: true, directed: true });
  g.setGraph({ rankdir: 'TB', nodesep: 40, ranksep: 60, edgesep: 16, marginx: 20, marginy: 20 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of edges) g.setEdge(e.source, e.target, { width: e.labelWidth, height: 14, labelpos: 'c' }, e.id);
  dagre.layout(g);
  const placedNodes = nodes.map((n) => {
    const p = g.node(n.id);
    return { ...n, x: p.x, y: p.y };
  });
  const placedEdges = edges.map((e) => {
    const p = g.edge({ v: e.source, w: e.target, name: e.id });
    const points = (p.points ?? []) as Point[];
    const mid = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return { ...e, points, labelX: p.x ?? mid.x, labelY: p.y ?? mid.y };
  });
  const graph = g.graph();
  return { nodes: placedNodes, edges: placedEdges, width: graph.width ?? 0, height: graph.height ?? 0 };
}
