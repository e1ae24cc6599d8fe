/**
 * Agent-trace commands: import a trace file (OTLP JSON, OpenTelemetry SDK JSON, Langfuse export,
 * OpenAI chat transcripts, Tracemine JSONL), open a trace in the reviewer, open the agents' paths
 * as a process map, delete a file's traces.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkTrace, outcomeByPath, outcomeMarkdown, tracesToEventLog, type Trace, type TraceSummary, type Violation } from '../../core';
import type { Ctx } from '../context';
import { ProcessMapPanel } from '../panels/processMapPanel';
import { TraceReviewPanel } from '../panels/traceReviewPanel';
import { withCancellableProgress } from '../progress';
import { TraceFileItem, TraceItem } from '../views/tracesTree';

const TRACE_GLOB = '**/*.{json,jsonl,ndjson,json.gz,jsonl.gz}';
const EXCLUDE = '{**/node_modules/**,**/.tracemine/**,**/.git/**,**/package.json,**/package-lock.json,**/tsconfig*.json,**/*.tracemine.json,**/.vscode/**}';

export function importTracesCommand(ctx: Ctx) {
  return async (uri?: vscode.Uri): Promise<readonly TraceSummary[] | undefined> => {
    const file = uri instanceof vscode.Uri ? uri : await pickTraceFile();
    if (!file) return undefined;
    const name = path.basename(file.fsPath);
    const pricing = ctx.config.pricingOverrides;
    const check = await ctx.traceChecks.checker();
    const result = await withCancellableProgress(`Importing traces from ${name}`, (progress, signal) =>
      ctx.database.write((db) => db.importTraces(file.fsPath, { pricing, progress, signal, check })),
    );
    if (!result) {
      ctx.log.info(`Import of ${name} cancelled; the database is unchanged`);
      return undefined;
    }
    const { traces, spans } = result;
    ctx.log.info(`Imported ${traces.length} traces (${spans} spans) from ${name}`);
    await ctx.traceChecks.publishViolations();
    void vscode.window.showInformationMessage(`Imported ${traces.length} trace${traces.length === 1 ? '' : 's'} (${spans.toLocaleString('en-US')} steps) from ${name}.`);
    const first = traces[0];
    if (first) await TraceReviewPanel.show(ctx, first.id);
    return traces;
  };
}

async function pickTraceFile(): Promise<vscode.Uri | undefined> {
  const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(TRACE_GLOB, EXCLUDE, 500) : [];
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = files.map((uri) => ({
    label: path.basename(uri.fsPath), description: path.dirname(vscode.workspace.asRelativePath(uri, false)).replace(/^\.$/, ''), uri,
  }));
  items.push({ label: 'Browse…', description: 'choose a file outside the workspace', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Import Agent Traces', placeHolder: 'OTLP JSON, OpenTelemetry span JSON, Langfuse export, chat transcripts, JSONL', matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  return (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: 'Import', filters: { 'Traces': ['json', 'jsonl', 'ndjson', 'gz'] } }))?.[0];
}

async function pickTrace(ctx: Ctx): Promise<number | undefined> {
  const traces = await ctx.database.read((db) => db.listTraces());
  const picked = await vscode.window.showQuickPick(
    traces.map((t) => ({ label: t.name, description: `${t.spans} steps · ${path.basename(t.sourcePath)}`, id: t.id })),
    { title: 'Open Trace', matchOnDescription: true },
  );
  return picked?.id;
}

export function openTraceCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const id = arg instanceof TraceItem ? arg.trace.id : typeof arg === 'number' ? arg : await pickTrace(ctx);
    if (id !== undefined) await TraceReviewPanel.show(ctx, id);
  };
}

async function pickTraceFileItem(ctx: Ctx, arg: unknown): Promise<string | undefined> {
  if (arg instanceof TraceFileItem) return arg.sourcePath;
  if (arg instanceof TraceItem) return arg.trace.sourcePath;
  const files = [...new Set((await ctx.database.read((db) => db.listTraces())).map((t) => t.sourcePath))];
  if (files.length <= 1) return files[0];
  return (await vscode.window.showQuickPick(files.map((f) => ({ label: path.basename(f), description: f })), { title: 'Which trace file?' }))?.description;
}

export function openAgentProcessMapCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<number | undefined> => {
    const sourcePath = await pickTraceFileItem(ctx, arg);
    if (!sourcePath) return undefined;
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Tool and model calls', description: 'activity = tool name, or "LLM: <model>"', activity: 'tool' as const },
        { label: 'Span names', description: 'activity = the span\'s name', activity: 'name' as const },
        { label: 'Agents', description: 'activity = agent name', activity: 'agent' as const },
        { label: 'Operation kinds', description: 'activity = agent, llm, tool, retriever…', activity: 'kind' as const },
      ],
      { title: `Agent paths of ${path.basename(sourcePath)} as a process`, placeHolder: 'What is an activity?' },
    );
    if (!choice) return undefined;
    const logId = await withCancellableProgress(`Converting ${path.basename(sourcePath)} to an event log`, () =>
      ctx.database.write((db) => tracesToEventLog(db, sourcePath, { activity: choice.activity })),
    );
    if (logId === undefined) return undefined;
    await ProcessMapPanel.show(ctx, logId);
    return logId;
  };
}

export function deleteTracesCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const sourcePath = await pickTraceFileItem(ctx, arg);
    if (!sourcePath) return;
    const ok = await vscode.window.showWarningMessage(`Delete the traces imported from ${path.basename(sourcePath)}? The file itself is not touched.`, { modal: true }, 'Delete');
    if (ok !== 'Delete') return;
    await ctx.database.write((db) => db.deleteTraces(sourcePath));
    ctx.log.info(`Deleted the traces of ${sourcePath}`);
  };
}

/** "Does the path predict the outcome?": success rate with and without violations, and per agent path, as a Markdown preview. */
export function showOutcomeByPathCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const sourcePath = await pickTraceFileItem(ctx, arg);
    if (!sourcePath) return undefined;
    const { policy } = await ctx.traceChecks.loadOptions();
    if (!policy) {
      void vscode.window.showInformationMessage('Tracemine: no trace policy in this workspace (.tracemine/policy.yaml or *.policy.yaml; docs/trace-policy.md).');
      return undefined;
    }
    const content = await withCancellableProgress(`Outcome by path of ${path.basename(sourcePath)}`, async (_p, signal) => {
      const traces = await ctx.database.read((db) => db.listTraces({ sourcePath }).map((t) => db.fullTrace(t.id)).filter((t): t is Trace => t !== undefined));
      if (signal.aborted) return undefined;
      const byTrace = new Map<string, Violation[]>(traces.map((t) => [t.traceId, checkTrace(t, policy)]));
      const o = outcomeByPath(traces, byTrace, { minSeverity: 'error', kinds: ['tool'] });
      return outcomeMarkdown(o, { title: path.basename(sourcePath), outcomeAttribute: 'reward', successThreshold: 1, minSeverity: 'error' });
    });
    if (!content) return undefined;
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    return content;
  };
}
