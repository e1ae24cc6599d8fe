/**
 * Prompty v1 samples (runtime/promptyjs/tests/prompts at the last commit before their removal):
 * rendered with their `sample:` values against the expected `.parsed.json` messages, and the
 * v1 front matter mapped onto LoadedPrompt (model, parameters, tools, response_format).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { PromptMessage } from '../../src/core/prompts/types';
import { loadPrompty, renderPrompty } from '../../src/core/prompts/prompty';

const DIR = path.join(__dirname, '..', 'fixtures', 'prompty', 'v1');
const io = { readFile: (p: string) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) };

function load(name: string) {
  return loadPrompty(readFileSync(path.join(DIR, name), 'utf8'), path.join(DIR, name), io);
}

function expected(name: string): PromptMessage[] {
  const list = JSON.parse(readFileSync(path.join(DIR, `${name}.parsed.json`), 'utf8')) as { role: string; content: string }[];
  return list.map((m) => ({ role: m.role, content: [{ text: m.content }] }));
}

describe('Prompty v1 samples vs .parsed.json', () => {
  test('basic.mustache.prompty: mustache, HTML-escaped variables, {{#chat_history}} section', () => {
    assert.deepEqual(renderPrompty(load('basic.mustache.prompty'), {}), expected('basic.mustache.prompty'));
  });

  test('basic.prompty (jinja2): equal except the escaping of the JS runtime', () => {
    // The .parsed.json came from promptyjs, whose nunjucks escaped HTML by default (`'` → `&#39;`).
    // Prompty's Jinja2 renderer does not escape (v2 vector html_not_escaped), and neither do we.
    const want = expected('basic.prompty');
    assert.ok(JSON.stringify(want).includes('it&#39;s'));
    const unescaped = want.map((m) => ({ ...m, content: m.content.map((p) => ({ text: (p as { text: string }).text.replace(/&#39;/g, "'") })) }));
    assert.deepEqual(renderPrompty(load('basic.prompty'), {}), unescaped);
  });
});

describe('Prompty v1 → LoadedPrompt', () => {
  test('basic.prompty: azure_deployment is the model, parameters are the config, sample gives inputs', () => {
    const p = load('basic.prompty');
    assert.equal(p.name, 'Contoso Sales Writer');
    assert.equal(p.model, 'gpt-4');
    assert.deepEqual(p.config, { max_tokens: 800 });
    assert.deepEqual(p.inputs.map((i) => [i.name, i.type, i.required]), [
      ['firstName', 'string', false], ['context', 'string', false], ['question', 'string', false],
    ]);
    assert.equal(p.sample?.firstName, 'Seth');
    assert.equal(p.outputFormat, 'text');
    assert.equal(p.templateLine, 24);
  });

  test('chat.prompty: jinja2 for-loop over chat_history builds the turns', () => {
    const p = load('chat.prompty');
    assert.equal(p.model, 'gpt-35-turbo');
    assert.deepEqual(renderPrompty(p, {}).map((m) => m.role), ['system']);
    const messages = renderPrompty(p, {
      chat_history: [{ role: 'user', content: 'What is Prompty?' }, { role: 'assistant', content: 'A prompt format.' }],
    });
    assert.deepEqual(messages.slice(1), [
      { role: 'user', content: [{ text: 'What is Prompty?' }] },
      { role: 'assistant', content: [{ text: 'A prompt format.' }] },
    ]);
    assert.match((messages[0]!.content[0] as { text: string }).text, /helping Jane Doe to find answers[\s\S]*Jane Doe:\nWhat is the meaning of life\?$/);
  });

  test('functions.prompty: OpenAI tools from model.parameters.tools', () => {
    const p = load('functions.prompty');
    assert.deepEqual(p.config, {});
    assert.equal(p.tools?.length, 2);
    const first = p.tools![0] as { type: string; function: { name: string; parameters: { required: string[] } } };
    assert.equal(first.type, 'function');
    assert.equal(first.function.name, 'get_current_weather');
    assert.deepEqual(first.function.parameters.required, ['location']);
    const messages = renderPrompty(p, {});
    assert.deepEqual(messages[1], { role: 'user', content: [{ text: "What's the weather like in San Francisco, Tokyo, and Paris?" }] });
  });

  test('structured_output.prompty: response_format from ${file:} → outputSchema', () => {
    const p = load('structured_output.prompty');
    const schema = JSON.parse(readFileSync(path.join(DIR, 'structured_output_schema.json'), 'utf8')) as { json_schema: { schema: unknown } };
    assert.equal(p.model, 'gpt-4o-2024-08-06');
    assert.equal(p.outputFormat, 'json');
    assert.deepEqual(p.outputSchema, schema.json_schema.schema);
    assert.deepEqual(p.config, {});
    assert.equal((p.frontMatter.model as { parameters: { response_format: string } }).parameters.response_format, '${file:structured_output_schema.json}');
    assert.deepEqual(renderPrompty(p, {})[1], { role: 'user', content: [{ text: 'Alice and Bob are going to a science fair on Friday.' }] });
  });

  test('basic_json_output.prompty: no model configuration, JSON asked only in the text', () => {
    const p = load('basic_json_output.prompty');
    assert.equal(p.model, undefined);
    assert.equal(p.outputFormat, 'text');
    assert.deepEqual(renderPrompty(p, { firstName: 'Ada' }).map((m) => m.role), ['system', 'user']);
  });

  test('v1 `inputs:` map with types and defaults; caller values win over sample', () => {
    const p = loadPrompty('---\nname: t\nmodel:\n  api: chat\ninputs:\n  q:\n    type: string\n    description: the question\n  n:\n    type: number\n    default: 2\nsample:\n  q: hi\n---\nuser:\n{{q}} x{{n}}');
    assert.deepEqual(p.inputs, [
      { name: 'q', required: false, type: 'string', description: 'the question', default: 'hi' },
      { name: 'n', required: false, type: 'number', default: 2 },
    ]);
    assert.deepEqual(renderPrompty(p, { q: 'yo' }), [{ role: 'user', content: [{ text: 'yo x2' }] }]);
  });
});
