/**
 * The eval results file: ONE JSON document, rewritten atomically (temp + rename) as cases arrive,
 * so a reader — the editor's inline results, a CI step tailing a long run — always finds a whole,
 * valid document: `status: "running"` with the cases so far, then `finished`, `cancelled` or
 * `stopped-budget` with the run's totals. (JSON Lines would be cheaper per case but is not one
 * document until the end; rewriting is bounded because writes coalesce: while one is on disk,
 * cases that arrive wait for a single next write that includes them all.)
 *
 * Contents: format tag and version, run id, start/finish times, suite path/version/description,
 * prompts with content hashes, providers and judge (id, label, base URL, model, parameters; no
 * keys — parameters that look like credentials are dropped), totals, and per case its verdict,
 * statistics, tokens, cost and latency, and every sample with its output, tool calls and each
 * assertion's verdict and reason.
 */
import type { CaseResult, EvalSuite, ProviderSpec, SampleResult } from '../types';
import { writeFileAtomic } from './atomicWrite';
import type { EvalRunResult, PromptInfo } from './run';

export const RESULTS_FORMAT = 'tracemine-eval-results';
export const RESULTS_FORMAT_VERSION = 1;

export type ResultsStatus = 'running' | 'finished' | 'cancelled' | 'stopped-budget';

export interface ResultsHeader {
  readonly runId: string;
  readonly startedAt: string;
  readonly suite: EvalSuite;
  /** With content hashes when known (runEval's onStart gives them). */
  readonly prompts?: readonly PromptInfo[];
}

const SECRET_PARAM = /api[-_]?key|secret|password|passwd|authorization|bearer|credential|^headers$|access[-_]?token/i;

/** A provider as the results file shows it: no credentials. */
export function providerEntry(p: ProviderSpec): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p.params)) if (!SECRET_PARAM.test(k)) params[k] = v;
  return { id: p.id, ...(p.label !== undefined && { label: p.label }), ...(p.baseUrl !== undefined && { baseUrl: p.baseUrl }), model: p.model, params };
}

function sampleEntry(s: SampleResult): Record<string, unknown> {
  const r = s.response;
  return {
    sample: s.sample,
    pass: s.pass,
    score: s.score,
    ...(s.error !== undefined && { error: s.error }),
    ...(r && {
      output: r.output,
      toolCalls: r.toolCalls,
      model: r.model,
      finishReason: r.finishReason,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      costUsd: r.costUsd,
      latencyMs: Math.round(r.latencyMs * 10) / 10,
      cached: r.cached,
    }),
    assertions: s.assertions.map((a) => ({
      type: a.type, pass: a.pass, score: a.score, reason: a.reason, weight: a.weight,
      metric: a.metric, error: a.error, line: a.line, judgeCostUsd: a.judgeCostUsd,
    })),
  };
}

/** Sum of a sample field; undefined when any sample with a response lacks it. */
function total(samples: readonly SampleResult[], f: (s: SampleResult) => number | undefined): number | undefined {
  let sum = 0;
  for (const s of samples) {
    if (!s.response) continue;
    const v = f(s);
    if (v === undefined) return undefined;
    sum += v;
  }
  return sum;
}

export function caseEntry(c: CaseResult): Record<string, unknown> {
  const answered = c.samples.filter((s) => s.response);
  return {
    caseId: c.caseId, promptId: c.promptId, providerId: c.providerId, status: c.status,
    passes: c.passes, fails: c.fails, errors: c.errors,
    passRate: c.passRate, passRateLow: c.passRateLow, passRateHigh: c.passRateHigh,
    meanScore: c.meanScore, scoreStdDev: c.scoreStdDev, flaky: c.flaky,
    inputTokens: total(c.samples, (s) => s.response?.inputTokens),
    outputTokens: total(c.samples, (s) => s.response?.outputTokens),
    costUsd: total(c.samples, (s) => s.response?.costUsd),
    meanLatencyMs: answered.length > 0 ? Math.round((answered.reduce((a, s) => a + s.response!.latencyMs, 0) / answered.length) * 10) / 10 : undefined,
    samples: c.samples.map(sampleEntry),
  };
}

/** The whole document for a header, the cases so far and, once over, the run's result. */
export function resultsDocument(header: ResultsHeader, cases: readonly CaseResult[], run?: EvalRunResult): Record<string, unknown> {
  const { suite } = header;
  const count = (st: CaseResult['status']) => cases.filter((c) => c.status === st).length;
  const status: ResultsStatus = !run ? 'running' : run.cancelled ? 'cancelled' : run.stoppedForBudget ? 'stopped-budget' : 'finished';
  return {
    format: RESULTS_FORMAT,
    formatVersion: RESULTS_FORMAT_VERSION,
    status,
    runId: header.runId,
    startedAt: header.startedAt,
    ...(run && { finishedAt: run.finishedAt }),
    suite: { path: suite.path, version: suite.version, format: suite.format, description: suite.description, repeat: suite.repeat, budgetUsd: suite.budgetUsd },
    prompts: run?.prompts ?? header.prompts ?? suite.prompts.map((p) => ({ id: p.id, label: p.label, path: p.path })),
    providers: suite.providers.map(providerEntry),
    ...(suite.judge && { judge: providerEntry(suite.judge) }),
    totals: {
      cases: cases.length, pass: count('pass'), fail: count('fail'), flaky: count('flaky'), error: count('error'),
      ...(run && {
        incomplete: run.incomplete.length, spentUsd: run.spentUsd, savedUsd: run.savedUsd, unknownCostCalls: run.unknownCostCalls,
        calls: run.calls, retries: run.retries, cacheHits: run.cacheHits,
      }),
    },
    cases: cases.map(caseEntry),
    ...(run && { incomplete: run.incomplete.map((i) => ({ caseId: i.caseId, promptId: i.promptId, providerId: i.providerId, samples: i.samples.map(sampleEntry) })) }),
  };
}

/**
 * Writes the results file incrementally. `addCase` never rejects (hooks are fire-and-forget);
 * a failed write is kept and rethrown by `flush` and `finish`.
 */
export class ResultsFileWriter {
  private readonly cases: CaseResult[] = [];
  private run?: EvalRunResult;
  private writing: Promise<void> = Promise.resolve();
  private queued?: Promise<void>;
  private failure?: unknown;

  constructor(readonly path: string, private header: ResultsHeader) {}

  /** Writes the document with no cases yet. */
  start(): Promise<void> {
    return this.schedule();
  }

  /** Prompts with their hashes, once known. */
  setPrompts(prompts: readonly PromptInfo[]): void {
    this.header = { ...this.header, prompts };
  }

  addCase(c: CaseResult): Promise<void> {
    this.cases.push(c);
    return this.schedule();
  }

  /** Waits for the writes so far; rethrows a write failure. */
  async flush(): Promise<void> {
    await (this.queued ?? this.writing);
    if (this.failure !== undefined) throw this.failure;
  }

  /** Final write with the run's totals and status. */
  async finish(run: EvalRunResult): Promise<void> {
    this.run = run;
    await this.schedule();
    await this.flush();
  }

  private schedule(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.writing.then(async () => {
      this.queued = undefined;
      const text = `${JSON.stringify(resultsDocument(this.header, this.cases, this.run), null, 1)}\n`;
      try {
        await writeFileAtomic(this.path, text);
      } catch (err) {
        this.failure ??= err;
      }
    });
    this.queued = next;
    this.writing = next;
    return next;
  }
}
