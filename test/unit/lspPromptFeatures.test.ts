/**
 * Language-server features of prompt files (.prompt Dotprompt, .prompty Prompty v1/v2), through
 * the pure functions: diagnostics, completion, hover and the "Declare variable" quick fix; the
 * token/context table of the core; and one run of the real server over stdio.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { StreamMessageReader, StreamMessageWriter, createMessageConnection } from 'vscode-jsonrpc/node';
import { DiagnosticSeverity, DiagnosticTag, type CompletionItem, type Diagnostic, type MarkupContent, type Position, type PublishDiagnosticsParams } from 'vscode-languageserver';
import { countMessageTokens, encodingForModel, loadTokenCounter, modelContext, modelId } from '../../src/core/prompts/tokens';
import { promptCompletions } from '../../src/server/completion';
import { loadPromptContext } from '../../src/server/context';
import { promptHover } from '../../src/server/hover';
import { promptDiagnostics } from '../../src/server/promptFileAnalysis';
import { buildPromptModel } from '../../src/server/promptModel';
import { declareVariableEdit, promptCodeActions } from '../../src/server/quickFix';
import { applyEdits, lineOf, memoryIo, posOf, textAt } from '../fixtures/lsp/helpers';

async function diagnose(path: string, text: string, files: Record<string, string> = {}): Promise<Diagnostic[]> {
  return promptDiagnostics(await loadPromptContext(path, text, memoryIo(files)));
}

const codes = (ds: readonly Diagnostic[], code: string) => ds.filter((d) => d.code === code);

async function promptCompletionsAt(path: string, text: string, position: Position, files: Record<string, string> = {}): Promise<CompletionItem[]> {
  return promptCompletions(await loadPromptContext(path, text, memoryIo(files), { tokens: false }), position);
}

const messageOf = (d: Diagnostic): string => (typeof d.message === 'string' ? d.message : d.message.value);

const completionLabels = (items: readonly CompletionItem[]) => items.map((i) => i.label);

const GREET = `---
model: openai/gpt-4o-mini
input:
  schema:
    name: string, who to greet
    style?: string
---
Hello {{name}}! {{#if style}}Be {{style}}.{{/if}}
`;

describe('prompt diagnostics', () => {
  it('reports no problems in a valid prompt of each format', async () => {
    assert.deepEqual(await diagnose('/ws/greet.prompt', GREET), []);
    const v1 = `---\nname: x\nmodel:\n  api: chat\n  configuration:\n    azure_deployment: gpt-4o\nsample:\n  firstName: Jane\n---\nsystem:\nHi {{firstName}}\n`;
    assert.deepEqual(await diagnose('/ws/a.prompty', v1), []);
    const v2 = `---\nname: x\nmodel: gpt-4o\ninputs:\n  - name: q\n    kind: string\n---\nuser:\n{{ q }}\n`;
    assert.deepEqual(await diagnose('/ws/b.prompty', v2), []);
  });

  it('puts invalid front matter YAML at its line (Dotprompt and Prompty)', async () => {
    const dot = await diagnose('/ws/x.prompt', '---\nmodel: gpt-4o\nconfig: [unclosed\n---\nHi');
    assert.ok(codes(dot, 'E003').length >= 1, JSON.stringify(dot));
    assert.ok(codes(dot, 'E003').every((d) => d.range.start.line >= 2 && d.range.start.line <= 3));
    assert.equal(codes(dot, 'E010').length, 0, 'the loader repeats the YAML error: not reported twice');
    const pty = await diagnose('/ws/x.prompty', '---\nname: x\ninputs:\n  - name: a\n   kind: bad: indent\n---\n{{a}}');
    const e = codes(pty, 'E003');
    assert.ok(e.length >= 1, JSON.stringify(pty));
    assert.equal(e[0]!.range.start.line, 4);
    assert.equal(e[0]!.severity, DiagnosticSeverity.Error);
  });

  it('reports an unclosed Prompty front matter at its opening line', async () => {
    const ds = await diagnose('/ws/x.prompty', '\n---\nname: x\nHi');
    assert.deepEqual(ds.map((d) => [d.code, d.range.start.line]), [['E001', 1]]);
  });

  it('puts template syntax errors at their line: Handlebars, Jinja, Mustache', async () => {
    const hbs = '---\ninput:\n  schema:\n    age: number\n---\nHi\n\n{{#if age >= 18}}adult{{/if}}\n';
    const h = codes(await diagnose('/ws/x.prompt', hbs), 'E011');
    assert.equal(h.length, 1);
    assert.equal(h[0]!.range.start.line, 7);
    assert.match(messageOf(h[0]!), /no operators/);

    const jinja = '---\nname: x\ninputs:\n  - name: a\n---\nuser:\n{% if a %}\nyes\n{{ a }\n';
    const j = codes(await diagnose('/ws/x.prompty', jinja), 'E011');
    assert.equal(j.length, 1, 'one syntax error');
    assert.equal(j[0]!.range.start.line, 8);

    const mustache = '---\nname: x\ntemplate: mustache\nsample:\n  a: 1\n---\nuser:\n{{#a}}\nopen\n';
    const m = codes(await diagnose('/ws/x.prompty', mustache), 'E011');
    assert.equal(m.length, 1);
    assert.match(messageOf(m[0]!), /Unclosed section/i);

    // the same templates, fixed, have none
    assert.equal(codes(await diagnose('/ws/x.prompt', hbs.replace('age >= 18', 'age')), 'E011').length, 0);
    assert.equal(codes(await diagnose('/ws/x.prompty', jinja.replace('{{ a }', '{{ a }}{% endif %}')), 'E011').length, 0);
  });

  it('reports loader errors in the front matter (E010) and Dotprompt helper misuse as template errors', async () => {
    const ds = await diagnose('/ws/x.prompty', '---\nname: x\nmodel: 5\n---\nuser:\nHi\n');
    const e = codes(ds, 'E010');
    assert.equal(e.length, 1);
    assert.equal(e[0]!.range.start.line, 2);
    const helper = await diagnose('/ws/x.prompt', '---\ninput:\n  schema:\n    u: string\n---\n{{media url=u mime="x"}}\n');
    assert.deepEqual(codes(helper, 'E011').map((d) => d.range.start.line), [5]);
  });

  it('warns at each use of an undeclared variable (W010), in every template language', async () => {
    const text = GREET.replace('Hello {{name}}!', 'Hello {{name}} from {{city}} ({{city}})!');
    const ds = codes(await diagnose('/ws/greet.prompt', text), 'W010');
    assert.equal(ds.length, 2);
    assert.ok(ds.every((d) => d.severity === DiagnosticSeverity.Warning && textAt(text, d.range) === 'city'));
    assert.deepEqual(ds[0]!.data, { variable: 'city' });

    const jinja = '---\nname: x\ninputs:\n  - name: items\n---\nuser:\n{% for it in items %}{{ it.name }} {{ loop.index }} {{ sep }}{% endfor %}{% set z = 1 %}{{ z }}{{ None }}\n';
    const j = codes(await diagnose('/ws/x.prompty', jinja), 'W010');
    assert.deepEqual(j.map((d) => textAt(jinja, d.range)), ['sep']);

    const mustache = '---\nname: x\ntemplate: mustache\nsample:\n  items: []\n---\nuser:\n{{#items}}{{field}}{{/items}} {{other}}\n';
    const m = codes(await diagnose('/ws/x.prompty', mustache), 'W010');
    assert.deepEqual(m.map((d) => textAt(mustache, d.range)), ['other'], 'names inside a section may be item fields');
  });

  it('does not flag fields of {{#each}} items, @root paths to declared inputs, or helpers', async () => {
    const text = '---\ninput:\n  schema:\n    items(array): string\n    title: string\n---\n{{#each items}}{{name}} {{@index}} {{@root.title}}{{/each}}{{history}}{{role "user"}}{{title}}\n';
    const ds = await diagnose('/ws/x.prompt', text);
    assert.deepEqual(codes(ds, 'W010'), []);
    assert.deepEqual(codes(ds, 'I010'), []);
    const undeclaredRoot = codes(await diagnose('/ws/x.prompt', text.replace('{{@root.title}}', '{{@root.nope}}')), 'W010');
    assert.deepEqual(undeclaredRoot.map(messageOf), ["Variable 'nope' is not declared in the front matter (input.schema)."]);
  });

  it('marks a declared but unused input at its declaration (I010, faded)', async () => {
    const text = GREET.replace('{{#if style}}Be {{style}}.{{/if}}', '');
    const ds = codes(await diagnose('/ws/greet.prompt', text), 'I010');
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.severity, DiagnosticSeverity.Information);
    assert.deepEqual(ds[0]!.tags, [DiagnosticTag.Unnecessary]);
    assert.equal(ds[0]!.range.start.line, lineOf(text, 'style?'));
    assert.equal(textAt(text, ds[0]!.range), 'style');
    // v2 and v1 declarations too; `{{json this}}` may use anything, so nothing is unused there
    const v2 = '---\nname: x\ninputs:\n  - name: used\n  - name: spare\n---\nuser:\n{{used}}\n';
    assert.deepEqual(codes(await diagnose('/ws/x.prompty', v2), 'I010').map((d) => textAt(v2, d.range)), ['spare']);
    const bound = v2.replace('inputs:', 'tools:\n  - name: t\n    kind: function\n    bindings:\n      p:\n        input: spare\ninputs:');
    assert.deepEqual(codes(await diagnose('/ws/x.prompty', bound), 'I010'), [], 'an input bound to a tool parameter is used');
    const v1 = '---\nname: x\nsample:\n  a: 1\n  b: 2\n---\nuser:\n{{a}}\n';
    assert.deepEqual(codes(await diagnose('/ws/x.prompty', v1), 'I010').map((d) => textAt(v1, d.range)), ['b']);
    assert.deepEqual(codes(await diagnose('/ws/greet.prompt', `${text}{{json this}}`), 'I010'), []);
  });

  it('warns on the model line when the rendered prompt exceeds the context window (W012)', async () => {
    const long = 'lorem ipsum '.repeat(4500);
    const text = `---\nmodel: gpt-4\ninput:\n  schema:\n    doc: string\n  default:\n    doc: ${long}\n---\nSummarise: {{doc}}\n`;
    const ds = codes(await diagnose('/ws/long.prompt', text), 'W012');
    assert.equal(ds.length, 1);
    assert.equal(ds[0]!.range.start.line, 1);
    assert.equal(textAt(text, ds[0]!.range), 'gpt-4');
    assert.match(messageOf(ds[0]!), /over the 8,192-token context window of gpt-4 \(gpt-4\)/);
    // the same prompt for a 128k model, or an unknown model, is fine
    assert.deepEqual(codes(await diagnose('/ws/long.prompt', text.replace('model: gpt-4', 'model: gpt-4o')), 'W012'), []);
    assert.deepEqual(codes(await diagnose('/ws/long.prompt', text.replace('model: gpt-4', 'model: my-own-model')), 'W012'), []);
  });

  it('renders with the suite\'s first case for the token count', async () => {
    const long = 'word '.repeat(9000);
    const suite = `tests:\n  - vars:\n      name: "${long}"\n`;
    const ctx = await loadPromptContext('/ws/greet.prompt', GREET.replace('openai/gpt-4o-mini', 'gpt-4'), memoryIo({ '/ws/greet.eval.yaml': suite }));
    assert.match(ctx.tokens!.varsSource, /first case of greet\.eval\.yaml/);
    assert.ok(ctx.tokens!.tokens! > 9000);
    assert.equal(codes(promptDiagnostics(ctx), 'W012').length, 1);
    assert.ok(ctx.dependencies.includes('/ws/greet.eval.yaml'));
  });
});

describe('prompt completion', () => {
  it('offers declared inputs, suite variables and helpers inside {{ }} (Dotprompt)', async () => {
    const text = GREET.replace('Hello {{name}}!', 'Hello {{na');
    const items = await promptCompletionsAt('/ws/greet.prompt', text, posOf(text, '{{na', 4), { '/ws/greet.eval.yaml': 'tests:\n  - vars: { name: a, extra: 1 }\n' });
    const labels = completionLabels(items);
    for (const l of ['name', 'style', 'extra', 'role', 'json']) assert.ok(labels.includes(l), `${l} in ${labels.join(',')}`);
    const name = items.find((i) => i.label === 'name')!;
    assert.equal(name.detail, 'input: string (required)');
    assert.deepEqual((name.textEdit as { range: unknown }).range, { start: posOf(text, '{{na', 2), end: posOf(text, '{{na', 4) });
    const block = await promptCompletionsAt('/ws/greet.prompt', `${GREET}{{#`, { line: 8, character: 3 });
    assert.ok(completionLabels(block).includes('each') && completionLabels(block).includes('ifEquals') && !completionLabels(block).includes('history'));
    // outside a mustache: nothing
    assert.deepEqual(await promptCompletionsAt('/ws/greet.prompt', GREET, { line: 7, character: 2 }), []);
  });

  it('offers variables in Jinja {{ }} and {% %}, and keywords at the start of {% %}', async () => {
    const base = '---\nname: x\ninputs:\n  - name: question\n    kind: string\n---\nuser:\n';
    const vars = await promptCompletionsAt('/ws/x.prompty', `${base}{% if qu`, { line: 7, character: 8 });
    assert.deepEqual(completionLabels(vars), ['question']);
    const kw = await promptCompletionsAt('/ws/x.prompty', `${base}{% `, { line: 7, character: 3 });
    assert.ok(completionLabels(kw).includes('for') && completionLabels(kw).includes('endif'));
    const expr = await promptCompletionsAt('/ws/x.prompty', `${base}{{ `, { line: 7, character: 3 });
    assert.deepEqual(completionLabels(expr), ['question']);
  });

  it('offers the front matter keys of each format, minus those present', async () => {
    const dot = await promptCompletionsAt('/ws/greet.prompt', GREET.replace('input:', 'co\ninput:'), { line: 2, character: 2 });
    const labels = completionLabels(dot);
    assert.ok(labels.includes('config') && labels.includes('output') && !labels.includes('model') && !labels.includes('input'), labels.join(','));
    const v1 = await promptCompletionsAt('/ws/x.prompty', '---\nsample:\n  a: 1\n\n---\n{{a}}', { line: 3, character: 0 });
    assert.ok(completionLabels(v1).includes('authors') && !completionLabels(v1).includes('sample') && !completionLabels(v1).includes('displayName'));
    const v2 = await promptCompletionsAt('/ws/x.prompty', '---\nmodel: gpt-4o\n\n---\nHi', { line: 2, character: 0 });
    assert.ok(completionLabels(v2).includes('displayName') && completionLabels(v2).includes('inputs') && !completionLabels(v2).includes('model'));
    const nested = await promptCompletionsAt('/ws/x.prompty', '---\nmodel:\n  id: gpt-4o\n  \n---\nHi', { line: 3, character: 2 });
    assert.deepEqual(completionLabels(nested), ['provider', 'apiType', 'connection', 'options']);
    const item = await promptCompletionsAt('/ws/x.prompty', '---\nmodel: gpt-4o\ninputs:\n  - name: a\n    \n---\nHi', { line: 4, character: 4 });
    assert.deepEqual(completionLabels(item), ['kind', 'description', 'required', 'default', 'example']);
  });

  it('offers model names after model:, replacing only the part after a provider prefix', async () => {
    const text = '---\nmodel: openai/gpt-4\n---\nHi';
    const items = await promptCompletionsAt('/ws/x.prompt', text, { line: 1, character: 19 });
    assert.ok(completionLabels(items).includes('gpt-4o-mini') && completionLabels(items).includes('gpt-4.1'));
    const edit = items.find((i) => i.label === 'gpt-4o-mini')!.textEdit as { range: { start: { character: number } } };
    assert.equal(edit.range.start.character, 'model: openai/'.length);
    assert.match(items.find((i) => i.label === 'gpt-4o-mini')!.detail!, /128,000/);
    const v2 = await promptCompletionsAt('/ws/x.prompty', '---\nmodel:\n  id: \n---\nHi', { line: 2, character: 6 });
    assert.ok(completionLabels(v2).includes('o3-mini'));
  });
});

describe('prompt hover', () => {
  const SUITE = `tests:
  - id: one
    vars: { name: Ada, style: formal }
  - id: two
    vars: { name: Bob }
  - id: three
    vars: { name: Ada }
`;

  it('shows a variable\'s declaration and its values across the suite\'s cases', async () => {
    const ctx = await loadPromptContext('/ws/greet.prompt', GREET, memoryIo({ '/ws/greet.eval.yaml': SUITE }));
    const hover = promptHover(ctx, posOf(GREET, '{{name}}', 3))!;
    const md = (hover.contents as MarkupContent).value;
    assert.match(md, /\*\*name\*\* · `string` · required/);
    assert.match(md, /who to greet/);
    assert.match(md, /set by 3 of 3 cases, 2 distinct values/);
    assert.match(md, /- `Ada`\n- `Bob`/);
    assert.equal(textAt(GREET, hover.range!), 'name');
    const style = (promptHover(ctx, posOf(GREET, 'style?', 1))!.contents as MarkupContent).value;
    assert.match(style, /optional/);
    assert.match(style, /set by 1 of 3 cases, 1 distinct value:/);
  });

  it('says when a variable is not declared', async () => {
    const text = GREET.replace('Hello {{name}}', 'Hello {{who}}');
    const ctx = await loadPromptContext('/ws/greet.prompt', text, memoryIo({}));
    assert.match((promptHover(ctx, posOf(text, '{{who}}', 3))!.contents as MarkupContent).value, /\*\*who\*\* — not declared/);
  });

  it('shows the token count and context window on the model line and the first line', async () => {
    const ctx = await loadPromptContext('/ws/greet.prompt', GREET, memoryIo({ '/ws/greet.eval.yaml': SUITE }));
    const onModel = promptHover(ctx, { line: 1, character: 12 })!;
    const md = (onModel.contents as MarkupContent).value;
    assert.match(md, /\*\*Rendered prompt: \d+ tokens\*\* \(o200k_base\)/);
    assert.match(md, /Model `openai\/gpt-4o-mini` \(gpt-4o\): context window 128,000 tokens/);
    assert.match(md, /Rendered with the first case of greet\.eval\.yaml \(`one`\)/);
    assert.equal(textAt(GREET, onModel.range!), 'openai/gpt-4o-mini');
    assert.match((promptHover(ctx, { line: 0, character: 0 })!.contents as MarkupContent).value, /Rendered prompt/);
    assert.equal(promptHover(ctx, { line: 7, character: 1 }), null);
    const unknown = await loadPromptContext('/ws/u.prompt', GREET.replace('openai/gpt-4o-mini', 'acme-llm'), memoryIo({}));
    assert.match((promptHover(unknown, { line: 1, character: 9 })!.contents as MarkupContent).value, /not in Tracemine's context-window table/);
  });
});

describe('quick fix: declare variable', () => {
  const fix = (path: string, text: string, name: string): string => {
    const edit = declareVariableEdit(buildPromptModel(path, text), name);
    assert.ok(edit, 'an edit');
    return applyEdits(text, [edit]);
  };

  it('Dotprompt: appends to input.schema, creating input/schema/front matter when absent', () => {
    assert.equal(fix('/ws/g.prompt', GREET, 'city'), GREET.replace('    style?: string\n', '    style?: string\n    city: string\n'));
    assert.equal(fix('/ws/g.prompt', '---\nmodel: gpt-4o\n---\nHi {{city}}', 'city'), '---\nmodel: gpt-4o\ninput:\n  schema:\n    city: string\n---\nHi {{city}}');
    assert.equal(fix('/ws/g.prompt', '---\nmodel: gpt-4o\ninput:\n    default:\n        a: 1\n---\n{{a}}{{city}}', 'city'),
      '---\nmodel: gpt-4o\ninput:\n    default:\n        a: 1\n    schema:\n        city: string\n---\n{{a}}{{city}}');
    assert.equal(fix('/ws/g.prompt', 'Hi {{city}}', 'city'), '---\ninput:\n  schema:\n    city: string\n---\nHi {{city}}');
    assert.equal(fix('/ws/g.prompt', '---\ninput:\n  schema: {a: string}\n---\n{{a}}{{b}}', 'b'), '---\ninput:\n  schema: {a: string, b: string}\n---\n{{a}}{{b}}');
    const json = '---\ninput:\n  schema:\n    type: object\n    properties:\n      a: { type: string }\n---\n{{a}}{{b}}';
    assert.equal(fix('/ws/g.prompt', json, 'b'), json.replace('      a: { type: string }\n', '      a: { type: string }\n      b: { type: string }\n'));
    const crlf = GREET.replace(/\n/g, '\r\n');
    assert.equal(fix('/ws/g.prompt', crlf, 'city'), crlf.replace('    style?: string\r\n', '    style?: string\r\n    city: string\r\n'));
  });

  it('Prompty v1: adds to inputs, else to sample, else creates inputs', () => {
    const inputs = '---\nname: x\ntemplate: jinja2\ninputs:\n  a:\n    type: string\n---\n{{a}}{{b}}';
    assert.equal(fix('/ws/x.prompty', inputs, 'b'), inputs.replace('    type: string\n', '    type: string\n  b:\n    type: string\n'));
    const sample = '---\nname: x\nsample:\n  a: 1\n---\n{{a}}{{b}}';
    assert.equal(fix('/ws/x.prompty', sample, 'b'), '---\nname: x\nsample:\n  a: 1\n  b: ""\n---\n{{a}}{{b}}');
    const none = '---\nname: x\nauthors: [me]\n---\n{{b}}';
    assert.equal(fix('/ws/x.prompty', none, 'b'), '---\nname: x\nauthors: [me]\ninputs:\n  b:\n    type: string\n---\n{{b}}');
  });

  it('Prompty v2: appends to the inputs list with its indentation, else creates it', () => {
    const list = '---\nname: x\nmodel: gpt-4o\ninputs:\n    - name: a\n      kind: string\n      default: hi\n---\n{{a}}{{b}}';
    assert.equal(fix('/ws/x.prompty', list, 'b'), list.replace('      default: hi\n', '      default: hi\n    - name: b\n      kind: string\n'));
    const none = '---\nname: x\nmodel: gpt-4o\n---\n{{b}}';
    assert.equal(fix('/ws/x.prompty', none, 'b'), '---\nname: x\nmodel: gpt-4o\ninputs:\n  - name: b\n    kind: string\n---\n{{b}}');
    const empty = '---\nname: x\nmodel: gpt-4o\ninputs: []\n---\n{{b}}';
    assert.equal(fix('/ws/x.prompty', empty, 'b'), '---\nname: x\nmodel: gpt-4o\ninputs:\n  - name: b\n    kind: string\n---\n{{b}}');
  });

  it('is offered as a code action for each undeclared variable, and the result has no W010 left', async () => {
    const text = GREET.replace('Hello {{name}}!', 'Hello {{name}} in {{city}}!');
    const ds = promptDiagnostics(await loadPromptContext('/ws/g.prompt', text, memoryIo({})));
    const actions = promptCodeActions(buildPromptModel('/ws/g.prompt', text), 'file:///ws/g.prompt', ds);
    assert.equal(actions.length, 1);
    assert.equal(actions[0]!.title, "Declare variable 'city'");
    assert.equal(actions[0]!.kind, 'quickfix');
    const fixed = applyEdits(text, actions[0]!.edit!.changes!['file:///ws/g.prompt']!);
    assert.deepEqual(codes(await diagnose('/ws/g.prompt', fixed), 'W010'), []);
  });
});

describe('token counts and the context-window table (core)', () => {
  it('knows model families after provider prefixes and picks the encoding', () => {
    assert.equal(modelId('openai/gpt-4o-mini'), 'gpt-4o-mini');
    assert.equal(modelId('openai:chat:gpt-4.1'), 'gpt-4.1');
    assert.equal(modelId('ft:gpt-4o-mini-2024-07-18:acme::abc'), 'gpt-4o-mini-2024-07-18');
    assert.equal(modelContext('gpt-4o-2024-08-06')?.contextWindow, 128_000);
    assert.equal(modelContext('gpt-4.1-nano')?.contextWindow, 1_047_576);
    assert.equal(modelContext('gpt-5-mini')?.contextWindow, 400_000);
    assert.equal(modelContext('o1-mini')?.contextWindow, 128_000);
    assert.equal(modelContext('o3')?.contextWindow, 200_000);
    assert.equal(modelContext('gpt-4')?.contextWindow, 8_192);
    assert.equal(modelContext('gpt-4-turbo')?.contextWindow, 128_000);
    assert.equal(modelContext('googleai/gemini-1.5-pro')?.approximate, true);
    assert.equal(modelContext('llama3:8b'), undefined);
    assert.equal(encodingForModel('o4-mini'), 'o200k_base');
    assert.equal(encodingForModel('gpt-3.5-turbo'), 'cl100k_base');
    assert.equal(encodingForModel('unknown'), 'cl100k_base');
  });

  it('counts chat tokens with the per-message overhead', async () => {
    const counter = await loadTokenCounter('o200k_base');
    const text = counter.count('Hello, world!');
    assert.ok(text > 0);
    assert.equal(countMessageTokens([{ role: 'user', content: [{ text: 'Hello, world!' }] }], counter), 3 + 3 + counter.count('user') + text);
    assert.equal(counter.count('<|endoftext|>') > 1, true, 'special tokens are plain text');
  });
});

describe('the language server over stdio', () => {
  it('publishes diagnostics for an opened prompt', { timeout: 60_000 }, async () => {
    const root = join(__dirname, '..', '..');
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'server', 'main.ts'), '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const uri = pathToFileURL(join(root, 'test', 'fixtures', 'lsp', 'stdio-check.prompt')).href;
    const published = new Promise<PublishDiagnosticsParams>((resolve) => {
      conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
        if (p.uri === uri) resolve(p);
      });
    });
    conn.listen();
    try {
      await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      await conn.sendNotification('initialized', {});
      await conn.sendNotification('textDocument/didOpen', {
        textDocument: { uri, languageId: 'tracemine-prompt', version: 1, text: '---\nmodel: gpt-4o\ninput:\n  schema:\n    a: string\n---\n{{a}} {{b}}\n' },
      });
      const p = await published;
      assert.deepEqual(p.diagnostics.map((d) => [d.code, d.range.start.line, d.range.start.character]), [['W010', 6, 8]]);
      const hover = await conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 9 } }) as { contents: MarkupContent };
      assert.match(hover.contents.value, /Rendered prompt: \d+ tokens/);
      const completion = await conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 6, character: 2 } }) as CompletionItem[];
      assert.ok(completion.some((c) => c.label === 'a'));
      const actions = await conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: p.diagnostics[0]!.range, context: { diagnostics: p.diagnostics } }) as { title: string }[];
      assert.deepEqual(actions.map((a) => a.title), ["Declare variable 'b'"]);
      await conn.sendRequest('shutdown');
      await conn.sendNotification('exit');
    } finally {
      conn.dispose();
      child.kill();
    }
  });
});
