/** The incremental JSON results file (valid after every case) and the JUnit XML writer. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SaxesParser } from 'saxes';
import { ResultsFileWriter, aggregateCase, junitXml, runEval, writeJunit, xmlAttr, xmlText, type EvalDeps, type GradeOutcome } from '../../src/core/evals/runner';
import type { AssertionContext, AssertionSpec, CaseResult, EvalSuite, SampleResult } from '../../src/core/evals/types';
import { startOpenAiServer, type OpenAiServer } from '../support/openaiServer';

let server: OpenAiServer;
let tmp: string;

before(async () => {
  server = await startOpenAiServer();
  tmp = await mkdtemp(join(tmpdir(), 'tracemine-results-'));
});
after(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

async function grade(_specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradeOutcome> {
  const want = String(ctx.vars.expect);
  const has = ctx.output.includes(want);
  const short = ctx.output.length < 200;
  return {
    pass: has && short,
    score: (Number(has) + Number(short)) / 2,
    assertions: [
      { type: 'contains', pass: has, score: Number(has), weight: 1, reason: has ? `contains "${want}"` : `expected "${want}" in the output`, line: 7 },
      { type: 'javascript', pass: short, score: Number(short), weight: 1, reason: 'output.length < 200' },
    ],
  };
}

const deps: EvalDeps = {
  render: async (_p, vars) => [{ role: 'user', content: String(vars.text) }],
  grade,
  apiKeyFor: async () => 'sk-live-SECRET',
  retry: { baseDelayMs: 5, timeoutMs: 5000 },
};

function suite(n: number): EvalSuite {
  return {
    path: 'evals/support.evals.yaml', format: 'tracemine', version: 'sha256:abc', repeat: 1, warnings: [], concurrency: 2,
    prompts: [{ id: 'support', raw: '{{text}}', label: 'Support v2' }],
    providers: [{ id: 'mini', baseUrl: server.baseUrl, model: 'gpt-4o-mini', params: { temperature: 0.3, api_key: 'sk-param-SECRET', max_tokens: 50 } }],
    cases: Array.from({ length: n }, (_, i) => ({
      id: `case-${i}`, vars: { text: `question ${i} [[delay ${10 + (i % 3) * 15}]]`, expect: i === 2 ? 'absent' : `question ${i}` }, assert: [{ type: 'contains', value: 'x' }],
    })),
  };
}

describe('results file', () => {
  it('is a valid JSON document after every case, then the full record', async () => {
    const path = join(tmp, 'run.json');
    const s = suite(8);
    const runId = 'run-123';
    const writer = new ResultsFileWriter(path, { runId, startedAt: new Date().toISOString(), suite: s });
    await writer.start();
    assert.equal(JSON.parse(await readFile(path, 'utf8')).status, 'running');

    // A reader polling the file throughout the run must always parse it.
    let reads = 0;
    let polling = true;
    const poller = (async () => {
      while (polling) {
        const doc = JSON.parse(await readFile(path, 'utf8')) as { cases: unknown[] };
        assert.ok(Array.isArray(doc.cases));
        reads++;
        await new Promise((r) => setImmediate(r));
      }
    })();

    const midRun: Promise<void>[] = [];
    const result = await runEval({ suite: s, runId }, deps, {
      onStart: (info) => writer.setPrompts(info.prompts),
      onCase: (c) => {
        midRun.push(writer.addCase(c).then(async () => {
          const doc = JSON.parse(await readFile(path, 'utf8')) as { status: string; cases: { caseId: string }[] };
          assert.equal(doc.status, 'running');
          assert.ok(doc.cases.some((x) => x.caseId === c.caseId), `${c.caseId} is on disk once its write resolves`);
        }));
      },
    });
    await Promise.all(midRun);
    await writer.finish(result);
    polling = false;
    await poller;
    assert.ok(reads > 0);

    const doc = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(doc.format, 'tracemine-eval-results');
    assert.equal(doc.status, 'finished');
    assert.equal(doc.runId, runId);
    assert.deepEqual([doc.suite.path, doc.suite.version], ['evals/support.evals.yaml', 'sha256:abc']);
    assert.equal(doc.prompts[0].id, 'support');
    assert.match(doc.prompts[0].hash, /^[0-9a-f]{64}$/);
    assert.deepEqual(doc.providers, [{ id: 'mini', baseUrl: server.baseUrl, model: 'gpt-4o-mini', params: { temperature: 0.3, max_tokens: 50 } }]);
    assert.deepEqual(doc.cases.map((c: { caseId: string }) => c.caseId).sort(), s.cases.map((c) => c.id).sort());
    assert.deepEqual([doc.totals.cases, doc.totals.pass, doc.totals.fail], [8, 7, 1]);
    const failed = doc.cases.find((c: { caseId: string }) => c.caseId === 'case-2');
    assert.equal(failed.status, 'fail');
    assert.deepEqual(failed.samples[0].assertions.map((a: { type: string; pass: boolean; reason: string; line?: number }) => [a.type, a.pass, a.reason, a.line]), [
      ['contains', false, 'expected "absent" in the output', 7],
      ['javascript', true, 'output.length < 200', undefined],
    ]);
    assert.equal(failed.inputTokens, 4, 'question 2 [[delay 40]]');
    assert.equal(failed.outputTokens, 3, 'echo: question 2');
    assert.ok(failed.costUsd > 0);
    assert.ok(failed.meanLatencyMs > 0);
    assert.equal(failed.samples[0].output, 'echo: question 2');
    assert.ok(doc.totals.spentUsd > 0);
    const text = await readFile(path, 'utf8');
    assert.ok(!text.includes('SECRET'), 'no key, whether from the key store or the params');
    assert.deepEqual((await readdir(tmp)).filter((f) => f.endsWith('.tmp')), [], 'no temp files left behind');
  });

  it('records a cancelled run with its unfinished cases', async () => {
    const path = join(tmp, 'cancelled.json');
    const s = suite(6);
    const ac = new AbortController();
    const writer = new ResultsFileWriter(path, { runId: 'r2', startedAt: new Date().toISOString(), suite: s });
    const result = await runEval({ suite: s }, deps, { signal: ac.signal, onCase: (c) => { void writer.addCase(c); ac.abort(); } });
    await writer.finish(result);
    const doc = JSON.parse(await readFile(path, 'utf8'));
    assert.equal(doc.status, 'cancelled');
    assert.equal(doc.cases.length + doc.incomplete.length, 6);
    assert.equal(doc.totals.incomplete, doc.incomplete.length);
  });
});

function sample(i: number, pass: boolean, reason: string, error?: string): SampleResult {
  return {
    sample: i, pass, score: pass ? 1 : 0,
    ...(error ? { error } : { response: { output: 'out', toolCalls: [], model: 'm', latencyMs: 250, cached: false } }),
    assertions: error ? [] : [{ type: 'contains', pass, score: pass ? 1 : 0, weight: 1, reason, line: 12 }],
  };
}

/** Parses XML strictly; throws on anything not well-formed. Returns elements with their attributes and text. */
function parseXml(xml: string): { name: string; attrs: Record<string, string>; text: string }[] {
  const out: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const stack: { name: string; attrs: Record<string, string>; text: string }[] = [];
  const p = new SaxesParser();
  p.on('error', (e) => { throw e; });
  p.on('opentag', (t) => {
    const el = { name: t.name, attrs: Object.fromEntries(Object.entries(t.attributes).map(([k, v]) => [k, String(v)])), text: '' };
    out.push(el);
    stack.push(el);
  });
  p.on('text', (t) => { if (stack.length) stack.at(-1)!.text += t; });
  p.on('closetag', () => { stack.pop(); });
  p.write(xml).close();
  return out;
}

describe('JUnit XML', () => {
  const nasty = `<b>"quoted" & 'single'</b>\u0001\u0008 end\nline2`;
  const key = (caseId: string, promptId = 'p&<1>', providerId = 'prov"x') => ({ caseId, promptId, providerId });
  const cases: CaseResult[] = [
    aggregateCase(key('ok <1>'), [sample(0, true, 'fine')]),
    aggregateCase(key('bad & worse'), [sample(0, false, nasty), sample(1, false, 'second')]),
    aggregateCase(key('coin'), [sample(0, true, 'ok'), sample(1, false, 'nope')]),
    aggregateCase(key('boom', 'p2', 'prov2'), [sample(0, false, '', 'endpoint answered 503: <html>')]),
  ];

  it('escapes text and attributes, and drops characters XML forbids', () => {
    assert.equal(xmlText('a<b>&c'), 'a&lt;b&gt;&amp;c');
    assert.equal(xmlAttr(`"'\n`), '&quot;&apos;&#10;');
    assert.equal(xmlText('x\u0000y\uD800z'), 'x\uFFFDy\uFFFDz');
    assert.equal(xmlText('emoji 😀 ok'), 'emoji 😀 ok');
  });

  it('is well-formed, one testsuite per prompt × provider, reasons intact', async () => {
    const xml = junitXml({ cases, incomplete: [{ ...key('late'), samples: [] }], cancelled: true }, 'suite <x>');
    const els = parseXml(xml);
    const root = els[0]!;
    assert.equal(root.name, 'testsuites');
    assert.deepEqual([root.attrs.name, root.attrs.tests, root.attrs.failures, root.attrs.errors, root.attrs.skipped], ['suite <x>', '5', '2', '1', '1']);
    const suites = els.filter((e) => e.name === 'testsuite');
    assert.deepEqual(suites.map((s) => [s.attrs.name, s.attrs.tests]), [['p&<1> × prov"x', '4'], ['p2 × prov2', '1']]);
    const tcs = els.filter((e) => e.name === 'testcase');
    assert.deepEqual(tcs.map((t) => t.attrs.name), ['ok <1>', 'bad & worse', 'coin', 'late', 'boom']);
    assert.equal(tcs[0]!.attrs.classname, 'p&<1>.prov"x');
    assert.equal(tcs[1]!.attrs.time, '0.500');
    const failures = els.filter((e) => e.name === 'failure');
    assert.deepEqual(failures.map((f) => f.attrs.type), ['fail', 'flaky']);
    assert.ok(failures[0]!.text.includes(`sample 1: contains (line 12): <b>"quoted" & 'single'</b>\uFFFD\uFFFD end\nline2`));
    assert.ok(failures[0]!.text.includes('sample 2: contains (line 12): second'));
    assert.match(failures[0]!.attrs.message!, /^2\/2 samples failed\. sample 1: contains/);
    assert.ok(failures[0]!.attrs.message!.includes('\nline2'), 'newlines survive in attributes');
    assert.match(failures[1]!.attrs.message!, /^flaky: 1\/2 samples passed/);
    const error = els.find((e) => e.name === 'error')!;
    assert.ok(error.text.includes('error: endpoint answered 503: <html>'));
    assert.equal(els.find((e) => e.name === 'skipped')!.attrs.message, 'not run: the run was cancelled');

    const path = join(tmp, 'junit.xml');
    await writeJunit(path, { cases });
    assert.doesNotThrow(() => parseXml(readFileSync(path, 'utf8')));
  });

  it('is valid with no cases', () => {
    const els = parseXml(junitXml({ cases: [] }));
    assert.deepEqual(els.map((e) => e.name), ['testsuites']);
  });
});
