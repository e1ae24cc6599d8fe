/**
 * The process-map webview app: header with log statistics, a toolbar (view, activity and path
 * sliders, fit, export), the map, and a side pane with the details of a clicked node or edge and
 * the variants list. It renders what the host sends and reports user choices back; all mining
 * happens in the extension host.
 */
import './style.css';
import type { DirectlyFollowsGraph, Variant } from '../../src/core/mining/types';
import type { HostToProcessMap, LogHeader, MapView, ProcessMapState, ProcessMapToHost } from '../../src/protocol/processMap';
import { clear, h } from '../shared/dom';
import { formatCount, formatDuration, formatPercent } from '../shared/format';
import { getVsCodeApi } from '../shared/vscodeApi';
import { layoutMap } from './layout';
import { buildMapModel, type MapEdgeView, type MapNode } from './model';
import { renderMap, type RenderedMap } from './render';

const vscode = getVsCodeApi<ProcessMapState, ProcessMapToHost>();

interface Loaded {
  log: LogHeader;
  dfg: DirectlyFollowsGraph;
  variants: readonly Variant[];
  state: ProcessMapState;
}

let current: Loaded | undefined;
let rendered: RenderedMap | undefined;
let selectedVariant: number | undefined;

const app = document.getElementById('app') as HTMLDivElement;
const header = h('header', { class: 'header' });
const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
const mapSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
mapSvg.setAttribute('class', 'map');
mapSvg.setAttribute('data-testid', 'map');
mapSvg.setAttribute('role', 'img');
const details = h('section', { class: 'details', 'data-testid': 'details' });
const variantsList = h('ol', { class: 'variants', 'data-testid': 'variants' });
const side = h('aside', { class: 'side' }, details, h('h3', {}, 'Variants'), variantsList);
const main = h('main', { class: 'main' }, h('div', { class: 'map-wrap' }, mapSvg), side);
app.append(header, toolbar, main);
showMessage('Loading process map…');

window.addEventListener('message', (ev: MessageEvent<HostToProcessMap>) => {
  const msg = ev.data;
  switch (msg?.type) {
    case 'load':
      current = { log: msg.log, dfg: msg.dfg, variants: msg.variants, state: msg.state };
      vscode.setState(msg.state);
      selectedVariant = undefined;
      renderAll();
      break;
    case 'error':
      showMessage(msg.message, true);
      break;
  }
});
window.addEventListener('resize', () => rendered?.fit());
vscode.postMessage({ type: 'ready' });

function showMessage(text: string, isError = false): void {
  clear(details);
  details.append(h('p', { class: isError ? 'error' : 'muted', role: isError ? 'alert' : undefined }, text));
}

function updateState(patch: Partial<ProcessMapState>): void {
  if (!current) return;
  const state = { ...current.state, ...patch };
  current.state = state;
  vscode.setState(state);
  vscode.postMessage({ type: 'stateChanged', state });
}

function renderAll(): void {
  if (!current) return;
  renderHeader(current);
  renderToolbar(current);
  renderGraph(current);
  renderVariants(current);
  showMessage('Click an activity or a path to see its details.');
}

function renderHeader({ log, dfg, variants }: Loaded): void {
  clear(header);
  const parts = [`${formatCount(log.cases)} cases`, `${formatCount(log.events)} events`, `${formatCount(log.activities)} activities`, `${formatCount(variants.length)} variants`];
  const shown = dfg.activities.length < log.activities ? ` · showing ${dfg.activities.length} of ${log.activities} activities` : '';
  header.append(
    h('h1', { 'data-testid': 'map-title', title: log.sourcePath }, log.name),
    h('p', { class: 'summary', 'data-testid': 'summary' }, parts.join(' · ') + shown),
    log.hasTimestamps && log.firstTimestamp && log.lastTimestamp
      ? h('p', { class: 'muted', 'data-testid': 'timerange' }, `${log.firstTimestamp} → ${log.lastTimestamp}`)
      : h('p', { class: 'muted', 'data-testid': 'timerange' }, 'No timestamps: events are in file order; performance views are off.'),
  );
}

function renderToolbar({ log, state }: Loaded): void {
  clear(toolbar);
  const viewButton = (v: MapView, label: string) => {
    const disabled = v === 'performance' && !log.hasTimestamps;
    const b = h('button', {
      type: 'button', class: state.view === v ? 'active' : undefined, 'aria-pressed': String(state.view === v),
      'data-view': v, disabled, title: disabled ? 'This log has no timestamps' : `Show ${label.toLowerCase()} on the map`,
    }, label);
    b.addEventListener('click', () => { updateState({ view: v }); renderAll(); });
    return b;
  };
  const slider = (id: string, label: string, value: number, onChange: (v: number) => void) => {
    const input = h('input', { type: 'range', id, min: 0, max: 100, step: 1, value, 'aria-label': label });
    const out = h('output', { for: id }, `${value}%`);
    input.addEventListener('input', () => { out.textContent = `${input.value}%`; });
    input.addEventListener('change', () => onChange(Number(input.value)));
    return h('label', { class: 'slider' }, `${label} `, input, out);
  };
  const fit = h('button', { type: 'button', title: 'Fit the map to the window' }, 'Fit');
  fit.addEventListener('click', () => rendered?.fit());
  const exportSvg = h('button', { type: 'button', 'data-testid': 'export-svg', title: 'Save the map as an SVG file' }, 'Export SVG');
  exportSvg.addEventListener('click', () => vscode.postMessage({ type: 'exportSvg', svg: serializeSvg() }));
  toolbar.append(
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'View' }, viewButton('frequency', 'Frequency'), viewButton('performance', 'Performance')),
    slider('activities', 'Activities', state.activityPercent, (v) => updateState({ activityPercent: v })),
    slider('paths', 'Paths', state.pathPercent, (v) => { updateState({ pathPercent: v }); renderGraph(current!); }),
    fit,
    exportSvg,
  );
}

function renderGraph({ dfg, state }: Loaded): void {
  const model = buildMapModel(dfg, state.view, state.pathPercent);
  const layout = layoutMap(
    model.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, labelWidth: Math.max(24, e.label.length * 6.5) })),
  );
  mapSvg.classList.toggle('performance', state.view === 'performance');
  rendered = renderMap(mapSvg, model, layout, state.view, {
    onSelectNode: (n) => { rendered?.select(n.id); showNodeDetails(n); },
    onSelectEdge: (e) => { rendered?.select(e.id); showEdgeDetails(e); },
    onClearSelection: () => { rendered?.select(undefined); },
  });
  if (selectedVariant !== undefined) rendered.highlightPath(current?.variants[selectedVariant]?.activities);
}

function table(rows: [string, string][]): HTMLTableElement {
  return h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))));
}

function showNodeDetails(n: MapNode): void {
  if (!current) return;
  clear(details);
  const total = current.log.cases || 1;
  const rows: [string, string][] = n.kind === 'activity'
    ? [['Events', formatCount(n.events)], ['Cases', `${formatCount(n.cases)} (${formatPercent(n.cases / total)})`],
       ['Starts here', formatCount(current.dfg.start[n.id] ?? 0)], ['Ends here', formatCount(current.dfg.end[n.id] ?? 0)]]
    : [['Cases', formatCount(n.cases)]];
  details.append(h('h2', { 'data-testid': 'details-title' }, n.kind === 'activity' ? n.label : `Process ${n.label}`), table(rows));
}

function showEdgeDetails(e: MapEdgeView): void {
  clear(details);
  const rows: [string, string][] = [['Frequency', formatCount(e.frequency)], ['Cases', formatCount(e.cases)]];
  if (e.duration) {
    rows.push(['Mean', formatDuration(e.duration.mean)], ['Median', formatDuration(e.duration.median)],
      ['Min', formatDuration(e.duration.min)], ['Max', formatDuration(e.duration.max)], ['Total', formatDuration(e.duration.total)]);
  }
  details.append(h('h2', { 'data-testid': 'details-title' }, `${e.source} → ${e.target}`), table(rows));
}

function renderVariants({ variants }: Loaded): void {
  clear(variantsList);
  const shown = variants.slice(0, 200);
  shown.forEach((v, i) => {
    const item = h('li', { tabindex: 0, 'data-variant': i, title: v.activities.join(' → ') },
      h('span', { class: 'variant-count' }, `${formatCount(v.cases)} ${v.cases === 1 ? 'case' : 'cases'} · ${formatPercent(v.coverage)}`),
      h('span', { class: 'variant-path' }, `${v.activities.length} steps: ${v.activities.slice(0, 4).join(' → ')}${v.activities.length > 4 ? ' → …' : ''}`));
    const toggle = () => {
      selectedVariant = selectedVariant === i ? undefined : i;
      for (const li of variantsList.children) li.classList.toggle('selected', li === item && selectedVariant === i);
      rendered?.highlightPath(selectedVariant === undefined ? undefined : v.activities);
    };
    item.addEventListener('click', toggle);
    item.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } });
    variantsList.append(item);
  });
  if (variants.length > shown.length) variantsList.append(h('li', { class: 'muted' }, `… ${formatCount(variants.length - shown.length)} more variants`));
}

/** A standalone SVG of the current map, with the theme's computed colours inlined. */
function serializeSvg(): string {
  const clone = mapSvg.cloneNode(true) as SVGSVGElement;
  const box = mapSvg.getBoundingClientRect();
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(Math.round(box.width)));
  clone.setAttribute('height', String(Math.round(box.height)));
  const src = mapSvg.querySelectorAll('*');
  const dst = clone.querySelectorAll('*');
  src.forEach((el, i) => {
    const cs = getComputedStyle(el);
    const target = dst[i] as SVGElement;
    for (const prop of ['fill', 'stroke', 'stroke-width', 'font-size', 'font-family', 'opacity']) {
      target.style.setProperty(prop, cs.getPropertyValue(prop));
    }
  });
  return new XMLSerializer().serializeToString(clone);
}
