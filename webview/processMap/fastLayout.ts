/**
 * A fast layered layout for large maps (hundreds of activities), where dagre would take seconds.
 * Sugiyama's steps, each kept linear or near-linear:
 *  1. ranks: each node's strongest incoming edge from an earlier node defines a spanning forest
 *     from the roots (nodes with no such edge, e.g. the process start); rank = depth in it;
 *  2. order within a rank: a few barycenter sweeps down and up over edges between adjacent ranks;
 *  3. coordinates: nodes packed left to right, every rank centred; edges drawn as direct curves.
 * Data in, positions out; the same types as the dagre layout.
 */
import type { Layout, LayoutEdge, LayoutNode, PlacedEdge, PlacedNode, Point } from './layout';

const NODE_SEP = 30;
const RANK_SEP = 70;
const MARGIN = 20;
const SWEEPS = 4;

export function fastLayeredLayout(nodes: readonly LayoutNode[], edges: readonly LayoutEdge[], roots: readonly string[]): Layout {
  const ids = nodes.map((n) => n.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  // 1. Ranks: BFS from the roots along edges in order of weight; a node's rank is fixed when first reached.
  const out: number[][] = Array.from({ length: n }, () => []);
  const sorted = [...edges].sort((a, b) => b.weight - a.weight);
  for (const e of sorted) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined && s !== t) out[s]!.push(t);
  }
  const rank = new Array<number>(n).fill(-1);
  let queue = roots.map((r) => index.get(r)).filter((i): i is number => i !== undefined);
  for (const r of queue) rank[r] = 0;
  const visit = (start: number[]) => {
    let frontier = start;
    while (frontier.length) {
      const next: number[] = [];
      for (const u of frontier) for (const v of out[u]!) if (rank[v] === -1) { rank[v] = rank[u]! + 1; next.push(v); }
      frontier = next;
    }
  };
  visit(queue);
  // Nodes not reachable from the roots start new trees at rank 0.
  for (let i = 0; i < n; i++) if (rank[i] === -1) { rank[i] = 0; queue = [i]; visit(queue); }
  const maxRank = Math.max(0, ...rank);
  const layers: number[][] = Array.from({ length: maxRank + 1 }, () => []);
  for (let i = 0; i < n; i++) layers[rank[i]!]!.push(i);

  // 2. Order: barycenter sweeps over edges between adjacent ranks (both directions).
  const pos = new Array<number>(n).fill(0);
  layers.forEach((l) => l.forEach((v, k) => { pos[v] = k; }));
  const up: number[][] = Array.from({ length: n }, () => []);
  const down: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) {
    const s = index.get(e.source)!;
    const t = index.get(e.target)!;
    if (rank[t] === rank[s]! + 1) { down[s]!.push(t); up[t]!.push(s); }
    else if (rank[s] === rank[t]! + 1) { down[t]!.push(s); up[s]!.push(t); }
  }
  const reorder = (layer: number[], neighbours: number[][]) => {
    const bary = new Map<number, number>();
    for (const v of layer) {
      const ns = neighbours[v]!;
      bary.set(v, ns.length ? ns.reduce((a, u) => a + pos[u]!, 0) / ns.length : pos[v]!);
    }
    layer.sort((a, b) => bary.get(a)! - bary.get(b)! || pos[a]! - pos[b]!);
    layer.forEach((v, k) => { pos[v] = k; });
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let r = 1; r < layers.length; r++) reorder(layers[r]!, up);
    for (let r = layers.length - 2; r >= 0; r--) reorder(layers[r]!, down);
  }

  // 3. Coordinates.
  const widths = layers.map((l) => l.reduce((a, v) => a + nodes[v]!.width, 0) + NODE_SEP * Math.max(0, l.length - 1));
  const width = Math.max(...widths, 0) + 2 * MARGIN;
  const placed: PlacedNode[] = new Array(n);
  let y = MARGIN;
  layers.forEach((l, r) => {
    const h = Math.max(...l.map((v) => nodes[v]!.height), 0);
    let x = MARGIN + (width - 2 * MARGIN - widths[r]!) / 2;
    for (const v of l) {
      const node = nodes[v]!;
      placed[v] = { ...node, x: x + node.width / 2, y: y + h / 2 };
      x += node.width + NODE_SEP;
    }
    y += h + RANK_SEP;
  });
  const at = new Map(placed.map((p) => [p.id, p]));
  const placedEdges = edges.map((e) => directCurve(e, at.get(e.source)!, at.get(e.target)!));
  return { nodes: placed, edges: placedEdges, width, height: y - RANK_SEP + MARGIN };
}

/** A curve from the source's bottom to the target's top, bowed sideways so that a pair of
 * opposite edges (and edges going up) do not lie on top of each other. */
export function directCurve(e: LayoutEdge, s: PlacedNode, t: PlacedNode): PlacedEdge {
  const start: Point = { x: s.x, y: s.y + s.height / 2 };
  const end: Point = { x: t.x, y: t.y - t.height / 2 };
  const dx = end.x - start.x;
  const dy = end.y - start.y;
  const len = Math.hypot(dx, dy) || 1;
  const bow = (dy < 0 ? 0.35 : 0.15) * len;
  const mid = { x: (start.x + end.x) / 2 + (-dy / len) * bow, y: (start.y + end.y) / 2 + (dx / len) * bow };
  return { ...e, points: [start, mid, end], labelX: mid.x, labelY: mid.y, routed: false };
}
