/**
 * The eval-comparison panel: one webview showing a RunComparison (two prompt versions, two
 * models, two commits) case by case, and on request VS Code's diff editor on a case's outputs
 * (run against run) or on its output against the expected text of the suite.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunComparison } from '../../core/evals/compare';
import { EVAL_COMPARE_VIEW_TYPE, parseEvalCompareMessage, type EvalCompareSide, type HostToEvalCompare } from '../../protocol/evalCompare';
import type { Ctx } from '../context';
import { webviewAppHtml, webviewAppOptions } from './webviewApp';

export interface ComparisonInput {
  readonly title: string;
  readonly before: EvalCompareSide;
  readonly after: EvalCompareSide;
  readonly comparison: RunComparison;
  readonly runs: { readonly before: string; readonly after: string };
  /** Workspace-relative suite path of the runs (for "expected" and "reveal case"). */
  readonly suitePath?: string;
}

export class EvalComparePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: Ctx, input: ComparisonInput): EvalComparePanel {
    const panel = vscode.window.createWebviewPanel(EVAL_COMPARE_VIEW_TYPE, `Compare: ${input.title}`, vscode.ViewColumn.Beside, webviewAppOptions(ctx));
    return new EvalComparePanel(ctx, panel, input);
  }

  private constructor(private readonly ctx: Ctx, private readonly panel: vscode.WebviewPanel, private readonly input: ComparisonInput) {
    panel.webview.html = webviewAppHtml(ctx, panel.webview, 'evalCompare', `Compare: ${input.title}`);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(msg: HostToEvalCompare): void {
    void this.panel.webview.postMessage(msg);
  }

  private suiteFile(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (!this.input.suitePath) return undefined;
    return path.isAbsolute(this.input.suitePath) ? this.input.suitePath : folder && path.join(folder, this.input.suitePath);
  }

  private async outputOf(runId: string, caseId: string, promptId?: string, providerId?: string): Promise<string | undefined> {
    const samples = await this.ctx.database.read((db) => db.evalSamples(runId));
    const s = samples.find((x) => x.caseId === caseId && (promptId === undefined || x.promptId === promptId) && (providerId === undefined || x.providerId === providerId) && x.output !== undefined);
    if (!s) return undefined;
    return s.toolCalls.length ? `${s.output ?? ''}\n\n// tool calls\n${JSON.stringify(s.toolCalls, null, 2)}` : s.output;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseEvalCompareMessage(raw);
    if (!msg) {
      this.ctx.log.warn('Eval comparison: ignored a malformed message from the webview');
      return;
    }
    try {
      switch (msg.type) {
        case 'ready':
          this.post({ type: 'load', title: this.input.title, before: this.input.before, after: this.input.after, comparison: this.input.comparison });
          break;
        case 'openDiff': {
          const after = await this.outputOf(this.input.runs.after, msg.caseId, msg.promptId, msg.providerId);
          let left: string | undefined;
          let leftLabel: string;
          if (msg.which === 'output-vs-output') {
            left = await this.outputOf(this.input.runs.before, msg.caseId, msg.promptId, msg.providerId);
            leftLabel = this.input.before.label;
          } else {
            const file = this.suiteFile();
            const suite = file ? await this.ctx.evals.loadSuite(file).catch(() => undefined) : undefined;
            left = suite?.cases.find((c) => c.id === msg.caseId)?.expected;
            leftLabel = 'expected';
          }
          if (left === undefined || after === undefined) {
            void vscode.window.showInformationMessage(`Tracemine: nothing to compare for case ${msg.caseId} (${left === undefined ? (msg.which === 'output-vs-expected' ? 'the case has no "expected"' : 'no output before') : 'no output after'}).`);
            return;
          }
          const [a, b] = await Promise.all([
            vscode.workspace.openTextDocument({ content: left, language: 'markdown' }),
            vscode.workspace.openTextDocument({ content: after, language: 'markdown' }),
          ]);
          await vscode.commands.executeCommand('vscode.diff', a.uri, b.uri, `${msg.caseId}: ${leftLabel} ↔ ${this.input.after.label}`);
          break;
        }
        case 'openCase': {
          const file = this.suiteFile();
          if (!file) return;
          const suite = await this.ctx.evals.loadSuite(file).catch(() => undefined);
          const line = Math.max(0, (suite?.cases.find((c) => c.id === msg.caseId)?.line ?? 1) - 1);
          await vscode.window.showTextDocument(vscode.Uri.file(file), { selection: new vscode.Range(line, 0, line, 0), viewColumn: vscode.ViewColumn.One });
          break;
        }
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.error(`Eval comparison: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
