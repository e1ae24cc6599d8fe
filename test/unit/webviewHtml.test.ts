import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildWebviewHtml, contentSecurityPolicy, escapeHtml, makeNonce } from '../../webview/shared/html';
import { parseProcessMapMessage } from '../../src/protocol/processMap';

describe('webview HTML shell', () => {
  const nonce = makeNonce();
  const html = buildWebviewHtml({ title: '<img src=x onerror=alert(1)>', cspSource: 'vscode-resource:', nonce, scriptUri: 'app.js?a="b"', styleUris: ['s.css'] });

  it('has a strict CSP with a per-render nonce and no inline script', () => {
    assert.match(html, /default-src &#39;none&#39;/);
    assert.ok(html.includes(`nonce-${nonce}`));
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.ok(html.includes(`<script nonce="${nonce}" src=`));
    assert.ok(!/ on\w+=/i.test(html.replace(/&lt;img src=x onerror=alert\(1\)&gt;/, '')));
  });
  it('escapes the title and URIs', () => {
    assert.ok(html.includes('<title>&lt;img src=x onerror=alert(1)&gt;</title>'));
    assert.ok(html.includes('app.js?a=&quot;b&quot;'));
  });
  it('makes distinct, long nonces and rejects weak ones', () => {
    assert.notEqual(makeNonce(), makeNonce());
    assert.ok(makeNonce().length >= 32);
    assert.throws(() => buildWebviewHtml({ title: '', cspSource: 'x', nonce: 'abc', scriptUri: '', styleUris: [] }));
  });
  it('allows scripts only by nonce', () => {
    const csp = contentSecurityPolicy('https://x', 'N'.repeat(16));
    assert.ok(!csp.includes('unsafe-inline') && !csp.includes('unsafe-eval'));
    assert.equal(escapeHtml(`'"&`), '&#39;&quot;&amp;');
  });
});

describe('process-map protocol', () => {
  it('accepts well-formed webview messages', () => {
    assert.deepEqual(parseProcessMapMessage({ type: 'ready' }), { type: 'ready' });
    const state = { logId: 1, view: 'performance', activityPercent: 50, pathPercent: 10, filters: [{ kind: 'activity', activity: 'a', mode: 'through' }] };
    assert.deepEqual(parseProcessMapMessage({ type: 'stateChanged', state }), { type: 'stateChanged', state });
    assert.deepEqual(parseProcessMapMessage({ type: 'openCase', caseId: 'NA' }), { type: 'openCase', caseId: 'NA' });
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    assert.deepEqual(parseProcessMapMessage({ type: 'exportPng', dataUrl: png }), { type: 'exportPng', dataUrl: png });
  });
  it('rejects malformed ones', () => {
    for (const m of [null, 'ready', {}, { type: 'eval' }, { type: 'stateChanged', state: { logId: 1, view: 'x', activityPercent: 1, pathPercent: 1 } },
      { type: 'stateChanged', state: { logId: 1.5, view: 'frequency', activityPercent: 1, pathPercent: 1 } },
      { type: 'stateChanged', state: { logId: 1, view: 'frequency', activityPercent: 101, pathPercent: 1, filters: [] } },
      { type: 'stateChanged', state: { logId: 1, view: 'frequency', activityPercent: 1, pathPercent: 1 } },
      { type: 'stateChanged', state: { logId: 1, view: 'frequency', activityPercent: 1, pathPercent: 1, filters: [{ kind: 'eval', code: 'x' }] } },
      { type: 'exportSvg', svg: 42 }, { type: 'exportPng', dataUrl: 'javascript:alert(1)' }, { type: 'openCase', caseId: 7 }]) {
      assert.equal(parseProcessMapMessage(m), undefined, JSON.stringify(m));
    }
  });
});
