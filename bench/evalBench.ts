/**
 * Eval runner throughput: 1,000 cases × 3 simple assertions against the local OpenAI-compatible
 * test server answering every request after a fixed 50 ms, at concurrency 20, cache off, through
 * the real `openai` client over loopback HTTP. The model-bound floor is 1,000 × 50 ms / 20 =
 * 2.5 s; the ratio wall / floor is the runner's overhead (1.00 would be none).
 *
 * The three assertions are graded by a local function (contains, not-contains, regex) so that the
 * figure measures the runner, not the assertion module. Target: under 3.5 s (ratio 1.4 to the floor).
 */
import { performance } from 'node:perf_hooks';
import { runEval, type GradeOutcome } from '../src/core/evals/runner';
import type { AssertionContext, AssertionResult, AssertionSpec, EvalSuite } from '../src/core/evals/types';
import { startOpenAiServer } from '../test/support/openaiServer';
import { vsTarget } from './report';

const CASES = 1_000;
const DELAY_MS = 50;
const CONCURRENCY = 20;
const TARGET_S = 3.5;

async function grade(specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradeOutcome> {
  const assertions: AssertionResult[] = specs.map((s) => {
    const v = String(s.value);
    const pass = s.type === 'contains' ? ctx.output.includes(v) : s.type === 'not-contains' ? !ctx.output.includes(v) : new RegExp(v).test(ctx.output);
    return { type: s.type, pass, score: pass ? 1 : 0, weight: 1, reason: pass ? 'ok' : `${s.type} ${v}` };
  });
  const score = assertions.reduce((a, r) => a + r.score, 0) / assertions.length;
  return { assertions, pass: assertions.every((a) => a.pass), score };
}

export async function benchEvalRunner(): Promise<{ name: string; figures: Record<string, number | string> }> {
  const server = await startOpenAiServer({ delayMs: DELAY_MS });
  try {
    const suite: EvalSuite = {
      format: 'tracemine', version: 'bench', repeat: 1, warnings: [], concurrency: CONCURRENCY,
      prompts: [{ id: 'p', raw: 'Answer the customer: {{q}}' }],
      providers: [{ id: 'local', baseUrl: server.baseUrl, model: 'gpt-4o-mini', params: { temperature: 0 } }],
      cases: Array.from({ length: CASES }, (_, i) => ({
        id: `case-${i}`,
        vars: { q: `where is order ${i}?` },
        assert: [{ type: 'contains', value: `order ${i}` }, { type: 'not-contains', value: 'sorry' }, { type: 'regex', value: '^echo: ' }],
      })),
    };
    const t0 = performance.now();
    const result = await runEval({ suite }, {
      render: async (p, vars) => [{ role: 'user', content: (p.raw ?? '').replace('{{q}}', String(vars.q)) }],
      grade,
      apiKeyFor: async () => undefined,
      cacheMode: 'never',
    });
    const wallS = (performance.now() - t0) / 1000;
    const floorS = (CASES * DELAY_MS) / CONCURRENCY / 1000;
    const passed = result.cases.filter((c) => c.status === 'pass').length;
    if (passed !== CASES || server.maxInFlight > CONCURRENCY) throw new Error(`bench run is wrong: ${passed}/${CASES} passed, ${server.maxInFlight} in flight`);
    const figures = {
      cases: CASES,
      assertions: CASES * 3,
      concurrency: CONCURRENCY,
      serverDelayMs: DELAY_MS,
      wallS: Number(wallS.toFixed(2)),
      floorS,
      ratio: Number((wallS / floorS).toFixed(2)),
      casesPerS: Math.round(CASES / wallS),
      maxInFlightAtServer: server.maxInFlight,
      targetS: TARGET_S,
    };
    console.log(`\neval runner\n${CASES.toLocaleString('en-US')} cases × 3 assertions, ${DELAY_MS} ms model, concurrency ${CONCURRENCY}, cache off: ${wallS.toFixed(2)} s (model-bound floor ${floorS.toFixed(2)} s, ratio ${(wallS / floorS).toFixed(2)}), ${figures.casesPerS} cases/s; target ${vsTarget(wallS, TARGET_S, 's')}`);
    return { name: 'eval runner', figures };
  } finally {
    await server.close();
  }
}

if (require.main === module) {
  benchEvalRunner().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
