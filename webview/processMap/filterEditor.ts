/**
 * "Add filter": a small form under the filter bar to add a time frame, attribute, start/end
 * activity, variant-coverage or case-duration filter to the shared stack. Attribute values are
 * asked of the host when a key is picked (the log may have many).
 */
import type { AttributeKeyInfo, AttributeValueCount } from '../../src/core/db/types';
import type { CaseFilter } from '../../src/core/filters/types';
import type { DirectlyFollowsGraph } from '../../src/core/mining/types';
import { clear, h } from '../shared/dom';
import { formatCount } from '../shared/format';

export interface FilterEditorContext {
  readonly dfg: DirectlyFollowsGraph;
  readonly attributeKeys: readonly AttributeKeyInfo[];
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
  readonly hasTimestamps: boolean;
}

export interface FilterEditorHandlers {
  add(f: CaseFilter): void;
  requestValues(scope: 'event' | 'case', key: string): void;
}

type Kind = 'timeframe' | 'attribute' | 'startActivities' | 'endActivities' | 'coverage' | 'duration';
const KINDS: [Kind, string][] = [
  ['timeframe', 'Time frame'], ['attribute', 'Attribute'], ['startActivities', 'Start activities'],
  ['endActivities', 'End activities'], ['coverage', 'Variants by coverage'], ['duration', 'Case duration'],
];
const DAY = 86_400_000;

export class FilterEditor {
  readonly el = h('div', { class: 'filter-editor', hidden: true, 'data-testid': 'filter-editor' });
  private ctx: FilterEditorContext | undefined;
  private valuesBox: HTMLElement | undefined;
  private pendingKey: string | undefined;

  constructor(private readonly handlers: FilterEditorHandlers) {}

  setContext(ctx: FilterEditorContext): void {
    this.ctx = ctx;
    if (!this.el.hidden) this.open();
  }

  toggle(): void {
    if (this.el.hidden) this.open();
    else this.close();
  }

  close(): void {
    this.el.hidden = true;
    clear(this.el);
  }

  /** Attribute values arrived from the host. */
  showValues(scope: 'event' | 'case', key: string, values: readonly AttributeValueCount[]): void {
    if (!this.valuesBox || this.pendingKey !== `${scope}\u0000${key}`) return;
    clear(this.valuesBox);
    if (values.length === 0) this.valuesBox.append(h('p', { class: 'muted' }, 'No values.'));
    this.valuesBox.append(...checkboxes(values.map((v) => [v.value, `${v.value === '' ? '(empty)' : v.value} · ${formatCount(v.cases)} cases`])));
  }

  private open(): void {
    this.el.hidden = false;
    clear(this.el);
    const kind = h('select', { 'aria-label': 'Filter kind', 'data-testid': 'filter-kind' },
      ...KINDS.map(([k, label]) => h('option', { value: k, disabled: (k === 'timeframe' || k === 'duration') && !this.ctx?.hasTimestamps }, label)));
    const form = h('div', { class: 'filter-form' });
    const render = () => this.renderForm(kind.value as Kind, form);
    kind.addEventListener('change', render);
    const cancel = h('button', { type: 'button' }, 'Cancel');
    cancel.addEventListener('click', () => this.close());
    this.el.append(h('div', { class: 'row' }, kind, cancel), form);
    if (!this.ctx?.hasTimestamps) kind.value = 'attribute';
    render();
  }

  private renderForm(kind: Kind, form: HTMLElement): void {
    clear(form);
    const ctx = this.ctx;
    if (!ctx) return;
    const addButton = (make: () => CaseFilter | string) => {
      const b = h('button', { type: 'button', class: 'active', 'data-testid': 'add-filter' }, 'Add filter');
      const problem = h('span', { class: 'error', role: 'alert' });
      b.addEventListener('click', () => {
        const f = make();
        if (typeof f === 'string') { problem.textContent = f; return; }
        this.handlers.add(f);
        this.close();
      });
      return h('div', { class: 'row' }, b, problem);
    };
    switch (kind) {
      case 'timeframe': {
        const mode = h('select', { 'aria-label': 'Time frame mode' },
          h('option', { value: 'started' }, 'cases started in'), h('option', { value: 'contained' }, 'cases contained in'),
          h('option', { value: 'intersecting' }, 'cases intersecting'));
        const from = h('input', { type: 'date', 'aria-label': 'From', value: ctx.firstTimestamp?.slice(0, 10) ?? '' });
        const to = h('input', { type: 'date', 'aria-label': 'To', value: ctx.lastTimestamp?.slice(0, 10) ?? '' });
        form.append(h('div', { class: 'row' }, mode, from, h('span', {}, '–'), to), addButton(() => {
          const a = Date.parse(`${from.value}T00:00:00Z`);
          const b = Date.parse(`${to.value}T00:00:00Z`) + DAY - 1;
          if (!Number.isFinite(a) || !Number.isFinite(b)) return 'Pick both dates.';
          if (a > b) return 'The start is after the end.';
          return { kind: 'timeframe', mode: mode.value as 'started', from: a, to: b };
        }));
        break;
      }
      case 'attribute': {
        if (ctx.attributeKeys.length === 0) { form.append(h('p', { class: 'muted' }, 'This log has no attributes besides activity and time.')); break; }
        const keys = [...ctx.attributeKeys].sort((a, b) => a.scope.localeCompare(b.scope) || a.key.localeCompare(b.key));
        const key = h('select', { 'aria-label': 'Attribute', 'data-testid': 'attribute-key' },
          ...keys.map((k, i) => h('option', { value: i }, `${k.scope === 'case' ? 'case · ' : ''}${k.key} (${formatCount(k.distinct)} values)`)));
        const mode = h('select', { 'aria-label': 'Include or exclude' }, h('option', { value: 'include' }, 'with'), h('option', { value: 'exclude' }, 'without'));
        this.valuesBox = h('div', { class: 'values', 'data-testid': 'attribute-values' }, h('p', { class: 'muted' }, 'Loading values…'));
        const ask = () => {
          const k = keys[Number(key.value)]!;
          this.pendingKey = `${k.scope}\u0000${k.key}`;
          this.handlers.requestValues(k.scope, k.key);
        };
        key.addEventListener('change', ask);
        form.append(h('div', { class: 'row' }, h('span', {}, 'Cases'), mode, key), this.valuesBox, addButton(() => {
          const k = keys[Number(key.value)]!;
          const values = checked(this.valuesBox!);
          if (values.length === 0) return 'Tick at least one value.';
          return { kind: 'attribute', scope: k.scope, key: k.key, values, mode: mode.value as 'include' | 'exclude' };
        }));
        ask();
        break;
      }
      case 'startActivities':
      case 'endActivities': {
        const counts = kind === 'startActivities' ? ctx.dfg.start : ctx.dfg.end;
        const box = h('div', { class: 'values' }, ...checkboxes(Object.entries(counts).sort((a, b) => b[1] - a[1]).map(([a, n]) => [a, `${a} · ${formatCount(n)} cases`])));
        form.append(box, addButton(() => {
          const activities = checked(box);
          return activities.length ? { kind, activities } : 'Tick at least one activity.';
        }));
        break;
      }
      case 'coverage': {
        const pct = h('input', { type: 'number', min: 1, max: 100, value: 80, class: 'small-input', 'aria-label': 'Coverage percent' });
        form.append(h('div', { class: 'row' }, h('span', {}, 'The most frequent variants covering'), pct, h('span', {}, '% of cases')), addButton(() => {
          const p = Number(pct.value);
          return p > 0 && p <= 100 ? { kind: 'variants', mode: 'coverage', percent: p } : 'Give a percentage from 1 to 100.';
        }));
        break;
      }
      case 'duration': {
        const min = h('input', { type: 'number', min: 0, step: 'any', class: 'small-input', placeholder: 'min', 'aria-label': 'Minimum days' });
        const max = h('input', { type: 'number', min: 0, step: 'any', class: 'small-input', placeholder: 'max', 'aria-label': 'Maximum days' });
        form.append(h('div', { class: 'row' }, h('span', {}, 'Cases lasting'), min, h('span', {}, 'to'), max, h('span', {}, 'days')), addButton(() => {
          const lo = min.value === '' ? undefined : Number(min.value) * DAY;
          const hi = max.value === '' ? undefined : Number(max.value) * DAY;
          if (lo === undefined && hi === undefined) return 'Give a minimum, a maximum or both.';
          if (lo !== undefined && hi !== undefined && lo > hi) return 'The minimum exceeds the maximum.';
          return { kind: 'duration', minMs: lo, maxMs: hi };
        }));
        break;
      }
    }
  }
}

function checkboxes(items: [string, string][]): HTMLElement[] {
  return items.map(([value, label]) => {
    const box = h('input', { type: 'checkbox' });
    box.dataset.value = value;
    return h('label', { class: 'check' }, box, ` ${label}`);
  });
}

function checked(container: HTMLElement): string[] {
  return [...container.querySelectorAll<HTMLInputElement>('input[type=checkbox]')].filter((b) => b.checked).map((b) => b.dataset.value ?? '');
}
