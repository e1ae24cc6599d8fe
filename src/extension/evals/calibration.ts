/**
 * Judge calibration in the editor (src/core/evals/calibration.ts holds the rules):
 *
 * - "Tracemine: Calibrate Judge…" takes a suite's latest stored run and one of its model-graded
 *   judges (an assertion type with its judge prompt: the `rubricPrompt` file, or the built-in
 *   prompt), samples N of the outputs that judge graded (`sampleForLabelling`, seeded with the run
 *   id, so a stopped session resumes on the same sample), and asks a reviewer to label each one
 *   Pass / Fail / Skip / Stop in a quick pick. The judge's verdict and reason are never shown while
 *   labelling. Long outputs open in a read-only preview tab beside. Each label is written at once
 *   (atomically, merged with the file's other labels, stable order) to the labels file next to
 *   the judge prompt (`labelsPathFor`), else `<suite folder>/<assertion type>.labels.jsonl`.
 * - "Tracemine: Show Judge Agreement" compares the labels with the judge's verdicts in a run
 *   (`calibrate`) and opens the report (`agreementMarkdown`) as a Markdown preview.
 *
 * A labelled item is an output, not a run's row: its id is `<case id>:<12 hex of sha-256 of the
 * output>` (plus `#k` for the k-th assertion of the same judge in one case), so a label still
 * applies when a later run (for instance with a revised judge prompt, from the response cache)
 * produces the same output, and equal outputs of repeated samples are labelled once.
 */
import { createHash } from 'node:crypto';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  MODEL_GRADED_TYPES, isSuiteFile, writeFileAtomic,
  type EvalCase, type EvalRunRecord, type EvalSuite, type StoredSample,
} from '../../core';
import {
  LabelsError, calibrate, labelsPathFor, parseLabels, sampleForLabelling, serializeLabels,
  type Label, type LabellingCandidate, type LabellingItem,
} from '../../core/evals/calibration';
import { agreementMarkdown } from '../../core/evals/calibrationReport';
import type { Ctx } from '../context';
import { suiteForPrompt } from './evalEditor';

const SCHEME = 'tracemine-label';
/** Outputs longer than this (characters or lines) open in the preview tab beside. */
const LONG_CHARS = 280;
const LONG_LINES = 4;

export function registerCalibration(ctx: Ctx): void {
  const previews = ctx.track(new LabellingPreviews());
  ctx.track(vscode.workspace.registerTextDocumentContentProvider(SCHEME, previews));
  ctx.registerCommand('tracemine.calibrateJudge', (c) => (arg?: unknown) => calibrateJudge(c, previews, arg));
  ctx.registerCommand('tracemine.showJudgeAgreement', (c) => (arg?: unknown) => showJudgeAgreement(c, arg));
}

// ---------------------------------------------------------------------------------------------
// Runs, judges and their graded outputs

interface SuiteRun {
  /** Absolute path of the suite file. */
  readonly suitePath: string;
  readonly run: EvalRunRecord;
}

/** One judge of a run: an assertion type with its judge prompt, and the outputs it graded. */
interface JudgeGroup {
  readonly key: string;
  readonly type: string;
  /** The `rubricPrompt` as written in the suite (undefined = the built-in prompt). */
  readonly rubricPrompt?: string;
  /** Absolute path of the judge prompt file. */
  readonly rubricPromptPath?: string;
  readonly labelsPath: string;
  readonly candidates: LabellingCandidate[];
  /** Per item id: what the labeller is shown besides input and output. */
  readonly extra: Map<string, { criterion?: string; description?: string }>;
  /** Items whose equal outputs the judge graded differently in this run (first verdict kept). */
  inconsistent: number;
}

/** Whether an assertion type (possibly `not-…`) is graded by a judge model. */
function isModelGraded(type: string): boolean {
  return MODEL_GRADED_TYPES.includes(type.replace(/^not-/, ''));
}

/** A sample's output as labelled: the text, and its tool calls as JSON when it made any. */
export function sampleText(s: Pick<StoredSample, 'output' | 'toolCalls'>): string {
  const out = s.output ?? '';
  if (s.toolCalls.length === 0) return out;
  const calls = JSON.stringify(s.toolCalls.map((t) => ({ name: t.name, arguments: t.arguments })), null, 2);
  return `${out}${out ? '\n\n' : ''}Tool calls:\n${calls}`;
}

/** The item id of an output of a case: stable across runs for the same text. */
export function itemId(caseId: string, output: string, occurrence: number): string {
  const hash = createHash('sha256').update(output.replace(/\r\n?/g, '\n')).digest('hex').slice(0, 12);
  return `${caseId}:${hash}${occurrence > 0 ? `#${occurrence + 1}` : ''}`;
}

/** The variables of a case, one `name: value` per line. */
function inputText(c: EvalCase | undefined, caseId: string): string {
  if (!c) return `(case ${caseId} is no longer in the suite)`;
  const entries = Object.entries(c.vars);
  if (entries.length === 0) return '(no variables)';
  return entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n');
}

function criterionText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** The judges of a run and the outputs each graded (errored samples and unevaluated assertions left out). */
export function judgeGroups(samples: readonly StoredSample[], suite: EvalSuite, suitePath: string): JudgeGroup[] {
  const suiteDir = path.dirname(suitePath);
  const cases = new Map(suite.cases.map((c) => [c.id, c]));
  const groups = new Map<string, JudgeGroup>();
  const verdictOf = new Map<string, boolean>();
  for (const s of samples) {
    if (s.error !== undefined || s.output === undefined) continue;
    const c = cases.get(s.caseId);
    const text = sampleText(s);
    const seenInSample = new Map<string, number>();
    s.assertions.forEach((a, i) => {
      if (!isModelGraded(a.type)) return;
      // Stored results keep the case's assertion order (defaults first); check the type in case the suite changed.
      const byIndex = c?.assert[i];
      const spec = byIndex && byIndex.type === a.type ? byIndex : c?.assert.find((x) => x.type === a.type && x.line !== undefined && x.line === a.line);
      const rubricPrompt = spec?.rubricPrompt;
      const key = `${a.type}\u0000${rubricPrompt ?? ''}`;
      const occurrence = seenInSample.get(key) ?? 0;
      seenInSample.set(key, occurrence + 1);
      if (a.error) return;
      let g = groups.get(key);
      if (!g) {
        const rubricPromptPath = rubricPrompt === undefined ? undefined : path.resolve(suiteDir, rubricPrompt.replace(/^file:\/\//, ''));
        g = {
          key, type: a.type,
          ...(rubricPrompt !== undefined ? { rubricPrompt } : {}),
          ...(rubricPromptPath !== undefined ? { rubricPromptPath } : {}),
          labelsPath: rubricPromptPath ? labelsPathFor(rubricPromptPath) : path.join(suiteDir, `${a.type}.labels.jsonl`),
          candidates: [], extra: new Map(), inconsistent: 0,
        };
        groups.set(key, g);
      }
      const id = itemId(s.caseId, text, occurrence);
      const vk = `${key}\u0000${id}`;
      const earlier = verdictOf.get(vk);
      if (earlier !== undefined) {
        if (earlier !== a.pass) g.inconsistent++;
        return;
      }
      verdictOf.set(vk, a.pass);
      g.candidates.push({ id, caseId: s.caseId, input: inputText(c, s.caseId), output: text, judgeVerdict: a.pass });
      const criterion = criterionText(spec?.value);
      g.extra.set(id, { ...(criterion !== undefined ? { criterion } : {}), ...(c?.description ? { description: c.description } : {}) });
    });
  }
  return [...groups.values()].sort((a, b) => a.type.localeCompare(b.type) || (a.rubricPrompt ?? '').localeCompare(b.rubricPrompt ?? ''));
}

function rel(p: string): string {
  return vscode.workspace.asRelativePath(p, false);
}

function workspaceRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('Open a folder first: eval runs are stored in the workspace database.');
  return folder.uri.fsPath;
}

/** The suite named by `arg` (a suite or prompt Uri, else the active editor), or undefined. */
async function suiteFromArg(arg: unknown): Promise<string | undefined> {
  const uri = arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== 'file') return undefined;
  if (isSuiteFile(uri.fsPath)) return uri.fsPath;
  if (/\.(prompt|prompty)$/i.test(uri.fsPath)) return suiteForPrompt(uri.fsPath);
  return undefined;
}

/** The latest finished run of the suite named by `arg`, else of a suite the user picks among those with runs. */
async function pickSuiteRun(ctx: Ctx, arg: unknown, title: string): Promise<SuiteRun | undefined> {
  const root = workspaceRoot();
  const runs = await ctx.database.read((db) => db.listEvalRuns());
  const latest = new Map<string, EvalRunRecord>();
  for (const r of runs) if (r.status !== 'running' && !latest.has(r.suitePath)) latest.set(r.suitePath, r);
  const named = await suiteFromArg(arg);
  if (named) {
    const run = latest.get(ctx.evals.suiteKey(named));
    if (run) return { suitePath: named, run };
    if (arg instanceof vscode.Uri) {
      void vscode.window.showInformationMessage(`Tracemine: ${rel(named)} has no stored eval run yet. Run its evals first.`);
      return undefined;
    }
  }
  if (latest.size === 0) {
    void vscode.window.showInformationMessage('Tracemine: no stored eval runs yet. Run a suite\'s evals first ("Tracemine: Run Evals").');
    return undefined;
  }
  const items = [...latest.entries()].map(([key, run]) => {
    const s = run.summary as { pass?: number; fail?: number; flaky?: number; error?: number } | undefined;
    return {
      label: key,
      description: `latest run ${new Date(run.startedAt).toLocaleString()}${run.status !== 'done' ? ` (${run.status})` : ''}`,
      ...(s && typeof s.pass === 'number' ? { detail: `${s.pass} passed, ${s.fail ?? 0} failed, ${s.flaky ?? 0} flaky, ${s.error ?? 0} errored` } : {}),
      value: { suitePath: path.resolve(root, key), run },
    };
  });
  if (items.length === 1) return items[0]!.value;
  return (await vscode.window.showQuickPick(items, { title, placeHolder: 'Which suite?' }))?.value;
}

async function loadGroups(ctx: Ctx, sr: SuiteRun): Promise<{ suite: EvalSuite; groups: JudgeGroup[] }> {
  let suite: EvalSuite;
  try {
    suite = await ctx.evals.loadSuite(sr.suitePath);
  } catch (err) {
    throw new Error(`The suite ${rel(sr.suitePath)} could not be read (Tracemine needs it for the cases' inputs and judge prompts): ${err instanceof Error ? err.message : String(err)}`);
  }
  if (suite.version !== sr.run.suiteVersion) ctx.log.warn(`Judge calibration: ${rel(sr.suitePath)} changed since run ${sr.run.id}; inputs, criteria and judge prompts are read from the current file.`);
  const samples = await ctx.database.read((db) => db.evalSamples(sr.run.id));
  return { suite, groups: judgeGroups(samples, suite, sr.suitePath) };
}

async function pickGroup(groups: readonly JudgeGroup[], sr: SuiteRun, title: string, wanted?: { type?: string; rubricPrompt?: string }): Promise<JudgeGroup | undefined> {
  if (groups.length === 0) {
    void vscode.window.showInformationMessage(`Tracemine: the latest run of ${rel(sr.suitePath)} has no outputs graded by a judge (${MODEL_GRADED_TYPES.join(', ')}).`);
    return undefined;
  }
  if (wanted?.type !== undefined) {
    const g = groups.find((x) => x.type === wanted.type && x.rubricPrompt === wanted.rubricPrompt);
    if (g) return g;
  }
  if (groups.length === 1) return groups[0];
  const picked = await vscode.window.showQuickPick(groups.map((g) => ({
    label: g.type,
    description: g.rubricPromptPath ? `judge prompt ${rel(g.rubricPromptPath)}` : 'built-in judge prompt',
    detail: `${g.candidates.length} graded output${g.candidates.length === 1 ? '' : 's'} · labels in ${rel(g.labelsPath)}`,
    g,
  })), { title, placeHolder: 'Which judge (model-graded assertion)?' });
  return picked?.g;
}

// ---------------------------------------------------------------------------------------------
// The labels file

async function readLabels(file: string): Promise<Label[]> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return parseLabels(text, rel(file));
}

/** The labels file unless it cannot be used: unsaved edits in an editor, or bad lines (shown with a button to open it). */
async function usableLabels(file: string): Promise<Label[] | undefined> {
  if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === file && d.isDirty)) {
    void vscode.window.showWarningMessage(`Tracemine: ${rel(file)} has unsaved changes. Save or revert it first.`);
    return undefined;
  }
  try {
    return await readLabels(file);
  } catch (err) {
    if (!(err instanceof LabelsError)) throw err;
    const openIt = 'Open Labels File';
    void vscode.window.showErrorMessage(`Tracemine: ${rel(file)} has ${err.problems.length} bad line${err.problems.length === 1 ? '' : 's'} (first: line ${err.problems[0]?.line}: ${err.problems[0]?.message}). Fix it first; nothing was changed.`, openIt)
      .then((c) => { if (c === openIt) void vscode.window.showTextDocument(vscode.Uri.file(file)); });
    return undefined;
  }
}

/** Adds (or replaces, by id) labels in the file: re-read, merged, serialized in stable order, written atomically. */
export async function mergeLabels(file: string, add: readonly Label[]): Promise<Label[]> {
  const byId = new Map((await readLabels(file)).map((l) => [l.id, l]));
  for (const l of add) byId.set(l.id, l);
  const all = [...byId.values()];
  await writeFileAtomic(file, new TextEncoder().encode(serializeLabels(all)));
  return all;
}

// ---------------------------------------------------------------------------------------------
// Labelling

/** Read-only documents showing the item being labelled (one tab, updated in place). */
class LabellingPreviews implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  async close(uri: vscode.Uri): Promise<void> {
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs)
      .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
    if (tabs.length) await vscode.window.tabGroups.close(tabs, true);
    this.texts.delete(uri.toString());
  }

  dispose(): void {
    this.changed.dispose();
  }
}

type Action = 'pass' | 'fail' | 'skip' | 'stop' | 'show';
type ActionItem = vscode.QuickPickItem & { readonly action?: Action };

function oneLine(text: string, max: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  const cps = Array.from(t);
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : t;
}

function isLong(text: string): boolean {
  return text.length > LONG_CHARS || text.split('\n').length > LONG_LINES;
}

function previewText(item: LabellingItem, g: JudgeGroup, k: number, n: number): string {
  const extra = g.extra.get(item.id);
  return [
    `# Case ${item.caseId} (${k} of ${n} to label)`,
    '',
    ...(extra?.description ? [extra.description, ''] : []),
    `## Assertion: ${g.type}`,
    '',
    extra?.criterion ?? '(no value: the judge prompt alone says what passes)',
    '',
    '## Input',
    '',
    item.input ?? '(unknown)',
    '',
    '## Output',
    '',
    item.output === '' ? '(empty)' : item.output,
    '',
  ].join('\n');
}

/** Asks for one label. Escape = stop. */
function askLabel(item: LabellingItem, g: JudgeGroup, k: number, n: number, show: () => void): Promise<Exclude<Action, 'show'>> {
  const extra = g.extra.get(item.id);
  const qp = vscode.window.createQuickPick<ActionItem>();
  qp.title = `Label ${k} of ${n} · case ${item.caseId} · ${g.type}`;
  qp.placeholder = `Does the output pass?${extra?.criterion ? ` Criterion: ${oneLine(extra.criterion, 160)}` : ''}`;
  qp.ignoreFocusOut = true;
  qp.matchOnDetail = false;
  qp.items = [
    { label: '$(symbol-variable) Input', description: 'select to show input and output in full beside', detail: oneLine(item.input ?? '(unknown)', 400), action: 'show' },
    { label: '$(output) Output', description: 'select to show input and output in full beside', detail: item.output === '' ? '(empty)' : oneLine(item.output, 400), action: 'show' },
    { label: 'Your verdict', kind: vscode.QuickPickItemKind.Separator },
    { label: '$(pass) Pass', description: 'the output is acceptable', action: 'pass' },
    { label: '$(error) Fail', description: 'the output is not acceptable', action: 'fail' },
    { label: '$(debug-step-over) Skip', description: 'leave it unlabelled for now', action: 'skip' },
    { label: '$(debug-stop) Stop', description: 'keep the labels so far and show the agreement', action: 'stop' },
  ];
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: Exclude<Action, 'show'>) => {
      if (done) return;
      done = true;
      resolve(a);
      qp.dispose();
    };
    qp.onDidAccept(() => {
      const a = qp.selectedItems[0]?.action;
      if (a === 'show') {
        show();
        qp.value = '';
        return;
      }
      if (a) finish(a);
    });
    qp.onDidHide(() => finish('stop'));
    qp.show();
  });
}

export async function calibrateJudge(ctx: Ctx, previews: LabellingPreviews, arg?: unknown): Promise<string | undefined> {
  const title = 'Calibrate Judge';
  const sr = await pickSuiteRun(ctx, arg, title);
  if (!sr) return undefined;
  const { groups } = await loadGroups(ctx, sr);
  const g = await pickGroup(groups, sr, title);
  if (!g) return undefined;
  const existing = await usableLabels(g.labelsPath);
  if (!existing) return undefined;
  if (g.inconsistent > 0) ctx.log.warn(`Judge calibration: in run ${sr.run.id} the ${g.type} judge graded ${g.inconsistent} repeated output(s) differently; the first verdict counts.`);

  const labelled = new Set(existing.map((l) => l.id));
  const unlabelledNow = g.candidates.filter((c) => !labelled.has(c.id)).length;
  const nText = await vscode.window.showInputBox({
    title: `${title}: ${g.type} in ${rel(sr.suitePath)}`,
    prompt: `How many of the ${g.candidates.length} graded outputs to sample for labelling? (${g.candidates.length - unlabelledNow} already labelled; the same sample comes back for this run, labelled ones are skipped)`,
    value: String(Math.min(20, g.candidates.length)),
    ignoreFocusOut: true,
    validateInput: (v) => (/^\s*[1-9]\d*\s*$/.test(v) ? undefined : 'Enter a whole number ≥ 1'),
  });
  if (nText === undefined) return undefined;
  const sample = sampleForLabelling(g.candidates, Number(nText.trim()), sr.run.id);
  const todo = sample.filter((i) => !labelled.has(i.id));
  ctx.log.info(`Judge calibration: ${g.type} in ${rel(sr.suitePath)}, run ${sr.run.id}: sampled ${sample.length} of ${g.candidates.length}, ${todo.length} to label → ${g.labelsPath}`);

  const preview = vscode.Uri.from({ scheme: SCHEME, path: `/Labelling ${g.type}.md` });
  let previewOpen = false;
  const showPreview = () => {
    previewOpen = true;
    void vscode.workspace.openTextDocument(preview)
      .then((d) => vscode.window.showTextDocument(d, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: true }));
  };
  let added = 0;
  try {
    for (const [i, item] of todo.entries()) {
      previews.set(preview, previewText(item, g, i + 1, todo.length));
      if (!previewOpen && (isLong(item.output) || isLong(item.input ?? ''))) showPreview();
      const action = await askLabel(item, g, i + 1, todo.length, showPreview);
      if (action === 'stop') break;
      if (action === 'skip') continue;
      if (vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'file' && d.uri.fsPath === g.labelsPath && d.isDirty)) {
        void vscode.window.showWarningMessage(`Tracemine: ${rel(g.labelsPath)} has unsaved changes; labelling stopped. Save or revert it, then run Calibrate Judge again.`);
        break;
      }
      const label: Label = { id: item.id, caseId: item.caseId, runId: sr.run.id, output: item.output, label: action, labelledAt: new Date().toISOString() };
      await mergeLabels(g.labelsPath, [label]);
      added++;
    }
  } finally {
    if (previewOpen) await previews.close(preview);
  }
  if (added > 0) ctx.log.info(`Judge calibration: ${added} label(s) written to ${g.labelsPath}`);
  if (todo.length === 0) void vscode.window.showInformationMessage(`Tracemine: all ${sample.length} sampled outputs are labelled already. Ask for a larger sample to label more.`);
  if (existing.length + added === 0) return undefined;
  return showAgreement(ctx, sr, g);
}

// ---------------------------------------------------------------------------------------------
// Agreement

export interface AgreementArgs {
  /** Absolute path of the suite file. */
  readonly suitePath?: string;
  readonly runId?: string;
  readonly type?: string;
  readonly rubricPrompt?: string;
}

export async function showJudgeAgreement(ctx: Ctx, arg?: unknown): Promise<string | undefined> {
  const title = 'Judge Agreement';
  let sr: SuiteRun | undefined;
  const a = !(arg instanceof vscode.Uri) && typeof arg === 'object' && arg !== null ? (arg as AgreementArgs) : undefined;
  if (a?.suitePath && a.runId) {
    const run = await ctx.database.read((db) => db.getEvalRun(a.runId!));
    if (!run) throw new Error(`There is no stored eval run ${a.runId}.`);
    sr = { suitePath: a.suitePath, run };
  } else sr = await pickSuiteRun(ctx, a?.suitePath ? vscode.Uri.file(a.suitePath) : arg, title);
  if (!sr) return undefined;
  const { groups } = await loadGroups(ctx, sr);
  const g = await pickGroup(groups, sr, title, a);
  if (!g) return undefined;
  return showAgreement(ctx, sr, g);
}

async function showAgreement(ctx: Ctx, sr: SuiteRun, g: JudgeGroup): Promise<string | undefined> {
  const labels = await usableLabels(g.labelsPath);
  if (!labels) return undefined;
  if (labels.length === 0) {
    const go = 'Calibrate Judge…';
    void vscode.window.showInformationMessage(`Tracemine: no labels yet in ${rel(g.labelsPath)}.`, go).then((c) => {
      if (c === go) void vscode.commands.executeCommand('tracemine.calibrateJudge', vscode.Uri.file(sr.suitePath));
    });
    return undefined;
  }
  const verdicts = new Map(g.candidates.map((c) => [c.id, c.judgeVerdict]));
  const outputs = new Map<string, string>(g.candidates.map((c) => [c.id, c.output]));
  for (const l of labels) if (l.output !== undefined && !outputs.has(l.id)) outputs.set(l.id, l.output);
  const result = calibrate(labels, verdicts);
  const md = agreementMarkdown(result, {
    assertionType: g.type,
    suite: rel(sr.suitePath),
    run: { id: sr.run.id, startedAt: sr.run.startedAt },
    ...(g.rubricPromptPath ? { judgePrompt: rel(g.rubricPromptPath) } : {}),
    labelsFile: rel(g.labelsPath),
    outputs,
  });
  ctx.log.info(`Judge agreement: ${g.type} in ${rel(sr.suitePath)}, run ${sr.run.id}: n=${result.n}, kappa=${Number.isNaN(result.kappa) ? 'n/a' : result.kappa.toFixed(3)}, ${result.disagreements.length} disagreement(s), ${result.unjudged} label(s) without a verdict in this run`);
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: md });
  await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
  return md;
}
