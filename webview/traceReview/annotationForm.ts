/**
 * The reviewer's verdict form, for the whole trace (in the header) or for one step (in the
 * details pane): pass/fail, labels (comma-separated), a comment, Save and Clear. The host stores
 * it; what the reviewer typed is shown back as text only.
 */
import type { AnnotationView } from '../../src/protocol/traceReview';
import { h } from '../shared/dom';

export interface AnnotationFormEvents {
  save(a: { verdict?: 'pass' | 'fail'; labels: string[]; comment?: string }): void;
  clear(): void;
}

export function parseLabels(text: string): string[] {
  return [...new Set(text.split(',').map((l) => l.trim()).filter((l) => l.length > 0).map((l) => l.slice(0, 100)))].slice(0, 20);
}

export function annotationForm(scope: 'trace' | 'step', current: AnnotationView | undefined, on: AnnotationFormEvents): HTMLElement {
  let verdict = current?.verdict;
  const pass = h('button', { type: 'button', class: 'verdict verdict-pass', 'data-testid': `${scope}-verdict-pass`, 'aria-pressed': String(verdict === 'pass'), title: 'Mark as pass' }, '✓ Pass');
  const fail = h('button', { type: 'button', class: 'verdict verdict-fail', 'data-testid': `${scope}-verdict-fail`, 'aria-pressed': String(verdict === 'fail'), title: 'Mark as fail' }, '✗ Fail');
  const labels = h('input', { type: 'text', 'data-testid': `${scope}-labels`, placeholder: 'labels, comma-separated', 'aria-label': 'Labels', value: current?.labels.join(', ') ?? '' });
  const comment = h('textarea', { 'data-testid': `${scope}-comment`, placeholder: 'comment (what went wrong, what was expected)', 'aria-label': 'Comment', rows: 2 });
  comment.value = current?.comment ?? '';
  const save = h('button', { type: 'button', 'data-testid': `${scope}-save` }, 'Save');
  const clearBtn = h('button', { type: 'button', 'data-testid': `${scope}-clear`, disabled: current === undefined, title: 'Remove this annotation' }, 'Clear');
  const status = h('span', { class: 'muted', 'data-testid': `${scope}-annotation-status` },
    current ? `saved ${new Date(current.updatedAt).toLocaleString()}` : 'not reviewed');
  const setVerdict = (v: 'pass' | 'fail') => {
    verdict = verdict === v ? undefined : v;
    pass.setAttribute('aria-pressed', String(verdict === 'pass'));
    fail.setAttribute('aria-pressed', String(verdict === 'fail'));
  };
  pass.addEventListener('click', () => setVerdict('pass'));
  fail.addEventListener('click', () => setVerdict('fail'));
  save.addEventListener('click', () => {
    const l = parseLabels(labels.value);
    const c = comment.value.trim() === '' ? undefined : comment.value;
    if (verdict === undefined && l.length === 0 && c === undefined) {
      status.textContent = 'choose pass or fail, or add a label or a comment';
      return;
    }
    status.textContent = 'saving…';
    on.save({ ...(verdict ? { verdict } : {}), labels: l, ...(c ? { comment: c } : {}) });
  });
  clearBtn.addEventListener('click', () => on.clear());
  for (const el of [labels, comment]) el.addEventListener('keydown', (ev) => ev.stopPropagation());
  return h('div', { class: 'annotation', 'data-testid': `${scope}-annotation` },
    h('div', { class: 'annotation-row' }, pass, fail, labels),
    comment,
    h('div', { class: 'annotation-row' }, save, clearBtn, status));
}
