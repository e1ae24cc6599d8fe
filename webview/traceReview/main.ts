/**
 * The trace-reviewer webview: a header with the trace's figures, a virtualised timeline (spans
 * nested by parent, bars on a shared time axis — or by step for untimed transcripts — coloured by
 * kind, with latency, tokens and cost, errors and the critical path marked), keyboard
 * step-through, search, zoom to a step, and the details pane. The host sends spans without bodies
 * and answers `selectSpan` with the body.
 */
import './style.css';
import type { AnnotationView, HostToTraceReview, SpanBody, SpanHead, StepFlag, TraceReviewState, TraceReviewToHost } from '../../src/protocol/traceReview';
import type { TraceSummary } from '../../src/core/traces/types';
import { clear, h } from '../shared/dom';
import { formatCount, formatDuration, plural } from '../shared/format';
import { getVsCodeApi } from '../shared/vscodeApi';
import { annotationForm } from './annotationForm';
import { formatUsd, renderDetails } from './details';
import { barExtent, buildTimeline, move, type Move, type Timeline } from './timelineModel';

const ROW_HEIGHT = 24;
const OVERSCAN = 12;
const KIND_LETTER: Record<string, string> = { agent: 'A', llm: 'L', tool: 'T', retriever: 'R', embedding: 'E', reranker: 'K', guardrail: 'G', evaluator: 'V', chain: 'C', message: 'M', span: 'S' };

const vscode = getVsCodeApi<TraceReviewState, TraceReviewToHost>();

let trace: TraceSummary | undefined;
let timeline: Timeline | undefined;
let state: TraceReviewState | undefined;
let flags: readonly StepFlag[] = [];
let flagsBySpan = new Map<string, StepFlag[]>();
let zoom: readonly [number, number] | undefined;
let matches: string[] = [];
/** Annotations by span id ('' = the whole trace). */
let annotations = new Map<string, AnnotationView>();
const bodies = new Map<string, SpanBody>();

const app = document.getElementById('app') as HTMLDivElement;
const header = h('header', { class: 'header' });
const search = h('input', { type: 'search', placeholder: 'Search steps and their messages', 'aria-label': 'Search steps', 'data-testid': 'search' });
const matchInfo = h('span', { class: 'muted', 'data-testid': 'search-info' });
const toolbar = h('div', { class: 'toolbar', role: 'toolbar' });
const scroller = h('div', { class: 'scroller', tabindex: 0, 'data-testid': 'timeline', role: 'tree', 'aria-label': 'Trace steps' });
const spacer = h('div', { class: 'spacer' });
const rowsEl = h('div', { class: 'rows' });
scroller.append(spacer, rowsEl);
const details = h('section', { class: 'details', 'data-testid': 'details', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Select a step: ↓/j next, ↑/k previous, → child, ← parent, e next error, f next flag, p pass / x fail the step.'));
app.append(header, toolbar, h('main', { class: 'main' }, h('div', { class: 'timeline-wrap' }, scroller), details));

window.addEventListener('message', (ev: MessageEvent<HostToTraceReview>) => {
  const msg = ev.data;
  switch (msg?.type) {
    case 'loadTrace': {
      trace = msg.trace;
      state = msg.state;
      flags = msg.flags;
      setAnnotations(msg.annotations);
      flagsBySpan = new Map();
      for (const f of flags) flagsBySpan.set(f.spanId, [...(flagsBySpan.get(f.spanId) ?? []), f]);
      bodies.clear();
      zoom = undefined;
      const t0 = performance.now();
      timeline = buildTimeline(msg.spans);
      renderHeader();
      renderToolbar();
      renderRows();
      performance.measure('tracemine:timeline', { start: t0, end: performance.now() });
      requestAnimationFrame(() => setTimeout(() => performance.measure('tracemine:painted', { start: t0, end: performance.now() }), 0));
      if (state.selectedSpanId && timeline.byId.has(state.selectedSpanId)) select(state.selectedSpanId);
      break;
    }
    case 'annotations':
      setAnnotations(msg.annotations);
      renderHeader();
      renderRows();
      if (state?.selectedSpanId) showDetails(state.selectedSpanId);
      break;
    case 'notice':
      noticeEl.textContent = msg.message;
      break;
    case 'searchResults':
      bodyMatches = { query: msg.query.trim().toLowerCase(), ids: new Set(msg.spanIds) };
      updateMatches();
      break;
    case 'spanBody':
      bodies.set(msg.spanId, msg.body);
      if (state?.selectedSpanId === msg.spanId) showDetails(msg.spanId);
      break;
    case 'error':
      clear(details);
      details.append(h('p', { class: 'error', role: 'alert' }, msg.message));
      break;
  }
});
vscode.postMessage({ type: 'ready' });

function setAnnotations(list: readonly AnnotationView[]): void {
  annotations = new Map(list.map((a) => [a.spanId ?? '', a]));
}

const noticeEl = h('span', { class: 'muted', 'data-testid': 'notice', role: 'status' });

function annotate(spanId: string | undefined, a: { verdict?: 'pass' | 'fail'; labels: string[]; comment?: string }): void {
  vscode.postMessage({ type: 'annotate', ...(spanId ? { spanId } : {}), ...a });
}

function reviewForm(spanId: string | undefined): HTMLElement {
  return annotationForm(spanId ? 'step' : 'trace', annotations.get(spanId ?? ''), {
    save: (a) => annotate(spanId, a),
    clear: () => vscode.postMessage({ type: 'removeAnnotation', ...(spanId ? { spanId } : {}) }),
  });
}

/** p / x on the selected step: a verdict, keeping its labels and comment. */
function quickVerdict(verdict: 'pass' | 'fail'): void {
  const id = state?.selectedSpanId;
  if (!id) return;
  const cur = annotations.get(id);
  annotate(id, { verdict, labels: [...(cur?.labels ?? [])], ...(cur?.comment ? { comment: cur.comment } : {}) });
}

function renderHeader(): void {
  if (!trace) return;
  clear(header);
  const t = trace;
  const parts = [
    t.durationMs !== undefined ? formatDuration(t.durationMs) : 'duration unknown',
    plural(t.spans, 'step'), plural(t.llmCalls, 'LLM call'), plural(t.toolCalls, 'tool call'),
    `${t.inputTokens === undefined ? '?' : formatCount(t.inputTokens)} in / ${t.outputTokens === undefined ? '?' : formatCount(t.outputTokens)} out tokens`,
    `cost ${formatUsd(t.costUsd)}`,
  ];
  if (t.errors) parts.push(plural(t.errors, 'error'));
  if (flags.length) parts.push(plural(flags.length, 'flag'));
  const attrs = Object.entries(t.attributes).filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v)).slice(0, 6);
  const verdict = annotations.get('')?.verdict;
  header.append(
    h('h1', { 'data-testid': 'trace-title', title: t.sourcePath }, t.name,
      verdict ? h('span', { class: `verdict-badge ${verdict}`, 'data-testid': 'trace-verdict' }, verdict) : null),
    h('p', { class: 'summary', 'data-testid': 'trace-summary' }, parts.join(' · ')),
  );
  if (attrs.length) header.append(h('p', { class: 'muted', 'data-testid': 'trace-attributes' }, attrs.map(([k, v]) => `${k}: ${String(v)}`).join(' · ')));
  const byKind = new Map<string, number>();
  for (const f of flags) byKind.set(f.ruleId ?? f.kind, (byKind.get(f.ruleId ?? f.kind) ?? 0) + 1);
  if (byKind.size) {
    header.append(h('p', { class: 'flag flag-warning', 'data-testid': 'trace-flags' },
      `Checks: ${[...byKind].map(([k, n]) => `${k} ×${n}`).join(' · ')} — press f to step through them`));
  }
  const review = h('details', { class: 'review-trace', 'data-testid': 'review-trace' }, h('summary', {}, 'Review this trace'), reviewForm(undefined));
  header.append(review);
}

function renderToolbar(): void {
  clear(toolbar);
  const button = (label: string, testid: string, title: string, onClick: () => void) => {
    const b = h('button', { type: 'button', 'data-testid': testid, title }, label);
    b.addEventListener('click', onClick);
    return b;
  };
  toolbar.append(
    button('↑ Prev', 'prev', 'Previous step in time order (↑ or k)', () => step('prev')),
    button('↓ Next', 'next', 'Next step in time order (↓ or j)', () => step('next')),
    button('Next error', 'next-error', 'Next step with an error (e)', () => step('nextError')),
    button('Next flag', 'next-flag', 'Next flagged step (f)', () => step('nextFlagged')),
    button('Zoom to step', 'zoom', 'Zoom the time axis to the selected step (z)', () => zoomToSelection()),
    button('Reset zoom', 'reset-zoom', 'Show the whole trace (0)', () => { zoom = undefined; renderRows(); }),
    button('Add to eval dataset', 'add-to-dataset', 'Write this trace\'s input and expected behaviour as a test case in the workspace', () => vscode.postMessage({ type: 'addToDataset' })),
    search, matchInfo, noticeEl,
    h('span', { class: 'muted axis-info' }, timeline?.timed ? '' : 'No timestamps: steps in message order, durations unknown'),
  );
}

/** Steps matching by name, tool, model or agent (here), and by body text (answered by the host). */
let bodyMatches: { query: string; ids: ReadonlySet<string> } = { query: '', ids: new Set() };
let searchTimer: ReturnType<typeof setTimeout> | undefined;

function updateMatches(): void {
  const q = search.value.trim().toLowerCase();
  matches = !q || !timeline ? [] : timeline.steps.filter((id) => {
    const s = timeline!.byId.get(id)!.span;
    return bodyMatches.query === q && bodyMatches.ids.has(id)
      || [s.name, s.toolName, s.requestModel, s.responseModel, s.agentName, s.statusMessage].some((v) => v?.toLowerCase().includes(q));
  });
  matchInfo.textContent = q ? `${matches.length} match${matches.length === 1 ? '' : 'es'}${bodyMatches.query === q ? '' : ' (searching messages…)'}` : '';
  renderRows();
}

search.addEventListener('input', () => {
  updateMatches();
  if (searchTimer) clearTimeout(searchTimer);
  const q = search.value.trim();
  if (q) searchTimer = setTimeout(() => vscode.postMessage({ type: 'search', query: q }), 150);
});
search.addEventListener('keydown', (ev) => {
  if (ev.key === 'Enter' && matches.length) {
    const cur = state?.selectedSpanId;
    const i = cur ? matches.indexOf(cur) : -1;
    select(matches[(i + (ev.shiftKey ? -1 : 1) + matches.length) % matches.length]!);
    ev.preventDefault();
  }
});

const KEYS: Record<string, Move> = {
  ArrowDown: 'next', j: 'next', ArrowUp: 'prev', k: 'prev', ArrowRight: 'child', l: 'child', ArrowLeft: 'parent', h: 'parent',
  e: 'nextError', f: 'nextFlagged', Home: 'first', End: 'last',
};
document.addEventListener('keydown', (ev) => {
  if (ev.target instanceof HTMLInputElement || ev.target instanceof HTMLTextAreaElement) return;
  const m = KEYS[ev.key];
  if (m) {
    ev.preventDefault();
    step(m);
  } else if (ev.key === 'Enter' && state?.selectedSpanId) {
    vscode.postMessage({ type: 'openRaw', spanId: state.selectedSpanId });
  } else if (ev.key === 'p') {
    quickVerdict('pass');
  } else if (ev.key === 'x') {
    quickVerdict('fail');
  } else if (ev.key === 'z') {
    zoomToSelection();
  } else if (ev.key === '0') {
    zoom = undefined;
    renderRows();
  } else if (ev.key === '/') {
    ev.preventDefault();
    search.focus();
  }
});

function step(m: Move): void {
  if (!timeline) return;
  const next = move(timeline, state?.selectedSpanId, m, new Set(flagsBySpan.keys()));
  if (next) select(next);
}

function select(spanId: string): void {
  if (!timeline || !state) return;
  state = { ...state, selectedSpanId: spanId };
  vscode.setState(state);
  const row = timeline.byId.get(spanId);
  if (row) {
    const top = row.index * ROW_HEIGHT;
    if (top < scroller.scrollTop || top + ROW_HEIGHT > scroller.scrollTop + scroller.clientHeight) {
      scroller.scrollTop = Math.max(0, top - scroller.clientHeight / 3);
    }
  }
  renderRows();
  showDetails(spanId);
  if (!bodies.has(spanId)) vscode.postMessage({ type: 'selectSpan', spanId });
}

function showDetails(spanId: string): void {
  const row = timeline?.byId.get(spanId);
  if (!row) return;
  renderDetails(details, row.span, bodies.get(spanId), flagsBySpan.get(spanId) ?? [], {
    openRaw: () => vscode.postMessage({ type: 'openRaw', spanId }),
    openSymbol: (name) => vscode.postMessage({ type: 'openSymbol', name }),
    openPrompt: () => vscode.postMessage({ type: 'openPrompt', spanId }),
    select,
  }, reviewForm(spanId));
}

function zoomToSelection(): void {
  const id = state?.selectedSpanId;
  if (!timeline || !id) return;
  const row = timeline.byId.get(id);
  if (!row) return;
  const [a, b] = barExtent(timeline, row.span);
  const pad = (b - a) * 0.05 || 1;
  zoom = [a - pad, b + pad];
  renderRows();
}

let frame = 0;
scroller.addEventListener('scroll', () => {
  if (frame) return;
  frame = requestAnimationFrame(() => { frame = 0; renderRows(); });
});
window.addEventListener('resize', () => renderRows());

/** Draws only the rows in view (plus a margin): a 10,000-step trace costs what 60 rows cost. */
function renderRows(): void {
  if (!timeline) return;
  const t = timeline;
  spacer.style.height = `${t.rows.length * ROW_HEIGHT}px`;
  const first = Math.max(0, Math.floor(scroller.scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(t.rows.length, Math.ceil((scroller.scrollTop + (scroller.clientHeight || 600)) / ROW_HEIGHT) + OVERSCAN);
  const [d0, d1] = zoom ?? t.domain;
  const span = d1 - d0 || 1;
  const matchSet = new Set(matches);
  clear(rowsEl);
  for (let i = first; i < last; i++) {
    const r = t.rows[i]!;
    const s = r.span;
    const [a, b] = barExtent(t, s);
    const left = ((a - d0) / span) * 100;
    const width = Math.max(0.2, ((b - a) / span) * 100);
    const classes = ['row', `kind-${s.kind}`];
    if (s.spanId === state?.selectedSpanId) classes.push('selected');
    if (s.status === 'error') classes.push('error');
    if (t.criticalPath.has(s.spanId)) classes.push('critical');
    if (flagsBySpan.has(s.spanId)) classes.push('flagged');
    if (matchSet.has(s.spanId)) classes.push('match');
    const verdict = annotations.get(s.spanId)?.verdict;
    if (verdict) classes.push(`annotated-${verdict}`);
    const label = h('div', { class: 'label' },
      h('span', { class: 'kind-badge', title: s.kind }, KIND_LETTER[s.kind] ?? '?'),
      h('span', { class: 'name' }, s.toolName && s.kind === 'tool' && s.name !== s.toolName ? `${s.name} (${s.toolName})` : s.name));
    label.style.paddingLeft = `${4 + r.depth * 14}px`;
    const bar = h('div', { class: 'bar' }, h('span', { class: 'bar-text' }, barText(s, t.timed)));
    bar.style.left = `${left}%`;
    bar.style.width = `${width}%`;
    const rowEl = h('div', { class: classes.join(' '), role: 'treeitem', 'aria-selected': String(s.spanId === state?.selectedSpanId), 'data-span': s.spanId, 'aria-level': r.depth + 1 },
      label, h('div', { class: 'track' }, bar));
    rowEl.style.top = `${i * ROW_HEIGHT}px`;
    rowEl.addEventListener('click', () => select(s.spanId));
    rowsEl.append(rowEl);
  }
}

function barText(s: SpanHead, timed: boolean): string {
  const parts: string[] = [];
  if (timed && s.start !== undefined && s.end !== undefined) parts.push(formatDuration(s.end - s.start));
  if (s.inputTokens !== undefined || s.outputTokens !== undefined) parts.push(`${formatCount((s.inputTokens ?? 0) + (s.outputTokens ?? 0))} tok`);
  if (s.costUsd !== undefined) parts.push(formatUsd(s.costUsd));
  if (s.status === 'error') parts.push('error');
  return parts.join(' · ');
}
