import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzePrompt } from '../../src/server/promptAnalysis';

const examples = join(__dirname, '..', 'fixtures', 'prompts');

describe('analyzePrompt on the Dotprompt examples', () => {
  it('reports the unclosed {{#if}} of error-unclosed-block.prompt at its line (E002)', () => {
    const text = readFileSync(join(examples, 'error-unclosed-block.prompt'), 'utf8');
    const a = analyzePrompt(text);
    const e002 = a.diagnostics.filter((d) => d.code === 'E002');
    assert.equal(e002.length, 1);
    const line = text.split('\n').findIndex((l) => l.includes('{{#if premium}}'));
    assert.equal(e002[0]!.range.start.line, line);
    assert.deepEqual(a.inputVariables, ['name']);
  });

  it('finds no errors in the valid examples', () => {
    for (const f of readdirSync(examples).filter((n) => n.endsWith('.prompt') && !n.startsWith('error-'))) {
      if (f.startsWith('codemirror-08')) continue;
      const errors = analyzePrompt(readFileSync(join(examples, f), 'utf8')).diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], f);
    }
  });

  it('rejects {{/section}} after the non-block {{section}} helper (as Handlebars does)', () => {
    const text = readFileSync(join(examples, 'codemirror-08-sections-thinking.prompt'), 'utf8');
    const errors = analyzePrompt(text).diagnostics.filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => [d.code, d.range.start.line]), [['E005', text.split('\n').indexOf('{{/section}}')]]);
  });

  it('lists front matter keys and roles as symbols (licence header before ---)', () => {
    const a = analyzePrompt(readFileSync(join(examples, 'features.prompt'), 'utf8'));
    const names = a.symbols.map((s) => s.name);
    assert.ok(names.includes('model') && names.includes('input') && names.includes('config'), names.join(','));
    assert.ok(names.includes('role: system'), names.join(','));
    assert.ok(a.frontMatter && a.frontMatter.startLine > 10);
  });
});

describe('analyzePrompt diagnostics', () => {
  it('points at invalid YAML inside the front matter', () => {
    const a = analyzePrompt('---\nmodel: [unclosed\n---\nhi');
    const d = a.diagnostics.find((x) => x.code === 'E003');
    assert.ok(d, JSON.stringify(a.diagnostics));
    assert.ok(d.range.start.line >= 1 && d.range.start.line <= 2);
  });
  it('flags a front matter that is never closed', () => {
    assert.equal(analyzePrompt('---\nmodel: x\nHello').diagnostics[0]?.code, 'E001');
  });
  it('warns on unknown keys but accepts namespaced extension keys', () => {
    const a = analyzePrompt('---\nmodel: x\ntemprature: 1\nmyext.flag: true\n---\nHi');
    assert.deepEqual(a.diagnostics.map((d) => [d.code, d.range.start.line]), [['W001', 2]]);
  });
  it('flags mismatched and stray closing blocks, ignores comments', () => {
    const a = analyzePrompt('{{#each items}}{{#if x}}{{/each}}\n{{/with}}\n{{!-- {{#if x}} --}}{{! {{/each}} }}');
    assert.deepEqual(a.diagnostics.map((d) => d.code).sort(), ['E005', 'E006']);
  });
});
