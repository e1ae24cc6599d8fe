/**
 * The one typed view of Tracemine's settings. Nothing else reads a setting by its string name:
 * features take a `Config` and read its getters, and subscribe to `onDidChange` when they cache.
 */
import * as vscode from 'vscode';

const SECTION = 'tracemine';

export class Config implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after any `tracemine.*` setting changed. */
  readonly onDidChange = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SECTION)) this.changed.fire();
    });
  }

  private get cfg(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** Workspace-relative folder of the database (default `.tracemine`). */
  get databaseFolder(): string {
    const v = this.cfg.get<string>('database.folder', '.tracemine').trim();
    return v.length > 0 ? v : '.tracemine';
  }

  /** Initial activity-slider position, as a number of activities. */
  get processMapMaxActivities(): number {
    return Math.max(2, Math.floor(this.cfg.get<number>('processMap.maxActivities', 60)));
  }

  /** Base URL of the OpenAI-compatible endpoint used for evals and judges. */
  get llmBaseUrl(): string {
    return this.cfg.get<string>('llm.baseUrl', 'https://api.openai.com/v1').replace(/\/+$/, '');
  }

  get llmModel(): string {
    return this.cfg.get<string>('llm.model', 'gpt-4o-mini');
  }

  /** User prices (USD per 1M tokens) overriding the built-in table, validated: bad entries are dropped. */
  get pricingOverrides(): Record<string, { input: number; output: number; cachedInput?: number }> {
    const raw = this.cfg.get<Record<string, unknown>>('pricing', {});
    const out: Record<string, { input: number; output: number; cachedInput?: number }> = {};
    const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
    for (const [model, p] of Object.entries(raw ?? {})) {
      if (typeof p !== 'object' || p === null) continue;
      const r = p as Record<string, unknown>;
      const input = num(r.input);
      const output = num(r.output);
      if (input === undefined || output === undefined) continue;
      const cachedInput = num(r.cachedInput);
      out[model] = cachedInput === undefined ? { input, output } : { input, output, cachedInput };
    }
    return out;
  }

  /** Workspace-relative folder where "Add to Eval Dataset" writes test cases (default `evals/datasets`). */
  get evalDatasetFolder(): string {
    const v = this.cfg.get<string>('evals.datasetFolder', 'evals/datasets').trim();
    return v.length > 0 ? v : 'evals/datasets';
  }

  /** Workspace-relative path of the trace policy file; empty = look for `.tracemine/policy.{yaml,yml,json}` and `*.policy.{yaml,yml,json}`. */
  get policyFile(): string {
    return this.cfg.get<string>('traces.policyFile', '').trim();
  }

  /** Run the injection heuristics on every imported trace. */
  get injectionScreening(): boolean {
    return this.cfg.get<boolean>('traces.injectionScreening', true);
  }

  /** Check final answers against retrieved content on import: 'documents' (default), 'all' or 'off'. */
  get groundednessCheck(): 'off' | 'documents' | 'all' {
    const v = this.cfg.get<string>('traces.groundedness', 'documents');
    return v === 'off' || v === 'all' ? v : 'documents';
  }

  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
  }
}
