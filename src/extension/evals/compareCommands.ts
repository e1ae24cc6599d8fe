/**
 * "Compare versions" of a prompt (diff editor on the two texts, plus the comparison panel of the
 * latest eval runs of each when both were evaluated) and "Compare eval runs" (any two runs of a
 * suite: two prompt versions, two models, two commits), case by case with the paired tests.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { compareRuns, runCasesFromSamples, type RunCases } from '../../core/evals/compare';
import type { PromptVersion } from '../../core/evals/promptVersions';
import type { Ctx } from '../context';
import { EvalComparePanel } from '../panels/evalComparePanel';
import { PromptFileItem, VersionItem, versionUri, type PromptHistory } from './promptHistory';

function versionLabel(v: PromptVersion): string {
  return v.kind === 'run' ? `eval run text ${v.hash.slice(0, 8)} (${v.date.slice(0, 16).replace('T', ' ')})` : `${v.commit.commit.slice(0, 8)} ${v.commit.subject}`;
}

async function runCases(ctx: Ctx, runId: string, promptId?: string): Promise<RunCases> {
  const samples = await ctx.database.read((db) => db.evalSamples(runId));
  return runCasesFromSamples(promptId === undefined ? samples : samples.filter((s) => s.promptId === promptId));
}

/** Opens the diff editor on two versions (the second may be the working copy) and, when both were evaluated, the comparison panel. */
async function compare(ctx: Ctx, file: string, a: PromptVersion, b: PromptVersion | 'working'): Promise<void> {
  const right = b === 'working' ? vscode.Uri.file(file) : versionUri(file, b);
  await vscode.commands.executeCommand('vscode.diff', versionUri(file, a), right, `${path.basename(file)}: ${versionLabel(a)} ↔ ${b === 'working' ? 'working copy' : versionLabel(b)}`);
  const hashOf = (v: PromptVersion | 'working') => (v === 'working' ? undefined : v.kind === 'run' ? v.hash : v.hash);
  const ha = hashOf(a);
  const hb = hashOf(b);
  if (!ha || !hb || ha === hb) return;
  const runs = await ctx.database.read((db) => db.promptVersionRuns());
  const latest = (h: string) => runs.filter((r) => r.promptHash === h).sort((x, y) => y.startedAt.localeCompare(x.startedAt))[0];
  const ra = latest(ha);
  const rb = latest(hb);
  if (!ra || !rb) return;
  const [older, newer] = ra.startedAt <= rb.startedAt ? [ra, rb] : [rb, ra];
  await openRunComparison(ctx, { runId: older.runId, promptId: older.promptId, label: `text ${older.promptHash.slice(0, 8)}` }, { runId: newer.runId, promptId: newer.promptId, label: `text ${newer.promptHash.slice(0, 8)}` }, path.basename(file));
}

export async function openRunComparison(
  ctx: Ctx, before: { runId: string; promptId?: string; label: string }, after: { runId: string; promptId?: string; label: string }, title: string,
): Promise<void> {
  const [a, b] = await Promise.all([runCases(ctx, before.runId, before.promptId), runCases(ctx, after.runId, after.promptId)]);
  const comparison = compareRuns(a, b);
  const [ra, rb] = await ctx.database.read((db) => [db.getEvalRun(before.runId), db.getEvalRun(after.runId)]);
  EvalComparePanel.show(ctx, {
    title,
    before: { label: before.label, detail: `run ${before.runId.slice(0, 8)} · ${ra?.startedAt.slice(0, 16).replace('T', ' ') ?? ''}` },
    after: { label: after.label, detail: `run ${after.runId.slice(0, 8)} · ${rb?.startedAt.slice(0, 16).replace('T', ' ') ?? ''}` },
    comparison,
    runs: { before: before.runId, after: after.runId },
    suitePath: ra?.suitePath ?? rb?.suitePath,
  });
}

export function registerCompareCommands(ctx: Ctx, history: PromptHistory): void {
  ctx.registerCommand('tracemine.compareWithWorkingCopy', (c) => async (item?: unknown) => {
    if (!(item instanceof VersionItem)) return;
    await compare(c, item.file, item.version, 'working');
  });
  ctx.registerCommand('tracemine.comparePromptVersions', (c) => async (arg?: unknown) => {
    const file = arg instanceof PromptFileItem ? arg.file : arg instanceof vscode.Uri ? arg.fsPath : vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!file || !/\.(prompt|prompty)$/i.test(file)) {
      void vscode.window.showInformationMessage('Tracemine: open a prompt file (.prompt, .prompty) to compare its versions.');
      return;
    }
    const versions = await history.versions(file);
    if (versions.length === 0) {
      void vscode.window.showInformationMessage(`Tracemine: ${path.basename(file)} has no recorded versions yet (no eval runs, no git history).`);
      return;
    }
    const items = versions.map((v) => ({ label: versionLabel(v), v }));
    const first = await vscode.window.showQuickPick(items, { title: `Compare versions of ${path.basename(file)}: the older version` });
    if (!first) return;
    const second = await vscode.window.showQuickPick([{ label: 'Working copy', v: 'working' as const }, ...items.filter((i) => i !== first)], { title: 'Compare with' });
    if (!second) return;
    await compare(c, file, first.v, second.v);
  });
  ctx.registerCommand('tracemine.compareEvalRuns', (c) => async () => {
    const runs = await c.database.read((db) => db.listEvalRuns().filter((r) => r.status !== 'running'));
    if (runs.length < 2) {
      void vscode.window.showInformationMessage('Tracemine: compare needs two finished eval runs; run the evals twice first.');
      return;
    }
    const items = runs.map((r) => ({
      label: `${r.startedAt.slice(0, 16).replace('T', ' ')} · ${r.suitePath}`,
      description: `${r.id.slice(0, 8)}${r.summary && typeof r.summary.pass === 'number' ? ` · ${String(r.summary.pass)}/${String(r.summary.cases)} cases pass` : ''}`,
      run: r,
    }));
    const a = await vscode.window.showQuickPick(items, { title: 'Compare eval runs: the baseline (before)' });
    if (!a) return;
    const b = await vscode.window.showQuickPick(items.filter((i) => i !== a), { title: 'Compare eval runs: the candidate (after)' });
    if (!b) return;
    await openRunComparison(c, { runId: a.run.id, label: `run ${a.run.id.slice(0, 8)}` }, { runId: b.run.id, label: `run ${b.run.id.slice(0, 8)}` }, a.run.suitePath === b.run.suitePath ? a.run.suitePath : `${a.run.suitePath} vs ${b.run.suitePath}`);
  });
}
