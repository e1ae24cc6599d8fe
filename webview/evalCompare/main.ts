/**
 * The eval-comparison webview ("Compare versions" / "Compare runs"): the two sides' labels, a
 * totals strip (case-level pass rates with 95% intervals and an interval chart, flips, McNemar on
 * verdicts, Wilcoxon on scores, cost and latency), a regression banner, the case table (filters,
 * sortable columns, diff buttons, case ids that reveal the case in its suite) and the cases only
 * one run has. The host sends one finished `RunComparison`; every string from it (case, prompt
 * and provider ids, labels) is rendered as text.
 */
import './style.css';
import type { CaseComparison, CaseKey, RunComparison, UnpairedCase } from '../../src/core/evals/compare';
import {
  CASE_FILTERS, isEvalCompareState,
  type CaseFilter, type DiffKind, type EvalCompareSide, type EvalCompareState, type EvalCompareToHost, type HostToEvalCompare, type SortKey,
} from '../../src/protocol/evalCompare';
import { clear, h } from '../shared/dom';
import { plural } from '../shared/format';
import { getVsCodeApi } from '../shared/vscodeApi';
import { intervalChart } from './chart';
import {
  FILTER_LABELS, FLIP_LABELS, FLIP_TITLES, costDelta, interval, latencyDelta, matchesFilter, mcnemarReading, ms, msDelta, pValue, pairKey, pct,
  ppDelta, scoreDeltaText, sideRate, sideTitle, significance, usd, usdDelta, usdNoise, visibleCases, wilcoxonReading,
} from './model';

interface Loaded {
  readonly title: string;
  readonly before: EvalCompareSide;
  readonly after: EvalCompareSide;
  readonly comparison: RunComparison;
}

const vscode = getVsCodeApi<EvalCompareState, EvalCompareToHost>();
const saved = vscode.getState();
let view: EvalCompareState = isEvalCompareState(saved) ? saved : { filter: 'all', descending: false };
let loaded: Loaded | undefined;
/** The rendered row of each pair (by `pairKey`), for the banner's jumps. */
let rowsByKey = new Map<string, HTMLTableRowElement>();
const casesByKey = new Map<string, CaseComparison>();

const app = document.getElementById('app') as HTMLDivElement;
const errorEl = h('p', { class: 'error banner-error', role: 'alert', 'data-testid': 'error', hidden: true });
const header = h('header', { class: 'header', 'data-testid': 'header' });
const banner = h('section', { class: 'regression-banner', 'data-testid': 'regression-banner', 'aria-label': 'Regressions', hidden: true });
const totals = h('section', { class: 'totals', 'data-testid': 'totals', 'aria-label': 'Totals' });
const filterBar = h('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Filter cases', 'data-testid': 'filters' });
const filterInfo = h('span', { class: 'muted', 'data-testid': 'filter-info', role: 'status' });
const table = h('table', { class: 'cases', 'data-testid': 'cases' });
const thead = h('thead');
const tbody = h('tbody');
table.append(h('caption', { class: 'visually-hidden' }, 'Paired cases, before and after'), thead, tbody);
const unpaired = h('section', { class: 'unpaired', 'data-testid': 'unpaired', 'aria-label': 'Cases in one run only' });
const caseSection = h('section', { class: 'case-section', hidden: true }, h('h2', {}, 'Cases'), filterBar, h('div', { class: 'table-wrap' }, table));
app.append(errorEl, header, banner, totals, caseSection, unpaired);

window.addEventListener('message', (ev: MessageEvent<HostToEvalCompare>) => {
  const msg = ev.data;
  switch (msg?.type) {
    case 'load':
      loaded = { title: msg.title, before: msg.before, after: msg.after, comparison: msg.comparison };
      errorEl.hidden = true;
      render();
      break;
    case 'error':
      errorEl.textContent = msg.message;
      errorEl.hidden = false;
      break;
  }
});
vscode.postMessage({ type: 'ready' });

function saveView(next: EvalCompareState): void {
  view = next;
  vscode.setState(view);
}

function button(label: string, attrs: Record<string, string | number | boolean | undefined>, onClick: () => void): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

function openCase(caseId: string): void {
  vscode.postMessage({ type: 'openCase', caseId });
}

function openDiff(k: CaseKey, which: DiffKind): void {
  vscode.postMessage({
    type: 'openDiff', caseId: k.caseId,
    ...(k.promptId !== undefined && { promptId: k.promptId }),
    ...(k.providerId !== undefined && { providerId: k.providerId }),
    which,
  });
}

/** "prompt · provider" of a key, when the pairing uses them. */
function keySuffix(k: CaseKey): string {
  return [k.promptId, k.providerId].filter((x): x is string => x !== undefined).join(' · ');
}

function signClass(d: number | undefined): string {
  return d === undefined || d === 0 ? 'delta' : d > 0 ? 'delta better' : 'delta worse';
}

// ---------------------------------------------------------------------------------------------

function render(): void {
  if (!loaded) return;
  const { comparison } = loaded;
  document.title = loaded.title;
  casesByKey.clear();
  for (const c of comparison.cases) casesByKey.set(pairKey(c), c);
  renderHeader(loaded);
  renderBanner(comparison);
  renderTotals(comparison);
  renderFilters(comparison);
  renderHead();
  renderRows();
  renderUnpaired(loaded);
  caseSection.hidden = false;
}

function side(which: 'before' | 'after', s: EvalCompareSide): HTMLElement {
  return h('div', { class: `side side-${which}`, 'data-testid': `side-${which}` },
    h('span', { class: 'side-tag' }, which === 'before' ? 'Before' : 'After'),
    h('strong', { class: 'side-label' }, s.label),
    s.detail ? h('span', { class: 'muted side-detail' }, s.detail) : null);
}

function renderHeader(l: Loaded): void {
  clear(header);
  const c = l.comparison;
  const pairing = c.pairBy === 'case' ? 'case' : c.pairBy === 'full' ? 'case, prompt and provider' : c.pairBy.replace('+', ' and ');
  header.append(
    h('h1', { 'data-testid': 'title' }, l.title),
    h('div', { class: 'sides' }, side('before', l.before), h('span', { class: 'arrow', 'aria-hidden': 'true' }, '→'), side('after', l.after)),
    h('p', { class: 'muted', 'data-testid': 'pairing' },
      `${plural(c.totals.pairedCases, 'paired case')}, paired by ${pairing}`
      + ` · ${plural(c.newCases.length, 'new case')} · ${plural(c.removedCases.length, 'removed case')}`),
  );
}

function renderBanner(c: RunComparison): void {
  clear(banner);
  banner.hidden = c.regressions.length === 0;
  if (banner.hidden) return;
  const list = h('ul', { class: 'regression-list' });
  for (const k of c.regressions) {
    const cc = casesByKey.get(pairKey(k));
    const suffix = keySuffix(k);
    list.append(h('li', {},
      button(k.caseId, { class: 'link-button', 'data-testid': 'banner-case', title: 'Show this case in the table' }, () => jumpTo(k)),
      suffix ? h('span', { class: 'muted' }, ` ${suffix}`) : null,
      cc?.noisy ? h('span', { class: 'noisy-tag', title: 'A side is flaky: more samples would tell' }, 'noisy') : null,
      cc ? h('span', { class: 'muted' }, ` ${pct(cc.before.passRate)} → ${pct(cc.after.passRate)}`) : null));
  }
  banner.append(
    h('p', { class: 'banner-title' }, h('strong', {}, 'REGRESSION'),
      ` ${plural(c.regressions.length, 'case')} passed before and ${c.regressions.length === 1 ? 'fails' : 'fail'} now, beyond noise:`),
    list);
}

/** Shows a pair's row (switching to the regressions filter when the current one hides it) and focuses it. */
function jumpTo(k: CaseKey): void {
  const key = pairKey(k);
  const c = casesByKey.get(key);
  if (!c) return;
  if (!matchesFilter(c, view.filter)) {
    saveView({ ...view, filter: 'regressions' });
    updateFilterButtons();
    renderRows();
  }
  const row = rowsByKey.get(key);
  if (!row) return;
  row.scrollIntoView({ block: 'center' });
  row.querySelector<HTMLButtonElement>('[data-testid="open-case"]')?.focus();
  row.classList.remove('flash');
  void row.offsetWidth; // restart the highlight
  row.classList.add('flash');
}

/** Parts of a line that wrap only between each other: "a · b · c". */
function chunks(...parts: string[]): (Node | string)[] {
  return parts.flatMap((p, i) => [...(i ? [' · '] : []), h('span', { class: 'chunk' }, p)]);
}

function card(title: string, testid: string, ...children: (Node | null)[]): HTMLElement {
  return h('div', { class: 'card', 'data-testid': testid }, h('h3', {}, title), ...children);
}

function renderTotals(c: RunComparison): void {
  clear(totals);
  const t = c.totals;
  const rates = card('Pass rate (cases)', 'totals-pass-rate',
    h('p', { class: 'big', 'data-testid': 'pass-rate' },
      h('span', { class: 'rate-before' }, t.before.n ? pct(t.before.rate) : '–'),
      ' → ',
      h('span', { class: 'rate-after' }, t.after.n ? pct(t.after.rate) : '–'),
      ' ',
      h('span', { class: signClass(t.before.n && t.after.n ? t.delta : undefined), 'data-testid': 'pass-rate-delta' }, t.before.n && t.after.n ? ppDelta(t.delta) : '–')),
    h('p', { 'data-testid': 'pass-rate-interval' }, `95% interval ${interval(t.before.low, t.before.high)} → ${interval(t.after.low, t.after.high)}`),
    h('p', { class: 'muted', 'data-testid': 'pass-rate-detail' },
      `${t.before.passes}/${t.before.n} → ${t.after.passes}/${t.after.n} cases with a verdict; samples `
      + `${t.samplesBefore.passes}/${t.samplesBefore.n} (${pct(t.samplesBefore.rate)}) → ${t.samplesAfter.passes}/${t.samplesAfter.n} (${pct(t.samplesAfter.rate)})`),
    intervalChart([
      { label: 'before', className: 'side-before', rate: t.before.rate, low: t.before.low, high: t.before.high, title: `${loaded?.before.label ?? 'before'}: ${pct(t.before.rate)}, 95% interval ${interval(t.before.low, t.before.high)}` },
      { label: 'after', className: 'side-after', rate: t.after.rate, low: t.after.low, high: t.after.high, title: `${loaded?.after.label ?? 'after'}: ${pct(t.after.rate)}, 95% interval ${interval(t.after.low, t.after.high)}` },
    ], { width: 280 }));

  const flips = card('Flips', 'totals-flips',
    h('p', { class: 'flip-counts', 'data-testid': 'flip-counts' }, ...(['fixed', 'broke', 'changed', 'same-pass', 'same-fail'] as const).map((f) =>
      h('span', { class: `flip-count`, title: FLIP_TITLES[f] }, h('span', { class: `flip-badge flip-${f}` }, FLIP_LABELS[f]), ` ${t.flips[f]}`))),
    h('p', { class: t.regressions ? 'regression-count' : 'muted', 'data-testid': 'regression-count' },
      t.regressions ? `${plural(t.regressions, 'regression')} beyond noise` : 'No regression beyond noise'));

  const m = t.mcnemar;
  const mcnemarCard = card('McNemar (verdict per case)', 'totals-mcnemar',
    h('p', { 'data-testid': 'mcnemar' }, ...chunks(`b = ${m.b} pass → fail`, `c = ${m.c} fail → pass`, `p = ${pValue(m.pValue)}${m.exact ? ' (exact)' : ''}`)),
    h('p', { class: 'muted' }, `${plural(m.n, 'case')} with a verdict on both sides (${m.bothPass} pass both, ${m.bothFail} fail both)`),
    h('p', { class: `reading ${m.b + m.c > 0 && m.pValue < 0.05 ? 'significant' : ''}`, 'data-testid': 'mcnemar-reading', title: significance(m.pValue) },
      mcnemarReading(m.b, m.c, m.pValue)));

  const w = t.wilcoxon;
  const wilcoxonCard = card('Wilcoxon signed-rank (scores)', 'totals-wilcoxon',
    h('p', { 'data-testid': 'wilcoxon' }, ...chunks(`n = ${w.n}`, `p = ${pValue(w.pValue)}${w.exact ? ' (exact)' : ''}`)),
    h('p', { class: 'muted' }, `${plural(w.pairs, 'case')} scored on both sides, ${w.pairs - w.n} unchanged${w.dropped ? `, ${w.dropped} without a score` : ''}`),
    h('p', { class: `reading ${w.n > 0 && w.pValue < 0.05 ? 'significant' : ''}`, 'data-testid': 'wilcoxon-reading', title: significance(w.pValue) },
      wilcoxonReading(w.pairs, w.n, w.tPlus, w.tMinus, w.pValue)));

  const deltaLine = (label: string, testid: string, before: string, after: string, delta: string, d: number | undefined) =>
    h('p', { class: 'delta-line', 'data-testid': testid },
      h('span', { class: 'chunk muted' }, label), ' ',
      h('span', { class: 'chunk' }, `${before} → ${after}`), ' ',
      h('span', { class: `chunk delta-value ${signClass(d === undefined ? undefined : -d)}` }, `Δ ${delta}`));
  const costCard = card('Cost and latency', 'totals-cost',
    deltaLine('Cost', 'cost', usd(t.costUsd.before), usd(t.costUsd.after), usdDelta(t.costUsd.delta), usdNoise(t.costUsd.delta)),
    deltaLine('Latency / sample', 'latency', ms(t.latencyMs.before), ms(t.latencyMs.after), msDelta(t.latencyMs.delta), t.latencyMs.delta),
    h('p', { class: 'muted footnote' }, 'Paired cases; provider cost only (judges not included); unknown when any price or time is.'));

  totals.append(rates, flips, mcnemarCard, wilcoxonCard, costCard);
}

// ---------------------------------------------------------------------------------------------
// The case table

const filterButtons = new Map<CaseFilter, HTMLButtonElement>();

function renderFilters(c: RunComparison): void {
  clear(filterBar);
  filterButtons.clear();
  for (const f of CASE_FILTERS) {
    const n = c.cases.filter((x) => matchesFilter(x, f)).length;
    const b = button(`${FILTER_LABELS[f]} ${n}`, { 'data-testid': `filter-${f}`, 'data-filter': f }, () => {
      saveView({ ...view, filter: f });
      updateFilterButtons();
      renderRows();
    });
    filterButtons.set(f, b);
    filterBar.append(b);
  }
  filterBar.append(filterInfo);
  updateFilterButtons();
}

function updateFilterButtons(): void {
  for (const [f, b] of filterButtons) {
    const on = f === view.filter;
    b.classList.toggle('active', on);
    b.setAttribute('aria-pressed', String(on));
  }
}

interface Column {
  readonly key: SortKey;
  readonly label: string;
  readonly title: string;
  readonly numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'case', label: 'Case', title: 'Case id (click an id to reveal the case in its suite)' },
  { key: 'before', label: 'Before', title: 'Status and pass rate of graded samples in the first run' },
  { key: 'after', label: 'After', title: 'Status and pass rate of graded samples in the second run' },
  { key: 'flip', label: 'Flip', title: 'Ascending: broke, changed, fixed, same fail, same pass' },
  { key: 'regression', label: 'Regression', title: 'Passed before, fails now, beyond noise (noisy: a flaky side)' },
  { key: 'passRateDelta', label: 'Δ pass', title: 'Change of the sample pass rate, percentage points', numeric: true },
  { key: 'scoreDelta', label: 'Δ score', title: 'After − before mean score', numeric: true },
  { key: 'costDelta', label: 'Δ cost', title: 'After − before provider cost', numeric: true },
  { key: 'latencyDelta', label: 'Δ latency', title: 'After − before mean latency', numeric: true },
];

const sortButtons = new Map<SortKey, { th: HTMLTableCellElement; mark: HTMLSpanElement }>();

function renderHead(): void {
  clear(thead);
  sortButtons.clear();
  const tr = h('tr');
  for (const col of COLUMNS) {
    const mark = h('span', { class: 'sort-mark', 'aria-hidden': 'true' });
    const th = h('th', { scope: 'col', class: col.numeric ? 'num' : undefined, 'data-col': col.key },
      button(col.label, { class: 'sort-button', 'data-testid': `sort-${col.key}`, title: `${col.title}. Click to sort.` }, () => sortBy(col.key)));
    th.querySelector('button')!.append(mark);
    sortButtons.set(col.key, { th, mark });
    tr.append(th);
  }
  tr.append(h('th', { scope: 'col', class: 'actions-col' }, 'Diff'));
  thead.append(tr);
  updateSortMarks();
}

/** Ascending, then descending, then the comparison's own order. */
function sortBy(key: SortKey): void {
  if (view.sort !== key) saveView({ ...view, sort: key, descending: false });
  else if (!view.descending) saveView({ ...view, descending: true });
  else saveView({ filter: view.filter, descending: false });
  updateSortMarks();
  renderRows();
}

function updateSortMarks(): void {
  for (const [key, { th, mark }] of sortButtons) {
    const on = view.sort === key;
    th.setAttribute('aria-sort', on ? (view.descending ? 'descending' : 'ascending') : 'none');
    mark.textContent = on ? (view.descending ? ' ▼' : ' ▲') : '';
  }
}

function sideCell(s: CaseComparison['before'], which: string): HTMLTableCellElement {
  return h('td', { class: 'side-cell', title: sideTitle(s), 'data-testid': `${which}-cell` },
    h('span', { class: `status status-${s.status}` }, s.status), ' ', h('span', { class: 'rate' }, sideRate(s)));
}

function regressionCell(c: CaseComparison): HTMLTableCellElement {
  if (c.regression) {
    return h('td', { 'data-testid': 'regression-cell' },
      h('span', {
        class: `regression-marker${c.noisy ? ' noisy' : ''}`,
        title: c.beyondNoise ? 'The 95% intervals do not overlap' : c.noisy ? 'Too few samples to separate the intervals, and a side is flaky' : 'Too few samples to separate the intervals',
      }, c.noisy ? '▼ regression (noisy)' : '▼ regression'));
  }
  return h('td', { 'data-testid': 'regression-cell' }, c.beyondNoise ? h('span', { class: 'muted', title: 'The 95% intervals do not overlap, but the majority verdict did not flip' }, 'drop beyond noise') : null);
}

function row(c: CaseComparison): HTMLTableRowElement {
  const suffix = keySuffix(c);
  const cost = costDelta(c);
  const latency = latencyDelta(c);
  const rateDelta = c.before.n > 0 && c.after.n > 0 ? c.passRateDelta : undefined;
  const caseLabel = suffix ? `${c.caseId} (${suffix})` : c.caseId;
  return h('tr', { class: `flip-row-${c.flip}${c.regression ? ' regressed' : ''}`, 'data-testid': 'case-row', 'data-flip': c.flip },
    h('td', { class: 'case-cell' },
      button(c.caseId, { class: 'link-button case-id', 'data-testid': 'open-case', title: 'Reveal this case in its suite' }, () => openCase(c.caseId)),
      suffix ? h('div', { class: 'muted key-suffix' }, suffix) : null),
    sideCell(c.before, 'before'),
    sideCell(c.after, 'after'),
    h('td', {}, h('span', { class: `flip-badge flip-${c.flip}`, 'data-testid': 'flip', title: FLIP_TITLES[c.flip] }, FLIP_LABELS[c.flip])),
    regressionCell(c),
    h('td', { class: `num ${signClass(rateDelta)}`, 'data-testid': 'pass-delta' }, rateDelta === undefined ? '–' : ppDelta(rateDelta)),
    h('td', { class: `num ${signClass(c.scoreDelta)}`, 'data-testid': 'score-delta' }, scoreDeltaText(c.scoreDelta)),
    h('td', { class: 'num', 'data-testid': 'cost-delta', title: `${usd(c.before.costUsd)} → ${usd(c.after.costUsd)}` }, usdDelta(cost)),
    h('td', { class: 'num', 'data-testid': 'latency-delta', title: `${ms(c.before.latencyMs)} → ${ms(c.after.latencyMs)}` }, msDelta(latency)),
    h('td', { class: 'actions' },
      button('output ↔ output', { 'data-testid': 'diff-outputs', 'aria-label': `Diff the two runs' outputs of ${caseLabel}` }, () => openDiff(c, 'output-vs-output')),
      button('output ↔ expected', { 'data-testid': 'diff-expected', 'aria-label': `Diff the new output of ${caseLabel} with the expected output` }, () => openDiff(c, 'output-vs-expected'))),
  );
}

function renderRows(): void {
  if (!loaded) return;
  const all = loaded.comparison.cases;
  const rows = visibleCases(all, view.filter, view.sort, view.descending);
  clear(tbody);
  rowsByKey = new Map();
  for (const c of rows) {
    const tr = row(c);
    rowsByKey.set(pairKey(c), tr);
    tbody.append(tr);
  }
  if (rows.length === 0) {
    tbody.append(h('tr', { class: 'empty' }, h('td', { colspan: COLUMNS.length + 1, class: 'muted' },
      all.length === 0 ? 'No paired cases: the runs have no case in common.' : 'No case matches this filter.')));
  }
  filterInfo.textContent = view.filter === 'all' ? plural(all.length, 'case') : `${rows.length} of ${plural(all.length, 'case')}`;
}

// ---------------------------------------------------------------------------------------------

function unpairedList(title: string, testid: string, cases: readonly UnpairedCase[], none: string): HTMLElement {
  const list = h('ul', { class: 'unpaired-list' });
  for (const u of cases) {
    const suffix = keySuffix(u);
    list.append(h('li', { 'data-testid': `${testid}-case` },
      button(u.caseId, { class: 'link-button case-id', 'data-testid': 'open-case', title: 'Reveal this case in its suite' }, () => openCase(u.caseId)),
      suffix ? h('span', { class: 'muted' }, ` ${suffix}`) : null,
      ' ', h('span', { class: `status status-${u.side.status}`, title: sideTitle(u.side) }, u.side.status),
      ' ', h('span', { class: 'rate' }, sideRate(u.side))));
  }
  return h('div', { class: 'unpaired-block', 'data-testid': testid },
    h('h3', {}, `${title} (${cases.length})`),
    cases.length ? list : h('p', { class: 'muted' }, none));
}

function renderUnpaired(l: Loaded): void {
  clear(unpaired);
  const c = l.comparison;
  unpaired.append(h('h2', {}, 'Cases in one run only'), h('div', { class: 'unpaired-grid' },
    unpairedList(`New — only in ${l.after.label}`, 'new-cases', c.newCases, 'No new case.'),
    unpairedList(`Removed — only in ${l.before.label}`, 'removed-cases', c.removedCases, 'No removed case.')));
}
