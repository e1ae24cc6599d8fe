/**
 * Eval commands: run the evals of the active prompt or suite (or of a file given by a CodeLens or
 * the explorer), run one case, re-run the failed cases, and retry only the calls that errored.
 */
import * as vscode from 'vscode';
import { isSuiteFile, writeFileAtomic } from '../../core';
import { judgePromptFiles } from '../../core/evals/judgePromptFiles';
import type { Ctx } from '../context';
import { suiteForPrompt, type EvalEditor } from './evalEditor';
import type { SuiteResults } from './evalService';

async function suiteOf(arg: unknown): Promise<string | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri) {
    void vscode.window.showInformationMessage('Tracemine: open a prompt file (.prompt, .prompty) or an eval suite (.eval.yaml, promptfooconfig.yaml) first.');
    return undefined;
  }
  const p = uri.fsPath;
  if (isSuiteFile(p)) return p;
  if (/\.(prompt|prompty)$/i.test(p)) {
    const suite = await suiteForPrompt(p);
    if (!suite) void vscode.window.showInformationMessage(`Tracemine: no eval suite for ${vscode.workspace.asRelativePath(uri)}. Create ${vscode.workspace.asRelativePath(uri).replace(/\.(prompt|prompty)$/i, '.eval.yaml')} (docs/eval-suite-format.md).`);
    return suite;
  }
  void vscode.window.showInformationMessage('Tracemine: this file is neither a prompt nor an eval suite.');
  return undefined;
}

function report(r: SuiteResults | undefined): SuiteResults | undefined {
  const s = r?.summary;
  if (s) {
    const text = `Evals: ${s.pass} passed, ${s.fail} failed, ${s.flaky} flaky, ${s.error} errored${s.status !== 'done' ? ` (stopped: ${s.status})` : ''}.`;
    if (s.fail || s.error || s.flaky) void vscode.window.showWarningMessage(`Tracemine: ${text}`, 'Show Testing').then((c) => { if (c) void vscode.commands.executeCommand('workbench.view.testing.focus'); });
    else void vscode.window.showInformationMessage(`Tracemine: ${text}`);
  }
  return r;
}

export function registerEvalCommands(ctx: Ctx, editor: EvalEditor): void {
  ctx.registerCommand('tracemine.runEvals', () => async (arg?: unknown) => {
    const suite = await suiteOf(arg);
    return suite ? report(await editor.runSuite(suite)) : undefined;
  });
  ctx.registerCommand('tracemine.runEvalCase', () => async (suitePath?: unknown, caseId?: unknown) => {
    if (typeof suitePath !== 'string' || typeof caseId !== 'string') return undefined;
    return report(await editor.runSuite(suitePath, { caseIds: [caseId] }));
  });
  ctx.registerCommand('tracemine.rerunFailedEvals', (c) => async (arg?: unknown) => {
    const suite = await suiteOf(arg);
    if (!suite) return undefined;
    const latest = await c.evals.latest(suite);
    const failed = [...new Set([...latest?.cases.values() ?? []].filter((x) => x.status === 'fail' || x.status === 'flaky').map((x) => x.caseId))];
    if (!failed.length) {
      void vscode.window.showInformationMessage('Tracemine: no failed cases in the last run.');
      return undefined;
    }
    return report(await editor.runSuite(suite, { caseIds: failed }));
  });
  ctx.registerCommand('tracemine.retryErroredEvals', (c) => async (arg?: unknown) => {
    const suite = await suiteOf(arg);
    if (!suite) return undefined;
    const latest = await c.evals.latest(suite);
    if (![...latest?.cases.values() ?? []].some((x) => x.errors > 0)) {
      void vscode.window.showInformationMessage('Tracemine: no errored calls in the last run.');
      return undefined;
    }
    return report(await editor.runSuite(suite, { retryErrored: true }));
  });
}

/** Writes the built-in judge prompts into `evals/judges/` as editable, versionable files (never overwriting one). */
export function registerJudgePromptCommand(ctx: Ctx): void {
  ctx.registerCommand('tracemine.copyJudgePrompts', () => async (): Promise<string[] | undefined> => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const dir = vscode.Uri.joinPath(folder.uri, 'evals', 'judges');
    await vscode.workspace.fs.createDirectory(dir);
    const written: string[] = [];
    for (const f of judgePromptFiles()) {
      const uri = vscode.Uri.joinPath(dir, f.fileName);
      try {
        await vscode.workspace.fs.stat(uri);
        continue; // the user's copy wins
      } catch { /* not there yet */ }
      await writeFileAtomic(uri.fsPath, new TextEncoder().encode(f.text));
      written.push(uri.fsPath);
    }
    ctx.log.info(`Judge prompts: wrote ${written.length} file(s) to ${dir.fsPath}`);
    void vscode.window.showInformationMessage(
      `Tracemine: ${written.length ? `wrote ${written.length} judge prompt file(s)` : 'the judge prompt files are already there'} in evals/judges. Use one from a suite with rubricPrompt: file://<path relative to the suite>.`);
    return written;
  });
}
