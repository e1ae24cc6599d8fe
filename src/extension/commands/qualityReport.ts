/** "Tracemine: Show Data-Quality Report": the stored report of an import, as a Markdown preview. */
import * as vscode from 'vscode';
import { diffSchemas, previousImportOf, qualityReportMarkdown } from '../../core';
import type { Ctx } from '../context';
import { resolveLogId } from './logs';

export function showQualityReportCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const id = await resolveLogId(ctx, arg, 'Data-quality report of which event log?');
    if (id === undefined) return undefined;
    const found = await ctx.database.read((db) => {
      const log = db.getLog(id);
      const previous = log && previousImportOf(db.listLogs(), log);
      return { log, report: db.getQualityReport(id), previous: previous && db.getQualityReport(previous.id) };
    });
    if (!found.log || !found.report) throw new Error('This event log has no data-quality report.');
    const changes = found.previous ? diffSchemas(found.previous, found.report) : undefined;
    const content = qualityReportMarkdown(found.log.name, found.report, changes);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    return content;
  };
}

