/**
 * promptfoo configs: the real example configs (test/fixtures/promptfoo, see SOURCES.md) load with
 * their unsupported keys reported by name; providers, prompts, defaultTest, CSV `__expected`
 * columns and the other mapped features.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadPromptfooConfig, loadSuite, parseAssertionString, SuiteError, type SuiteIO } from '../../src/core/evals/suite';
import { parseProviderId } from '../../src/core/evals/suite/promptfooProviders';

const root = join(__dirname, '..', '..');
const diskIO: SuiteIO = { readFile: async (p) => readFileSync(p, 'utf8') };

function memIO(files: Record<string, string>): SuiteIO {
  return {
    readFile: async (p) => {
      const text = files[p.replace(/\\/g, '/')];
      if (text === undefined) throw new Error(`ENOENT: ${p}`);
      return text;
    },
  };
}

const load = (text: string, files: Record<string, string> = {}) => loadPromptfooConfig('/p/promptfooconfig.yaml', text, memIO(files));

async function loadFixture(rel: string) {
  const path = join(root, 'test/fixtures/promptfoo', rel);
  return loadSuite(path, readFileSync(path, 'utf8'), diskIO);
}

describe('promptfoo example configs', () => {
  it('getting-started: two inline prompts, two OpenAI providers, nothing unsupported', async () => {
    const suite = await loadFixture('examples/getting-started/promptfooconfig.yaml');
    assert.equal(suite.format, 'promptfoo');
    assert.equal(suite.description, 'Getting started');
    assert.deepEqual(suite.warnings, []);
    assert.deepEqual(suite.prompts, [
      { id: 'prompt-1', raw: 'Convert this English to {{language}}: {{input}}' },
      { id: 'prompt-2', raw: 'Translate to {{language}}: {{input}}' },
    ]);
    assert.deepEqual(suite.providers, [
      { id: 'openai:gpt-4.1', model: 'gpt-4.1', params: {} },
      { id: 'openai:o4-mini', model: 'o4-mini', params: {} },
    ]);
    assert.deepEqual(suite.cases, [
      { id: 'case-1', vars: { language: 'French', input: 'Hello world' }, assert: [{ type: 'contains', value: 'Bonjour le monde', line: 22 }], line: 18 },
      { id: 'case-2', vars: { language: 'Spanish', input: 'Where is the library?' }, assert: [{ type: 'icontains', value: 'Dónde está la biblioteca', line: 28 }], line: 24 },
    ]);
  });

  it('echo-1000-tests/simple-example: the echo provider and outputPath are reported, code assertions pass through', async () => {
    const suite = await loadFixture('examples/echo-1000-tests/simple-example.yaml');
    assert.equal(suite.format, 'promptfoo', 'detected by content (defaultTest-free, but outputPath is promptfoo-only)');
    assert.deepEqual(suite.providers, []);
    assert.deepEqual(suite.warnings.map((w) => [w.key, w.line]), [['outputPath', 82], ['providers[]', 10], ['providers', 9]]);
    assert.equal(suite.warnings[0]!.message, "unsupported key 'outputPath' ignored");
    assert.match(suite.warnings[1]!.message, /provider 'echo' is not supported/);
    assert.equal(suite.cases.length, 8);
    assert.deepEqual(suite.cases.map((c) => c.assert.map((a) => a.type).join('+')), [
      'equals', 'contains', 'icontains', 'regex', 'javascript', 'python', 'is-json', 'contains+javascript+regex',
    ]);
    assert.equal(suite.cases[3]!.assert[0]!.value, '^[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$');
    assert.equal(suite.cases[7]!.assert[2]!.value, '\\d+');
    assert.deepEqual(suite.cases[6], { id: 'case-7', description: 'Test JSON format', vars: { input: '{"key": "value", "number": 42}' }, assert: [{ type: 'is-json', line: 67 }], line: 63 });
  });

  it('json-output: is-json with a schema, contains-any with a list, transforms reported', async () => {
    const suite = await loadFixture('examples/json-output/promptfooconfig.yaml');
    assert.deepEqual(suite.providers, [{ id: 'openai:chat:gpt-3.5-turbo', model: 'gpt-3.5-turbo', params: {} }]);
    assert.deepEqual(suite.warnings, [
      { message: "unsupported key 'tests[].options.transform' ignored", line: 22, key: 'tests[].options.transform' },
      { message: "unsupported key 'tests[].assert[].transform' ignored", line: 40, key: 'tests[].assert[].transform' },
    ]);
    const c = suite.cases[1]!;
    assert.deepEqual(c.assert[0], {
      type: 'is-json', line: 24,
      value: { required: ['color', 'countries'], type: 'object', properties: { color: { type: 'string' }, countries: { type: 'array', items: { type: 'string' } } } },
    });
    assert.deepEqual(c.assert[2], { type: 'contains-any', value: ['Guatemala', 'Costa Rica', 'India', 'Indonesia'], line: 39 });
  });
});

describe('promptfoo mapping', () => {
  it('maps the Tracemine test config: prompts, providers, defaultTest, $ref, array vars, CSV tests', async () => {
    const path = join(root, 'test/fixtures/evalSuites/promptfoo-csv/promptfooconfig.yaml');
    const suite = await loadSuite(path, readFileSync(path, 'utf8'), diskIO);
    assert.deepEqual(suite.prompts, [
      { id: 'translate.txt', path: 'translate.txt' },
      { id: 'translate-chat.json', path: 'translate-chat.json', label: 'chat' },
      { id: 'inline', raw: 'Say {{input}} in {{language}}', label: 'inline' },
    ]);
    assert.deepEqual(suite.providers, [
      { id: 'openai:chat:gpt-4o-mini', label: 'mini', model: 'gpt-4o-mini', baseUrl: 'https://llm.example.com/v1', params: { temperature: 0.1, max_tokens: 100 } },
      { id: 'ollama:chat:llama3.2', model: 'llama3.2', baseUrl: 'http://localhost:11434/v1', params: {} },
    ]);
    assert.deepEqual(suite.judge, { id: 'openai:gpt-4o', model: 'gpt-4o', params: {} });
    assert.equal(suite.repeat, 2);
    assert.equal(suite.concurrency, 3);
    assert.deepEqual(suite.warnings.map((w) => [w.key, w.line]), [
      ['sharing', 40], ['outputPath', 68], ['providers[].config.apiKey', 17], ['providers[].config.headers', 18],
      ['providers[]', 20], ['providers[]', 21], ['defaultTest.options.transform', 31], ['evaluateOptions.delay', 35],
      ['tests[].threshold', 59], ['tests[].metadata', 60], ['tests.csv:__metadata:area', 67],
    ]);
    assert.match(suite.warnings[4]!.message, /provider 'anthropic:messages:claude-sonnet-4-5' is not supported/);
    assert.match(suite.warnings[5]!.message, /provider 'bedrock:anthropic\.claude-3-haiku' is not supported/);
    assert.doesNotMatch(JSON.stringify(suite), /sk-not-read/, 'API keys are never carried over');

    assert.equal(suite.cases.length, 7);
    assert.deepEqual(suite.cases.slice(0, 4).map((c) => [c.vars.language, c.vars.input, c.vars.tone]), [
      ['French', 'Hello', 'neutral'], ['French', 'Goodbye', 'neutral'], ['German', 'Hello', 'neutral'], ['German', 'Goodbye', 'neutral'],
    ]);
    assert.deepEqual(suite.cases[0]!.assert, [
      { type: 'not-icontains', value: 'as an ai', line: 27 },
      { type: 'llm-rubric', value: 'is polite', line: 47 },
      { type: 'not-contains', value: 'Hello', weight: 2, metric: 'translated', line: 48 },
    ]);
    assert.deepEqual(suite.cases[4]!.assert, [
      { type: 'contains', value: 'Gracias', line: 63 },
      { type: 'factuality', value: 'Gracias', provider: 'gpt-4.1-mini', line: 65 },
    ], 'disableDefaultAsserts; options.provider only on the model-graded assertion');
    assert.deepEqual(suite.cases[5], {
      id: 'case-6', description: 'CSV row one', vars: { tone: 'neutral', language: 'French', input: 'Good morning' }, line: 67,
      assert: [
        { type: 'not-icontains', value: 'as an ai', line: 27 },
        { type: 'icontains', value: 'bonjour', metric: 'accuracy', line: 67 },
        { type: 'contains-any', value: ['matin', 'jour'], metric: 'accuracy', line: 67 },
      ],
    });
    assert.deepEqual(suite.cases[6]!.assert.slice(1), [
      { type: 'equals', value: 'Buona notte', line: 67 },
      { type: 'similar', value: 'buona notte', threshold: 0.9, line: 67 },
    ]);
  });

  it('parses promptfoo assertion strings', () => {
    const cases: [string, unknown][] = [
      ['Paris', { type: 'equals', value: 'Paris' }],
      ['contains: Paris', { type: 'contains', value: 'Paris' }],
      ['icontains:paris', { type: 'icontains', value: 'paris' }],
      ['not-contains:error', { type: 'not-contains', value: 'error' }],
      ['contains-any: <b>,</span>', { type: 'contains-any', value: ['<b>', '</span>'] }],
      ['similar(0.8):Hello there', { type: 'similar', value: 'Hello there', threshold: 0.8 }],
      ['levenshtein(5):expected text', { type: 'levenshtein', value: 'expected text', threshold: 5 }],
      ['is-json', { type: 'is-json' }],
      ['not-is-json', { type: 'not-is-json' }],
      ['grade:Does not mention being an AI', { type: 'llm-rubric', value: 'Does not mention being an AI' }],
      ['fn:output.length < 10', { type: 'javascript', value: 'output.length < 10' }],
      ['python:len(output) > 10', { type: 'python', value: 'len(output) > 10' }],
      ['file://checks/custom.py', { type: 'python', value: 'file://checks/custom.py' }],
      ['regex:^Hello.*world$', { type: 'regex', value: '^Hello.*world$' }],
      ['trajectory:tool-used:search', { type: 'trajectory:tool-used', value: 'search' }],
      ['contains-json', { type: 'contains-json' }],
      ['containsno colon', { type: 'equals', value: 'containsno colon' }],
      ['Note: colons in plain answers', { type: 'equals', value: 'Note: colons in plain answers' }],
    ];
    for (const [text, spec] of cases) assert.deepEqual(parseAssertionString(text), spec, text);
  });

  it('maps provider ids: OpenAI-compatible ones, and says why others are not', () => {
    assert.deepEqual(parseProviderId('openai:gpt-4o-mini'), { model: 'gpt-4o-mini' });
    assert.deepEqual(parseProviderId('openai:chat:ft:gpt-4.1-mini:org::id'), { model: 'ft:gpt-4.1-mini:org::id' });
    assert.deepEqual(parseProviderId('ollama:chat:qwen2.5:7b'), { model: 'qwen2.5:7b', baseUrl: 'http://localhost:11434/v1' });
    assert.deepEqual(parseProviderId('openrouter:meta-llama/llama-3.1-8b'), { model: 'meta-llama/llama-3.1-8b', baseUrl: 'https://openrouter.ai/api/v1' });
    for (const id of ['openai:responses:gpt-5', 'openai:embedding:text-embedding-3-small', 'openai:chat', 'anthropic:messages:claude-sonnet-4-5', 'bedrock:x', 'vertex:gemini-2.5-pro', 'echo', 'ollama:llama3', 'exec: python x.py', 'https://api.example.com/v1/chat']) {
      assert.ok('unsupported' in parseProviderId(id), id);
    }
  });

  it('reads provider objects in every form, apiHost included', async () => {
    const suite = await load([
      'prompts: [hi]',
      'providers:',
      '  - openai:gpt-4o-mini:',
      '      config: { seed: 1 }',
      '  - id: openai:gpt-4o-mini',
      '    label: hosted',
      '    config: { apiHost: llm.internal.example, passthrough: { store: false } }',
      '  - id: openai:gpt-4o-mini',
      '    delay: 1000',
      '  - file://more-providers.yaml',
      'tests: [{ vars: { a: 1 } }]',
    ].join('\n'), { '/p/more-providers.yaml': '- id: groq:llama-3.1-8b-instant\n  config:\n    response_format: file://format.json\n', '/p/format.json': '{"type": "json_object"}' });
    assert.deepEqual(suite.providers, [
      { id: 'openai:gpt-4o-mini', model: 'gpt-4o-mini', params: { seed: 1 } },
      { id: 'hosted', label: 'hosted', model: 'gpt-4o-mini', baseUrl: 'https://llm.internal.example/v1', params: { store: false } },
      { id: 'openai:gpt-4o-mini#2', model: 'gpt-4o-mini', params: {} },
      { id: 'groq:llama-3.1-8b-instant', model: 'llama-3.1-8b-instant', baseUrl: 'https://api.groq.com/openai/v1', params: { response_format: { type: 'json_object' } } },
    ]);
    assert.deepEqual(suite.warnings.map((w) => [w.key, w.line]), [['providers[].delay', 9]]);
  });

  it('reads prompts in every form and reports globs and functions', async () => {
    const suite = await load([
      'prompts:',
      '  - file://prompts/a.txt',
      "  - '[{\"role\": \"system\", \"content\": \"Be brief\"}, {\"role\": \"user\", \"content\": \"{{q}}\"}]'",
      '  - { id: file://b.json, label: B }',
      '  - { id: custom, raw: "Q: {{q}}", config: { temperature: 0 } }',
      '  - file://prompts/*.txt',
      '  - file://make_prompt.py:build',
      'providers: [openai:gpt-4o-mini]',
      'tests: [{ vars: { q: x } }]',
    ].join('\n'));
    assert.deepEqual(suite.prompts, [
      { id: 'prompts/a.txt', path: 'prompts/a.txt' },
      { id: 'prompt-2', raw: '[{"role": "system", "content": "Be brief"}, {"role": "user", "content": "{{q}}"}]' },
      { id: 'b.json', path: 'b.json', label: 'B' },
      { id: 'custom', raw: 'Q: {{q}}' },
    ]);
    assert.deepEqual(suite.warnings.map((w) => [w.key, w.line]), [['prompts[].config', 5], ['prompts', 6], ['prompts', 7]]);
    const map = await load("prompts:\n  file://a.txt: First\n  file://b.txt: Second\nproviders: [openai:m]\ntests: [{}]\n");
    assert.deepEqual(map.prompts, [{ id: 'a.txt', path: 'a.txt', label: 'First' }, { id: 'b.txt', path: 'b.txt', label: 'Second' }]);
  });

  it('folds a key repeated in many tests into one warning with a count', async () => {
    let text = 'prompts: [hi]\nproviders: [openai:m]\ntests:\n';
    for (let i = 0; i < 50; i++) text += `  - vars: { i: ${i} }\n    metadata: { n: ${i} }\n    assert: [{ type: contains, value: x, transform: output.trim() }]\n`;
    const suite = await load(text);
    assert.deepEqual(suite.warnings, [
      { message: "unsupported key 'tests[].metadata' ignored (50 times; the first is here)", line: 5, key: 'tests[].metadata' },
      { message: "unsupported key 'tests[].assert[].transform' ignored (50 times; the first is here)", line: 6, key: 'tests[].assert[].transform' },
    ]);
  });

  it('reads tests from JSONL and YAML files, defaultTest from a file, and reports unsupported sources', async () => {
    const suite = await load([
      'prompts: [hi]',
      'providers: [openai:m]',
      'defaultTest: file://default.yaml',
      'tests:',
      '  - file://t.jsonl',
      '  - file://more/t.yaml',
      '  - file://tests/*.csv',
      '  - huggingface://datasets/x/y',
      '  - path: file://gen.py:create_tests',
      '    config: { n: 3 }',
    ].join('\n'), {
      '/p/default.yaml': 'vars: { shared: 1 }\nassert:\n  - type: is-json\noptions:\n  provider: { id: openai:gpt-4o, config: { temperature: 0 } }\n',
      '/p/t.jsonl': '{"vars": {"q": "a"}, "assert": [{"type": "equals", "value": "A"}]}\n{"vars": {"q": "b"}, "options": {"prefix": "x"}}\n',
      '/p/more/t.yaml': '- description: from yaml\n  vars: { q: c, shared: 2 }\n',
    });
    assert.deepEqual(suite.judge, { id: 'openai:gpt-4o', model: 'gpt-4o', params: { temperature: 0 } });
    assert.deepEqual(suite.cases, [
      { id: 'case-1', vars: { shared: 1, q: 'a' }, assert: [{ type: 'is-json', line: 3 }, { type: 'equals', value: 'A', line: 5 }], line: 5 },
      { id: 'case-2', vars: { shared: 1, q: 'b' }, assert: [{ type: 'is-json', line: 3 }], line: 5 },
      { id: 'case-3', description: 'from yaml', vars: { shared: 2, q: 'c' }, assert: [{ type: 'is-json', line: 3 }], line: 6 },
    ]);
    assert.deepEqual(suite.warnings.map((w) => [w.key, w.line]), [['tests[].options.prefix', 5], ['tests', 7], ['tests', 8], ['tests', 9]]);
  });

  it('fails with the line on configs it cannot use', async () => {
    const expectError = async (text: string, line: number | undefined, re: RegExp, keyPath?: string) => {
      await assert.rejects(load(text), (err: unknown) => {
        assert.ok(err instanceof SuiteError);
        assert.equal(err.line, line);
        assert.match(err.reason, re);
        if (keyPath !== undefined) assert.equal(err.keyPath, keyPath);
        return true;
      });
    };
    await expectError('- just a list\n', 1, /must be a mapping/);
    await expectError('tests:\n  - vars: {}\n    assert:\n      - value: 1\n', 4, /needs a type/, 'tests[].assert[]');
    await expectError('tests:\n  - assert:\n      - type: similar\n        threshold: high\n', 4, /threshold must be a number/);
    await expectError('tests:\n  - assert:\n      - $ref: "#/nowhere"\n', 3, /does not point at an assertion/);
    await expectError('tests:\n  - file://missing.csv\n', 2, /cannot read missing\.csv/);
    await expectError('evaluateOptions:\n  repeat: 0\n', 2, /repeat must be a positive integer/);
  });
});
