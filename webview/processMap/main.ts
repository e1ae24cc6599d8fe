/**
 * The process-map webview app: header with log statistics, a toolbar (view, activity and path
 * sliders, fit, export, save analysis), the filter bar, the map, and the side pane (details,
 * variants, statistics, cases). It renders what the host sends and reports the user's choices back
 * as state; all mining and filtering happens in the extension host.
 */
import './style.css';
import type { CaseFilter } from '../../src/core/filters/types';
import type { HostToProcessMap, MapView, ProcessMapState, ProcessMapToHost } from '../../src/protocol/processMap';
import { clear, h } from '../shared/dom';
import { formatCount, plural } from '../shared/format';
import { getVsCodeApi } from '../shared/vscodeApi';
import { renderFilterBar } from './filterBar';
import { layoutMap } from './layout';
import { buildMapModel, formatUsd } from './model';
import { START } from '../../src/core/mining/simplifyMap';
import { renderMap, type RenderedMap } from './render';
import { SidePane } from './sidePane';
import { svgToPngDataUrl, standaloneSvg } from './exportImage';
import { FilterEditor } from './filterEditor';

type Load = Extract<HostToProcessMap, { type: 'load' }>;

const vscode = getVsCodeApi<ProcessMapState, ProcessMapToHost>();

let current: (Load & { state: ProcessMapState }) | undefined;
let rendered: RenderedMap | undefined;
let highlighted: readonly string[] | undefined;

const app = document.getElementById('app') as HTMLDivElement;
const header = h('header', { class: 'header' });
const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
const filterBar = h('div', { class: 'filterbar', 'data-testid': 'filterbar' });
const mapSvg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
mapSvg.setAttribute('class', 'map');
mapSvg.setAttribute('data-testid', 'map');
mapSvg.setAttribute('role', 'img');
const side = new SidePane({
  addFilter: (f) => setFilters([...(current?.state.filters ?? []), f]),
  highlightVariant: (acts) => { highlighted = acts; rendered?.highlightPath(acts); },
  openCase: (caseId) => vscode.postMessage({ type: 'openCase', caseId }),
});
const filterEditor = new FilterEditor({
  add: (f) => setFilters([...(current?.state.filters ?? []), f]),
  requestValues: (scope, key) => vscode.postMessage({ type: 'requestAttributeValues', scope, key }),
});
const busy = h('div', { class: 'busy', hidden: true, role: 'status' }, 'Updating…');
const legend = h('div', { class: 'legend', 'data-testid': 'cost-legend', hidden: true, role: 'note' });
app.append(header, toolbar, filterBar, filterEditor.el, h('main', { class: 'main' }, h('div', { class: 'map-wrap' }, mapSvg, legend, busy), side.el));
side.message('Loading process map…');

window.addEventListener('message', (ev: MessageEvent<HostToProcessMap>) => {
  const msg = ev.data;
  switch (msg?.type) {
    case 'load': {
      const t0 = performance.now();
      current = { ...msg, state: { ...msg.state, filters: msg.state.filters ?? [] } };
      vscode.setState(current.state);
      highlighted = undefined;
      busy.hidden = true;
      renderAll();
      side.update(msg);
      // Timings for benchmarks and for anyone profiling a slow map (DevTools › Performance).
      performance.measure('tracemine:load', { start: t0, end: performance.now() });
      requestAnimationFrame(() => setTimeout(() => performance.measure('tracemine:painted', { start: t0, end: performance.now() }), 0));
      break;
    }
    case 'showTab':
      side.show(msg.tab);
      break;
    case 'attributeValues':
      filterEditor.showValues(msg.scope, msg.key, msg.values);
      break;
    case 'caseEvents':
      side.showCase(msg.caseId, msg.events, msg.attributes);
      break;
    case 'error':
      busy.hidden = true;
      side.message(msg.message, true);
      break;
  }
});
window.addEventListener('resize', () => rendered?.fit());
vscode.postMessage({ type: 'ready' });

function updateState(patch: Partial<ProcessMapState>, remines: boolean): void {
  if (!current) return;
  const state = { ...current.state, ...patch };
  current = { ...current, state };
  vscode.setState(state);
  vscode.postMessage({ type: 'stateChanged', state });
  if (remines) busy.hidden = false;
}

function setFilters(filters: CaseFilter[]): void {
  updateState({ filters }, true);
}

function renderAll(): void {
  if (!current) return;
  renderHeader(current);
  renderToolbar(current);
  renderFilterBar(filterBar, {
    filters: current.state.filters, labels: current.filterLabels, filtered: current.filtered,
    total: { cases: current.log.cases, events: current.log.events },
  }, setFilters, () => filterEditor.toggle());
  filterEditor.setContext({
    dfg: current.dfg, attributeKeys: current.attributeKeys, hasTimestamps: current.log.hasTimestamps,
    firstTimestamp: current.log.firstTimestamp, lastTimestamp: current.log.lastTimestamp,
  });
  renderGraph(current);
}

function renderHeader({ log, dfg, siblings }: Load): void {
  clear(header);
  if (siblings.length > 1) {
    const picker = h('select', { 'aria-label': 'Object type', 'data-testid': 'object-type', title: 'One map per object type of this object-centric log' },
      ...siblings.map((s) => h('option', { value: s.id, selected: s.id === log.id }, s.label)));
    picker.addEventListener('change', () => { busy.hidden = false; vscode.postMessage({ type: 'switchLog', logId: Number(picker.value) }); });
    header.append(h('label', { class: 'object-type' }, 'Object type ', picker));
  }
  // The log's own totals; the filter bar shows what the filters leave.
  const parts = [plural(log.cases, 'case'), plural(log.events, 'event'), plural(log.activities, 'activity', 'activities')];
  const shown = dfg.activities.length < log.activities ? ` · showing ${dfg.activities.length} of ${log.activities} activities` : '';
  header.append(
    h('h1', { 'data-testid': 'map-title', title: log.sourcePath }, log.name),
    h('p', { class: 'summary', 'data-testid': 'summary' }, parts.join(' · ') + shown),
    log.hasTimestamps && log.firstTimestamp && log.lastTimestamp
      ? h('p', { class: 'muted', 'data-testid': 'timerange' }, `${log.firstTimestamp} → ${log.lastTimestamp}`)
      : h('p', { class: 'muted', 'data-testid': 'timerange' }, 'No timestamps: events are in file order; performance views are off.'),
  );
}

/** The view drawn: the saved one, unless it is the cost view and these data have no cost figures. */
function shownView({ state, cost }: Load & { state: ProcessMapState }): MapView {
  return state.view === 'cost' && !cost ? 'frequency' : state.view;
}

function renderToolbar(data: Load & { state: ProcessMapState }): void {
  const { log, state, cost } = data;
  const shown = shownView(data);
  clear(toolbar);
  const viewButton = (v: MapView, label: string) => {
    const disabled = v === 'performance' && !log.hasTimestamps;
    const b = h('button', {
      type: 'button', class: shown === v ? 'active' : undefined, 'aria-pressed': String(shown === v),
      'data-view': v, disabled, title: disabled ? 'This log has no timestamps' : `Show ${label.toLowerCase()} on the map`,
    }, label);
    b.addEventListener('click', () => { updateState({ view: v }, false); renderAll(); });
    return b;
  };
  const slider = (id: string, label: string, value: number, onChange: (v: number) => void) => {
    const input = h('input', { type: 'range', id, min: 0, max: 100, step: 1, value, 'aria-label': label });
    const out = h('output', { for: id }, `${value}%`);
    input.addEventListener('input', () => { out.textContent = `${input.value}%`; });
    input.addEventListener('change', () => onChange(Number(input.value)));
    return h('label', { class: 'slider' }, `${label} `, input, out);
  };
  const button = (label: string, testid: string, title: string, onClick: () => void) => {
    const b = h('button', { type: 'button', 'data-testid': testid, title }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  // The classifier picker, for logs that record lifecycle transitions (start/complete…).
  const lifecycle = current?.attributeKeys.some((k) => k.scope === 'event' && k.key === 'lifecycle:transition');
  const classifier = h('select', { 'aria-label': 'Classifier', 'data-testid': 'classifier', title: 'How events are named: the activity, or the activity and its lifecycle transition' },
    h('option', { value: 'activity', selected: (state.classifier ?? 'activity') === 'activity' }, 'Activity'),
    h('option', { value: 'activity+lifecycle', selected: state.classifier === 'activity+lifecycle' }, 'Activity + lifecycle'));
  classifier.addEventListener('change', () => updateState({ classifier: classifier.value as 'activity' | 'activity+lifecycle', filters: [] }, true));
  toolbar.append(
    h('div', { class: 'segmented', role: 'group', 'aria-label': 'View' }, viewButton('frequency', 'Frequency'), viewButton('performance', 'Performance'),
      // Only logs whose events carry cost:usd (agent traces) have a cost view.
      cost ? viewButton('cost', 'Cost') : ''),
    lifecycle || state.classifier === 'activity+lifecycle' ? h('label', { class: 'classifier' }, 'Classifier ', classifier) : '',
    slider('activities', 'Activities', state.activityPercent, (v) => updateState({ activityPercent: v }, true)),
    slider('paths', 'Paths', state.pathPercent, (v) => { updateState({ pathPercent: v }, false); if (current) renderGraph(current); }),
    button('Fit', 'fit', 'Fit the map to the window', () => rendered?.fit()),
    button('SVG', 'export-svg', 'Save the map as an SVG image', () => vscode.postMessage({ type: 'exportSvg', svg: standaloneSvg(mapSvg) })),
    button('PNG', 'export-png', 'Save the map as a PNG image', () => {
      void svgToPngDataUrl(mapSvg).then((dataUrl) => vscode.postMessage({ type: 'exportPng', dataUrl }));
    }),
    button('Save analysis…', 'save-analysis', 'Save the log, filters, sliders and view as a workspace file', () => vscode.postMessage({ type: 'saveAnalysis' })),
  );
}

/** The cost view's legend: what the boxes say, and how many events had no known cost. */
function renderLegend(data: Load & { state: ProcessMapState }): void {
  clear(legend);
  const { cost } = data;
  legend.hidden = shownView(data) !== 'cost' || !cost;
  if (legend.hidden || !cost) return;
  const events = cost.known + cost.unknown;
  legend.append(
    h('div', { class: 'legend-title' }, 'Cost per activity'),
    h('div', {}, 'Box: total · mean per call (darker: costlier); ≥: a lower bound, some calls without a cost.'),
    h('div', { 'data-testid': 'cost-total' }, `${cost.unknown > 0 ? '≥' : ''}${formatUsd(cost.totalUsd)} in total, over ${plural(cost.known, 'event')} with a known cost.`),
    h('div', { 'data-testid': 'cost-unknown', class: cost.unknown > 0 ? 'legend-warning' : undefined },
      cost.unknown > 0 ? `${formatCount(cost.unknown)} of ${plural(events, 'event')} without a known cost (unknown, not counted as $0).` : 'Every event has a known cost.'),
  );
}

function renderGraph(data: Load & { state: ProcessMapState }): void {
  const { dfg, state, cost } = data;
  const view = shownView(data);
  renderLegend(data);
  const t0 = performance.now();
  const model = buildMapModel(dfg, view, state.pathPercent, cost);
  const layout = layoutMap(
    model.nodes.map((n) => ({ id: n.id, width: n.width, height: n.height })),
    model.edges.map((e) => ({ id: e.id, source: e.source, target: e.target, labelWidth: Math.max(24, e.label.length * 6.5), weight: e.frequency })),
    [START],
  );
  const t1 = performance.now();
  performance.measure('tracemine:layout', { start: t0, end: t1 });
  mapSvg.classList.toggle('performance', view === 'performance');
  mapSvg.classList.toggle('cost', view === 'cost');
  rendered = renderMap(mapSvg, model, layout, view, {
    onSelectNode: (n) => { rendered?.select(n.id); side.showNode(n); },
    onSelectEdge: (e) => { rendered?.select(e.id); side.showEdge(e); },
    onClearSelection: () => { rendered?.select(undefined); },
  });
  if (highlighted) rendered.highlightPath(highlighted);
  performance.measure('tracemine:draw', { start: t1, end: performance.now() });
}
