/**
 * Dotprompt's language-neutral spec suite (google/dotprompt spec/, copied unchanged to
 * test/fixtures/dotprompt-spec/, see its SOURCES.md): one test per case, named
 * `<file> / <suite> / <desc>`.
 *
 * As the suite's runner does: a suite's `data` is shallow-merged under the test's `data`; the
 * rendered result must equal `expect` with `config` and `ext` defaulting to `{}` and every other
 * key (model, input, output…) absent unless expected; `raw` is compared only when the test gives
 * it. The metadata-only render (`renderDotpromptMetadata`) must equal the same minus messages.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import {
  loadDotprompt,
  renderDotprompt,
  renderDotpromptMetadata,
  type DotpromptData,
  type DotpromptRenderOptions,
} from '../../src/core/prompts/dotprompt';

interface SpecTest {
  desc: string;
  data?: Record<string, unknown>;
  options?: Record<string, unknown>;
  expect: Record<string, unknown>;
}

interface SpecSuite {
  name: string;
  template: string;
  data?: Record<string, unknown>;
  schemas?: Record<string, unknown>;
  partials?: Record<string, string>;
  resolverPartials?: Record<string, string>;
  tests: SpecTest[];
}

const SPEC_DIR = join(__dirname, '..', 'fixtures', 'dotprompt-spec');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return name.endsWith('.yaml') ? [path] : [];
  });
}

const validateSuiteFile = new Ajv({ strict: false }).compile(JSON.parse(readFileSync(join(SPEC_DIR, 'schema.json'), 'utf8')));
const files = yamlFiles(SPEC_DIR).map((path) => ({
  name: relative(SPEC_DIR, path).split('\\').join('/'),
  suites: parseYaml(readFileSync(path, 'utf8')) as SpecSuite[],
}));

test('the copied spec suite is complete: 13 files, 69 suites, 117 cases, valid per schema.json', () => {
  assert.equal(files.length, 13);
  assert.equal(files.reduce((n, f) => n + f.suites.length, 0), 69);
  assert.equal(files.reduce((n, f) => n + f.suites.reduce((m, s) => m + s.tests.length, 0), 0), 117);
  for (const file of files) assert.ok(validateSuiteFile(file.suites), `${file.name}: ${JSON.stringify(validateSuiteFile.errors)}`);
});

/** The spec's `options` are prompt metadata overrides; only `input.default` occurs in the suite. */
function renderOptions(suite: SpecSuite, options: Record<string, unknown> = {}): DotpromptRenderOptions {
  const unsupported = Object.keys(options).filter((key) => key !== 'input');
  assert.deepEqual(unsupported, [], 'the runner only knows options.input');
  const input = options.input as { default?: Record<string, unknown> } | undefined;
  return {
    partials: suite.partials,
    resolvePartial: (name) => (suite.resolverPartials && Object.hasOwn(suite.resolverPartials, name) ? suite.resolverPartials[name] : undefined),
    input: input ? { default: input.default } : undefined,
  };
}

for (const file of files) {
  for (const suite of file.suites) {
    for (const spec of suite.tests) {
      test(`${file.name} / ${suite.name} / ${spec.desc}`, () => {
        const prompt = loadDotprompt(suite.template, `${suite.name}.prompt`, { schemas: suite.schemas });
        const data = { ...suite.data, ...spec.data } as DotpromptData;
        const options = renderOptions(suite, spec.options);
        const rendered: Record<string, unknown> = { ...renderDotprompt(prompt, data, options) };
        const metadata: Record<string, unknown> = { ...renderDotpromptMetadata(prompt, options) };
        if (!('raw' in spec.expect)) {
          delete rendered.raw;
          delete metadata.raw;
        }
        const expected: Record<string, unknown> = { config: {}, ext: {}, ...spec.expect };
        assert.deepStrictEqual(rendered, expected);
        const { messages: _messages, ...expectedMetadata } = expected;
        assert.deepStrictEqual(metadata, expectedMetadata);
      });
    }
  }
}
