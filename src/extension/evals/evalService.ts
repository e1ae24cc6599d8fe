/**
 * Eval runs in the editor: one service that runs a suite through the core (`runSuiteFile`) with
 * the workspace's endpoint, the API key from SecretStorage, the response cache under the
 * database folder and the results streamed into the workspace database; it keeps the latest
 * results per suite (from the database at start-up, then live as cases finish) for the Test
 * Explorer, CodeLens, decorations and the Problems view, and shows a status-bar item while a run
 * is going. Runs are cancellable and report progress.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  loadSuite, runSuiteFile, pricingTable,
  type CaseResult, type EvalSuite, type ResultSink, type SampleResult, type StoredSample, type SuiteRunSummary,
} from '../../core';
import { aggregateCase } from '../../core/evals/runner';
import { CancelledError } from '../../core/progress';
import type { Ctx } from '../context';
import { ensureTrusted } from '../trust';

export interface SuiteResults {
  readonly runId: string;
  readonly suitePath: string;
  readonly running: boolean;
  readonly startedAt: string;
  /** Latest result per case (key: caseId|promptId|providerId). */
  readonly cases: ReadonlyMap<string, CaseResult>;
  readonly summary?: SuiteRunSummary;
}

export interface RunRequest {
  readonly suitePath: string;
  readonly caseIds?: readonly string[];
  /** Call again only the samples that errored in the latest results. */
  readonly retryErrored?: boolean;
  readonly repeat?: number;
  readonly token?: vscode.CancellationToken;
  onCase?(r: CaseResult): void;
  onStart?(total: number): void;
}

export const caseKey = (c: { caseId: string; promptId: string; providerId: string }) => `${c.caseId}|${c.promptId}|${c.providerId}`;

/**
 * Rebuilds case results from stored samples (for results of earlier sessions), aggregated exactly
 * as the runner aggregates a live run (status, Wilson interval, score spread).
 */
export function casesFromSamples(samples: readonly StoredSample[]): CaseResult[] {
  const groups = new Map<string, StoredSample[]>();
  for (const s of samples) {
    const k = caseKey(s);
    const g = groups.get(k);
    if (g) g.push(s);
    else groups.set(k, [s]);
  }
  return [...groups.values()].map((ss) => aggregateCase(ss[0]!, ss.map((s): SampleResult => ({
    sample: s.sample, assertions: s.assertions, pass: s.pass ?? false, score: s.score ?? 0,
    ...(s.error !== undefined ? { error: s.error } : {}),
    ...(s.output !== undefined ? { response: {
      output: s.output, toolCalls: s.toolCalls, model: s.model, latencyMs: s.latencyMs ?? 0, cached: s.cached,
      ...(s.inputTokens !== undefined ? { inputTokens: s.inputTokens } : {}), ...(s.outputTokens !== undefined ? { outputTokens: s.outputTokens } : {}),
      ...(s.costUsd !== undefined ? { costUsd: s.costUsd } : {}),
    } } : {}),
  }))));
}

export class EvalService implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<string>();
  /** Fires with a suite path when its results changed. */
  readonly onDidChange = this.changed.event;
  private readonly results = new Map<string, SuiteResults>();
  private readonly status = vscode.window.createStatusBarItem('tracemine.evalRun', vscode.StatusBarAlignment.Left, 10);
  private running = 0;
  private loadedFromDb = false;

  constructor(private readonly ctx: Ctx) {
    this.status.name = 'Tracemine eval run';
  }

  /** The latest results of a suite (this session's, else the last stored run). */
  async latest(suitePath: string): Promise<SuiteResults | undefined> {
    const live = this.results.get(suitePath);
    if (live) return live;
    if (!this.ctx.database.file) return undefined;
    const key = this.suiteKey(suitePath);
    const stored = await this.ctx.database.read((db) => {
      const run = db.listEvalRuns(key).find((r) => r.status !== 'running');
      return run ? { run, samples: db.evalSamples(run.id) } : undefined;
    }).catch(() => undefined);
    if (!stored) return undefined;
    const r: SuiteResults = {
      runId: stored.run.id, suitePath, running: false, startedAt: stored.run.startedAt,
      cases: new Map(casesFromSamples(stored.samples).map((c) => [caseKey(c), c])),
      ...(stored.run.summary ? { summary: stored.run.summary as unknown as SuiteRunSummary } : {}),
    };
    this.results.set(suitePath, r);
    this.loadedFromDb = true;
    return r;
  }

  /** Suite paths are stored workspace-relative, so a database moves with its repository. */
  suiteKey(suitePath: string): string {
    return vscode.workspace.asRelativePath(suitePath, false);
  }

  async loadSuite(suitePath: string): Promise<EvalSuite> {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === suitePath);
    const text = open ? open.getText() : await fs.readFile(suitePath, 'utf8');
    return loadSuite(suitePath, text, { readFile: (p) => fs.readFile(path.resolve(path.dirname(suitePath), p), 'utf8') });
  }

  async run(req: RunRequest): Promise<SuiteResults | undefined> {
    if (!(await ensureTrusted('Run Evals'))) return undefined;
    const { suitePath } = req;
    const suite = await this.loadSuite(suitePath);
    const previous = await this.latest(suitePath);
    const baseUrl = this.ctx.config.llmBaseUrl;
    const controller = new AbortController();
    const sub = req.token?.onCancellationRequested(() => controller.abort());
    const cases = new Map<string, CaseResult>(previous && (req.caseIds || req.retryErrored) ? previous.cases : []);
    let current: SuiteResults = { runId: '', suitePath, running: true, startedAt: new Date().toISOString(), cases };
    this.results.set(suitePath, current);
    this.running++;
    this.updateStatus(suite, 0, 0);
    const dbFile = this.ctx.database.file;
    const key = this.suiteKey(suitePath);
    let runId = '';
    const sink: ResultSink | undefined = dbFile ? {
      start: (run, texts) => this.ctx.database.write((db) => {
        runId = run.id;
        db.startEvalRun({ id: run.id, suitePath: key, suiteVersion: run.suiteVersion, startedAt: run.startedAt, status: 'running' });
        for (const t of texts.values()) db.storePromptText(t);
      }),
      case: (result, c) => this.ctx.database.write((db) => db.storeCaseResult(runId, result, c)),
      finish: (status, summary) => this.ctx.database.write((db) => db.finishEvalRun(runId, status, summary)),
    } : undefined;
    try {
      const retryErrored = req.retryErrored && previous ? [...previous.cases.values()].filter((c) => c.errors > 0) : undefined;
      const { run, summary } = await runSuiteFile({
        suitePath, suite,
        io: { readFile: (p) => fs.readFile(p, 'utf8'), getEnv: (n) => process.env[n] },
        apiKeyFor: async (p) => (await this.ctx.apiKeys.get(p.baseUrl ?? baseUrl)) ?? undefined,
        defaultBaseUrl: baseUrl,
        defaultModel: this.ctx.config.llmModel,
        ...(dbFile ? { cacheDir: path.join(path.dirname(dbFile), 'cache') } : {}),
        pricing: pricingTable(this.ctx.config.pricingOverrides),
        ...(sink ? { sink } : {}),
        ...(req.caseIds ? { caseIds: req.caseIds } : {}),
        ...(retryErrored ? { retryErrored } : {}),
        ...(req.repeat ? { repeat: req.repeat } : {}),
        onSuite: (s) => {
          for (const w of s.warnings) this.ctx.log.warn(`${vscode.workspace.asRelativePath(suitePath)}${w.line !== undefined ? `:${w.line}` : ''}: ${w.message}`);
        },
        onEstimate: async (e) => {
          const cost = e.costUsd !== undefined ? `~$${e.costUsd.toFixed(4)}` : `~$${e.knownUsd.toFixed(4)} + ${e.unknownCalls} call(s) of unknown price`;
          this.ctx.log.info(`Evals ${path.basename(suitePath)}: estimate ${e.calls} calls, ${cost}${e.budgetUsd !== undefined ? `, budget $${e.budgetUsd}` : ''}`);
          if (e.budgetUsd === undefined || e.costUsd === undefined || e.costUsd <= e.budgetUsd) return true;
          const go = await vscode.window.showWarningMessage(
            `The estimated cost of this run (${cost}) is over the suite's budget of $${e.budgetUsd}: it will stop when the budget is spent.`,
            { modal: true }, 'Run Anyway');
          return go === 'Run Anyway';
        },
        hooks: {
          signal: controller.signal,
          onStart: (info) => {
            current = { ...current, runId: info.runId };
            this.results.set(suitePath, current);
            req.onStart?.(info.total);
          },
          onProgress: (done, total) => this.updateStatus(suite, done, total),
          onCase: (c) => {
            cases.set(caseKey(c), c);
            req.onCase?.(c);
            this.changed.fire(suitePath);
          },
        },
      });
      current = { ...current, runId: run.runId, running: false, summary };
      this.results.set(suitePath, current);
      this.ctx.log.info(`Evals ${path.basename(suitePath)}: ${summary.pass} passed, ${summary.fail} failed, ${summary.flaky} flaky, ${summary.error} errored (${summary.status})`);
      return current;
    } catch (err) {
      if (err instanceof CancelledError) return undefined;
      throw err;
    } finally {
      sub?.dispose();
      this.running--;
      if (current.running) this.results.set(suitePath, { ...current, running: false });
      this.changed.fire(suitePath);
      this.updateStatus(suite, 0, 0);
    }
  }

  private updateStatus(suite: EvalSuite, done: number, total: number): void {
    if (this.running === 0) {
      this.status.hide();
      return;
    }
    this.status.text = `$(beaker~spin) Evals ${path.basename(suite.path ?? '')}${total ? ` ${done}/${total}` : ''}`;
    this.status.tooltip = 'Tracemine eval run in progress — cancel it from the Testing view or the progress notification';
    this.status.command = 'workbench.view.testing.focus';
    this.status.show();
  }

  /** Whether results were read back from the database (for tests and logs). */
  get restored(): boolean {
    return this.loadedFromDb;
  }

  dispose(): void {
    this.status.dispose();
    this.changed.dispose();
  }
}
