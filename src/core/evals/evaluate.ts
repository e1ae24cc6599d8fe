/**
 * Runs a suite file end to end, for the CLI and the editor alike: prompts loaded from their files
 * (Dotprompt or Prompty) or inline (promptfoo), rendered per case, sent through the runner
 * (cache, retries, budget, repeats), graded by the assertions module (judges through the suite's
 * judge provider), and every result streamed to a sink (the database), an incremental JSON results
 * file and, at the end, JUnit XML. I/O comes in through `io`; keys through `apiKeyFor`.
 */
import * as path from 'node:path';
import { textHash } from '../db/evalStore';
import type { EvalRunStatus } from '../db/evalStore';
import { loadPromptFile, renderInlinePrompt, renderPromptFile, type LoadedPrompt } from '../prompts';
import type { PricingTable } from '../traces/pricing';
import { gradeAll } from './assertions';
import { toChatMessages } from './chat';
import { CancelledError } from '../progress';
import {
  ResultsFileWriter, estimateEval, providerJudge, runEval, writeJunit,
  type CacheMode, type EvalHooks, type EvalRunResult, type PlanEstimate, type PromptInfo,
} from './runner';
import { loadSuite } from './suite';
import type { CaseResult, ChatMessage, EvalSuite, PromptRef, ProviderSpec } from './types';

export interface SuiteRunIo {
  /** Reads a file by absolute path. */
  readFile(absPath: string): Promise<string>;
  getEnv?(name: string): string | undefined;
}

/** Where results go as they arrive (the database in the editor and the CLI). */
export interface ResultSink {
  start(run: { id: string; startedAt: string; suiteVersion: string; prompts: readonly PromptInfo[] }, promptTexts: ReadonlyMap<string, string>): Promise<void> | void;
  case(result: CaseResult, ctx: { caseLine?: number; promptHash?: string; model: string; params: Readonly<Record<string, unknown>> }): Promise<void> | void;
  finish(status: EvalRunStatus, summary: Readonly<Record<string, unknown>>): Promise<void> | void;
}

export interface SuiteRunOptions {
  readonly suitePath: string;
  /** The suite, when already loaded (e.g. from an unsaved editor); else read from suitePath. */
  readonly suite?: EvalSuite;
  readonly io: SuiteRunIo;
  apiKeyFor(provider: ProviderSpec): Promise<string | undefined>;
  readonly defaultBaseUrl?: string;
  /** Provider used when the suite names none. */
  readonly defaultModel?: string;
  readonly cacheDir?: string;
  readonly cacheMode?: CacheMode;
  readonly pricing?: PricingTable;
  readonly sink?: ResultSink;
  readonly resultsFile?: string;
  readonly junitFile?: string;
  readonly caseIds?: readonly string[];
  readonly promptIds?: readonly string[];
  readonly retryErrored?: readonly CaseResult[];
  readonly repeat?: number;
  readonly concurrency?: number;
  readonly hooks?: EvalHooks;
  /**
   * Called with the run's cost estimate before any call; resolve false to not run (the run then
   * rejects with a CancelledError). Without it the run starts at once.
   */
  onEstimate?(estimate: PlanEstimate): boolean | Promise<boolean>;
  /** Called once the suite is loaded (e.g. to report its warnings: unsupported keys by name). */
  onSuite?(suite: EvalSuite): void;
}

export interface SuiteRunSummary {
  readonly cases: number;
  readonly pass: number;
  readonly fail: number;
  readonly error: number;
  readonly flaky: number;
  /** Passing samples over graded samples, with a 95% Wilson interval. */
  readonly samples: number;
  readonly passRate: number | null;
  readonly spentUsd: number;
  readonly unknownCostCalls: number;
  readonly meanLatencyMs: number | null;
  readonly status: EvalRunStatus;
}

export function summarizeRun(run: EvalRunResult): SuiteRunSummary {
  let pass = 0; let fail = 0; let error = 0; let flaky = 0; let graded = 0; let passed = 0;
  const latencies: number[] = [];
  for (const c of run.cases) {
    if (c.status === 'pass') pass++; else if (c.status === 'fail') fail++; else if (c.status === 'error') error++; else flaky++;
    graded += c.passes + c.fails;
    passed += c.passes;
    for (const s of c.samples) if (s.response && !s.response.cached) latencies.push(s.response.latencyMs);
  }
  return {
    cases: run.cases.length, pass, fail, error, flaky, samples: graded, passRate: graded ? passed / graded : null,
    spentUsd: run.spentUsd, unknownCostCalls: run.unknownCostCalls,
    meanLatencyMs: latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null,
    status: run.cancelled ? 'cancelled' : run.stoppedForBudget ? 'budget' : 'done',
  };
}

/** Loads prompts once per run; renders a case's variables into chat messages. */
class PromptRenderer {
  private readonly loaded = new Map<string, Promise<{ prompt: LoadedPrompt; text: string }>>();
  constructor(private readonly suiteDir: string, private readonly io: SuiteRunIo) {}

  file(ref: PromptRef): Promise<{ prompt: LoadedPrompt; text: string }> | undefined {
    if (!ref.path) return undefined;
    const abs = path.resolve(this.suiteDir, ref.path);
    let p = this.loaded.get(abs);
    if (!p) {
      p = this.io.readFile(abs).then((text) => ({
        text,
        prompt: loadPromptFile(abs, text, { getEnv: (n) => this.io.getEnv?.(n) }),
      }));
      this.loaded.set(abs, p);
    }
    return p;
  }

  async render(ref: PromptRef, vars: Readonly<Record<string, unknown>>): Promise<ChatMessage[]> {
    const f = this.file(ref);
    if (f) {
      const { prompt } = await f;
      return toChatMessages(renderPromptFile(prompt, vars), prompt.path);
    }
    return toChatMessages(renderInlinePrompt(ref.raw ?? '', vars, `prompt ${ref.id}`), `prompt ${ref.id}`);
  }

  async text(ref: PromptRef): Promise<string> {
    const f = this.file(ref);
    return f ? (await f).text : ref.raw ?? '';
  }
}

/** The suite with a default provider when it names none, and a prompt's model when its file names one. */
function withProviders(suite: EvalSuite, defaultModel: string | undefined): EvalSuite {
  if (suite.providers.length > 0 || !defaultModel) return suite;
  return { ...suite, providers: [{ id: defaultModel, model: defaultModel.replace(/^openai\//, ''), params: {} }] };
}

export async function runSuiteFile(opts: SuiteRunOptions): Promise<{ suite: EvalSuite; run: EvalRunResult; summary: SuiteRunSummary }> {
  const suitePath = path.resolve(opts.suitePath);
  const suiteDir = path.dirname(suitePath);
  const loaded = opts.suite ?? await loadSuite(suitePath, await opts.io.readFile(suitePath), { readFile: (p) => opts.io.readFile(path.resolve(suiteDir, p)) });
  opts.onSuite?.(loaded);
  const renderer = new PromptRenderer(suiteDir, opts.io);
  // Every prompt file loads before any call: a missing or broken prompt stops the run at once.
  for (const ref of loaded.prompts) {
    const f = renderer.file(ref);
    if (!f) continue;
    try {
      await f;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw code === 'ENOENT' ? new Error(`${suitePath}: prompt file ${ref.path} not found (looked in ${suiteDir})`) : err;
    }
  }
  // A prompt file's own model is the default provider when the suite names none.
  let fileModel: string | undefined;
  const first = loaded.prompts[0];
  if (first?.path && loaded.providers.length === 0) fileModel = (await renderer.file(first)!).prompt.model;
  const suite = withProviders(loaded, fileModel ?? opts.defaultModel);
  if (suite.providers.length === 0) throw new Error(`${suitePath}: no provider: add "providers:" to the suite or set a default model`);
  const plan = {
    suite, ...(opts.caseIds ? { caseIds: opts.caseIds } : {}), ...(opts.promptIds ? { promptIds: opts.promptIds } : {}),
    ...(opts.retryErrored ? { retryErrored: opts.retryErrored } : {}), ...(opts.repeat ? { repeat: opts.repeat } : {}),
  };
  if (opts.onEstimate) {
    const estimate = await estimateEval(plan, { render: (ref, vars) => renderer.render(ref, vars), ...(opts.pricing ? { pricing: opts.pricing } : {}) });
    if (!(await opts.onEstimate(estimate))) throw new CancelledError();
  }
  const judgeSpec = suite.judge;
  const judge = judgeSpec ? providerJudge(judgeSpec, {
    ...(opts.defaultBaseUrl ? { defaultBaseUrl: opts.defaultBaseUrl } : {}),
    ...(opts.pricing ? { pricing: opts.pricing } : {}),
    apiKey: await opts.apiKeyFor(judgeSpec),
  }) : undefined;
  const texts = new Map<string, string>();
  let writer: ResultsFileWriter | undefined;
  const caseLine = new Map(suite.cases.map((c) => [c.id, c.line]));
  const provider = new Map(suite.providers.map((p) => [p.id, p]));
  const hashes = new Map<string, string>();
  const sinkWrites: Promise<void>[] = [];
  const hooks = opts.hooks ?? {};
  const run = await runEval(
    plan,
    {
      render: (ref, vars) => renderer.render(ref, vars),
      grade: (specs, ctx) => gradeAll(specs, ctx),
      apiKeyFor: opts.apiKeyFor,
      ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
      ...(opts.cacheMode ? { cacheMode: opts.cacheMode } : {}),
      ...(judge ? { judge } : {}),
      ...(opts.defaultBaseUrl ? { defaultBaseUrl: opts.defaultBaseUrl } : {}),
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.pricing ? { pricing: opts.pricing } : {}),
      readFile: (rel) => opts.io.readFile(path.resolve(suiteDir, rel)),
      async promptHash(ref) {
        const text = await renderer.text(ref);
        texts.set(ref.id, text);
        const h = textHash(text);
        hashes.set(ref.id, h);
        return h;
      },
    },
    {
      ...(hooks.signal ? { signal: hooks.signal } : {}),
      onStart(info) {
        if (opts.resultsFile) {
          writer = new ResultsFileWriter(opts.resultsFile, { runId: info.runId, startedAt: info.startedAt, suite, prompts: info.prompts });
          sinkWrites.push(writer.start());
        }
        if (opts.sink) sinkWrites.push(Promise.resolve(opts.sink.start({ id: info.runId, startedAt: info.startedAt, suiteVersion: suite.version, prompts: info.prompts }, texts)));
        hooks.onStart?.(info);
      },
      onSample: (s, where) => hooks.onSample?.(s, where),
      onProgress: (d, t) => hooks.onProgress?.(d, t),
      onCase(result) {
        const p = provider.get(result.providerId)!;
        const line = caseLine.get(result.caseId);
        const hash = hashes.get(result.promptId);
        if (opts.sink) sinkWrites.push(Promise.resolve(opts.sink.case(result, { ...(line !== undefined ? { caseLine: line } : {}), ...(hash ? { promptHash: hash } : {}), model: p.model, params: p.params })));
        if (writer) sinkWrites.push(writer.addCase(result));
        hooks.onCase?.(result);
      },
    },
  );
  await Promise.all(sinkWrites);
  const summary = summarizeRun(run);
  if (writer) await writer.finish(run);
  if (opts.junitFile) await writeJunit(opts.junitFile, run);
  if (opts.sink) await opts.sink.finish(summary.status, { ...summary });
  return { suite, run, summary };
}
