/**
 * Prompty rendering (spec §5): one test per `render` vector of vectors.json, the places where
 * nunjucks would silently differ from Jinja2 (rendered as Jinja2 does, or a PromptError with the
 * file line), and render + parse of the v2 fixtures through renderPrompty.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { PromptError } from '../../src/core/prompts/types';
import { loadPrompty, renderPrompty, renderTemplate } from '../../src/core/prompts/prompty';

const ROOT = path.join(__dirname, '..', 'fixtures', 'prompty', 'v2');

interface Vector {
  name: string;
  description: string;
  input: { template: string; engine: string; inputs: Record<string, unknown> };
  expected: { rendered?: string; nonce_pattern?: string };
}

function vectors(stage: string): Vector[] {
  const all = JSON.parse(readFileSync(path.join(ROOT, 'vectors.json'), 'utf8')) as { vectors: { vector: Vector & { stage: string } }[] };
  return all.vectors.map((v) => v.vector).filter((v) => v.stage === stage);
}

describe('Prompty render vectors (vectors.json, stage render)', () => {
  for (const v of vectors('render')) {
    test(`${v.name}: ${v.description}`, () => {
      const { text } = renderTemplate(v.input.engine, v.input.template, v.input.inputs);
      if (v.expected.nonce_pattern !== undefined) assert.match(text, new RegExp(v.expected.nonce_pattern));
      else assert.equal(text, v.expected.rendered);
    });
  }
});

function jinja(template: string, inputs: Record<string, unknown> = {}): string {
  return renderTemplate('jinja2', template, inputs).text;
}

function assertPromptError(fn: () => unknown, pattern: RegExp, line?: number): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof PromptError, String(e));
    assert.match(e.message, pattern);
    if (line !== undefined) assert.equal(e.line, line);
    return true;
  });
}

describe('Jinja2 semantics where nunjucks differs (§5.5 subset)', () => {
  test('True/False/None literals and Python str() of booleans, None and floats', () => {
    assert.equal(jinja('{{ True }} {{ false }} {{ None }} {{ flag }} {{ nothing }}', { flag: true, nothing: null }), 'True False None True None');
    assert.equal(jinja('{{ a }} {{ b }} {{ c }} {{ d }}', { a: 0.5, b: 1e-5, c: 1.5e-7, d: 3 }), '0.5 1e-05 1.5e-07 3');
  });
  test('empty lists and dicts are false; and/or return an operand', () => {
    assert.equal(jinja('{% if xs %}some{% else %}none{% endif %}|{% if d %}d{% else %}-{% endif %}|{{ not xs }}', { xs: [], d: {} }), 'none|-|True');
    assert.equal(jinja('{{ name or "anon" }}|{{ s and "x" }}|{{ xs or "none" }}', { name: '', s: '', xs: [] }), 'anon||none');
  });
  test('for over a dict yields its keys; dict.items() unpacks; strings iterate characters', () => {
    assert.equal(jinja('{% for k in d %}{{ k }},{% endfor %}', { d: { a: 1, b: 2 } }), 'a,b,');
    assert.equal(jinja('{% for k, v in d.items() %}{{ k }}={{ v }};{% endfor %}', { d: { a: 1, b: 2 } }), 'a=1;b=2;');
    assert.equal(jinja('{% for c in s %}{{ c }}.{% endfor %}', { s: 'ab' }), 'a.b.');
  });
  test('negative indexes, loop variables, join of non-strings, default only for undefined', () => {
    assert.equal(jinja('{{ xs[-1] }}{{ s[0] }}', { xs: [1, 2, 3], s: 'xyz' }), '3x');
    assert.equal(jinja('{% for x in xs %}{{ loop.index }}{{ loop.last }} {% endfor %}', { xs: ['a', 'b'] }), '1False 2True ');
    assert.equal(jinja('{{ xs | join("-") }}', { xs: [1, true, null] }), '1-True-None');
    assert.equal(jinja('[{{ e | default("x") }}][{{ e | default("x", true) }}]', { e: '' }), '[][x]');
    assert.equal(jinja('{{ missing | length }}{{ missing | join(",") }}{{ missing | upper }}'), '0');
  });
  test('printing a list or dict is an error (Jinja2 prints a Python repr)', () => {
    assertPromptError(() => renderTemplate('jinja2', 'a\n{{ xs }}', { xs: [1] }, { line: 5 }), /Python repr/, 6);
    assertPromptError(() => jinja('{{ d }}', { d: { a: 1 } }), /Python repr/);
  });
  test('an attribute of an undefined value is an error, as in Jinja2', () => {
    assertPromptError(() => renderTemplate('jinja2', 'x\n\n{{ user.name }}', {}, { line: 10 }), /'user' is undefined/, 12);
  });
  test('Python string methods are not available (an error, not silence)', () => {
    assertPromptError(() => jinja('{{ name.upper() }}', { name: 'a' }), /'name.upper' is not callable/);
  });
  test('for over None, dict unpacking without items(): errors', () => {
    assertPromptError(() => jinja('{% for x in n %}{% endfor %}', { n: null }), /not iterable/);
    assertPromptError(() => jinja('{% for k, v in d %}{% endfor %}', { d: { a: 1 } }), /dict.items\(\)/);
  });
  test('constructs outside the subset are rejected with their line', () => {
    assertPromptError(() => renderTemplate('jinja2', 'a\n{{ x | title }}', {}, { line: 3 }), /filter 'title' is not in the Prompty Jinja subset/, 4);
    assertPromptError(() => jinja('{% include "other.prompty" %}'), /'include' is not supported/);
    assertPromptError(() => jinja('{% for i in xs %}{% set y = i %}{% endfor %}', { xs: [1] }), /'set' inside a loop/);
    assertPromptError(() => jinja('{{ x is string }}'), /test 'string' is not supported/);
    assertPromptError(() => jinja('{{ "".constructor }}'), /not allowed/);
  });
  test('syntax errors carry the file line and column', () => {
    assertPromptError(() => renderTemplate('jinja2', 'ok\n{% if %}', {}, { line: 20 }), /Template syntax error/, 21);
  });
  test('mustache: unclosed section is an error at its line; unknown engine is an error', () => {
    assertPromptError(() => renderTemplate('mustache', 'a\n{{#items}}x', {}, { line: 7 }), /Unclosed section/, 8);
    assertPromptError(() => renderTemplate('handlebars', 'x', {}), /No renderer registered for key: handlebars/);
  });
  test('mustache HTML-escapes {{x}} (Mustache spec), {{{x}}} is raw', () => {
    assert.equal(renderTemplate('mustache', "{{x}}|{{{x}}}", { x: "it's <b>" }).text, 'it&#39;s &lt;b&gt;|it\'s <b>');
  });
});

function fixture(name: string): string {
  return readFileSync(path.join(ROOT, 'fixtures', name), 'utf8');
}

const env = { getEnv: (n: string) => (n === 'OPENAI_API_KEY' ? 'sk' : undefined) };

describe('renderPrompty on the v2 fixtures (render + parse)', () => {
  test('basic.prompty with defaults', () => {
    const messages = renderPrompty(loadPrompty(fixture('basic.prompty'), undefined, env), { firstName: 'Ada' });
    assert.deepEqual(messages, [
      { role: 'system', content: [{ text: 'You are an AI assistant who helps people find information.\n\n# Customer\nYou are helping Ada Doe to find answers to their questions.' }] },
      { role: 'user', content: [{ text: 'What is the meaning of life?' }] },
    ]);
  });
  test('summarize.prompty: missing required-less input renders, falsy context skips the block', () => {
    const messages = renderPrompty(loadPrompty(fixture('summarize.prompty')), { text: 'Long text.' });
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user']);
    assert.equal((messages[0]!.content[0] as { text: string }).text, 'You are a summarization assistant. Summarize the following text concisely.');
    assert.deepEqual(messages[1]!.content, [{ text: 'Long text.' }]);
  });
  test('threaded.prompty: a thread input expands into its messages', () => {
    const conversation = [
      { role: 'user', content: 'previous question' },
      { role: 'assistant', content: [{ kind: 'text', value: 'previous answer' }] },
    ];
    const messages = renderPrompty(loadPrompty(fixture('threaded.prompty')), { conversation, question: 'And now?' });
    assert.deepEqual(messages, [
      { role: 'system', content: [{ text: 'You are a helpful assistant.' }] },
      { role: 'user', content: [{ text: 'previous question' }] },
      { role: 'assistant', content: [{ text: 'previous answer' }] },
      { role: 'user', content: [{ text: 'And now?' }] },
    ]);
  });
  test('multimodal.prompty: image and audio inputs become media parts', () => {
    const messages = renderPrompty(loadPrompty(fixture('multimodal.prompty')), {
      photo: 'https://example.com/cat.png',
      recording: { url: 'data:audio/wav;base64,AAAA' },
    });
    assert.deepEqual(messages[0], {
      role: 'system',
      content: [
        { text: 'You can see images and hear audio.' },
        { media: { url: 'https://example.com/cat.png', contentType: 'image/png' } },
        { media: { url: 'data:audio/wav;base64,AAAA', contentType: 'audio/wav' } },
      ],
    });
    assert.deepEqual(messages[1], { role: 'user', content: [{ text: 'What do you see?' }] });
  });
  test('a required input that is missing is a PromptError (§12.2)', () => {
    const prompt = loadPrompty('---\nmodel: gpt-4\ninputs:\n  - name: city\n    kind: string\n    required: true\n---\n{{city}}', 'c.prompty');
    assertPromptError(() => renderPrompty(prompt, {}), /Missing required input: city/);
  });
  test('a thread input whose value is not messages is a PromptError', () => {
    assertPromptError(() => renderPrompty(loadPrompty(fixture('threaded.prompty')), { conversation: 'hi' }), /not a list of messages/);
  });
  test('template errors point at the line in the .prompty file', () => {
    const prompt = loadPrompty('---\nmodel: gpt-4\n---\nsystem:\nHi {{ user.name }}', 'e.prompty');
    assertPromptError(() => renderPrompty(prompt, {}), /'user' is undefined/, 5);
  });
});
