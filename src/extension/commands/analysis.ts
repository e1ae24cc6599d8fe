/**
 * Analysis files: "Save Analysis…" writes the open map's log, filters, sliders and view to a
 * `*.tracemine.json` file; "Open Analysis" re-opens one — importing its log first when this
 * workspace's database does not have it yet — so a colleague sees the same map.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ANALYSIS_FILE_SUFFIX, parseAnalysis, relativeLogSource, resolveLogSource, serializeAnalysis } from '../../core';
import type { ProcessMapState } from '../../protocol/processMap';
import type { Ctx } from '../context';
import { ProcessMapPanel } from '../panels/processMapPanel';

export function saveAnalysisCommand(ctx: Ctx) {
  return async (logId?: number, state?: ProcessMapState): Promise<vscode.Uri | undefined> => {
    if (typeof logId !== 'number' || !state) {
      void vscode.window.showInformationMessage('Tracemine: use "Save analysis…" in a process map\'s toolbar.');
      return undefined;
    }
    const log = await ctx.database.read((db) => db.getLog(logId));
    if (!log) throw new Error('This event log is no longer in the database.');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      title: 'Save analysis',
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${log.name.replace(/[^\w.-]+/g, '_')}${ANALYSIS_FILE_SUFFIX}`) : undefined,
      filters: { 'Tracemine analysis': ['tracemine.json', 'json'] },
    });
    if (!target) return undefined;
    const file = target.fsPath.endsWith(ANALYSIS_FILE_SUFFIX) ? target.fsPath : `${target.fsPath.replace(/\.json$/, '')}${ANALYSIS_FILE_SUFFIX}`;
    const text = serializeAnalysis({
      version: 1,
      log: { source: relativeLogSource(file, log.sourcePath), name: log.name },
      view: state.view, activityPercent: state.activityPercent, pathPercent: state.pathPercent, filters: state.filters,
      ...(state.classifier ? { classifier: state.classifier } : {}),
    });
    // Atomic: a reader (or git) never sees half a file.
    const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, file);
    ctx.log.info(`Saved the analysis of ${log.name} to ${file}`);
    void vscode.window.showInformationMessage(`Tracemine: analysis saved to ${vscode.workspace.asRelativePath(file)}.`);
    return vscode.Uri.file(file);
  };
}

export function openAnalysisCommand(ctx: Ctx) {
  return async (uri?: vscode.Uri): Promise<number | undefined> => {
    const target = uri instanceof vscode.Uri ? uri : await pickAnalysisFile();
    if (!target) return undefined;
    const file = target.fsPath;
    const analysis = parseAnalysis(await readFile(file, 'utf8'), file);
    const source = resolveLogSource(file, analysis.log.source);
    const same = (a: string) => path.resolve(a) === source;
    let log = (await ctx.database.read((db) => db.listLogs())).find((l) => same(l.sourcePath));
    if (!log) {
      const choice = await vscode.window.showInformationMessage(
        `The analysis uses ${analysis.log.source}, which is not imported in this workspace yet. Import it now?`, 'Import', 'Cancel');
      if (choice !== 'Import') return undefined;
      const result = await vscode.commands.executeCommand<{ log: { id: number } } | undefined>('tracemine.importLog', vscode.Uri.file(source), { openMap: false });
      if (!result) return undefined;
      log = await ctx.database.read((db) => db.getLog(result.log.id));
      if (!log) return undefined;
    }
    await ProcessMapPanel.show(ctx, log.id, {
      view: analysis.view, activityPercent: analysis.activityPercent, pathPercent: analysis.pathPercent, filters: analysis.filters,
      ...(analysis.classifier ? { classifier: analysis.classifier } : {}),
    });
    return log.id;
  };
}

async function pickAnalysisFile(): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active?.fsPath.endsWith(ANALYSIS_FILE_SUFFIX)) return active;
  const files = await vscode.workspace.findFiles(`**/*${ANALYSIS_FILE_SUFFIX}`, '**/node_modules/**', 200);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Tracemine: no analysis files (*.tracemine.json) in this workspace. Save one from a process map.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(files.map((f) => ({ label: path.basename(f.fsPath), description: vscode.workspace.asRelativePath(f), uri: f })), { title: 'Open Analysis' });
  return picked?.uri;
}
