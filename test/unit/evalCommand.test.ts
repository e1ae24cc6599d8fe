/**
 * `tracemine eval` end to end: a Dotprompt prompt and its suite, run against the real OpenAI-
 * compatible test server through the real `openai` client; per-case lines, the exit code, the
 * JSON results and JUnit files, and the run stored in a workspace database.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runEvalCommand } from '../../src/cli/evalCommand';
import { TracemineDb } from '../../src/core';
import { startOpenAiServer } from '../support/openaiServer';
import { tempDir } from './eventlogFixtures';

const PROMPT = path.join(__dirname, '..', '..', 'samples', 'prompts', 'support-triage.prompt');

const SUITE = `providers:
  - id: mini
    model: gpt-4o-mini
    params: { temperature: 0 }
tests:
  - id: billing
    vars:
      ticket: 'charged twice [[json {"category":"billing","urgent":false}]]'
    assert:
      - type: is-json
      - type: contains
        value: billing
  - id: wrong
    vars:
      ticket: 'app crashes [[json {"category":"other","urgent":false}]]'
    assert:
      - type: contains
        value: '"bug"'
  - id: flaky
    repeat: 4
    vars:
      ticket: 'hmm [[cycle {"category":"bug"}|{"category":"other"}]]'
    assert:
      - type: icontains
        value: bug
`;

describe('tracemine eval', () => {
  let server: Awaited<ReturnType<typeof startOpenAiServer>>;
  before(async () => { server = await startOpenAiServer(); });
  after(async () => { await server.close(); });

  test('runs a suite against an OpenAI-compatible endpoint: lines, exit code, results files, database', async (t) => {
    const dir = tempDir(t);
    copyFileSync(PROMPT, path.join(dir, 'support-triage.prompt'));
    const suitePath = path.join(dir, 'support-triage.eval.yaml');
    writeFileSync(suitePath, SUITE);
    const lines: string[] = [];
    const db = path.join(dir, 'tracemine.db');
    const r = await runEvalCommand(suitePath, { baseUrl: server.baseUrl, json: path.join(dir, 'out.json'), junit: path.join(dir, 'out.xml'), db, noCache: true }, (l) => lines.push(l));
    assert.equal(r.code, 1, 'a failing case fails the run');
    assert.match(lines.find((l) => l.startsWith('estimate:'))!, /^estimate: 6 calls, ~\d[\d,]* input and ≤\d[\d,]* output tokens, ~\$\d+\.\d{4}/, 'the cost estimate comes before any call');
    assert.match(lines.find((l) => l.includes(' billing '))!, /^PASS/);
    assert.match(lines.find((l) => l.includes(' wrong '))!, /^FAIL .*contains: /);
    assert.match(lines.find((l) => l.includes(' flaky '))!, /^FLAKY .* 2\/4 \(\d+%–\d+%\)/);
    assert.match(lines.at(-1)!, /^3 cases: 1 passed, 1 failed, 1 flaky, 0 errored · pass rate 50% of 6 samples/);
    // The prompt went out rendered: system and user messages of the Dotprompt file.
    const sent = server.requests.find((q) => JSON.stringify(q.body).includes('charged twice'))!.body as { messages: { role: string; content: string }[] };
    assert.deepEqual(sent.messages.map((m) => m.role), ['system', 'user']);
    assert.match(sent.messages[1]!.content, /Ticket:\ncharged twice/);

    const json = JSON.parse(readFileSync(path.join(dir, 'out.json'), 'utf8')) as { status: string; cases: { caseId: string; status: string; samples: { assertions: { type: string; pass: boolean; reason: string }[] }[] }[] };
    assert.equal(json.status, 'finished');
    assert.deepEqual(json.cases.map((c) => [c.caseId, c.status]).sort(), [['billing', 'pass'], ['flaky', 'flaky'], ['wrong', 'fail']]);
    assert.ok(json.cases.every((c) => c.samples.every((s) => s.assertions.every((a) => typeof a.reason === 'string'))));
    assert.match(readFileSync(path.join(dir, 'out.xml'), 'utf8'), /<testsuites name="tracemine evals" tests="3" failures="2"/);

    const stored = await TracemineDb.open({ file: db });
    const [run] = stored.listEvalRuns();
    assert.equal(run?.id, r.runId);
    assert.equal(run?.status, 'done');
    const samples = stored.evalSamples(r.runId);
    assert.equal(samples.length, 6);
    assert.equal(stored.promptText(samples[0]!.promptHash!), readFileSync(PROMPT, 'utf8'));
    assert.ok(samples.every((s) => s.caseLine !== undefined && s.caseLine > 0));
    stored.close();
  });

  test('all passing exits 0; a missing prompt file is an error naming it', async (t) => {
    const dir = tempDir(t);
    copyFileSync(PROMPT, path.join(dir, 'support-triage.prompt'));
    const suitePath = path.join(dir, 'support-triage.eval.yaml');
    writeFileSync(suitePath, SUITE.split('  - id: wrong')[0]!);
    const ok = await runEvalCommand(suitePath, { baseUrl: server.baseUrl, noCache: true }, () => undefined);
    assert.equal(ok.code, 0);
    const other = path.join(dir, 'other.eval.yaml');
    writeFileSync(other, `prompts: [missing.prompt]\n${SUITE}`);
    await assert.rejects(runEvalCommand(other, { baseUrl: server.baseUrl, noCache: true }, () => undefined), /missing\.prompt/);
  });

  test('--baseline: a known failure is not a regression; a case that passed and now fails is, by run id or results file', async (t) => {
    const dir = tempDir(t);
    copyFileSync(PROMPT, path.join(dir, 'support-triage.prompt'));
    const suitePath = path.join(dir, 'support-triage.eval.yaml');
    const db = path.join(dir, 'tracemine.db');
    const twoCases = SUITE.split('  - id: flaky')[0]!;
    writeFileSync(suitePath, twoCases);
    const first = await runEvalCommand(suitePath, { baseUrl: server.baseUrl, noCache: true, db, json: path.join(dir, 'base.json') }, () => undefined);
    assert.equal(first.code, 1, 'without a baseline the failing case fails the run');
    const same: string[] = [];
    const again = await runEvalCommand(suitePath, { baseUrl: server.baseUrl, noCache: true, db, baseline: first.runId }, (l) => same.push(l));
    assert.equal(again.code, 0, same.join('\n'));
    assert.match(same.at(-1)!, /0 fixed, 0 broke, 0 regression/);
    // The billing answer changes: it passed in the baseline and fails now.
    writeFileSync(suitePath, twoCases.replace('"category":"billing"', '"category":"other"'));
    const lines: string[] = [];
    const worse = await runEvalCommand(suitePath, { baseUrl: server.baseUrl, noCache: true, baseline: path.join(dir, 'base.json') }, (l) => lines.push(l));
    assert.equal(worse.code, 1);
    assert.ok(lines.some((l) => /^REGRESSION billing\b/.test(l)), lines.join('\n'));
    await assert.rejects(runEvalCommand(suitePath, { baseUrl: server.baseUrl, baseline: 'no-such-run' }, () => undefined), /not a run id .*not a readable results file/);
  });

  test('a promptfoo config runs unchanged; its unsupported keys are reported by name', async (t) => {
    const dir = tempDir(t);
    const config = path.join(dir, 'promptfooconfig.yaml');
    writeFileSync(config, [
      'description: translations',
      'outputPath: results.html',
      'prompts: ["Say [[echo]] {{text}}"]',
      'providers: [openai:gpt-4o-mini]',
      'tests:',
      '  - vars: { text: bonjour }',
      '    assert:',
      '      - type: icontains',
      '        value: BONJOUR',
      '      - type: javascript',
      '        value: output.length > 0',
    ].join('\n'));
    const lines: string[] = [];
    const r = await runEvalCommand(config, { baseUrl: server.baseUrl, noCache: true }, (l) => lines.push(l));
    assert.ok(lines.some((l) => /^warning: promptfooconfig\.yaml:2: .*outputPath/.test(l)), lines.join('\n'));
    const caseLine = lines.find((l) => /case-1/.test(l))!;
    assert.match(caseLine, /^ERROR|^FAIL/, 'javascript assertions are refused, never run');
    assert.match(caseLine, /javascript: .*runs code/);
    assert.equal(r.code, 1);
  });
});
