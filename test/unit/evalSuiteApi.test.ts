/**
 * The suite API around the loaders: dispatch by name and content, versions, editor helpers
 * (casesForPrompt, findCaseAtLine), SuiteError formatting and the published JSON Schema.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { parse } from 'yaml';
import {
  casesForPrompt, detectSuiteFormat, EVAL_SUITE_SCHEMA_ID, findCaseAtLine, formatIssue, isSuiteFile, loadSuite, SuiteError,
  suitePathsForPrompt, suiteVersion, type SuiteIO,
} from '../../src/core/evals/suite';
import type { EvalSuite } from '../../src/core/evals/types';

const root = join(__dirname, '..', '..');
const diskIO: SuiteIO = { readFile: async (p) => readFileSync(p, 'utf8') };
const memIO = (files: Record<string, string>): SuiteIO => ({
  readFile: async (p) => {
    const t = files[p];
    if (t === undefined) throw new Error(`ENOENT: ${p}`);
    return t;
  },
});

describe('loadSuite', () => {
  it('dispatches on the file name, else on the content', async () => {
    const pf = 'prompts: ["{{q}}"]\nproviders: [openai:gpt-4o-mini]\ntests: [{ vars: { q: hi } }]\n';
    assert.equal((await loadSuite('/a/promptfooconfig.yaml', pf, memIO({}))).format, 'promptfoo');
    assert.equal((await loadSuite('/a/PromptfooConfig.yml', pf, memIO({}))).format, 'promptfoo');
    assert.equal(detectSuiteFormat('/a/anything.yaml', pf), 'promptfoo', 'an inline template is a promptfoo prompt');
    assert.equal(detectSuiteFormat('/a/anything.yaml', 'defaultTest: {}\n'), 'promptfoo');
    assert.equal(detectSuiteFormat('/a/anything.yaml', 'budgetUsd: 1\nprompts: [x.prompt]\n'), 'tracemine');
    assert.equal(detectSuiteFormat('/a/anything.yaml', 'tests:\n  - vars: {}\n    metadata: {}\n'), 'promptfoo');
    assert.equal(detectSuiteFormat('/a/anything.yaml', 'prompts: [a.prompt]\ntests: []\n'), 'tracemine', 'native by default');
    assert.equal(detectSuiteFormat('/a/x.eval.yaml', 'defaultTest: {}\n'), 'tracemine', 'the name wins');
    await assert.rejects(loadSuite('/a/x.eval.yaml', 'defaultTest: {}\n', memIO({})), SuiteError);
  });

  it('versions suites by content, with line endings normalised', () => {
    const lf = 'tests:\n  - vars: {}\n';
    const v = suiteVersion(lf);
    assert.match(v, /^[0-9a-f]{16}$/);
    assert.equal(suiteVersion(lf.replace(/\n/g, '\r\n')), v);
    assert.notEqual(suiteVersion(`${lf}# edit\n`), v);
    assert.notEqual(suiteVersion(lf, ['{"vars": {}}']), v);
    assert.equal(suiteVersion(lf, ['a\r\nb']), suiteVersion(lf, ['a\nb']));
  });
});

describe('editor helpers', () => {
  const samplePath = join(root, 'samples/prompts/support-triage.eval.yaml');
  const sampleText = readFileSync(samplePath, 'utf8');

  it('finds the case under the cursor in the sample suite', async () => {
    const suite = await loadSuite(samplePath, sampleText, diskIO);
    const lines = sampleText.split('\n');
    const lineOf = (needle: string) => lines.findIndex((l) => l.includes(needle)) + 1;
    assert.equal(findCaseAtLine(suite, lineOf('- id: double-charge'))?.id, 'double-charge');
    assert.equal(findCaseAtLine(suite, lineOf('INV-2291'))?.id, 'double-charge', 'inside a block scalar of the case');
    assert.equal(findCaseAtLine(suite, lineOf('REFUND APPROVED and nothing else'))?.id, 'prompt-injection');
    assert.equal(findCaseAtLine(suite, lines.length - 1)?.id, 'thank-you-note', 'the last line of the last case');
    assert.equal(findCaseAtLine(suite, lineOf('model: gpt-4o-mini')), undefined, 'outside the tests');
    assert.equal(findCaseAtLine(suite, lineOf('- id: export-crash') - 1), undefined, 'the blank line between cases');
  });

  it('gives no single case on a case-file reference line, and reads suites built elsewhere', async () => {
    const suite = await loadSuite('/s/x.eval.yaml', 'providers: [m]\ntests:\n  - file://c.jsonl\n  - id: inline\n    vars: {}\n', memIO({
      '/s/x.prompt': 'hi', '/s/c.jsonl': '{"id": "a"}\n{"id": "b"}\n',
    }));
    assert.deepEqual(suite.cases.map((c) => [c.id, c.line]), [['a', 3], ['b', 3], ['inline', 4]]);
    assert.equal(findCaseAtLine(suite, 3), undefined);
    assert.equal(findCaseAtLine(suite, 5)?.id, 'inline');
    const built: EvalSuite = { ...suite, cases: [...suite.cases] }; // no recorded spans
    assert.equal(findCaseAtLine(built, 5)?.id, 'inline');
    assert.equal(findCaseAtLine(built, 99)?.id, 'inline');
    assert.equal(findCaseAtLine(built, 2), undefined);
  });

  it('lists the cases that run against a prompt file', async () => {
    const suite = await loadSuite(samplePath, sampleText, diskIO);
    const promptPath = join(root, 'samples/prompts/support-triage.prompt');
    assert.equal(casesForPrompt(suite, promptPath).length, 6);
    assert.equal(casesForPrompt(suite, 'support-triage.prompt').length, 6);
    assert.equal(casesForPrompt(suite, join(root, 'samples/prompts/other.prompt')).length, 0);
  });

  it('names suite files and where a prompt\'s suite lives', () => {
    assert.deepEqual(suitePathsForPrompt('/w/p/support-triage.prompt'), ['/w/p/support-triage.eval.yaml', '/w/p/support-triage.eval.yml']);
    for (const f of ['/a/x.eval.yaml', 'x.EVAL.yml', '/a/promptfooconfig.yaml', 'promptfooconfig.json']) assert.ok(isSuiteFile(f), f);
    for (const f of ['/a/x.yaml', '/a/x.prompt', 'promptfooconfig.yaml.bak']) assert.ok(!isSuiteFile(f), f);
  });
});

describe('SuiteError', () => {
  it('formats file, line and key path, and keeps every issue', () => {
    const e = new SuiteError('must be a number', 'a.eval.yaml', 3, 'tests[0].repeat');
    assert.equal(e.message, 'a.eval.yaml:3: tests[0].repeat: must be a number');
    assert.deepEqual(e.issues, [{ message: 'must be a number', path: 'a.eval.yaml', line: 3, keyPath: 'tests[0].repeat' }]);
    assert.equal(new SuiteError('bad').message, 'bad');
    assert.equal(formatIssue({ message: 'm', line: 2 }), 'line 2: m');
    const all = SuiteError.of([{ message: 'one', line: 1 }, { message: 'two', line: 5 }]);
    assert.equal(all.reason, 'one');
    assert.equal(all.issues.length, 2);
  });
});

describe('eval-suite.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas/eval-suite.schema.json'), 'utf8')) as Record<string, unknown>;

  it('is a draft-07 schema with its $id, and compiles in strict mode', () => {
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.$id, EVAL_SUITE_SCHEMA_ID);
    new Ajv({ strict: true, strictTypes: false, allowUnionTypes: true }).compile(schema);
    const used = new Set([...JSON.stringify(schema).matchAll(/"#\/definitions\/(\w+)"/g)].map((m) => m[1]));
    assert.deepEqual(Object.keys(schema.definitions as object).filter((d) => !used.has(d)), [], 'every definition is used');
  });

  it('accepts the sample suite as an editor would read it', () => {
    const validate = new Ajv({ strict: false, allowUnionTypes: true }).compile(schema);
    const ok = validate(parse(readFileSync(join(root, 'samples/prompts/support-triage.eval.yaml'), 'utf8')));
    assert.ok(ok, JSON.stringify(validate.errors));
  });
});
