/** "Tracemine: Show Data-Quality Report": the stored report of an import, as a Markdown preview. */
import * as vscode from 'vscode';
import { qualityReportMarkdown } from '../../core';
import type { Ctx } from '../context';
import { resolveLogId } from './logs';

export function showQualityReportCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const id = await resolveLogId(ctx, arg, 'Data-quality report of which event log?');
    if (id === undefined) return undefined;
    const found = await ctx.database.read((db) => ({ log: db.getLog(id), report: db.getQualityReport(id) }));
    if (!found.log || !found.report) throw new Error('This event log has no data-quality report.');
    const content = qualityReportMarkdown(found.log.name, found.report);
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
    await vscode.commands.executeCommand('markdown.showPreview', doc.uri);
    return content;
  };
}
