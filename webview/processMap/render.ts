/**
 * Draws a laid-out process map into an SVG with d3: nodes as rounded boxes shaded by frequency (by
 * total cost in the cost view, where activities without any known cost are grey and dashed),
 * edges as curves whose width and colour encode the current view, start/end markers, zoom and pan.
 * Every string from the log is set with `.text()` (a text node), never parsed as HTML.
 */
import * as d3 from 'd3';
import type { Layout, PlacedEdge, PlacedNode } from './layout';
import type { MapEdgeView, MapModel, MapNode } from './model';
import type { MapView } from '../../src/protocol/processMap';
import { END, START } from '../../src/core/mining/simplifyMap';

/** At most this many edge labels are drawn. */
export const MAX_EDGE_LABELS = 600;

export interface RenderHandlers {
  onSelectNode(node: MapNode): void;
  onSelectEdge(edge: MapEdgeView): void;
  onClearSelection(): void;
}

export interface RenderedMap {
  fit(): void;
  highlightPath(activities: readonly string[] | undefined): void;
  select(id: string | undefined): void;
}

export function renderMap(
  svgEl: SVGSVGElement,
  model: MapModel,
  layout: Layout,
  view: MapView,
  handlers: RenderHandlers,
  options: { interactive?: boolean } = {},
): RenderedMap {
  const svg = d3.select(svgEl);
  svg.selectAll('*').remove();
  const defs = svg.append('defs');
  defs.append('marker')
    .attr('id', 'arrow').attr('viewBox', '0 0 10 10').attr('refX', 9).attr('refY', 5)
    .attr('markerUnits', 'userSpaceOnUse').attr('markerWidth', 10).attr('markerHeight', 10).attr('orient', 'auto-start-reverse')
    .append('path').attr('d', 'M 0 0 L 10 5 L 0 10 z').attr('class', 'arrowhead');

  const root = svg.append('g').attr('class', 'viewport');
  const nodeById = new Map(model.nodes.map((n) => [n.id, n]));
  const edgeById = new Map(model.edges.map((e) => [e.id, e]));

  const width = d3.scaleSqrt().domain([0, model.maxEdgeValue]).range([1, 9]);
  const costView = view === 'cost' && model.maxNodeCost !== undefined;
  const colour = view === 'performance'
    ? d3.scaleSequential(d3.interpolateYlOrRd).domain([0, model.maxEdgeValue])
    // Cost view: paths carry no cost of their own; they stay grey, their width the frequency.
    : costView ? () => 'var(--vscode-descriptionForeground, #888)'
    : d3.scaleSequential(d3.interpolateBlues).domain([-model.maxEdgeValue * 0.3, model.maxEdgeValue]);
  const eventShade = d3.scaleSequential(d3.interpolateBlues).domain([-model.maxNodeEvents * 0.15, model.maxNodeEvents * 1.6]);
  const costShade = d3.scaleSequential(d3.interpolateOranges).domain([-(model.maxNodeCost || 1) * 0.1, (model.maxNodeCost || 1) * 1.8]);
  const nodeShade = (n: MapNode): string | null => {
    if (n.kind !== 'activity') return null;
    if (!costView) return eventShade(n.events);
    return n.cost && n.cost.known > 0 ? costShade(n.cost.totalUsd) : '#d9d9d9';
  };
  const line = d3.line<{ x: number; y: number }>().x((p) => p.x).y((p) => p.y).curve(d3.curveBasis);

  const edgeG = root.append('g').attr('class', 'edges')
    .selectAll<SVGGElement, PlacedEdge>('g.edge')
    .data(layout.edges, (d) => d.id)
    .join('g')
    .attr('class', (d) => `edge${edgeById.get(d.id)?.source === edgeById.get(d.id)?.target ? ' self-loop' : ''}`)
    .attr('data-source', (d) => d.source)
    .attr('data-target', (d) => d.target)
    .attr('tabindex', 0)
    .on('click', (ev: MouseEvent, d) => { ev.stopPropagation(); const e = edgeById.get(d.id); if (e) handlers.onSelectEdge(e); });
  edgeG.append('path')
    .attr('class', 'edge-path')
    .attr('d', (d) => line(d.points as { x: number; y: number }[]) ?? '')
    .attr('marker-end', 'url(#arrow)')
    .attr('stroke', (d) => {
      const e = edgeById.get(d.id);
      // Start/end edges carry no duration: neutral in the performance view.
      if (view === 'performance' && !e?.duration) return 'var(--vscode-descriptionForeground, #888)';
      return colour(e?.value ?? 0);
    })
    .attr('stroke-width', (d) => width(edgeById.get(d.id)?.value ?? 0));
  edgeG.append('path').attr('class', 'edge-hit').attr('d', (d) => line(d.points as { x: number; y: number }[]) ?? '');
  // Dense maps: labels only on the strongest edges (thousands of labels are unreadable and slow);
  // every edge's figures are in the details pane on click.
  const labelled = new Set([...layout.edges].sort((a, b) => b.weight - a.weight).slice(0, MAX_EDGE_LABELS).map((e) => e.id));
  edgeG.filter((d) => labelled.has(d.id)).append('text')
    .attr('class', 'edge-label')
    .attr('x', (d) => d.labelX).attr('y', (d) => d.labelY)
    .attr('text-anchor', 'middle').attr('dominant-baseline', 'central')
    .text((d) => edgeById.get(d.id)?.label ?? '');

  const nodeG = root.append('g').attr('class', 'nodes')
    .selectAll<SVGGElement, PlacedNode>('g.node')
    .data(layout.nodes, (d) => d.id)
    .join('g')
    .attr('class', (d) => {
      const n = nodeById.get(d.id);
      const unknownCost = costView && n?.kind === 'activity' && !(n.cost && n.cost.known > 0);
      return `node node-${n?.kind ?? 'activity'}${unknownCost ? ' cost-unknown' : ''}`;
    })
    .attr('data-activity', (d) => (nodeById.get(d.id)?.kind === 'activity' ? d.id : null))
    .attr('transform', (d) => `translate(${d.x - d.width / 2},${d.y - d.height / 2})`)
    .attr('tabindex', 0)
    .attr('role', 'button')
    .on('click', (ev: MouseEvent, d) => { ev.stopPropagation(); const n = nodeById.get(d.id); if (n) handlers.onSelectNode(n); });
  nodeG.append('rect')
    .attr('width', (d) => d.width).attr('height', (d) => d.height)
    .attr('rx', (d) => (nodeById.get(d.id)?.kind === 'activity' ? 6 : d.height / 2))
    .attr('fill', (d) => {
      const n = nodeById.get(d.id);
      return n ? nodeShade(n) : null;
    });
  nodeG.append('text')
    .attr('class', 'node-label')
    .attr('x', (d) => d.width / 2).attr('y', (d) => (nodeById.get(d.id)?.kind === 'activity' ? 17 : d.height / 2))
    .attr('text-anchor', 'middle').attr('dominant-baseline', 'central')
    .text((d) => truncate(nodeById.get(d.id)?.label ?? d.id, Math.floor((d.width - 12) / 7)));
  nodeG.filter((d) => nodeById.get(d.id)?.kind === 'activity')
    .append('text')
    .attr('class', 'node-count')
    .attr('x', (d) => d.width / 2).attr('y', 33)
    .attr('text-anchor', 'middle').attr('dominant-baseline', 'central')
    .text((d) => nodeById.get(d.id)?.sublabel ?? '');
  nodeG.append('title').text((d) => {
    const n = nodeById.get(d.id);
    if (!n) return d.id;
    if (!costView || n.kind !== 'activity') return n.label;
    const c = n.cost;
    return `${n.label}\n${n.sublabel}${c && c.unknown > 0 ? `\n${c.unknown.toLocaleString('en-US')} of ${n.events.toLocaleString('en-US')} events without a known cost` : ''}`;
  });

  if (options.interactive === false) {
    // A static image (the CLI's `tracemine map --svg`): the whole map in its own coordinates.
    svg.attr('viewBox', `0 0 ${Math.ceil(layout.width)} ${Math.ceil(layout.height)}`)
      .attr('width', Math.ceil(layout.width)).attr('height', Math.ceil(layout.height));
    return { fit: () => undefined, highlightPath: () => undefined, select: () => undefined };
  }
  const zoom = d3.zoom<SVGSVGElement, unknown>().scaleExtent([0.05, 4]).on('zoom', (ev) => {
    root.attr('transform', ev.transform.toString());
  });
  svg.call(zoom).on('dblclick.zoom', null);
  svg.on('click', () => handlers.onClearSelection());

  const fit = () => {
    const box = svgEl.getBoundingClientRect();
    if (!box.width || !box.height || !layout.width || !layout.height) return;
    const k = Math.min(box.width / layout.width, box.height / layout.height, 1.5) * 0.95;
    const tx = (box.width - layout.width * k) / 2;
    const ty = (box.height - layout.height * k) / 2;
    svg.call(zoom.transform, d3.zoomIdentity.translate(tx, ty).scale(k));
  };
  fit();

  return {
    fit,
    highlightPath(activities) {
      if (!activities) {
        svg.classed('has-highlight', false);
        nodeG.classed('highlight', false);
        edgeG.classed('highlight', false);
        return;
      }
      const seq = [START, ...activities, END];
      const onPath = new Set<string>();
      for (let i = 0; i + 1 < seq.length; i++) onPath.add(`${seq[i]}\u0000${seq[i + 1]}`);
      const nodesOnPath = new Set(seq);
      svg.classed('has-highlight', true);
      nodeG.classed('highlight', (d) => nodesOnPath.has(d.id));
      edgeG.classed('highlight', (d) => onPath.has(d.id));
    },
    select(id) {
      nodeG.classed('selected', (d) => d.id === id);
      edgeG.classed('selected', (d) => d.id === id);
    },
  };
}

function truncate(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, Math.max(1, max - 1))}…`;
}
