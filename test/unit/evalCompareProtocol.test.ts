/** The eval-comparison webview protocol: the host's validator of webview messages, and the saved view state. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CASE_FILTERS, EVAL_COMPARE_VIEW_TYPE, MAX_ID_LENGTH, SORT_KEYS, isEvalCompareState, parseEvalCompareMessage,
} from '../../src/protocol/evalCompare';

const HOSTILE = '<img src=x onerror=alert(1)>';

describe('eval-comparison protocol: parseEvalCompareMessage', () => {
  it('has its view type', () => {
    assert.equal(EVAL_COMPARE_VIEW_TYPE, 'tracemine.evalCompare');
  });

  it('accepts the well-formed messages, unchanged', () => {
    const ok = [
      { type: 'ready' },
      { type: 'openCase', caseId: 'refund-policy' },
      { type: 'openCase', caseId: HOSTILE },
      { type: 'openDiff', caseId: 'c1', which: 'output-vs-output' },
      { type: 'openDiff', caseId: HOSTILE, which: 'output-vs-expected' },
      { type: 'openDiff', caseId: 'c1', promptId: 'prompts/support.prompt', which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', providerId: 'openai:gpt-4o-mini', which: 'output-vs-expected' },
      { type: 'openDiff', caseId: 'c1', promptId: 'a', providerId: 'b', which: 'output-vs-output' },
      { type: 'openCase', caseId: 'x'.repeat(MAX_ID_LENGTH) },
    ];
    for (const m of ok) assert.deepEqual(parseEvalCompareMessage(m), m, JSON.stringify(m));
  });

  it('returns a fresh object with only the known fields', () => {
    const m = { type: 'openDiff', caseId: 'c1', which: 'output-vs-output' };
    const parsed = parseEvalCompareMessage(m);
    assert.notEqual(parsed, m);
    assert.deepEqual(Object.keys(parsed!).sort(), ['caseId', 'type', 'which']);
    // An explicit undefined optional is dropped, not echoed.
    assert.deepEqual(parseEvalCompareMessage({ type: 'openDiff', caseId: 'c1', promptId: undefined, which: 'output-vs-output' }),
      { type: 'openDiff', caseId: 'c1', which: 'output-vs-output' });
  });

  it('rejects what is not a message object', () => {
    for (const raw of [undefined, null, 0, 'ready', true, [], [{ type: 'ready' }], {}, { type: 1 }, { type: 'READY' }]) {
      assert.equal(parseEvalCompareMessage(raw), undefined, JSON.stringify(raw));
    }
  });

  it('rejects unknown types, including host → webview ones', () => {
    for (const type of ['load', 'error', 'openRaw', 'selectSpan', 'openSymbol', '__proto__', 'constructor', 'toString']) {
      assert.equal(parseEvalCompareMessage({ type, caseId: 'c1' }), undefined, type);
    }
  });

  it('rejects unknown keys (strict shapes)', () => {
    assert.equal(parseEvalCompareMessage({ type: 'ready', extra: 1 }), undefined);
    assert.equal(parseEvalCompareMessage({ type: 'openCase', caseId: 'c1', promptId: 'p' }), undefined, 'openCase carries the case id only');
    assert.equal(parseEvalCompareMessage({ type: 'openDiff', caseId: 'c1', which: 'output-vs-output', path: '/etc/passwd' }), undefined);
    const withProto = JSON.parse('{"type":"openCase","caseId":"c1","__proto__":{"polluted":true}}') as unknown;
    assert.equal(parseEvalCompareMessage(withProto), undefined);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('rejects missing, empty, non-string and oversized ids', () => {
    const bad: unknown[] = [
      { type: 'openCase' },
      { type: 'openCase', caseId: '' },
      { type: 'openCase', caseId: 42 },
      { type: 'openCase', caseId: ['c1'] },
      { type: 'openCase', caseId: { toString: () => 'c1' } },
      { type: 'openCase', caseId: 'x'.repeat(MAX_ID_LENGTH + 1) },
      { type: 'openDiff', which: 'output-vs-output' },
      { type: 'openDiff', caseId: '', which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'x'.repeat(MAX_ID_LENGTH + 1), which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', promptId: '', which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', promptId: null, which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', promptId: 7, which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', providerId: 'p'.repeat(MAX_ID_LENGTH + 1), which: 'output-vs-output' },
      { type: 'openDiff', caseId: 'c1', providerId: false, which: 'output-vs-output' },
    ];
    for (const m of bad) assert.equal(parseEvalCompareMessage(m), undefined, JSON.stringify(m));
  });

  it('rejects a missing or unknown diff kind', () => {
    for (const which of [undefined, '', 'output', 'expected-vs-output', 'OUTPUT-VS-OUTPUT', 1, null, ['output-vs-output']]) {
      assert.equal(parseEvalCompareMessage({ type: 'openDiff', caseId: 'c1', which }), undefined, JSON.stringify(which));
    }
  });
});

describe('eval-comparison protocol: isEvalCompareState', () => {
  it('accepts every filter and sort key', () => {
    for (const filter of CASE_FILTERS) {
      assert.ok(isEvalCompareState({ filter, descending: false }), filter);
      for (const sort of SORT_KEYS) assert.ok(isEvalCompareState({ filter, sort, descending: true }), `${filter} ${sort}`);
    }
  });

  it('rejects anything else', () => {
    const bad: unknown[] = [
      undefined, null, 'all', [], {},
      { filter: 'all' },
      { filter: 'everything', descending: false },
      { filter: 'all', descending: 'no' },
      { filter: 'all', sort: 'name', descending: false },
      { filter: 'all', sort: null, descending: false },
      { traceRowId: 1 },
    ];
    for (const s of bad) assert.equal(isEvalCompareState(s), false, JSON.stringify(s));
  });
});
