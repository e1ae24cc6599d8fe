/**
 * Prompty parsing (spec §6): one test per `parse` vector of vectors.json (role markers →
 * messages, thread nonce expansion), plus role-marker details of §2.10/§6.2.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { PromptMessage } from '../../src/core/prompts/types';
import { expandNonces, parseMessages, type RichValue } from '../../src/core/prompts/prompty';
import { toThread } from '../../src/core/prompts/prompty/messages';

const ROOT = path.join(__dirname, '..', 'fixtures', 'prompty', 'v2');

interface Vector {
  name: string;
  description: string;
  input: { rendered: string; thread_inputs?: Record<string, unknown> };
  expected: { messages: unknown[] };
}

function vectors(stage: string): Vector[] {
  const all = JSON.parse(readFileSync(path.join(ROOT, 'vectors.json'), 'utf8')) as { vectors: { vector: Vector & { stage: string } }[] };
  return all.vectors.map((v) => v.vector).filter((v) => v.stage === stage);
}

/** Our messages in the vectors' shape (`{kind: 'text', value}` parts). */
function asVector(messages: readonly PromptMessage[]): unknown[] {
  return messages.map((m) => ({
    role: m.role,
    content: m.content.map((p) => ('text' in p ? { kind: 'text', value: p.text } : { kind: 'media', source: p.media.url })),
    ...(m.metadata ? { metadata: m.metadata } : {}),
  }));
}

/** The nonces the renderer would have stored for the vector's thread inputs (§5.4 step 5). */
function noncesOf(rendered: string, threads: Record<string, unknown> = {}): Map<string, RichValue> {
  const map = new Map<string, RichValue>();
  for (const m of rendered.matchAll(/__PROMPTY_THREAD_[0-9a-f]+_(\w+?)__/g)) {
    const messages = toThread(threads[m[1]!]);
    if (messages) map.set(m[0], { kind: 'thread', messages });
  }
  return map;
}

describe('Prompty parse vectors (vectors.json, stage parse)', () => {
  for (const v of vectors('parse')) {
    test(`${v.name}: ${v.description}`, () => {
      const messages = expandNonces(parseMessages(v.input.rendered), noncesOf(v.input.rendered, v.input.thread_inputs));
      assert.deepEqual(asVector(messages), v.expected.messages);
    });
  }
});

describe('Role markers (spec §2.10, §6.2)', () => {
  test('the valid marker forms of §6.2', () => {
    const text = 'system:\na\n  user:\nb\n# assistant:\nc\nASSISTANT[nonce=abc123]:\nd\nuser[nonce=abc, name="test"]:\ne';
    assert.deepEqual(parseMessages(text).map((m) => [m.role, m.metadata]), [
      ['system', undefined],
      ['user', undefined],
      ['assistant', undefined],
      ['assistant', { nonce: 'abc123' }],
      ['user', { nonce: 'abc', name: 'test' }],
    ]);
  });
  test('not markers: text after the colon, unknown roles, malformed attributes', () => {
    const text = 'user: hello\ntool:\nuser[]:\nuser[=x]:';
    assert.deepEqual(parseMessages(text), [{ role: 'system', content: [{ text }] }]);
  });
  test('content before the first marker is a system message (§2.10)', () => {
    assert.deepEqual(parseMessages('Be brief.\n\nuser:\nHi').map((m) => m.role), ['system', 'user']);
  });
  test('v1 roles include function, and markdown images become media parts', () => {
    const messages = parseMessages('user:\nLook ![a cat](https://x.test/cat.jpg) please\nfunction:\n{"ok": 1}', 1);
    assert.deepEqual(messages, [
      { role: 'user', content: [{ text: 'Look' }, { media: { url: 'https://x.test/cat.jpg', contentType: 'image/jpeg' } }, { text: 'please' }] },
      { role: 'function', content: [{ text: '{"ok": 1}' }] },
    ]);
  });
  test('text around a thread nonce stays in messages of the same role (§6.7)', () => {
    const nonce = '__PROMPTY_THREAD_0badcafe_history__';
    const nonces = new Map<string, RichValue>([[nonce, { kind: 'thread', messages: [{ role: 'assistant', content: [{ text: 'earlier' }] }] }]]);
    const messages = expandNonces(parseMessages(`user:\nbefore\n${nonce}\nafter`), nonces);
    assert.deepEqual(messages.map((m) => [m.role, m.content]), [
      ['user', [{ text: 'before' }]],
      ['assistant', [{ text: 'earlier' }]],
      ['user', [{ text: 'after' }]],
    ]);
  });
});
