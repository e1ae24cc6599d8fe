/**
 * The side pane of the process map: tabs for the details of a clicked activity or path (with the
 * filters a click can add: cases through, not through, starting or ending there), the variants,
 * the statistics of the filtered cases, and the case list with a case's events in order.
 */
import type { CaseEventRow, TypedAttribute } from '../../src/core/db/types';
import type { CaseFilter } from '../../src/core/filters/types';
import type { CaseSummary } from '../../src/core/mining/caseStatistics';
import type { Variant } from '../../src/core/mining/types';
import type { HostToProcessMap, SideTab } from '../../src/protocol/processMap';
import { clear, h } from '../shared/dom';
import { formatCount, formatDuration, formatPercent } from '../shared/format';
import { barChart, durationLabel } from './charts';
import { formatUsd, type MapEdgeView, type MapNode } from './model';

export type Tab = SideTab;
type Load = Extract<HostToProcessMap, { type: 'load' }>;

export interface SidePaneHandlers {
  addFilter(f: CaseFilter): void;
  highlightVariant(activities: readonly string[] | undefined): void;
  openCase(caseId: string): void;
}

const TAB_LABELS: Record<Tab, string> = { details: 'Details', variants: 'Variants', statistics: 'Statistics', cases: 'Cases' };

export class SidePane {
  readonly el = h('aside', { class: 'side' });
  private readonly tabBar = h('div', { class: 'tabs', role: 'tablist' });
  private readonly body = h('div', { class: 'tab-body', role: 'tabpanel' });
  private tab: Tab = 'details';
  private data: Load | undefined;
  private selectedVariant: number | undefined;
  private detailsContent: Node[] = SidePane.hint();

  private static hint(): Node[] {
    return [h('p', { class: 'muted' }, 'Click an activity or a path to see its details and filter its cases.')];
  }

  constructor(private readonly handlers: SidePaneHandlers) {
    this.el.append(this.tabBar, this.body);
    this.renderTabs();
  }

  update(data: Load): void {
    this.data = data;
    this.selectedVariant = undefined;
    // Figures of a previous selection would be stale under new filters.
    this.detailsContent = SidePane.hint();
    this.render();
  }

  show(tab: Tab): void {
    this.tab = tab;
    this.renderTabs();
    this.render();
  }

  message(text: string, isError = false): void {
    this.detailsContent = [h('p', { class: isError ? 'error' : 'muted', role: isError ? 'alert' : undefined }, text)];
    this.show('details');
  }

  showNode(n: MapNode): void {
    if (!this.data) return;
    const total = this.data.filtered.cases || 1;
    const { dfg } = this.data;
    if (n.kind !== 'activity') {
      this.detailsContent = [h('h2', { 'data-testid': 'details-title' }, `Process ${n.label}`), table([['Cases', formatCount(n.cases)]])];
    } else {
      const act = n.id;
      const rows: [string, string][] = [['Events', formatCount(n.events)], ['Cases', `${formatCount(n.cases)} (${formatPercent(n.cases / total)})`],
        ['Starts here', formatCount(dfg.start[act] ?? 0)], ['Ends here', formatCount(dfg.end[act] ?? 0)]];
      if (this.data.cost) {
        // Unknown costs are reported as unknown, never as $0.
        const c = this.data.cost.activities.find((x) => x.activity === act);
        const known = c?.known ?? 0;
        rows.push(
          ['Total cost', known > 0 ? `${c!.unknown > 0 ? '≥' : ''}${formatUsd(c!.totalUsd)}` : 'unknown'],
          ['Mean per call', known > 0 ? formatUsd(c!.meanUsd ?? 0) : 'unknown'],
          ['Calls with a cost', formatCount(known)],
          ['Calls without', formatCount(c?.unknown ?? n.events)],
        );
      }
      this.detailsContent = [
        h('h2', { 'data-testid': 'details-title' }, n.label),
        table(rows),
        h('h3', {}, 'Filter cases'),
        actions([
          ['Through this activity', { kind: 'activity', activity: act, mode: 'through' }],
          ['Not through it', { kind: 'activity', activity: act, mode: 'notThrough' }],
          ['Starting here', { kind: 'activity', activity: act, mode: 'startsWith' }],
          ['Ending here', { kind: 'activity', activity: act, mode: 'endsWith' }],
        ], this.handlers.addFilter),
      ];
    }
    this.show('details');
  }

  showEdge(e: MapEdgeView): void {
    const rows: [string, string][] = [['Frequency', formatCount(e.frequency)], ['Cases', formatCount(e.cases)]];
    if (e.duration) {
      rows.push(['Mean', formatDuration(e.duration.mean)], ['Median', formatDuration(e.duration.median)],
        ['Min', formatDuration(e.duration.min)], ['Max', formatDuration(e.duration.max)], ['Total', formatDuration(e.duration.total)]);
    }
    const virtual = e.source.startsWith('▶') || e.target.startsWith('■');
    this.detailsContent = [h('h2', { 'data-testid': 'details-title' }, `${e.source} → ${e.target}`), table(rows)];
    if (!virtual) {
      this.detailsContent.push(h('h3', {}, 'Filter cases'), actions([
        ['With this path', { kind: 'edge', source: e.source, target: e.target, mode: 'through' }],
        ['Without it', { kind: 'edge', source: e.source, target: e.target, mode: 'notThrough' }],
      ], this.handlers.addFilter));
    }
    this.show('details');
  }

  showCase(caseId: string, events: readonly CaseEventRow[], attributes: readonly TypedAttribute[]): void {
    if (this.tab !== 'cases') this.show('cases');
    const pane = this.body.querySelector('[data-testid="case-events"]');
    if (!pane) return;
    clear(pane);
    pane.append(h('h3', {}, `Case ${caseId}`));
    if (attributes.length) pane.append(table(attributes.map((a) => [a.key, String(a.value)])));
    const rows = events.map((e, i) => h('tr', {},
      h('td', { class: 'num' }, String(i + 1)), h('td', {}, e.activity),
      h('td', {}, e.time === undefined ? '–' : new Date(e.time).toISOString().replace('T', ' ').replace('.000Z', 'Z')),
      h('td', {}, e.resource ?? '')));
    pane.append(h('table', { class: 'events', 'data-testid': 'case-events-table' },
      h('thead', {}, h('tr', {}, h('th', {}, '#'), h('th', {}, 'Activity'), h('th', {}, 'Time'), h('th', {}, 'Resource'))),
      h('tbody', {}, ...rows)));
  }

  private renderTabs(): void {
    clear(this.tabBar);
    for (const t of Object.keys(TAB_LABELS) as Tab[]) {
      const b = h('button', { type: 'button', role: 'tab', 'aria-selected': String(t === this.tab), class: t === this.tab ? 'active' : undefined, 'data-tab': t }, TAB_LABELS[t]);
      b.addEventListener('click', () => this.show(t));
      this.tabBar.append(b);
    }
  }

  private render(): void {
    clear(this.body);
    this.body.setAttribute('data-testid', `${this.tab}-tab`);
    switch (this.tab) {
      case 'details': this.body.append(...this.detailsContent); break;
      case 'variants': this.renderVariants(); break;
      case 'statistics': this.renderStatistics(); break;
      case 'cases': this.renderCases(); break;
    }
  }

  private renderVariants(): void {
    const variants: readonly Variant[] = this.data?.variants ?? [];
    const count = this.data?.variantCount ?? variants.length;
    const top = h('input', { type: 'number', min: 1, max: Math.max(1, count), value: Math.min(5, Math.max(1, count)), 'aria-label': 'Number of variants to keep', class: 'small-input' });
    const keepTop = h('button', { type: 'button', 'data-testid': 'keep-top-variants' }, 'Keep top');
    keepTop.addEventListener('click', () => this.handlers.addFilter({ kind: 'variants', mode: 'top', count: Math.max(1, Math.floor(Number(top.value) || 1)) }));
    this.body.append(h('div', { class: 'row' }, keepTop, top, h('span', { class: 'muted' }, 'variants')));
    const list = h('ol', { class: 'variants', 'data-testid': 'variants' });
    const shown = variants.slice(0, 200);
    shown.forEach((v, i) => {
      const item = h('li', { tabindex: 0, 'data-variant': i, title: v.activities.join(' → '), class: this.selectedVariant === i ? 'selected' : undefined },
        h('span', { class: 'variant-count' }, `${formatCount(v.cases)} ${v.cases === 1 ? 'case' : 'cases'} · ${formatPercent(v.coverage)}`),
        h('span', { class: 'variant-path' }, `${v.activities.length} steps: ${v.activities.slice(0, 4).join(' → ')}${v.activities.length > 4 ? ' → …' : ''}`));
      const toggle = () => {
        this.selectedVariant = this.selectedVariant === i ? undefined : i;
        this.handlers.highlightVariant(this.selectedVariant === undefined ? undefined : v.activities);
        this.render();
      };
      item.addEventListener('click', toggle);
      item.addEventListener('keydown', (ev) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); toggle(); } });
      list.append(item);
      if (this.selectedVariant === i) {
        const only = h('button', { type: 'button', 'data-testid': 'keep-variant' }, 'Keep only this variant');
        only.addEventListener('click', (ev) => { ev.stopPropagation(); this.handlers.addFilter({ kind: 'variants', mode: 'list', variants: [v.activities] }); });
        list.append(h('li', { class: 'variant-actions' }, only));
      }
    });
    const total = this.data?.variantCount ?? variants.length;
    if (total > shown.length) list.append(h('li', { class: 'muted' }, `… ${formatCount(total - shown.length)} more variants`));
    this.body.append(list);
  }

  private renderStatistics(): void {
    const d = this.data;
    if (!d) return;
    const width = Math.max(220, this.body.clientWidth - 8);
    const bins = d.statistics.durationDistribution?.bins ?? [];
    this.body.append(h('h3', {}, 'Case duration (cases)'));
    if (bins.length === 0) {
      this.body.append(h('p', { class: 'muted' }, 'No timestamps: durations are unknown.'));
    } else {
      this.body.append(barChart(bins.map((b) => ({ label: formatDuration(b.fromMs), value: b.cases, title: `${durationLabel(b.fromMs, b.toMs)}: ${formatCount(b.cases)} cases` })), { width, height: 150, label: 'Case duration histogram' }));
      const min = h('input', { type: 'number', min: 0, step: 'any', class: 'small-input', 'aria-label': 'Minimum case duration in days', placeholder: 'min' });
      const max = h('input', { type: 'number', min: 0, step: 'any', class: 'small-input', 'aria-label': 'Maximum case duration in days', placeholder: 'max' });
      const apply = h('button', { type: 'button', 'data-testid': 'apply-duration' }, 'Keep');
      apply.addEventListener('click', () => {
        const day = 86_400_000;
        const lo = min.value === '' ? undefined : Number(min.value) * day;
        const hi = max.value === '' ? undefined : Number(max.value) * day;
        if (lo !== undefined || hi !== undefined) this.handlers.addFilter({ kind: 'duration', minMs: lo, maxMs: hi });
      });
      this.body.append(h('div', { class: 'row' }, apply, h('span', { class: 'muted' }, 'cases lasting'), min, h('span', { class: 'muted' }, 'to'), max, h('span', { class: 'muted' }, 'days')));
    }
    const pts = d.statistics.throughput.points;
    this.body.append(h('h3', {}, `Cases started per ${d.statistics.throughput.bucket}`));
    if (pts.length === 0) this.body.append(h('p', { class: 'muted' }, 'No timestamps.'));
    else {
      this.body.append(barChart(pts.map((p) => ({ label: new Date(p.time).toISOString().slice(0, 10), value: p.casesStarted, title: `${new Date(p.time).toISOString().slice(0, 10)}: ${formatCount(p.casesStarted)} started, ${formatCount(p.casesEnded)} ended, ${formatCount(p.events)} events` })), { width, height: 150, label: 'Cases started over time' }));
    }
    this.body.append(h('h3', {}, 'Rework'));
    if (d.statistics.rework.length === 0) this.body.append(h('p', { class: 'muted', 'data-testid': 'rework' }, 'No activity repeats within a case.'));
    else {
      this.body.append(h('table', { class: 'events', 'data-testid': 'rework' },
        h('thead', {}, h('tr', {}, h('th', {}, 'Activity'), h('th', {}, 'Cases'), h('th', {}, 'Repeats'), h('th', {}, 'Self-loops'))),
        h('tbody', {}, ...d.statistics.rework.slice(0, 50).map((r) => h('tr', {}, h('td', {}, r.activity), h('td', { class: 'num' }, formatCount(r.casesWithRepeat)), h('td', { class: 'num' }, formatCount(r.repeats)), h('td', { class: 'num' }, formatCount(r.selfLoops)))))));
    }
  }

  private renderCases(): void {
    const cases: readonly CaseSummary[] = this.data?.cases ?? [];
    const total = this.data?.filtered.cases ?? 0;
    this.body.append(h('p', { class: 'muted' }, cases.length < total ? `First ${formatCount(cases.length)} of ${formatCount(total)} cases` : `${formatCount(total)} cases`));
    const list = h('ol', { class: 'cases', 'data-testid': 'case-list' });
    for (const c of cases) {
      const item = h('li', { tabindex: 0, 'data-case': c.caseId },
        h('span', { class: 'case-id' }, c.caseId),
        h('span', { class: 'muted' }, `${formatCount(c.events)} events${c.durationMs === undefined ? '' : ` · ${formatDuration(c.durationMs)}`}`));
      const open = () => {
        for (const li of list.querySelectorAll('li.selected')) li.classList.remove('selected');
        item.classList.add('selected');
        this.handlers.openCase(c.caseId);
      };
      item.addEventListener('click', open);
      item.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') open(); });
      list.append(item);
    }
    this.body.append(list, h('div', { 'data-testid': 'case-events' }));
  }
}

function table(rows: [string, string][]): HTMLTableElement {
  return h('table', { class: 'kv' }, ...rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, v))));
}

function actions(items: [string, CaseFilter][], add: (f: CaseFilter) => void): HTMLElement {
  const div = h('div', { class: 'actions' });
  for (const [label, f] of items) {
    const b = h('button', { type: 'button', 'data-filter': `${f.kind}:${'mode' in f ? f.mode : ''}` }, label);
    b.addEventListener('click', () => add(f));
    div.append(b);
  }
  return div;
}
