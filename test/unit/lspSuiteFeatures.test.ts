/**
 * Language-server features of eval suite files (`*.eval.yaml`, `promptfooconfig.yaml`) through
 * the pure functions: diagnostics (load/schema errors, loader warnings, assertions, required
 * variables), completion, hover, and how prompts and suites find each other.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CompletionItem, Diagnostic, MarkupContent, Position } from 'vscode-languageserver';
import { suiteCompletions } from '../../src/server/completion';
import { loadPromptContext, loadSuiteContext, type FileIo } from '../../src/server/context';
import { suiteHover } from '../../src/server/hover';
import { suiteDiagnostics } from '../../src/server/suiteAnalysis';
import { lineOf, memoryIo, posOf, textAt } from '../fixtures/lsp/helpers';

const fixtures = join(__dirname, '..', 'fixtures', 'lsp');
const diskIo: FileIo = {
  readFile: (p) => readFile(p, 'utf8'),
  readFileSync: (p) => {
    try {
      return readFileSync(p, 'utf8');
    } catch {
      return undefined;
    }
  },
};

const PROMPT = `---
model: gpt-4o-mini
input:
  schema:
    ticket: string, the message
    tier?: string
  default:
    tone: friendly
---
{{ticket}} {{tier}} {{tone}}
`;

const VALID = `providers:
  - model: gpt-4o-mini
    params: { temperature: 0 }
tests:
  - id: one
    vars:
      ticket: Hello
    assert:
      - type: contains
        value: hi
      - type: not-icontains
        value: refund
  - id: two
    vars: { ticket: Bye, tier: pro }
    assert:
      - type: llm-rubric
        value: polite
`;

async function suiteDiags(text: string, files: Record<string, string> = {}, path = '/ws/t.eval.yaml'): Promise<Diagnostic[]> {
  return suiteDiagnostics(await loadSuiteContext(path, text, memoryIo({ '/ws/t.prompt': PROMPT, ...files })));
}

const codes = (ds: readonly Diagnostic[], code: string) => ds.filter((d) => d.code === code);
const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);
const labels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

describe('suite diagnostics', () => {
  it('reports nothing for a valid suite whose cases set every required variable', async () => {
    assert.deepEqual(await suiteDiags(VALID), []);
  });

  it('reports every schema error at its line (E020), and still checks cases leniently', async () => {
    const text = VALID.replace('    vars: { ticket: Bye, tier: pro }', '    varz: { ticket: Bye }').replace('  - id: one\n', '  - id: one\n    repeat: many\n');
    const ds = await suiteDiags(text);
    const e = codes(ds, 'E020');
    assert.deepEqual(e.map((d) => d.range.start.line).sort((a, b) => a - b), [lineOf(text, 'repeat: many'), lineOf(text, 'varz')]);
    assert.ok(e.some((d) => /unknown key 'varz' \(did you mean 'vars'\?\)/.test(messageOf(d))), e.map(messageOf).join('\n'));
    // the suite does not load, yet case `two` is seen to miss `ticket`
    assert.deepEqual(codes(ds, 'E022').map((d) => d.range.start.line), [lineOf(text, '- id: two')]);
  });

  it('passes the loader\'s warnings on at their line (W020)', async () => {
    const ds = await suiteDiags(VALID.replace('temperature: 0', 'temperature: 0, frobnicate: 1'));
    assert.deepEqual(codes(ds, 'W020').map((d) => [d.range.start.line, messageOf(d)]), [[2, "'frobnicate' is not a known chat-completions parameter; it is sent as it is"]]);
  });

  it('flags unknown assertion types and bad values (E021) at the offending node', async () => {
    const text = VALID.replace('- type: contains\n        value: hi', '- type: contians\n        value: hi').replace('type: llm-rubric\n        value: polite', 'type: word-count\n        value: many');
    const ds = codes(await suiteDiags(text), 'E021');
    assert.equal(ds.length, 2);
    assert.equal(textAt(text, ds[0]!.range), 'contians');
    assert.equal(messageOf(ds[0]!), 'unknown assertion type "contians"');
    assert.equal(textAt(text, ds[1]!.range), 'many');
    assert.match(messageOf(ds[1]!), /word-count needs a number/);
    // code-running types are rejected too; `not-` forms of known types are fine
    const js = codes(await suiteDiags(VALID.replace('type: contains', 'type: javascript')), 'E021');
    assert.match(messageOf(js[0]!), /javascript assertions are not supported/);
  });

  it('flags assertions of a defaults block once, not once per case', async () => {
    const text = VALID.replace('tests:', 'defaults:\n  assert:\n    - type: is-jsn\ntests:');
    const ds = codes(await suiteDiags(text), 'E021');
    assert.deepEqual(ds.map((d) => d.range.start.line), [lineOf(text, 'is-jsn')]);
  });

  it('reports a case that misses a required variable of its prompt (E022) at the case line', async () => {
    const text = VALID.replace('      ticket: Hello\n', '      tier: free\n');
    const ds = codes(await suiteDiags(text), 'E022');
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.range.start.line, lineOf(text, '- id: one'));
    assert.equal(messageOf(ds[0]!), "Case 'one' does not set variable 'ticket', required by t.prompt.");
    // satisfied by defaults.vars; optional (`tier?`) and defaulted (`tone`) inputs are never required
    const withDefaults = `defaults:\n  vars:\n    ticket: default ticket\n${text}`;
    assert.deepEqual(codes(await suiteDiags(withDefaults), 'E022'), []);
  });

  it('checks the fixture suite on disk: case file assertions and variables at the file:// line', async () => {
    const path = join(fixtures, 'greet.eval.yaml');
    const text = readFileSync(path, 'utf8');
    const ds = suiteDiagnostics(await loadSuiteContext(path, text, diskIo));
    const ref = lineOf(text, 'file://greet.cases.jsonl');
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [
      ['E021', lineOf(text, 'contians')],
      ['E021', lineOf(text, 'value: "("')],
      ['E021', ref],
      ['E022', lineOf(text, '- id: no-name')],
      ['E022', ref],
    ]);
    assert.match(messageOf(ds[2]!), /bogus-type/);
    assert.match(messageOf(ds[4]!), /'from-file-2'/);
  });

  it('puts an error inside a referenced case file on the referencing line, naming the file', async () => {
    const text = `${VALID}  - file://cases.jsonl\n`;
    const ds = await suiteDiags(text, { '/ws/cases.jsonl': '{"vars": {"ticket": "a"}}\n{not json\n' });
    const e = codes(ds, 'E020');
    assert.equal(e.length, 1);
    assert.equal(e[0]!.range.start.line, lineOf(text, 'file://cases.jsonl'));
    assert.match(messageOf(e[0]!), /^cases\.jsonl:2: /);
  });

  it('checks promptfoo configs against their Prompty prompt', async () => {
    const path = join(fixtures, 'promptfoo', 'promptfooconfig.yaml');
    const text = readFileSync(path, 'utf8');
    const ds = suiteDiagnostics(await loadSuiteContext(path, text, diskIo));
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [
      ['E021', lineOf(text, 'is-refusal')],
      ['E022', lineOf(text, '- vars:', 1)],
    ]);
    assert.match(messageOf(ds[1]!), /'question', required by ask\.prompty/);
  });
});

describe('suite completion', () => {
  async function at(text: string, position: Position, files: Record<string, string> = {}): Promise<CompletionItem[]> {
    return suiteCompletions(await loadSuiteContext('/ws/t.eval.yaml', text, memoryIo({ '/ws/t.prompt': PROMPT, ...files })), position);
  }

  it('offers assertion types and their not- forms after type: in an assert list', async () => {
    const text = VALID.replace('- type: contains', '- type: con');
    const items = await at(text, posOf(text, 'type: con', 9));
    const l = labels(items);
    assert.ok(l.includes('contains') && l.includes('contains-json') && l.includes('not-contains') && l.includes('llm-rubric'));
    assert.ok(!l.includes('javascript'));
    assert.equal(items.find((i) => i.label === 'llm-rubric')!.detail, 'model-graded assertion');
    assert.deepEqual((items[0]!.textEdit as { range: unknown }).range, { start: posOf(text, 'type: con', 6), end: posOf(text, 'type: con', 9) });
    // a compact list (`assert:` and `- ` at the same column) too
    const compact = 'tests:\n- vars: {}\n  assert:\n  - type: \n';
    assert.ok(labels(await at(compact, { line: 3, character: 10 })).includes('equals'));
    // `type:` inside an assertion's value (a JSON schema) is not an assertion type
    const nested = VALID.replace('        value: hi', '        value:\n          type: ');
    assert.deepEqual(await at(nested, { line: lineOf(nested, '          type: '), character: 16 }), []);
  });

  it('offers model names after model:', async () => {
    const text = VALID.replace('model: gpt-4o-mini', 'model: gpt');
    assert.ok(labels(await at(text, { line: 1, character: 14 })).includes('gpt-5-mini'));
  });

  it('offers the prompt\'s variables under vars:, required first, minus those set', async () => {
    const text = VALID.replace('      ticket: Hello\n', '      ticket: Hello\n      \n');
    const items = await at(text, { line: lineOf(text, 'ticket: Hello') + 1, character: 6 });
    assert.deepEqual(labels(items).sort(), ['tier', 'tone']);
    const fresh = await at('tests:\n  - vars:\n      \n', { line: 2, character: 6 });
    const sorted = [...fresh].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
    assert.deepEqual(labels(sorted), ['ticket', 'tier', 'tone']);
    assert.match(fresh.find((i) => i.label === 'ticket')!.detail!, /t\.prompt · string · required/);
    assert.equal((fresh[0]!.textEdit as { newText: string }).newText, `${fresh[0]!.label}: `);
    const defaults = await at('defaults:\n  vars:\n    \n', { line: 2, character: 4 });
    assert.equal(defaults.length, 3);
    // not outside vars
    assert.deepEqual(await at('tests:\n  - \n', { line: 1, character: 4 }), []);
  });
});

describe('suite hover', () => {
  it('shows the prompt\'s declaration of a variable set under vars:', async () => {
    const ctx = await loadSuiteContext('/ws/t.eval.yaml', VALID, memoryIo({ '/ws/t.prompt': PROMPT }));
    const hover = suiteHover(ctx, posOf(VALID, 'ticket: Hello', 2))!;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /`t\.prompt`: \*\*ticket\*\* · `string` · required/);
    assert.match(md, /the message/);
    assert.equal(textAt(VALID, hover.range!), 'ticket');
    assert.equal(suiteHover(ctx, posOf(VALID, 'value: hi', 2)), null);
  });
});

describe('prompts and suites find each other', () => {
  it('a prompt finds its same-stem suite on disk, cases from case files included', async () => {
    const path = join(fixtures, 'greet.prompt');
    const ctx = await loadPromptContext(path, readFileSync(path, 'utf8'), diskIo);
    assert.equal(ctx.suite?.path, join(fixtures, 'greet.eval.yaml'));
    assert.deepEqual(ctx.cases.map((c) => c.id), ['formal', 'no-name', 'bad-regex', 'from-file-1', 'from-file-2']);
    assert.ok(ctx.dependencies.includes(join(fixtures, 'greet.eval.yaml')) && ctx.dependencies.includes(join(fixtures, 'greet.cases.jsonl')));
  });

  it('a prompt finds a promptfooconfig.yaml that names it, and not one that does not', async () => {
    const path = join(fixtures, 'promptfoo', 'ask.prompty');
    const ctx = await loadPromptContext(path, readFileSync(path, 'utf8'), diskIo);
    assert.equal(ctx.suite?.format, 'promptfoo');
    assert.equal(ctx.cases.length, 2);
    const other = await loadPromptContext(join(fixtures, 'promptfoo', 'other.prompt'), 'Hi {{x}}', diskIo);
    assert.equal(other.suite, undefined);
    assert.ok(other.dependencies.includes(join(fixtures, 'promptfoo', 'other.eval.yaml')), 'a suite created later is noticed');
  });

  it('a suite finds its prompt by stem (.prompt, else .prompty) or by prompts:', async () => {
    const byStem = await loadSuiteContext('/ws/t.eval.yaml', VALID, memoryIo({ '/ws/t.prompty': '---\nname: t\n---\n{{a}}' }));
    assert.deepEqual(byStem.prompts.filter((p) => p.model).map((p) => p.rel), ['t.prompty']);
    const listed = await loadSuiteContext('/ws/s.eval.yaml', `prompts: [sub/p.prompt]\n${VALID}`, memoryIo({ '/ws/sub/p.prompt': PROMPT }));
    assert.deepEqual(listed.prompts.map((p) => [p.rel, p.path, p.model !== undefined]), [['sub/p.prompt', '/ws/sub/p.prompt', true]]);
  });

  it('a prompt\'s hover values come from a suite that does not load (read leniently)', async () => {
    const broken = 'tests:\n  - vars: { ticket: first }\n    bogus: 1\n  - vars: { ticket: second }\n';
    const ctx = await loadPromptContext('/ws/t.prompt', PROMPT, memoryIo({ '/ws/t.eval.yaml': broken }));
    assert.ok(ctx.suite?.error);
    assert.deepEqual(ctx.cases.map((c) => c.vars.ticket), ['first', 'second']);
  });
});
