/**
 * "Tracemine: Import Event Log…": pick an event-log file (from the explorer, the workspace, or a
 * file dialog), confirm a CSV's column mapping, import it with progress and cancellation, report
 * data quality, and open its process map.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeSchemaChanges, detectCsvMapping, diffSchemas, formatQualitySummary, importEventLog, type CsvMapping, type ImportResult } from '../../core';
import type { Ctx } from '../context';
import { ProcessMapPanel } from '../panels/processMapPanel';
import { withCancellableProgress } from '../progress';
import { previousImport } from './qualityReport';

const LOG_GLOB = '**/*.{xes,xes.gz,csv,csv.gz,tsv}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.tracemine/**,**/.git/**}';

export function importLogCommand(ctx: Ctx) {
  return async (uri?: vscode.Uri, options?: { openMap?: boolean }): Promise<ImportResult | undefined> => {
    const file = uri instanceof vscode.Uri ? uri : await pickLogFile();
    if (!file) return undefined;
    const filePath = file.fsPath;
    const name = path.basename(filePath);
    let csv: CsvMapping | undefined;
    if (/\.(csv|tsv)(\.gz)?$/i.test(filePath)) {
      csv = await confirmCsvMapping(ctx, filePath);
      if (!csv) return undefined;
    }
    const result = await withCancellableProgress(`Importing ${name}`, (progress, signal) =>
      ctx.database.write((db) => importEventLog(db, filePath, { csv, progress, signal, save: false })),
    );
    if (!result) {
      ctx.log.info(`Import of ${name} cancelled; the database is unchanged`);
      return undefined;
    }
    const { log, quality } = result;
    ctx.log.info(`Imported ${log.name}: ${log.cases} cases, ${log.events} events, ${log.activities} activities`);
    for (const line of formatQualitySummary(quality)) ctx.log.info(`  ${line}`);
    // A source imported before: say what changed in its schema (a renamed column, an emptied field).
    const before = await ctx.database.read((db) => {
      const prev = previousImport(db, log);
      return prev && db.getQualityReport(prev.id);
    });
    const changes = before ? describeSchemaChanges(diffSchemas(before, quality)) : [];
    for (const c of changes) ctx.log.warn(`Schema change in ${log.name}: ${c}`);
    const text = `Imported ${log.name}: ${log.cases.toLocaleString('en-US')} cases, ${log.events.toLocaleString('en-US')} events.`;
    const notes = [
      ...(changes.length ? [`Schema changed since the last import: ${changes[0]}${changes.length > 1 ? ` (+${changes.length - 1} more)` : ''}.`] : []),
      ...(quality.warnings.length ? [`Data quality: ${quality.warnings.length} warning(s): ${quality.warnings[0]}`] : []),
    ];
    if (notes.length > 0) {
      void vscode.window.showWarningMessage(`${text} ${notes.join(' ')}`, 'Show Report').then((c) => {
        if (c) void vscode.commands.executeCommand('tracemine.showQualityReport', log.id);
      });
    } else {
      void vscode.window.showInformationMessage(text);
    }
    if (options?.openMap !== false) await ProcessMapPanel.show(ctx, log.id);
    return result;
  };
}

async function pickLogFile(): Promise<vscode.Uri | undefined> {
  type Item = vscode.QuickPickItem & { uri?: vscode.Uri };
  const files = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles(LOG_GLOB, EXCLUDE_GLOB, 500) : [];
  files.sort((a, b) => a.fsPath.localeCompare(b.fsPath));
  const items: Item[] = files.map((uri) => ({
    label: path.basename(uri.fsPath),
    description: path.dirname(vscode.workspace.asRelativePath(uri, false)).replace(/^\.$/, ''),
    uri,
  }));
  items.push({ label: 'Browse…', description: 'choose a file outside the workspace', alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Import Event Log',
    placeHolder: files.length ? 'Pick an event log (XES, CSV, TSV) to import' : 'No event logs found in the workspace',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Import',
    filters: { 'Event logs': ['xes', 'gz', 'csv', 'tsv'] },
  });
  return chosen?.[0];
}

async function confirmCsvMapping(ctx: Ctx, filePath: string): Promise<CsvMapping | undefined> {
  const key = `csvMapping:${filePath}`;
  const detected = await detectCsvMapping(filePath);
  const remembered = ctx.extension.workspaceState.get<CsvMapping>(key);
  let mapping: CsvMapping = remembered && detected.columns.includes(remembered.caseColumn) ? remembered : detected.mapping;
  for (;;) {
    const guess = (role: keyof typeof detected.detected, col: string | undefined) =>
      col === undefined ? '(none)' : mapping === detected.mapping && !detected.detected[role] ? `${col} (guessed: check it)` : col;
    const summary = `case = ${guess('case', mapping.caseColumn)} · activity = ${guess('activity', mapping.activityColumn)} · timestamp = ${guess('timestamp', mapping.timestampColumn)}${mapping.resourceColumn ? ` · resource = ${mapping.resourceColumn}` : ''}`;
    const choice = await vscode.window.showQuickPick(
      [
        { label: 'Import with this mapping', description: summary, action: 'ok' as const },
        { label: 'Change the case column…', action: 'caseColumn' as const },
        { label: 'Change the activity column…', action: 'activityColumn' as const },
        { label: 'Change the timestamp column…', action: 'timestampColumn' as const },
        { label: 'Change the resource column…', action: 'resourceColumn' as const },
      ],
      { title: `Columns of ${path.basename(filePath)}`, placeHolder: summary },
    );
    if (!choice) return undefined;
    if (choice.action === 'ok') break;
    const optional = choice.action === 'timestampColumn' || choice.action === 'resourceColumn';
    const columns = detected.columns.map((c) => ({ label: c }));
    const col = await vscode.window.showQuickPick(optional ? [{ label: '(none)' }, ...columns] : columns, { title: choice.label.replace('…', '') });
    if (!col) continue;
    mapping = { ...mapping, [choice.action]: col.label === '(none)' ? undefined : col.label };
  }
  await ctx.extension.workspaceState.update(key, mapping);
  return mapping;
}
