/**
 * The process map as a standalone SVG document, drawn by the panel's own model, layout and
 * renderer into any DOM `Document` (the CLI passes linkedom's). The panel's theme comes from VS
 * Code's CSS variables; a static file gets a fixed light palette instead, in an embedded style.
 */
import type { CostFigures, DirectlyFollowsGraph } from '../../src/core/mining/types';
import { START } from '../../src/core/mining/simplifyMap';
import type { MapView } from '../../src/protocol/processMap';
import { layoutMap } from './layout';
import { buildMapModel } from './model';
import { renderMap } from './render';

const STYLE = `
  svg { background: #ffffff; font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
  .node rect { stroke: #333333; stroke-opacity: 0.35; stroke-width: 1px; }
  .node-start rect { fill: #388a34; stroke: none; }
  .node-end rect { fill: #c72e2e; stroke: none; }
  .node text { font-size: 12px; fill: #111111; }
  .node-start text, .node-end text { fill: #ffffff; font-weight: 600; }
  .node .node-count { font-size: 11px; opacity: 0.8; }
  .node.cost-unknown rect { stroke-dasharray: 4 3; stroke-opacity: 0.8; }
  .edge-path { fill: none; stroke-opacity: 0.9; }
  .edge-hit { fill: none; stroke: none; }
  .edge-label { font-size: 11px; fill: #222222; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
  .arrowhead { fill: #333333; fill-opacity: 0.6; }
`;

/** `cost`: the per-activity cost figures the cost view draws (without them it draws frequencies). */
export function renderStaticSvg(doc: Document, dfg: DirectlyFollowsGraph, view: MapView, pathPercent: number, title?: string, cost?: CostFigures): string {
  const svg = doc.createElementNS('http://www.w3.org/2000/svg', 'svg') as SVGSVGElement;
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  svg.setAttribute('class', `map${view === 'performance' ? ' performance' : ''}`);
  doc.documentElement.appendChild(svg);
  const model = buildMapModel(dfg, view, pathPercent, cost);
  const layout = layoutMap(
    model.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, labelWidth: Math.max(24, e.label.length * 6.5), weight: e.frequency })),
    [START],
  );
  const noop = () => undefined;
  renderMap(svg, model, layout, view, { onSelectNode: noop, onSelectEdge: noop, onClearSelection: noop }, { interactive: false });
  const style = doc.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = STYLE;
  svg.insertBefore(style, svg.firstChild);
  if (title) {
    const t = doc.createElementNS('http://www.w3.org/2000/svg', 'title');
    t.textContent = title;
    svg.insertBefore(t, svg.firstChild);
  }
  // Edges without a duration (performance view) or a cost (cost view) use a theme variable in the panel: give it a value.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svg.outerHTML.replace(/var\(--vscode-descriptionForeground, (#[0-9a-f]+)\)/g, '$1')}\n`;
}
