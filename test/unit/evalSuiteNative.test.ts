/**
 * The native suite format (`<name>.eval.yaml`): the sample, defaults, case files, and errors
 * that name the line and key path of the offending node.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadNativeSuite, loadSuite, SuiteError, suiteVersion, type SuiteIO } from '../../src/core/evals/suite';

const root = join(__dirname, '..', '..');
const diskIO: SuiteIO = { readFile: async (p) => readFileSync(p, 'utf8') };

/** In-memory files by absolute POSIX path. */
function memIO(files: Record<string, string>): SuiteIO & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    readFile: async (p) => {
      reads.push(p);
      const text = files[p.replace(/\\/g, '/')];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
      return text;
    },
  };
}

const PROMPT = { '/s/x.prompt': '---\nmodel: gpt-4o-mini\n---\nHi {{name}}\n' };

async function load(text: string, files: Record<string, string> = {}) {
  return loadNativeSuite('/s/x.eval.yaml', text, memIO({ ...PROMPT, ...files }));
}

async function loadError(text: string, files: Record<string, string> = {}): Promise<SuiteError> {
  try {
    await load(text, files);
  } catch (err) {
    assert.ok(err instanceof SuiteError, `expected a SuiteError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the suite to fail to load');
}

describe('native suites', () => {
  it('loads the sample suite for support-triage.prompt', async () => {
    const path = join(root, 'samples/prompts/support-triage.eval.yaml');
    const text = readFileSync(path, 'utf8');
    const suite = await loadSuite(path, text, diskIO);
    assert.equal(suite.format, 'tracemine');
    assert.deepEqual(suite.warnings, []);
    assert.deepEqual(suite.prompts, [{ id: 'support-triage.prompt', path: 'support-triage.prompt' }]);
    assert.deepEqual(suite.providers.map((p) => [p.id, p.model]), [['mini', 'gpt-4o-mini']]);
    assert.equal(suite.judge, suite.providers[0], 'judge: mini names the provider');
    assert.equal(suite.repeat, 1);
    assert.equal(suite.budgetUsd, 0.25);
    assert.equal(suite.version, suiteVersion(text));
    assert.deepEqual(suite.cases.map((c) => c.id), ['double-charge', 'export-crash', 'add-teammate', 'production-outage', 'prompt-injection', 'thank-you-note']);
    const lines = text.split('\n');
    for (const c of suite.cases) {
      assert.match(lines[c.line! - 1]!, new RegExp(`- id: ${c.id}$`), `case ${c.id} points at its own line`);
      assert.equal(c.assert[0]!.type, 'is-json', 'defaults.assert run first');
      for (const a of c.assert) assert.match(lines[a.line! - 1]!, new RegExp(`- type: ${a.type}$`));
    }
    const types = new Set(suite.cases.flatMap((c) => c.assert.map((a) => a.type)));
    for (const t of ['is-json', 'contains-json', 'contains', 'icontains', 'regex', 'not-contains', 'llm-rubric']) assert.ok(types.has(t), t);
    const injection = suite.cases.find((c) => c.id === 'prompt-injection')!;
    assert.match(String(injection.vars.ticket), /Ignore all previous instructions/);
    assert.deepEqual(injection.assert.find((a) => a.type === 'llm-rubric')?.threshold, 0.7);
  });

  it('merges defaults into every case and numbers cases without an id', async () => {
    const suite = await load([
      'providers: [gpt-4o-mini]', // 1
      'defaults:', // 2
      '  vars: { lang: en, name: nobody }', // 3
      '  assert:', // 4
      '    - type: is-json', // 5
      '  options: { repeat: 3 }', // 6
      'tests:', // 7
      '  - vars: { name: Ada }', // 8
      '    assert:', // 9
      '      - type: contains', // 10
      '        value: Ada', // 11
      '        weight: 2', // 12
      '        metric: name', // 13
      '  - id: 7', // 14
      '    description: numeric ids are strings', // 15
      '    repeat: 5', // 16
      '    expected: Says hello.', // 17
      '',
    ].join('\n'));
    assert.equal(suite.repeat, 3, 'defaults.options.repeat');
    assert.deepEqual(suite.cases, [
      { id: 'case-1', vars: { lang: 'en', name: 'Ada' }, assert: [{ type: 'is-json', line: 5 }, { type: 'contains', value: 'Ada', weight: 2, metric: 'name', line: 10 }], line: 8 },
      { id: '7', description: 'numeric ids are strings', vars: { lang: 'en', name: 'nobody' }, assert: [{ type: 'is-json', line: 5 }], repeat: 5, expected: 'Says hello.', line: 14 },
    ]);
    assert.deepEqual(suite.prompts, [{ id: 'x.prompt', path: 'x.prompt' }], 'the prompt with the same stem');
  });

  it('maps provider shorthands, params/config and the judge', async () => {
    const suite = await load([
      'providers:',
      '  - openai:gpt-4o-mini',
      '  - id: local',
      '    model: llama3.2',
      '    baseUrl: http://localhost:11434/v1',
      '    config: { temperature: 0.3, top_k: 40 }',
      '  - model: gpt-4.1',
      '    label: big',
      '    params: { max_tokens: 50, response_format: { type: json_object } }',
      'judge: gpt-4o',
      'concurrency: 2',
      'tests: [{ vars: { a: 1 } }]',
    ].join('\n'));
    assert.deepEqual(suite.providers, [
      { id: 'openai:gpt-4o-mini', model: 'gpt-4o-mini', params: {} },
      { id: 'local', model: 'llama3.2', baseUrl: 'http://localhost:11434/v1', params: { temperature: 0.3, top_k: 40 } },
      { id: 'big', label: 'big', model: 'gpt-4.1', params: { max_tokens: 50, response_format: { type: 'json_object' } } },
    ]);
    assert.deepEqual(suite.judge, { id: 'gpt-4o', model: 'gpt-4o', params: {} });
    assert.equal(suite.concurrency, 2);
    assert.deepEqual(suite.warnings, [{ message: "'top_k' is not a known chat-completions parameter; it is sent as it is", line: 6, key: 'providers[1].config.top_k' }]);
  });

  it('reports an unknown key by name, line and key path, with the nearest known key', async () => {
    const err = await loadError([
      'providers: [gpt-4o-mini]',
      'tests:',
      '  - vars: { a: 1 }',
      '  - vars: { a: 2 }',
      '    assert:',
      '      - type: similar',
      '        treshold: 0.8',
      '',
    ].join('\n'));
    assert.equal(err.line, 7);
    assert.equal(err.keyPath, 'tests[1].assert[0].treshold');
    assert.equal(err.reason, "unknown key 'treshold' (did you mean 'threshold'?)");
    assert.equal(err.message, "/s/x.eval.yaml:7: tests[1].assert[0].treshold: unknown key 'treshold' (did you mean 'threshold'?)");
    assert.equal(err.path, '/s/x.eval.yaml');
  });

  it('points promptfoo keys in a native suite at the promptfoo loader', async () => {
    const err = await loadError('providers: [gpt-4o-mini]\ndefaultTest:\n  vars: { a: 1 }\ntests: []\n');
    assert.equal(err.line, 2);
    assert.match(err.reason, /unknown key 'defaultTest' \(a promptfoo key: name the file promptfooconfig\.yaml/);
  });

  it('collects every schema issue, sorted by line, each with its line and key path', async () => {
    const err = await loadError([
      'description: 42', // 1
      'repeat: 0', // 2
      'providers:', // 3
      '  - { id: x }', // 4
      'budgetUsd: -1', // 5
      'tests:', // 6
      '  - vars: [1, 2]', // 7
      '    assert:', // 8
      '      - value: 1', // 9
      '        threshold: high', // 10
      '  - 5', // 11
      '  - cases.jsonl', // 12
    ].join('\n'));
    const got = err.issues.map((i) => [i.line, i.keyPath, i.message]);
    assert.deepEqual(got, [
      [1, 'description', 'must be a string (got 42)'],
      [2, 'repeat', 'must be >= 1 (got 0)'],
      [4, 'providers[0]', "missing required key 'model'"],
      [5, 'budgetUsd', 'must be > 0 (got -1)'],
      [7, 'tests[0].vars', 'must be a mapping (got a list)'],
      [9, 'tests[0].assert[0]', "missing required key 'type'"],
      [10, 'tests[0].assert[0].threshold', 'must be a number (got "high")'],
      [11, 'tests[1]', 'must be a string or a mapping (got 5)'],
      [12, 'tests[2]', 'must be a file:// reference (got "cases.jsonl")'],
    ]);
    assert.equal(err.line, 1);
  });

  it('rejects duplicate ids, both params and config, and empty suites', async () => {
    let err = await loadError('tests:\n  - id: a\n  - id: b\n  - id: a\n');
    assert.deepEqual([err.line, err.keyPath, err.reason], [4, 'tests[2]', "duplicate case id 'a' (also on line 2)"]);
    err = await loadError('tests:\n  - id: case-2\n  - vars: {}\n');
    assert.match(err.reason, /duplicate case id 'case-2'/, 'a generated id may not clash with a written one');
    err = await loadError('providers:\n  - model: m\n    params: {}\n    config: {}\n');
    assert.deepEqual([err.line, err.keyPath], [4, 'providers[0].config']);
    err = await loadError('providers: [a, a]\n');
    assert.match(err.reason, /duplicate provider id 'a'/);
    err = await loadError('# nothing yet\n');
    assert.match(err.reason, /the suite is empty/);
  });

  it('reports YAML syntax errors with their line', async () => {
    const err = await loadError('tests:\n  - vars: { a: 1\n  - id: b\n');
    assert.equal(err.path, '/s/x.eval.yaml');
    assert.ok(err.line !== undefined && err.line >= 2);
    assert.match(err.reason, /^invalid YAML/);
  });

  it('warns when the default prompt is missing, and falls back to .prompty', async () => {
    let suite = await loadNativeSuite('/s/x.eval.yaml', 'tests: [{}]\n', memIO({}));
    assert.deepEqual(suite.prompts, [{ id: 'x.prompt', path: 'x.prompt' }]);
    assert.deepEqual(suite.warnings.map((w) => w.key), ['prompts', 'providers']);
    suite = await loadNativeSuite('/s/x.eval.yaml', 'tests: [{}]\n', memIO({ '/s/x.prompty': '---\n---\nhi' }));
    assert.deepEqual(suite.prompts, [{ id: 'x.prompty', path: 'x.prompty' }]);
    suite = await load('prompts: [./a/../p1.prompt, { path: sub/p2.prompt, label: two }]\nproviders: [m]\ntests: [{}]\n');
    assert.deepEqual(suite.prompts, [{ id: 'p1.prompt', path: 'p1.prompt' }, { id: 'sub/p2.prompt', path: 'sub/p2.prompt', label: 'two' }]);
    assert.deepEqual(suite.warnings, []);
  });

  it('warns about a repeat given twice and an empty test list', async () => {
    const suite = await load('providers: [m]\nrepeat: 2\ndefaults:\n  options:\n    repeat: 4\ntests: []\n');
    assert.equal(suite.repeat, 2);
    assert.deepEqual(suite.warnings.map((w) => [w.line, w.key]), [[5, 'defaults.options.repeat'], [6, 'tests']]);
  });
});

describe('native case files', () => {
  it('reads JSONL, CSV and YAML case files: defaults merged, the reference line on every case', async () => {
    const path = join(root, 'test/fixtures/evalSuites/mixed.eval.yaml');
    const text = readFileSync(path, 'utf8');
    const suite = await loadSuite(path, text, diskIO);
    assert.deepEqual(suite.warnings, []);
    assert.deepEqual(suite.cases.map((c) => [c.id, c.line]), [
      ['inline-hello', 14], ['jsonl-1', 20], ['jsonl-2', 20], ['csv-1', 21], ['csv-2', 21], ['yaml-1', 22],
    ]);
    const byId = Object.fromEntries(suite.cases.map((c) => [c.id, c]));
    assert.deepEqual(byId['jsonl-2'], {
      id: 'jsonl-2', vars: { language: 'Finnish', name: 'Linus' }, repeat: 3, line: 20,
      assert: [{ type: 'not-contains', value: 'ERROR', line: 11 }, { type: 'icontains', value: 'hei', weight: 2, line: 20 }],
    });
    assert.deepEqual(byId['csv-2'], {
      id: 'csv-2', vars: { language: 'German, formal', name: 'Barbara' }, line: 21,
      assert: [{ type: 'not-contains', value: 'ERROR', line: 11 }, { type: 'icontains', value: 'hallo', line: 21 }, { type: 'similar', value: 'Guten Tag Barbara', threshold: 0.8, line: 21 }],
    });
    assert.equal(byId['csv-1']!.description, 'From a CSV row');
    assert.equal(byId['yaml-1']!.expected, 'A greeting that names Edsger.');
    const files = ['cases.jsonl', 'cases.csv', 'cases.yaml'].map((f) => readFileSync(join(root, 'test/fixtures/evalSuites', f), 'utf8'));
    assert.equal(suite.version, suiteVersion(text, files), 'the version covers the case files');
    assert.notEqual(suite.version, suiteVersion(text));
  });

  it('reports errors inside a case file with that file and its line', async () => {
    let err = await loadError('tests: file://c.jsonl\n', { '/s/c.jsonl': '{"vars": {}}\n\n{"vars": {}, "asert": []}\n' });
    assert.deepEqual([err.path, err.line, err.keyPath, err.reason], ['/s/c.jsonl', 3, '[1].asert', "unknown key 'asert' (did you mean 'assert'?)"]);
    err = await loadError('tests: file://c.json\n', { '/s/c.json': '[\n  {"vars": {}},\n  {"vars": {},\n   "repeat": "3"}\n]\n' });
    assert.deepEqual([err.path, err.line, err.keyPath], ['/s/c.json', 4, '[1].repeat'], 'JSON is re-read with lines for the message');
    err = await loadError('tests: file://c.jsonl\n', { '/s/c.jsonl': '{"vars": {}}\n{oops\n' });
    assert.deepEqual([err.path, err.line], ['/s/c.jsonl', 2]);
    assert.match(err.reason, /^invalid JSON/);
    err = await loadError('tests:\n  - file://c.csv\n', { '/s/c.csv': 'q,__metadata:x\n1,2\n' });
    assert.deepEqual([err.path, err.line, err.keyPath], ['/s/c.csv', 1, '__metadata:x']);
    err = await loadError('tests:\n  - vars: {}\n  - file://missing.yaml\n');
    assert.deepEqual([err.path, err.line, err.keyPath], ['/s/x.eval.yaml', 3, 'tests[1]']);
    assert.match(err.reason, /^cannot read missing\.yaml: ENOENT/);
    err = await loadError('tests: file://cases.xlsx\n');
    assert.match(err.reason, /use \.jsonl, \.json, \.yaml, \.yml or \.csv/);
  });

  it('loads a 10,000-case suite', async () => {
    let text = 'providers: [gpt-4o-mini]\ndefaults:\n  assert: [{ type: is-json }]\ntests:\n';
    for (let i = 0; i < 10_000; i++) {
      text += `  - id: c${i}\n    vars:\n      ticket: "Invoice #${i} was charged twice"\n    assert:\n      - type: contains\n        value: billing\n      - type: llm-rubric\n        value: polite\n        threshold: 0.7\n`;
    }
    const suite = await load(text);
    assert.equal(suite.cases.length, 10_000);
    assert.equal(suite.cases[9_999]!.line, 5 + 9_999 * 9);
    assert.equal(suite.cases[9_999]!.assert[2]!.line, 5 + 9_999 * 9 + 6);
  });
});
