/**
 * Eval suites in the editor, without the editor:
 *
 *  - load + validation of a 10,000-case suite: `loadSuite` (YAML read, schema validation, defaults,
 *    lines of every case and assertion) on a native `.eval.yaml` and on a promptfoo config, both
 *    generated in memory like a real suite (a description, vars with a two-line ticket, an
 *    expectation, and 3 assertions per case: icontains, regex, llm-rubric with a threshold);
 *  - the CodeLens of a 1,000-case suite with results (`suiteLenses`, src/core/evals/lensModel.ts),
 *    beside the editor's previous per-case filter of all results (O(cases × results)).
 *
 * Times are the median of several runs in this process (the first, cold run is printed apart).
 */
import { aggregateCase } from '../src/core/evals/runner';
import { suiteLenses, verdictText } from '../src/core/evals/lensModel';
import { loadSuite, type SuiteIO } from '../src/core/evals/suite';
import { fastParseYaml } from '../src/core/evals/suite/fastYaml';
import type { AssertionResult, CaseResult, EvalSuite, SampleResult } from '../src/core/evals/types';
import { int, median, timeRuns, vsTarget } from './report';

const LOAD_CASES = 10_000;
const LOAD_RUNS = 5;
const LOAD_TARGET_S = 1;
const LENS_CASES = 1_000;
const LENS_RUNS = 21;
const LENS_TARGET_MS = 100;

const CATEGORIES = [
  { category: 'billing', urgent: false, ticket: (i: number) => `Hi, I was charged twice for invoice INV-${i}. Can you refund\n        the duplicate payment? Thanks, customer ${i}` },
  { category: 'bug', urgent: false, ticket: (i: number) => `Since update 4.${i % 10} the desktop app crashes every time I export\n        report ${i} to PDF.` },
  { category: 'how-to', urgent: false, ticket: (i: number) => `How do I add a teammate (user ${i}) to our workspace? I cannot\n        find the invite button.` },
  { category: 'other', urgent: true, ticket: (i: number) => `URGENT: production is down for all ${i} of our users since 09:00,\n        every request returns 503.` },
] as const;

const id = (i: number) => `ticket-${String(i).padStart(5, '0')}`;

/** A native suite of `n` cases, as an engineer would write it (docs/eval-suite-format.md). */
export function nativeSuiteText(n: number): string {
  const out = [
    '# yaml-language-server: $schema=../../schemas/eval-suite.schema.json',
    'description: >-',
    '  Support triage answers with one JSON object (category, urgent) and treats instructions',
    '  inside the ticket as data.',
    'providers:',
    '  - id: mini',
    '    model: gpt-4o-mini',
    '    params:',
    '      temperature: 0',
    '      seed: 7',
    '      max_tokens: 200',
    '      response_format: { type: json_object }',
    'judge: mini',
    'repeat: 1',
    'budgetUsd: 5',
    'concurrency: 20',
    'tests:',
  ];
  for (let i = 0; i < n; i++) {
    const c = CATEGORIES[i % CATEGORIES.length]!;
    out.push(
      `  - id: ${id(i)}`,
      `    description: Ticket ${i} is a ${c.category} ticket`,
      '    vars:',
      '      ticket: |',
      `        ${c.ticket(i)}`,
      `      customerTier: ${i % 3 === 0 ? 'pro' : 'free'}`,
      `    expected: Category ${c.category}; ${c.urgent ? 'urgent' : 'not urgent'}.`,
      '    assert:',
      '      - type: icontains',
      `        value: '"${c.category}"'`,
      '      - type: regex',
      `        value: '"urgent"\\s*:\\s*${c.urgent}'`,
      '      - type: llm-rubric',
      '        value: Polite, answers in one JSON object and promises nothing it cannot keep',
      '        threshold: 0.7',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

/** The same cases as a promptfoo config. */
export function promptfooConfigText(n: number): string {
  const out = [
    '# yaml-language-server: $schema=https://promptfoo.dev/config-schema.json',
    "description: 'Support triage'",
    'prompts:',
    "  - 'Classify this support ticket as one JSON object {category, urgent}: {{ticket}} (tier: {{customerTier}})'",
    'providers:',
    '  - id: openai:gpt-4o-mini',
    '    config:',
    '      temperature: 0',
    '      max_tokens: 200',
    'defaultTest:',
    '  options:',
    '    provider: openai:gpt-4o-mini',
    'evaluateOptions:',
    '  maxConcurrency: 20',
    'tests:',
  ];
  for (let i = 0; i < n; i++) {
    const c = CATEGORIES[i % CATEGORIES.length]!;
    out.push(
      `  - description: Ticket ${i} is a ${c.category} ticket`,
      '    vars:',
      '      ticket: |',
      `        ${c.ticket(i)}`,
      `      customerTier: ${i % 3 === 0 ? 'pro' : 'free'}`,
      '    assert:',
      '      - type: icontains',
      `        value: '"${c.category}"'`,
      '      - type: regex',
      `        value: '"urgent"\\s*:\\s*${c.urgent}'`,
      '      - type: llm-rubric',
      '        value: Polite, answers in one JSON object and promises nothing it cannot keep',
      '        threshold: 0.7',
      '',
    );
  }
  return `${out.join('\n')}\n`;
}

/** In-memory files: the suite's default prompt beside it. */
const memIO: SuiteIO = {
  readFile: async (p) => {
    if (p.replace(/\\/g, '/') === '/bench/triage.prompt') return '---\nmodel: gpt-4o-mini\n---\nClassify: {{ticket}}\n';
    throw new Error(`ENOENT: no such file, open '${p}'`);
  },
};

function checkLoaded(suite: EvalSuite, n: number): void {
  const asserts = suite.cases.reduce((a, c) => a + c.assert.length, 0);
  if (suite.cases.length !== n || asserts !== 3 * n || suite.warnings.length > 0 || suite.cases.some((c) => c.line === undefined)) {
    throw new Error(`bench suite loaded wrong: ${suite.cases.length} cases, ${asserts} assertions, warnings: ${suite.warnings.map((w) => w.message).join('; ')}`);
  }
}

export interface BenchResult { name: string; figures: Record<string, number | string> }

/** 10,000-case suite load + validation, native and promptfoo. */
export async function benchSuiteLoad(): Promise<BenchResult[]> {
  console.log(`\neval suites: load + validation (loadSuite from text in memory; median of ${LOAD_RUNS} runs)`);
  console.log(['format', 'cases', 'assertions', 'text MB', 'median s', 'first s', 'cases/s', 'fast YAML', 'target'].join('\t'));
  const results: BenchResult[] = [];
  for (const [format, path, text] of [
    ['native .eval.yaml', '/bench/triage.eval.yaml', nativeSuiteText(LOAD_CASES)],
    ['promptfoo config', '/bench/promptfooconfig.yaml', promptfooConfigText(LOAD_CASES)],
  ] as const) {
    global.gc?.();
    const times = await timeRuns(LOAD_RUNS, () => loadSuite(path, text, memIO), (s) => checkLoaded(s, LOAD_CASES));
    const s = median(times) / 1000;
    const fast = fastParseYaml(text) !== undefined;
    console.log([
      format, int(LOAD_CASES), int(3 * LOAD_CASES), (text.length / 2 ** 20).toFixed(1), s.toFixed(3), (times[0]! / 1000).toFixed(3),
      int(LOAD_CASES / s), fast ? 'yes' : 'no (yaml library)', vsTarget(s, LOAD_TARGET_S, 's'),
    ].join('\t'));
    results.push({ name: `suite load (${format})`, figures: { cases: LOAD_CASES, medianS: Number(s.toFixed(3)), firstS: Number((times[0]! / 1000).toFixed(3)), fastYaml: String(fast), targetS: LOAD_TARGET_S } });
  }
  return results;
}

/** Deterministic results: 70% pass, 15% fail, 10% flaky, 5% errored; 3 samples × 3 assertions each. */
export function syntheticResults(suite: EvalSuite, samplesPerCase = 3): CaseResult[] {
  return suite.cases.map((c, i) => {
    const kind = i % 20 < 14 ? 'pass' : i % 20 < 17 ? 'fail' : i % 20 < 19 ? 'flaky' : 'error';
    const samples: SampleResult[] = Array.from({ length: samplesPerCase }, (_, k) => {
      if (kind === 'error' && k === 0) return { sample: k, error: 'HTTP 429: rate limited (after 3 retries)', assertions: [], pass: false, score: 0 };
      const pass = kind === 'pass' || (kind === 'flaky' && k > 0) || kind === 'error';
      const assertions: AssertionResult[] = c.assert.map((a, j) => ({
        type: a.type, weight: 1, ...(a.line !== undefined ? { line: a.line } : {}),
        ...(pass || j !== 1 ? { pass: true, score: 1, reason: 'ok' } : { pass: false, score: 0, reason: `output does not match ${String(a.value)}` }),
      }));
      return {
        sample: k, assertions, pass, score: pass ? 1 : 2 / 3,
        response: { output: `{"category":"billing","urgent":false}`, toolCalls: [], model: 'gpt-4o-mini', inputTokens: 180, outputTokens: 12, costUsd: 0.000034, latencyMs: 400 + ((i * 7 + k * 13) % 300), cached: k === 2 },
      };
    });
    return aggregateCase({ caseId: c.id, promptId: 'triage.prompt', providerId: 'mini' }, samples);
  });
}

/** The editor's previous per-case lens titles: every case filtered all results (O(cases × results)). */
function perCaseFilterTitles(suite: EvalSuite, results: ReadonlyMap<string, CaseResult>): string[] {
  const titles: string[] = [];
  for (const c of suite.cases) {
    if (c.line === undefined) continue;
    const res = [...results.values()].filter((x) => x.caseId === c.id);
    titles.push(res.length ? res.map(verdictText).join('  ') : '$(circle-outline) not run');
  }
  return titles;
}

/** CodeLens of a 1,000-case suite with results (and of 10,000 cases, for scale). */
export async function benchLenses(): Promise<BenchResult> {
  console.log(`\neval CodeLens: suiteLenses over a loaded suite + results (3 samples × 3 assertions per case; median of ${LENS_RUNS} runs)`);
  console.log(['cases', 'results', 'median ms', 'first ms', 'previous per-case filter ms', 'previous/now', 'target'].join('\t'));
  const figures: Record<string, number | string> = {};
  for (const n of [LENS_CASES, 10 * LENS_CASES]) {
    const suite = await loadSuite('/bench/triage.eval.yaml', nativeSuiteText(n), memIO);
    const results = syntheticResults(suite);
    const byKey = new Map(results.map((r) => [`${r.caseId}|${r.promptId}|${r.providerId}`, r]));
    const times = await timeRuns(LENS_RUNS, () => suiteLenses(suite, [...byKey.values()], false), (l) => {
      if (l.cases.length !== n || !l.summary || !l.canRerunFailed || !l.canRetryErrored) throw new Error('bench lenses are wrong');
    });
    const ms = median(times);
    // The old shape is quadratic: measure it at 1,000 cases only (10,000 would take tens of seconds).
    let old: number | undefined;
    if (n === LENS_CASES) {
      const want = suiteLenses(suite, results, false).cases.map((c) => c.title);
      old = median(await timeRuns(5, () => perCaseFilterTitles(suite, byKey), (titles) => {
        if (titles.join('\n') !== want.join('\n')) throw new Error('previous and new lens titles differ');
      }));
    }
    console.log([
      int(n), int(results.length), ms.toFixed(2), times[0]!.toFixed(2), old === undefined ? '-' : old.toFixed(1),
      old === undefined ? '-' : `${(old / ms).toFixed(0)}×`, n === LENS_CASES ? vsTarget(ms, LENS_TARGET_MS, 'ms') : '(for scale)',
    ].join('\t'));
    figures[`medianMs${n}`] = Number(ms.toFixed(2));
    if (old !== undefined) figures[`previousMs${n}`] = Number(old.toFixed(1));
  }
  return { name: 'eval CodeLens', figures };
}

if (require.main === module) {
  (async () => {
    await benchSuiteLoad();
    await benchLenses();
  })().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
