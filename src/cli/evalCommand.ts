/**
 * `tracemine eval <suite-or-promptfooconfig>`: runs an eval suite headless (the same core as the
 * editor) against any OpenAI-compatible endpoint and prints one line per case. Options: `--json
 * out.json` (results written incrementally), `--junit out.xml`, `--repeat N`, `--db path` (store
 * the run in a workspace database), `--baseline RUN_ID|FILE` (exit non-zero when a case regresses
 * against it), `--base-url`, `--model`, `--concurrency`, `--no-cache`. The API key comes from
 * TRACEMINE_API_KEY or OPENAI_API_KEY, never from a flag, and is never printed.
 * Resolves to the exit code: 0 when every case passes (and, with a baseline, none regressed).
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { TracemineDb, runSuiteFile, type CaseResult, type ResultSink, type SuiteRunSummary } from '../core';
import { compareRuns, runCasesFromResultsFile, runCasesFromSamples, type RunCases } from '../core/evals/compare';

export interface EvalCommandOptions {
  readonly json?: string;
  readonly junit?: string;
  readonly repeat?: number;
  readonly db?: string;
  readonly baseUrl?: string;
  readonly model?: string;
  readonly concurrency?: number;
  readonly noCache?: boolean;
  /** A run id (in --db) or a results JSON file: exit non-zero only when a case regresses against it. */
  readonly baseline?: string;
  readonly signal?: AbortSignal;
}

/** The current run's cases in the comparison's shape. */
export function runCasesOf(runId: string, cases: readonly CaseResult[]): RunCases {
  return {
    runId,
    cases: cases.map((c) => ({
      caseId: c.caseId, promptId: c.promptId, providerId: c.providerId,
      samples: c.samples.map((s) => ({
        ...(s.error !== undefined ? { error: s.error } : { pass: s.pass, score: s.score }),
        ...(s.response?.costUsd !== undefined ? { costUsd: s.response.costUsd } : {}),
        ...(s.response ? { latencyMs: s.response.latencyMs } : {}),
      })),
    })),
  };
}

async function loadBaseline(ref: string, db: TracemineDb | undefined): Promise<RunCases> {
  if (db?.getEvalRun(ref)) return runCasesFromSamples(db.evalSamples(ref));
  let text: string;
  try {
    text = await readFile(path.resolve(ref), 'utf8');
  } catch {
    throw new Error(`--baseline ${ref}: not a run id${db ? ' in the database' : ' (pass --db to use run ids)'} and not a readable results file`);
  }
  return runCasesFromResultsFile(text);
}

const STATUS: Record<CaseResult['status'], string> = { pass: 'PASS ', fail: 'FAIL ', error: 'ERROR', flaky: 'FLAKY' };

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

export function caseLine(c: CaseResult): string {
  const n = c.passes + c.fails;
  const rate = n > 1 ? ` ${c.passes}/${n} (${pct(c.passRateLow)}–${pct(c.passRateHigh)})` : '';
  const failed = c.samples.flatMap((s) => s.error ? [`error: ${s.error}`] : s.assertions.filter((a) => !a.pass && a.weight > 0).map((a) => `${a.type}: ${a.reason}`));
  const why = failed.length ? ` — ${[...new Set(failed)].slice(0, 2).join('; ').slice(0, 200)}` : '';
  return `${STATUS[c.status]} ${c.caseId} [${c.promptId} × ${c.providerId}]${rate}${why}`;
}

export function summaryLine(s: SuiteRunSummary): string {
  const money = `$${s.spentUsd.toFixed(4)}${s.unknownCostCalls ? ` (+${s.unknownCostCalls} calls of unknown price)` : ''}`;
  return `${s.cases} cases: ${s.pass} passed, ${s.fail} failed, ${s.flaky} flaky, ${s.error} errored` +
    `${s.passRate === null ? '' : ` · pass rate ${pct(s.passRate)} of ${s.samples} samples`} · ${money}` +
    `${s.meanLatencyMs === null ? '' : ` · mean latency ${Math.round(s.meanLatencyMs)} ms`}${s.status !== 'done' ? ` · stopped: ${s.status}` : ''}`;
}

function dbSink(db: TracemineDb, suitePath: string): ResultSink {
  let runId = '';
  return {
    start(run, texts) {
      runId = run.id;
      db.startEvalRun({ id: run.id, suitePath, suiteVersion: run.suiteVersion, startedAt: run.startedAt, status: 'running' });
      for (const t of texts.values()) db.storePromptText(t);
    },
    case(result, ctx) {
      db.storeCaseResult(runId, result, ctx);
    },
    async finish(status, summary) {
      db.finishEvalRun(runId, status, summary);
      await db.save();
    },
  };
}

export async function runEvalCommand(suiteFile: string, opts: EvalCommandOptions, out: (line: string) => void): Promise<{ code: number; cases: readonly CaseResult[]; runId: string }> {
  const suitePath = path.resolve(suiteFile);
  const apiKey = process.env.TRACEMINE_API_KEY ?? process.env.OPENAI_API_KEY;
  const db = opts.db ? await TracemineDb.open({ file: path.resolve(opts.db) }) : undefined;
  try {
    const baseline = opts.baseline ? await loadBaseline(opts.baseline, db) : undefined;
    const { run, summary } = await runSuiteFile({
      suitePath,
      io: { readFile: (p) => readFile(p, 'utf8'), getEnv: (n) => process.env[n] },
      apiKeyFor: async () => apiKey,
      defaultBaseUrl: opts.baseUrl ?? process.env.TRACEMINE_BASE_URL ?? process.env.OPENAI_BASE_URL ?? 'https://api.openai.com/v1',
      ...(opts.model ? { defaultModel: opts.model } : {}),
      cacheDir: path.join(path.dirname(suitePath), '.tracemine', 'cache'),
      cacheMode: opts.noCache ? 'never' : 'auto',
      ...(db ? { sink: dbSink(db, suitePath) } : {}),
      ...(opts.json ? { resultsFile: path.resolve(opts.json) } : {}),
      ...(opts.junit ? { junitFile: path.resolve(opts.junit) } : {}),
      ...(opts.repeat ? { repeat: opts.repeat } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      hooks: { onCase: (c) => out(caseLine(c)), ...(opts.signal ? { signal: opts.signal } : {}) },
      onSuite: (suite) => {
        for (const w of suite.warnings) out(`warning: ${path.basename(suitePath)}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}`);
      },
      onEstimate: (e) => {
        out(`estimate: ${e.calls} call${e.calls === 1 ? '' : 's'}, ~${e.inputTokens.toLocaleString('en-US')} input and ≤${e.outputTokens.toLocaleString('en-US')} output tokens, ` +
          `${e.costUsd !== undefined ? `~$${e.costUsd.toFixed(4)}` : `~$${e.knownUsd.toFixed(4)} + ${e.unknownCalls} call(s) of unknown price (${e.unknownModels.join(', ')})`}` +
          `${e.budgetUsd !== undefined ? `; the run stops at the budget of $${e.budgetUsd}` : ''}`);
        return true;
      },
    });
    out(summaryLine(summary));
    if (baseline) {
      const cmp = compareRuns(baseline, runCasesOf(run.runId, run.cases));
      const t = cmp.totals;
      out(`against ${baseline.runId ?? opts.baseline}: ${cmp.fixed.length} fixed, ${cmp.broke.length} broke, ${cmp.regressions.length} regression(s); McNemar p = ${t.mcnemar.pValue.toPrecision(3)}`);
      for (const r of cmp.regressions) out(`REGRESSION ${r.caseId}${r.promptId || r.providerId ? ` [${[r.promptId, r.providerId].filter(Boolean).join(' × ')}]` : ''}: passed in the baseline, fails now`);
      return { code: cmp.regressions.length > 0 || summary.status !== 'done' ? 1 : 0, cases: run.cases, runId: run.runId };
    }
    const ok = summary.fail === 0 && summary.error === 0 && summary.flaky === 0 && summary.status === 'done';
    return { code: ok ? 0 : 1, cases: run.cases, runId: run.runId };
  } finally {
    db?.close();
  }
}
