/**
 * Prompty loading (spec §2, §4) against the format's own conformance material: one test per
 * `load` vector of vectors.json (fixtures from spec/fixtures), the §2.2 front-matter splitting
 * vectors, the mapping of v2 files onto LoadedPrompt, and malformed files → PromptError with a
 * 1-based line.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { stringify } from 'yaml';
import { PromptError } from '../../src/core/prompts/types';
import {
  loadPrompty, loadPromptyAgent, loadPromptyFile, splitFrontMatter, validatePromptyInputs, type PromptyIo,
} from '../../src/core/prompts/prompty';

const ROOT = path.join(__dirname, '..', 'fixtures', 'prompty', 'v2');
const FIXTURES = path.join(ROOT, 'fixtures');

interface Vector {
  name: string;
  description: string;
  input: Record<string, unknown>;
  expected: Record<string, unknown>;
}

function vectors(stage: string): Vector[] {
  const all = JSON.parse(readFileSync(path.join(ROOT, 'vectors.json'), 'utf8')) as { vectors: { vector: Vector & { stage: string } }[] };
  return all.vectors.map((v) => v.vector).filter((v) => v.stage === stage);
}

/** `expected` is a partial description: every key it names must match; null means absent. */
function assertMatches(actual: unknown, expected: unknown, at = '$'): void {
  if (expected === null) {
    assert.ok(actual === null || actual === undefined, `${at}: expected absent, got ${JSON.stringify(actual)}`);
  } else if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${at}: expected a list, got ${JSON.stringify(actual)}`);
    assert.equal(actual.length, expected.length, `${at}: list length`);
    expected.forEach((e, i) => assertMatches(actual[i], e, `${at}[${i}]`));
  } else if (typeof expected === 'object') {
    assert.ok(actual !== null && typeof actual === 'object', `${at}: expected an object, got ${JSON.stringify(actual)}`);
    for (const [k, e] of Object.entries(expected)) assertMatches((actual as Record<string, unknown>)[k], e, `${at}.${k}`);
  } else {
    assert.equal(actual, expected, at);
  }
}

function envOf(input: Record<string, unknown>): PromptyIo['getEnv'] {
  const env = (input.env ?? {}) as Record<string, string>;
  return (name) => (Object.hasOwn(env, name) ? env[name] : undefined);
}

/** The vector's prompt as text, its path and io (env only from the vector, files from it or disk). */
function promptOf(input: Record<string, unknown>): { text?: string; file: string; io: PromptyIo } {
  const getEnv = envOf(input);
  if (typeof input.fixture === 'string') {
    const file = path.join(FIXTURES, input.fixture);
    return { file, io: { getEnv, readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined) } };
  }
  const dir = typeof input.agent_subdir === 'string' ? input.agent_subdir : '.';
  const file = path.join(dir, 'test.prompty');
  const files = new Map(Object.entries((input.files ?? {}) as Record<string, unknown>).map(([k, v]) => [path.join(dir, k), JSON.stringify(v)]));
  const text = typeof input.frontmatter_raw === 'string' ? input.frontmatter_raw : `---\n${stringify(input.frontmatter)}---\nHello\n`;
  return { text, file, io: { getEnv, readFile: (p) => files.get(path.normalize(p)) } };
}

describe('Prompty load vectors (vectors.json, stage load)', () => {
  for (const v of vectors('load')) {
    test(`${v.name}: ${v.description}`, () => {
      const { text, file, io } = promptOf(v.input);
      const source = text ?? (existsSync(file) ? readFileSync(file, 'utf8') : undefined);
      if (typeof v.expected.error === 'string') {
        const pattern = v.expected.error === 'FileNotFoundError' ? /not found/i : new RegExp(v.expected.error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
        assert.throws(() => {
          if (source === undefined) loadPromptyFile(file, io);
          const prompt = loadPrompty(source!, file, io);
          loadPromptyAgent(source!, file, io);
          if (v.input.inputs) validatePromptyInputs(prompt.inputs, v.input.inputs as Record<string, unknown>);
        }, (e: unknown) => {
          assert.ok(e instanceof PromptError, `expected PromptError, got ${String(e)}`);
          assert.match(e.message, pattern);
          if (typeof v.expected.error_field === 'string') assert.match(e.message, new RegExp(v.expected.error_field));
          return true;
        });
        return;
      }
      assert.ok(source !== undefined, `fixture ${file} exists`);
      if (v.expected.validated_inputs) {
        const prompt = loadPrompty(source, file, io);
        assert.deepEqual(validatePromptyInputs(prompt.inputs, v.input.inputs as Record<string, unknown>), v.expected.validated_inputs);
        return;
      }
      assertMatches(loadPromptyAgent(source, file, io), v.expected);
    });
  }
});

describe('Front-matter splitting (spec §2.2 test vectors)', () => {
  const cases: [string, string, string | null, string][] = [
    ['Vector 1: Standard frontmatter', '---\nname: test\n---\nHello world', 'name: test', 'Hello world'],
    ['Vector 2: No frontmatter', 'Just a prompt with no frontmatter', null, 'Just a prompt with no frontmatter'],
    ['Vector 3: Empty frontmatter', '---\n---\nBody only', '', 'Body only'],
    ['Vector 4: Whitespace before delimiter', '  ---\nname: test\n---\nBody', 'name: test', 'Body'],
  ];
  for (const [name, input, frontMatter, body] of cases) {
    test(name, () => {
      const split = splitFrontMatter(input);
      assert.equal(split.frontMatter, frontMatter);
      assert.equal(split.body, body);
    });
  }
  test('+++ delimiters and the body line', () => {
    const split = splitFrontMatter('+++\nname: x\n+++\n\n\nsystem:\nHi\n');
    assert.equal(split.frontMatter, 'name: x');
    assert.equal(split.body, 'system:\nHi');
    assert.equal(split.bodyLine, 6);
  });
  test('a --- inside a YAML value does not close the front matter', () => {
    const prompt = loadPrompty('---\nname: x\ndescription: "a --- b"\n---\nHi');
    assert.equal(prompt.description, 'a --- b');
    assert.equal(prompt.template, 'Hi');
  });
});

function fixtureText(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

describe('Prompty v2 → LoadedPrompt', () => {
  const env: PromptyIo = { getEnv: (n) => ({ OPENAI_API_KEY: 'sk-test' } as Record<string, string>)[n] };

  test('basic.prompty: model, options in OpenAI names, inputs with defaults, template line', () => {
    const p = loadPrompty(fixtureText('basic.prompty'), 'basic.prompty', env);
    assert.equal(p.format, 'prompty');
    assert.equal(p.name, 'basic-prompt');
    assert.equal(p.description, 'A basic prompt for testing');
    assert.equal(p.model, 'gpt-4');
    assert.deepEqual(p.config, { temperature: 0.7, max_tokens: 1000 });
    assert.deepEqual(p.inputs, [
      { name: 'firstName', type: 'string', required: false, default: 'Jane' },
      { name: 'lastName', type: 'string', required: false, default: 'Doe' },
      { name: 'question', type: 'string', required: false, default: 'What is the meaning of life?' },
    ]);
    assert.deepEqual(p.sample, { firstName: 'Jane', lastName: 'Doe', question: 'What is the meaning of life?' });
    assert.equal(p.outputFormat, 'text');
    assert.equal(p.templateLine, 34);
    assert.ok(p.template.startsWith('system:\nYou are an AI assistant'));
    // The raw front matter keeps references unresolved (no secrets in it).
    assert.equal((p.frontMatter.model as { connection: { apiKey: string } }).connection.apiKey, '${env:OPENAI_API_KEY}');
  });

  test('minimal.prompty: `model: gpt-4` shorthand, no inputs, default template', () => {
    const p = loadPrompty(fixtureText('minimal.prompty'));
    assert.equal(p.model, 'gpt-4');
    assert.deepEqual(p.config, {});
    assert.deepEqual(p.inputs, []);
    assert.equal(p.tools, undefined);
    assert.equal(p.template, 'system:\nHello world.');
  });

  test('tools_function.prompty: OpenAI function format, bound parameter stripped, strict', () => {
    const p = loadPrompty(fixtureText('tools_function.prompty'));
    assert.deepEqual(p.tools, [{
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Get the current weather in a given location',
        parameters: {
          type: 'object',
          properties: { location: { type: 'string', description: 'The city and state, e.g. San Francisco, CA' } },
          additionalProperties: false,
        },
        strict: true,
      },
    }]);
  });

  test('tools_mcp / tools_openapi: not projected without discovery, kept in the front matter', () => {
    const mcp = loadPrompty(fixtureText('tools_mcp.prompty'));
    assert.equal(mcp.tools, undefined);
    assert.equal((mcp.frontMatter.tools as { kind: string }[])[0]!.kind, 'mcp');
    const openapi = loadPrompty(fixtureText('tools_openapi.prompty'));
    assert.equal(openapi.tools, undefined);
  });

  test('structured.prompty: outputs → closed JSON Schema, JSON output', () => {
    const p = loadPrompty(fixtureText('structured.prompty'));
    assert.equal(p.outputFormat, 'json');
    assert.deepEqual(p.outputSchema, {
      type: 'object',
      properties: {
        temperature: { type: 'integer', description: 'Temperature in Fahrenheit' },
        condition: { type: 'string', description: 'Weather condition' },
        city: { type: 'string', description: 'City name' },
      },
      required: ['temperature', 'condition', 'city'],
      additionalProperties: false,
    });
  });

  test('image.prompty: additionalProperties pass through into config', () => {
    const p = loadPrompty(fixtureText('image.prompty'), undefined, env);
    assert.deepEqual(p.config, { size: '1024x1024', quality: 'standard' });
  });

  test('dict-form inputs with scalar shorthand (§2.7, §4.4)', () => {
    const p = loadPrompty('---\nmodel: gpt-4o\ninputs:\n  firstName: Jane\n  count: 3\n  ratio: 0.5\n  on: true\n  tags: [a]\n  who:\n    kind: string\n    required: true\n---\n{{firstName}}');
    assert.deepEqual(p.inputs.map((i) => [i.name, i.type, i.default, i.required]), [
      ['firstName', 'string', 'Jane', false],
      ['count', 'integer', 3, false],
      ['ratio', 'float', 0.5, false],
      ['on', 'boolean', true, false],
      ['tags', 'array', ['a'], false],
      ['who', 'string', undefined, true],
    ]);
  });

  test('options: every ModelOptions field maps to its OpenAI name', () => {
    const p = loadPrompty('---\nmodel:\n  id: gpt-4o\n  options:\n    temperature: 0.2\n    maxOutputTokens: 50\n    topP: 0.9\n    frequencyPenalty: 0.1\n    presencePenalty: 0.3\n    stopSequences: ["END"]\n    seed: 7\n---\nHi');
    assert.deepEqual(p.config, { temperature: 0.2, max_tokens: 50, top_p: 0.9, frequency_penalty: 0.1, presence_penalty: 0.3, stop: ['END'], seed: 7 });
  });

  test('missing env without default names the key and its line', () => {
    assert.throws(() => loadPrompty(fixtureText('basic.prompty'), 'basic.prompty'), (e: unknown) => {
      assert.ok(e instanceof PromptError);
      assert.match(e.message, /Environment variable 'OPENAI_API_KEY' not set/);
      assert.equal(e.line, 14);
      return true;
    });
  });

  test('${file:} JSON references resolve the env references inside them (shared_connection.json)', () => {
    const io: PromptyIo = {
      getEnv: (n) => (n === 'OPENAI_API_KEY' ? 'shared-key' : undefined),
      readFile: (p) => (existsSync(p) ? readFileSync(p, 'utf8') : undefined),
    };
    const agent = loadPromptyAgent('---\nname: x\nmodel:\n  id: gpt-4\n  connection: ${file:shared_connection.json}\n---\nHi', path.join(FIXTURES, 'x.prompty'), io);
    assert.deepEqual(agent.model?.connection, { kind: 'key', endpoint: 'https://api.openai.com/v1', apiKey: 'shared-key' });
  });
});

describe('Malformed .prompty → PromptError with a 1-based line', () => {
  const cases: [string, string, RegExp, number][] = [
    ['no closing delimiter', '\n---\nname: x\nmodel: gpt-4\n', /Malformed frontmatter/, 2],
    ['invalid YAML', '---\nname: ok\nmodel: [gpt-4\n---\nHi', /Invalid frontmatter YAML/, 3],
    ['front matter is a list', '---\n- a\n- b\n---\nHi', /must be a YAML mapping/, 2],
    ['duplicate key', '---\nname: a\nname: b\n---\nHi', /Invalid frontmatter YAML/, 3],
    ['missing env in a nested value', '---\nname: x\nmodel:\n  id: gpt-4\n  connection:\n    kind: key\n    apiKey: ${env:NOPE}\n---\nHi', /Environment variable 'NOPE' not set/, 7],
    ['${file:} escaping the prompt directory', '---\nname: x\nmodel:\n  connection: ${file:../../etc/passwd}\n---\nHi', /resolves outside allowed roots/, 4],
    ['${file:} absolute path', '---\nname: x\nmodel:\n  connection: ${file:/etc/passwd}\n---\nHi', /resolves outside allowed roots/, 4],
    ['${file:} missing', '---\nname: x\nsample_file: ${file:nope.json}\nmodel: gpt-4\n---\nHi', /Referenced file not found: nope.json/, 3],
    ['v2 template as a bare string', '---\nmodel:\n  id: gpt-4\ntemplate: jinja2\n---\nHi', /Invalid template format/, 4],
    ['tool without kind', '---\nmodel: gpt-4\ntools:\n  - name: t\n    description: x\n---\nHi', /has no `kind`/, 4],
    ['input list item without a name', '---\nmodel: gpt-4\ninputs:\n  - kind: string\n---\nHi', /string `name`/, 4],
  ];
  for (const [name, text, pattern, line] of cases) {
    test(name, () => {
      assert.throws(() => loadPrompty(text, 'p/bad.prompty', { readFile: () => undefined }), (e: unknown) => {
        assert.ok(e instanceof PromptError, String(e));
        assert.match(e.message, pattern);
        assert.equal(e.path, 'p/bad.prompty');
        assert.equal(e.line, line);
        return true;
      });
    });
  }
});
