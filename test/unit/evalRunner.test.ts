/**
 * The eval runner against a real HTTP server speaking the OpenAI API, through the real `openai`
 * client (no fetch mocks). The server's answers follow directives in the prompt (see
 * test/support/openaiServer.ts); grading is a tiny local function: the output must contain the
 * case's `expect` variable (the assertion module is tested on its own).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  Budget, Limiter, aggregateCase, backoffMs, cacheKey, callProvider, estimateEval, providerJudge, retryAfterMs, runEval, withRetry,
  type EvalDeps, type EvalHooks, type GradeOutcome,
} from '../../src/core/evals/runner';
import { ProviderCallError } from '../../src/core/evals/runner/errors';
import type { AssertionContext, AssertionSpec, CaseResult, EvalCase, EvalSuite, ProviderSpec } from '../../src/core/evals/types';
import { DEFAULT_PRICING, priceTokens } from '../../src/core/traces/pricing';
import { startOpenAiServer, type OpenAiServer, type RecordedRequest } from '../support/openaiServer';

const FAST_RETRY = { baseDelayMs: 10, maxDelayMs: 40, timeoutMs: 5_000 } as const;

let server: OpenAiServer;
let tmp: string;
let uniq = 0;

before(async () => {
  server = await startOpenAiServer();
  tmp = await mkdtemp(join(tmpdir(), 'tracemine-evalrunner-'));
});
after(async () => {
  await server.close();
  await rm(tmp, { recursive: true, force: true });
});

/** A case whose prompt is `text` (made unique per test so server attempt counters never mix). */
function kase(id: string, text: string, expect = '', extra: Partial<EvalCase> = {}): EvalCase {
  return { id, vars: { text: `${text} #${++uniq}`, expect }, assert: [{ type: 'contains', value: expect }], ...extra };
}

function provider(params: Record<string, unknown> = { temperature: 0.7 }, model = 'gpt-4o-mini'): ProviderSpec {
  return { id: `mock:${model}`, baseUrl: server.baseUrl, model, params };
}

function suite(cases: EvalCase[], over: Partial<EvalSuite> = {}): EvalSuite {
  return {
    format: 'tracemine', version: 'v1', prompts: [{ id: 'p', raw: '{{text}}' }], providers: [provider()], cases, repeat: 1, warnings: [], ...over,
  };
}

/** Passes when the output contains `vars.expect`. */
async function grade(_specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradeOutcome> {
  const expect = String(ctx.vars.expect ?? '');
  const pass = ctx.output.includes(expect);
  return { pass, score: pass ? 1 : 0, assertions: [{ type: 'contains', pass, score: pass ? 1 : 0, weight: 1, reason: pass ? `contains "${expect}"` : `expected output to contain "${expect}"` }] };
}

function deps(over: Partial<EvalDeps> = {}): EvalDeps {
  return {
    render: async (prompt, vars) => [{ role: 'user', content: (prompt.raw ?? '').replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? '')) }],
    grade,
    apiKeyFor: async () => 'sk-secret-123',
    retry: FAST_RETRY,
    ...over,
  };
}

/** Server requests whose last user message contains `marker`. */
const requestsFor = (marker: string): RecordedRequest[] => server.requests.filter((r) => JSON.stringify(r.body?.messages ?? '').includes(marker));
const textOf = (c: EvalCase) => String(c.vars.text);

describe('runEval against a real OpenAI-compatible server', () => {
  it('calls, grades and aggregates; cost from the pricing table; key only in the header', async () => {
    const a = kase('a', 'hello', 'hello');
    const b = kase('b', 'bye', 'nope');
    const r = await runEval({ suite: suite([a, b]) }, deps());
    assert.deepEqual(r.cases.map((c) => [c.caseId, c.status, c.passes, c.fails]), [['a', 'pass', 1, 0], ['b', 'fail', 0, 1]]);
    const s = r.cases[0]!.samples[0]!;
    assert.equal(s.response!.output, `echo: ${textOf(a)}`);
    assert.equal(s.response!.inputTokens, 2);
    assert.equal(s.response!.outputTokens, 3);
    assert.equal(s.response!.costUsd, priceTokens(DEFAULT_PRICING['gpt-4o-mini']!, 2, 3));
    assert.equal(s.response!.cached, false);
    assert.ok(s.response!.latencyMs > 0);
    assert.ok(Math.abs(r.spentUsd - 2 * priceTokens(DEFAULT_PRICING['gpt-4o-mini']!, 2, 3)) < 1e-15);
    assert.equal(r.calls, 2);
    assert.equal(requestsFor(textOf(a))[0]!.headers.authorization, 'Bearer sk-secret-123');
    assert.ok(!JSON.stringify(r).includes('sk-secret-123'));
    assert.equal(r.prompts[0]!.hash?.length, 64);
  });

  it('reports unknown prices as undefined, never 0', async () => {
    const r = await runEval({ suite: suite([kase('a', 'x')], { providers: [provider({}, 'my-local-llama')] }) }, deps());
    assert.equal(r.cases[0]!.samples[0]!.response!.costUsd, undefined);
    assert.equal(r.unknownCostCalls, 1);
    assert.equal(r.spentUsd, 0);
  });

  it('never has more calls in flight at the server than the concurrency limit', async () => {
    const cases = Array.from({ length: 12 }, (_, i) => kase(`c${i}`, `slow [[delay 60]] ${i}`));
    const fresh = await startOpenAiServer();
    try {
      const s = suite(cases, { concurrency: 3, providers: [{ ...provider(), baseUrl: fresh.baseUrl }] });
      const r = await runEval({ suite: s }, deps());
      assert.equal(r.cases.length, 12);
      assert.equal(fresh.maxInFlight, 3);
    } finally {
      await fresh.close();
    }
  });

  it('honours Retry-After on 429 (seconds) and retry-after-ms', async () => {
    const a = kase('a', 'limited [[status 429 retry-after=1]]', 'limited');
    const b = kase('b', 'limited-ms [[status 429 retry-after-ms=300]]', 'limited-ms');
    const retries: number[] = [];
    const r = await runEval({ suite: suite([a, b]) }, deps({ retry: { ...FAST_RETRY, onRetry: (_n, _e, d) => retries.push(d) } }));
    assert.deepEqual(r.cases.map((c) => c.status), ['pass', 'pass']);
    assert.equal(r.retries, 2);
    const [a1, a2] = requestsFor(textOf(a));
    assert.deepEqual([a1!.status, a2!.status], [429, 200]);
    const gapA = a2!.at - a1!.endedAt!;
    assert.ok(gapA >= 990 && gapA < 2500, `waited ${gapA} ms for Retry-After: 1`);
    const [b1, b2] = requestsFor(textOf(b));
    const gapB = b2!.at - b1!.endedAt!;
    assert.ok(gapB >= 290 && gapB < 1500, `waited ${gapB} ms for retry-after-ms: 300`);
    assert.deepEqual(retries.sort((x, y) => x - y), [300, 1000]);
  });

  it('retries 500s with backoff and succeeds; never retries a 400', async () => {
    const flaky = kase('flaky', 'down [[status 500 times=2]]', 'down');
    const bad = kase('bad', 'bad [[status 400 times=always]]', 'bad');
    const r = await runEval({ suite: suite([flaky, bad]) }, deps());
    assert.deepEqual(requestsFor(textOf(flaky)).map((q) => q.status), [500, 500, 200]);
    assert.equal(r.cases[0]!.status, 'pass');
    assert.deepEqual(requestsFor(textOf(bad)).map((q) => q.status), [400]);
    const c = r.cases[1]!;
    assert.equal(c.status, 'error');
    assert.equal(c.errors, 1);
    assert.match(c.samples[0]!.error!, /answered 400/);
    assert.ok(!c.samples[0]!.error!.includes('sk-secret'));
  });

  it('gives up after maxAttempts on a server that keeps failing', async () => {
    const down = kase('down', 'always [[status 503 times=always]]', 'x');
    const r = await runEval({ suite: suite([down]) }, deps({ retry: { ...FAST_RETRY, maxAttempts: 3 } }));
    assert.equal(requestsFor(textOf(down)).length, 3);
    assert.equal(r.cases[0]!.status, 'error');
    assert.match(r.cases[0]!.samples[0]!.error!, /503/);
  });

  it('times out a call that takes too long, aborting the request, and retries it', async () => {
    const slow = kase('slow', 'stuck [[delay 4000]]', 'stuck');
    const t0 = performance.now();
    const r = await runEval({ suite: suite([slow]) }, deps({ retry: { ...FAST_RETRY, timeoutMs: 150, maxAttempts: 2 } }));
    const ms = performance.now() - t0;
    assert.ok(ms < 2500, `two 150 ms timeouts, not the server's delay: ${ms} ms`);
    assert.equal(r.cases[0]!.status, 'error');
    assert.match(r.cases[0]!.samples[0]!.error!, /did not answer in time|No answer within/);
    await new Promise((res) => setTimeout(res, 30));
    const seen = requestsFor(textOf(slow));
    assert.equal(seen.length, 2);
    assert.ok(seen.every((q) => q.aborted), 'the server saw both requests abandoned');
  });

  it('cancels mid-run: stops starting work, aborts in-flight calls, resolves with what finished', async () => {
    const cases = Array.from({ length: 20 }, (_, i) => kase(`c${i}`, `cancel-me [[delay 150]] ${i}`));
    const ac = new AbortController();
    const seen: string[] = [];
    let abortedAt = 0;
    const before = server.requests.length;
    const r = await runEval({ suite: suite(cases, { concurrency: 2 }) }, deps(), {
      signal: ac.signal,
      onCase: (c) => {
        seen.push(c.caseId);
        if (seen.length === 2) setTimeout(() => { abortedAt = performance.now(); ac.abort(); }, 50);
      },
    });
    const settle = performance.now() - abortedAt;
    assert.equal(r.cancelled, true);
    assert.ok(settle < 500, `resolved ${settle} ms after the abort`);
    assert.ok(r.cases.length >= 2 && r.cases.length < 20);
    assert.deepEqual(r.cases.map((c) => c.caseId).sort(), [...seen].sort());
    assert.equal(r.cases.length + r.incomplete.length, 20);
    await new Promise((res) => setTimeout(res, 30));
    const mine = server.requests.slice(before);
    assert.ok(mine.length <= r.cases.length + 2, `no work started after the abort (${mine.length} requests)`);
    assert.ok(mine.some((q) => q.aborted), 'in-flight calls were aborted');
    assert.equal(server.inFlight, 0);
  });

  it('serves the second run from the cache at temperature 0, and not at 0.7 in auto mode', async () => {
    const dir = join(tmp, 'cache-auto');
    const cold = [kase('a', 'cache me', 'cache'), kase('b', 'cache me too', 'too')];
    const s0 = suite(cold, { providers: [provider({ temperature: 0 })] });
    const first = await runEval({ suite: s0 }, deps({ cacheDir: dir }));
    assert.equal(first.calls, 2);
    assert.equal(first.cacheHits, 0);
    const n = server.requests.length;
    const second = await runEval({ suite: s0 }, deps({ cacheDir: dir }));
    assert.equal(server.requests.length, n, 'no request reached the server');
    assert.equal(second.cacheHits, 2);
    assert.equal(second.calls, 0);
    assert.equal(second.spentUsd, 0);
    assert.ok(Math.abs(second.savedUsd - first.spentUsd) < 1e-15);
    for (const c of second.cases) {
      const resp = c.samples[0]!.response!;
      assert.equal(resp.cached, true);
      assert.equal(resp.costUsd, 0);
      assert.equal(c.status, 'pass');
    }
    const files = await readdir(dir);
    assert.equal(files.length, 2);
    assert.ok(files.every((f) => /^[0-9a-f]{64}\.json$/.test(f)));
    for (const f of files) assert.ok(!(await readFile(join(dir, f), 'utf8')).includes('sk-secret'));

    const warm = suite([kase('a', 'no cache')], { providers: [provider({ temperature: 0.7 })] });
    const dir2 = join(tmp, 'cache-warm');
    await runEval({ suite: warm }, deps({ cacheDir: dir2 }));
    const again = await runEval({ suite: warm }, deps({ cacheDir: dir2 }));
    assert.equal(again.cacheHits, 0);
    assert.equal(again.calls, 1);
    const always = await runEval({ suite: warm }, deps({ cacheDir: dir2, cacheMode: 'always' }));
    assert.equal(always.calls, 1);
    assert.equal((await runEval({ suite: warm }, deps({ cacheDir: dir2, cacheMode: 'always' }))).cacheHits, 1);
    assert.equal((await runEval({ suite: s0 }, deps({ cacheDir: dir, cacheMode: 'never' }))).cacheHits, 0);
  });

  it('keys the cache on the full request but never on the key', () => {
    const base = { baseUrl: 'http://h/v1', model: 'm', params: { temperature: 0, max_tokens: 5 }, messages: [{ role: 'user' as const, content: 'x' }] };
    const k = cacheKey(base);
    assert.equal(cacheKey({ ...base, params: { max_tokens: 5, temperature: 0 } }), k, 'key order does not matter');
    for (const other of [
      { ...base, baseUrl: 'http://other/v1' }, { ...base, model: 'm2' }, { ...base, params: { temperature: 0, max_tokens: 6 } },
      { ...base, messages: [{ role: 'user' as const, content: 'y' }] }, { ...base, tools: [{ type: 'function' }] }, { ...base, sample: 1 },
    ]) assert.notEqual(cacheKey(other), k);
  });

  it('stops for budget: no new calls once spent reaches the cap, and says so', async () => {
    const cases = Array.from({ length: 5 }, (_, i) => kase(`c${i}`, `budget ${i}`));
    const before = server.requests.length;
    const r = await runEval({ suite: suite(cases, { concurrency: 1, budgetUsd: 1e-9 }) }, deps());
    assert.equal(r.stoppedForBudget, true);
    assert.equal(r.cancelled, false);
    assert.equal(r.cases.length, 1);
    assert.equal(r.incomplete.length, 4);
    assert.equal(server.requests.length - before, 1);
    assert.ok(r.spentUsd >= 1e-9);
  });

  it('estimates the cost before the run, and says when prices are unknown', async () => {
    const cases = [kase('a', 'x'.repeat(400)), kase('b', 'y'.repeat(40))];
    const known = await estimateEval({ suite: suite(cases, { repeat: 2, providers: [provider({ max_tokens: 100 })] }) }, deps());
    assert.equal(known.calls, 4);
    const inTok = Math.ceil(textOf(cases[0]!).length / 4) + Math.ceil(textOf(cases[1]!).length / 4);
    assert.equal(known.inputTokens, inTok * 2);
    assert.equal(known.outputTokens, 400);
    assert.ok(Math.abs(known.costUsd! - priceTokens(DEFAULT_PRICING['gpt-4o-mini']!, inTok * 2, 400)) < 1e-12);
    const mixed = await estimateEval({ suite: suite(cases, { providers: [provider(), provider({}, 'local-model')] }) }, deps());
    assert.equal(mixed.costUsd, undefined);
    assert.equal(mixed.unknownCalls, 2);
    assert.deepEqual(mixed.unknownModels, ['local-model']);
    assert.ok(mixed.knownUsd > 0);
    assert.equal(mixed.outputTokens, 4 * 256);
  });

  it('repeats samples and calls a mixed case flaky, with a Wilson interval', async () => {
    const c = kase('coin', 'toss [[cycle right|wrong]]', 'right');
    const steady = kase('steady', 'steady', 'steady');
    const r = await runEval({ suite: suite([c, steady], { repeat: 4, concurrency: 4 }) }, deps());
    const coin = r.cases[0]!;
    assert.equal(coin.samples.length, 4);
    assert.deepEqual([coin.passes, coin.fails, coin.errors], [2, 2, 0]);
    assert.equal(coin.flaky, true);
    assert.equal(coin.status, 'flaky');
    assert.equal(coin.passRate, 0.5);
    assert.ok(Math.abs(coin.passRateLow - 0.1500357) < 1e-6 && Math.abs(coin.passRateHigh - 0.8499643) < 1e-6, 'Wilson 95% for 2 of 4');
    assert.equal(coin.meanScore, 0.5);
    assert.ok(Math.abs(coin.scoreStdDev - Math.sqrt(1 / 3)) < 1e-12);
    assert.deepEqual(coin.samples.map((s) => s.sample), [0, 1, 2, 3]);
    assert.equal(r.cases[1]!.status, 'pass');
    assert.equal(r.cases[1]!.scoreStdDev, 0);
    const over = await runEval({ suite: suite([kase('x', 'over')], { repeat: 4 }), repeat: 2 }, deps());
    assert.equal(over.cases[0]!.samples.length, 2, 'the plan overrides repeat');
  });

  it('re-runs only the failed cases', async () => {
    const cases = [kase('ok1', 'fine', 'fine'), kase('bad', 'broken', 'missing'), kase('ok2', 'fine too', 'fine')];
    const s = suite(cases);
    const first = await runEval({ suite: s }, deps());
    const failed = first.cases.filter((c) => c.status === 'fail' || c.status === 'flaky').map((c) => c.caseId);
    assert.deepEqual(failed, ['bad']);
    const before = server.requests.length;
    const again = await runEval({ suite: s, caseIds: failed }, deps());
    assert.deepEqual(again.cases.map((c) => c.caseId), ['bad']);
    assert.equal(server.requests.length - before, 1);
    assert.ok(requestsFor(textOf(cases[1]!)).length === 2);
  });

  it('retries only errored calls, keeping the other samples as they were', async () => {
    const errs = kase('errs', 'outage [[status 500 times=2]]', 'outage');
    const fine = kase('fine', 'fine', 'fine');
    const s = suite([errs, fine], { concurrency: 1 });
    const first = await runEval({ suite: s }, deps({ retry: { ...FAST_RETRY, maxAttempts: 2 } }));
    assert.deepEqual(first.cases.map((c) => c.status), ['error', 'pass']);
    const before = server.requests.length;
    const second = await runEval({ suite: s, retryErrored: first.cases }, deps({ retry: { ...FAST_RETRY, maxAttempts: 2 } }));
    assert.equal(server.requests.length - before, 1, 'one call: the errored sample');
    assert.deepEqual(second.cases.map((c) => [c.caseId, c.status]), [['errs', 'pass'], ['fine', 'pass']]);
    assert.equal(second.cases[1]!.samples[0], first.cases[1]!.samples[0], 'the good sample is kept as is');
    assert.equal(second.calls, 1);
  });

  it('streams cases as they finish, and returns them in plan order', async () => {
    const slow = kase('slow', 'late [[delay 300]]', 'late');
    const fast = kase('fast', 'early', 'early');
    const order: string[] = [];
    const progress: number[] = [];
    const samples: string[] = [];
    let started: { total: number } | undefined;
    const hooks: EvalHooks = {
      onStart: (i) => { started = i; },
      onCase: (c) => order.push(c.caseId),
      onSample: (_s, w) => samples.push(w.caseId),
      onProgress: (d, t) => progress.push(d / t),
    };
    const r = await runEval({ suite: suite([slow, fast], { concurrency: 2 }) }, deps({ stream: true }), hooks);
    assert.deepEqual(order, ['fast', 'slow']);
    assert.deepEqual(samples, ['fast', 'slow']);
    assert.deepEqual(r.cases.map((c) => c.caseId), ['slow', 'fast']);
    assert.deepEqual(progress, [0, 0.5, 1]);
    assert.equal(started?.total, 2);
    assert.equal(r.cases[1]!.samples[0]!.response!.output, `echo: ${textOf(fast)}`);
    assert.ok(requestsFor(textOf(fast))[0]!.body.stream === true);
    assert.equal(r.cases[1]!.samples[0]!.response!.outputTokens, 3, 'usage from the final stream chunk');
  });

  it('returns tool calls, streamed or not', async () => {
    const c = kase('tool', 'lookup [[tool get_order {"id":"A-1"}]]', '');
    for (const stream of [false, true]) {
      const r = await runEval({ suite: suite([c]) }, deps({ stream }));
      const resp = r.cases[0]!.samples[0]!.response!;
      assert.deepEqual(resp.toolCalls.map((t) => [t.name, t.arguments]), [['get_order', '{"id":"A-1"}']]);
      assert.equal(resp.output, '');
      assert.equal(resp.finishReason, 'tool_calls');
    }
  });

  it('turns render and grading failures into errored and failed samples', async () => {
    const r = await runEval({ suite: suite([kase('r', 'render'), kase('g', 'grade')]) }, deps({
      render: async (_p, vars) => {
        if (String(vars.text).startsWith('render')) throw new Error('missing variable "name"');
        return [{ role: 'user', content: String(vars.text) }];
      },
      grade: async () => { throw new Error('bad schema'); },
    }));
    assert.equal(r.cases[0]!.status, 'error');
    assert.match(r.cases[0]!.samples[0]!.error!, /missing variable/);
    assert.equal(r.cases[1]!.status, 'fail');
    assert.equal(r.cases[1]!.samples[0]!.assertions[0]!.error, true);
    assert.match(r.cases[1]!.samples[0]!.assertions[0]!.reason, /bad schema/);
  });

  it('passes the judge and the rendered prompt to grading; judge costs count against the budget', async () => {
    const judged: string[] = [];
    const r = await runEval({ suite: suite([kase('j', 'judge me')], { budgetUsd: 10 }) }, deps({
      judge: { complete: async (m) => { judged.push(m[0]!.content); return { text: '{}', costUsd: 0.5 }; } },
      grade: async (_s, ctx) => {
        const j = await ctx.judge!.complete([{ role: 'user', content: ctx.prompt[0]!.content }]);
        return { pass: true, score: 1, assertions: [{ type: 'llm-rubric', pass: true, score: 1, reason: 'ok', weight: 1, judgeCostUsd: j.costUsd }] };
      },
    }));
    assert.deepEqual(judged, [String(r.cases[0]!.samples[0]!.response!.output).replace('echo: ', '')]);
    assert.ok(r.spentUsd >= 0.5);
  });
  it('grades with a provider-backed judge: the server answers from the verdict directive', async () => {
    const judge = providerJudge({ id: 'judge', baseUrl: server.baseUrl, model: 'gpt-4o-mini', params: { temperature: 0 } }, { apiKey: 'sk-judge', retry: FAST_RETRY });
    const rubricGrade = async (_s: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradeOutcome> => {
      const j = await ctx.judge!.complete([
        { role: 'system', content: 'Grade the output. Answer JSON {"pass": boolean, "score": number, "reason": string}.' },
        { role: 'user', content: `Output: ${ctx.output}` },
      ], { json: true, ...(ctx.signal && { signal: ctx.signal }) });
      const v = JSON.parse(j.text) as { pass: boolean; score: number; reason: string };
      return { pass: v.pass, score: v.score, assertions: [{ type: 'llm-rubric', pass: v.pass, score: v.score, reason: v.reason, weight: 1, judgeCostUsd: j.costUsd }] };
    };
    const r = await runEval({ suite: suite([kase('polite', 'hi there'), kase('rude', 'go away [[verdict fail score=0.1 reason=rude tone]]')]) }, deps({ judge, grade: rubricGrade }));
    assert.deepEqual(r.cases.map((c) => [c.status, c.samples[0]!.assertions[0]!.reason]), [['pass', 'no verdict directive'], ['fail', 'rude tone']]);
    assert.equal(r.cases[1]!.meanScore, 0.1);
    const judgeReq = server.requests.filter((q) => q.headers.authorization === 'Bearer sk-judge').at(-1)!;
    assert.deepEqual(judgeReq.body.response_format, { type: 'json_object' });
    assert.ok(r.spentUsd > r.cases.reduce((a, c) => a + (c.samples[0]!.response!.costUsd ?? 0), 0), 'judge costs are in the spend');
  });

  it('keeps running when a hook throws, and rethrows its error at the end', async () => {
    const seen: string[] = [];
    await assert.rejects(runEval({ suite: suite([kase('a', 'h1'), kase('b', 'h2')], { concurrency: 1 }) }, deps(), {
      onCase: (c) => { seen.push(c.caseId); throw new Error('hook broke'); },
    }), /hook broke/);
    assert.deepEqual(seen, ['a', 'b']);
  });
});

describe('runner parts', () => {
  it('aggregates statuses: flaky > fail > error > pass; errored samples outside the rate', () => {
    const s = (sample: number, pass: boolean, error?: string) => ({ sample, pass, score: pass ? 1 : 0, assertions: [], ...(error && { error }) });
    const key = { caseId: 'c', promptId: 'p', providerId: 'v' };
    const st = (...xs: ReturnType<typeof s>[]): CaseResult => aggregateCase(key, xs);
    assert.equal(st(s(0, true), s(1, false)).status, 'flaky');
    assert.equal(st(s(0, false), s(1, false, 'boom')).status, 'fail');
    const e = st(s(0, true), s(1, false, 'boom'));
    assert.equal(e.status, 'error');
    assert.equal(e.passRate, 1);
    assert.deepEqual([e.passRateLow < 1, e.passRateHigh], [true, 1]);
    const none = st(s(0, false, 'boom'));
    assert.deepEqual([none.status, none.passRate, none.passRateLow, none.passRateHigh, none.meanScore], ['error', 0, 0, 1, 0]);
    assert.equal(e.errors, 1);
    assert.equal(st(s(0, true)).status, 'pass');
  });

  it('reads Retry-After as seconds, an HTTP date, or retry-after-ms', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2' }), now), 2000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '0.5' }), now), 500);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'Sun, 01 Jun 2025 00:00:07 GMT' }), now), 7000);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': '2', 'retry-after-ms': '150' }), now), 150);
    assert.equal(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now), undefined);
    assert.equal(retryAfterMs(new Headers(), now), undefined);
  });

  it('backs off exponentially with jitter, capped', () => {
    assert.equal(backoffMs(1, { baseDelayMs: 100, random: () => 0 }), 50);
    assert.equal(backoffMs(3, { baseDelayMs: 100, random: () => 0.999999 }) > 399, true);
    assert.equal(backoffMs(10, { baseDelayMs: 100, maxDelayMs: 1000, random: () => 0 }), 500);
  });

  it('does not wait for a Retry-After beyond the cap', async () => {
    let n = 0;
    await assert.rejects(withRetry(async () => {
      n++;
      throw new ProviderCallError('busy', 'http', 429, new Headers({ 'retry-after': '120' }));
    }, { maxRetryAfterMs: 1000 }), /busy/);
    assert.equal(n, 1);
  });

  it('the limiter never runs more than max at once, in FIFO order, and cancels waiters', async () => {
    const lim = new Limiter(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, i) => lim.run(async () => {
      active++;
      peak = Math.max(peak, active);
      order.push(i);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    })));
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4, 5, 6, 7]);
    const ac = new AbortController();
    const l2 = new Limiter(1, ac.signal);
    const first = l2.run(() => new Promise((r) => setTimeout(r, 30)));
    const waiting = l2.run(async () => 'ran');
    assert.equal(l2.pending, 1);
    ac.abort();
    await assert.rejects(waiting, /cancelled/);
    await first;
    assert.equal(l2.active, 0);
  });

  it('budget: spent, unknown prices, exhaustion', () => {
    const b = new Budget(1);
    b.add(0.6);
    b.add(undefined);
    assert.equal(b.canStart(), true);
    b.add(0.4);
    assert.equal(b.canStart(), false);
    assert.equal(b.unknownCostCalls, 1);
    assert.equal(new Budget().canStart(), true);
  });

  it('callProvider sends params and tools, reserved keys stay the runner’s', async () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    await callProvider({
      baseUrl: server.baseUrl, model: 'gpt-4o-mini', params: { temperature: 0.2, max_tokens: 7, model: 'evil', stream: true, tools },
      messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: 'call-params' }, { role: 'assistant', content: '', toolCalls: [{ id: 't1', name: 'f', arguments: '{}' }] }, { role: 'tool', content: 'r', toolCallId: 't1' }, { role: 'user', content: 'call-params-2' }],
    });
    const body = requestsFor('call-params-2').at(-1)!.body;
    assert.equal(body.model, 'gpt-4o-mini');
    assert.equal(body.temperature, 0.2);
    assert.equal(body.max_tokens, 7);
    assert.equal(body.stream, undefined);
    assert.deepEqual(body.tools, tools);
    assert.deepEqual(body.messages[2], { role: 'assistant', content: null, tool_calls: [{ id: 't1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
    assert.deepEqual(body.messages[3], { role: 'tool', content: 'r', tool_call_id: 't1' });
  });
});

