/**
 * The filter bar: how many cases the filter stack leaves, one chip per filter (removable), and a
 * button that clears them all. The stack itself lives in the panel state; this only shows it.
 */
import type { CaseFilter } from '../../src/core/filters/types';
import { clear, h } from '../shared/dom';
import { formatCount, formatPercent } from '../shared/format';

export interface FilterBarInput {
  readonly filters: readonly CaseFilter[];
  readonly labels: readonly string[];
  readonly filtered: { readonly cases: number; readonly events: number };
  readonly total: { readonly cases: number; readonly events: number };
}

export function renderFilterBar(el: HTMLElement, input: FilterBarInput, onChange: (filters: CaseFilter[]) => void, onAdd: () => void): void {
  clear(el);
  const { filters, labels, filtered, total } = input;
  const add = h('button', { type: 'button', 'data-testid': 'add-filter-open', title: 'Add a filter (time frame, attribute, start/end activities, variants, duration)' }, '+ Filter');
  add.addEventListener('click', onAdd);
  el.append(add);
  const share = total.cases > 0 ? filtered.cases / total.cases : 0;
  el.append(h('span', { class: 'filter-summary', 'data-testid': 'filter-summary' },
    filters.length === 0
      ? `All ${formatCount(total.cases)} cases`
      : `${formatCount(filtered.cases)} of ${formatCount(total.cases)} cases (${formatPercent(share)}) · ${formatCount(filtered.events)} events`));
  filters.forEach((_, i) => {
    const remove = h('button', { type: 'button', class: 'chip-remove', title: 'Remove this filter', 'aria-label': `Remove filter ${labels[i] ?? ''}` }, '×');
    remove.addEventListener('click', () => onChange(filters.filter((__, j) => j !== i)));
    el.append(h('span', { class: 'chip', 'data-testid': 'filter-chip' }, h('span', {}, labels[i] ?? 'filter'), remove));
  });
  if (filters.length > 0) {
    const clearAll = h('button', { type: 'button', 'data-testid': 'clear-filters' }, 'Clear filters');
    clearAll.addEventListener('click', () => onChange([]));
    el.append(clearAll);
  }
}
