/** "Tracemine: Show Data-Quality Report": the stored report of an import, as a Markdown preview. */
import * as vscode from 'vscode';
import { diffSchemas, qualityReportMarkdown, type LogSummary, type TracemineDb } from '../../core';
import type { Ctx } from '../context';
import { resolveLogId } from './logs';

export function showQualityReportCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const id = await resolveLogId(ctx, arg, 'Data-quality report of which event log?');
    if (id === undefined) return undefined;
    const found = await ctx.database.read((db) => {
      const log = db.getLog(id);
      const previous = log && previousImport(db, log);
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

/** The latest earlier import of the same source as the same log (for OCEL: the same object type,
 * which is part of the log's name), if any. */
export function previousImport(db: TracemineDb, log: LogSummary): LogSummary | undefined {
  return db.listLogs()
    .filter((l) => l.sourcePath === log.sourcePath && l.name === log.name && l.format === log.format && l.id !== log.id && l.importedAt <= log.importedAt)
    .sort((a, b) => (a.importedAt < b.importedAt ? 1 : -1) || b.id - a.id)[0];
}
