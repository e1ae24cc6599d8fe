/**
 * Extension entry: builds the context, registers the features, and returns. No feature logic
 * here, no file scanning and no network at start-up.
 */
import * as vscode from 'vscode';
import { openAnalysisCommand, saveAnalysisCommand } from './commands/analysis';
import { clearApiKeyCommand, setApiKeyCommand } from './commands/apiKey';
import { importLogCommand } from './commands/importLog';
import { deleteLogCommand, openProcessMapCommand, refreshLogsCommand, showVariantsCommand } from './commands/logs';
import { showQualityReportCommand } from './commands/qualityReport';
import { testConnectionCommand } from './commands/testConnection';
import { Ctx } from './context';
import { ProcessMapPanel } from './panels/processMapPanel';
import { activatePromptLanguage } from './promptLanguage';
import { LogsTreeProvider } from './views/logsTree';
import { TracesTreeProvider } from './views/tracesTree';
import { deleteTracesCommand, importTracesCommand, openAgentProcessMapCommand, openTraceCommand, showOutcomeByPathCommand } from './commands/traces';
import { addTraceToEvalDatasetCommand, exportAnnotationsCommand, filterTracesCommand, searchTracesCommand } from './commands/traceReview';
import { TraceReviewPanel } from './panels/traceReviewPanel';
import { EvalEditor } from './evals/evalEditor';
import { registerEvalCommands, registerJudgePromptCommand } from './evals/evalCommands';
import { registerPlayground } from './evals/playground';
import { registerCalibration } from './evals/calibration';
import { registerCompareCommands } from './evals/compareCommands';
import { PromptHistory } from './evals/promptHistory';

let ctx: Ctx | undefined;

export function activate(context: vscode.ExtensionContext): void {
  ctx = new Ctx(context);
  context.subscriptions.push(ctx);

  const tree = ctx.track(new LogsTreeProvider(ctx));
  ctx.track(vscode.window.createTreeView('tracemine.logs', { treeDataProvider: tree, showCollapseAll: false }));
  ProcessMapPanel.registerSerializer(ctx);
  const traces = ctx.track(new TracesTreeProvider(ctx));
  traces.attach(ctx.track(vscode.window.createTreeView('tracemine.traces', { treeDataProvider: traces, showCollapseAll: true })));
  TraceReviewPanel.registerSerializer(ctx);

  ctx.registerCommand('tracemine.importLog', importLogCommand);
  ctx.registerCommand('tracemine.openProcessMap', openProcessMapCommand);
  ctx.registerCommand('tracemine.showVariants', showVariantsCommand);
  ctx.registerCommand('tracemine.deleteLog', deleteLogCommand);
  ctx.registerCommand('tracemine.showQualityReport', showQualityReportCommand);
  ctx.registerCommand('tracemine.saveAnalysis', saveAnalysisCommand);
  ctx.registerCommand('tracemine.openAnalysis', openAnalysisCommand);
  ctx.registerCommand('tracemine.refreshLogs', () => refreshLogsCommand(tree));
  ctx.registerCommand('tracemine.setApiKey', setApiKeyCommand);
  ctx.registerCommand('tracemine.clearApiKey', clearApiKeyCommand);
  ctx.registerCommand('tracemine.importTraces', importTracesCommand);
  ctx.registerCommand('tracemine.openTrace', openTraceCommand);
  ctx.registerCommand('tracemine.openAgentProcessMap', openAgentProcessMapCommand);
  ctx.registerCommand('tracemine.deleteTraces', deleteTracesCommand);
  ctx.registerCommand('tracemine.refreshTraces', () => () => traces.refresh());
  ctx.registerCommand('tracemine.filterTraces', (c) => filterTracesCommand(c, traces));
  ctx.registerCommand('tracemine.searchTraces', (c) => searchTracesCommand(c, traces));
  ctx.registerCommand('tracemine.clearTraceFilter', () => () => traces.setFilter({}));
  ctx.registerCommand('tracemine.exportAnnotations', exportAnnotationsCommand);
  ctx.registerCommand('tracemine.addTraceToEvalDataset', addTraceToEvalDatasetCommand);
  ctx.registerCommand('tracemine.showOutcomeByPath', showOutcomeByPathCommand);
  ctx.registerCommand('tracemine.recheckTraces', (c) => () => c.traceChecks.recheck());
  ctx.registerCommand('tracemine.testConnection', testConnectionCommand);
  ctx.registerCommand('tracemine.showOutput', (c) => () => c.log.show());

  registerEvalCommands(ctx, ctx.track(new EvalEditor(ctx, ctx.evals)));
  registerPlayground(ctx);
  registerJudgePromptCommand(ctx);
  registerCalibration(ctx);
  const history = ctx.track(new PromptHistory(ctx));
  ctx.track(vscode.window.createTreeView('tracemine.promptHistory', { treeDataProvider: history }));
  ctx.registerCommand('tracemine.refreshPromptHistory', () => () => history.refresh());
  registerCompareCommands(ctx, history);
  activatePromptLanguage(ctx);
  ctx.log.info(`Tracemine ${String(context.extension.packageJSON.version)} activated (${vscode.workspace.isTrusted ? 'trusted' : 'restricted mode'})`);
}

export function deactivate(): void {
  ctx?.dispose();
  ctx = undefined;
}
