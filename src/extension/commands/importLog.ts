/**
 * "Tracemine: Import Event Log…": pick an event-log file (from the explorer, the workspace, or a
 * file dialog), confirm a CSV's columns or a JSON Lines file's fields, or pick an OCEL log's object
 * types (one log per type); import with progress and cancellation, report data quality and schema
 * changes, and open the process map.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  describeSchemaChanges, detectCsvMapping, previousImportOf, detectJsonlMapping, diffSchemas, formatQualitySummary, guessFormat, importEventLog,
  listOcelObjectTypes, type CsvMapping, type ImportOptions, type ImportResult, type JsonlMapping,
} from '../../core';
import type { Ctx } from '../context';
import { ProcessMapPanel } from '../panels/processMapPanel';
import { withCancellableProgress } from '../progress';

const LOG_GLOB = '**/*.{xes,xes.gz,csv,csv.gz,tsv,jsonl,jsonl.gz,ndjson,jsonocel,xmlocel,sqlite}';
const EXCLUDE_GLOB = '{**/node_modules/**,**/.tracemine/**,**/.git/**}';

export function importLogCommand(ctx: Ctx) {
  return async (uri?: vscode.Uri, options?: { openMap?: boolean }): Promise<ImportResult | undefined> => {
    const file = uri instanceof vscode.Uri ? uri : await pickLogFile();
    if (!file) return undefined;
    const filePath = file.fsPath;
    const format = await guessFormat(filePath);
    let runs: ImportOptions[];
    if (format === 'csv') {
      const csv = await confirmCsvMapping(ctx, filePath);
      if (!csv) return undefined;
      runs = [{ csv }];
    } else if (format === 'jsonl') {
      const jsonl = await confirmJsonlMapping(ctx, filePath);
      if (!jsonl) return undefined;
      runs = [{ jsonl }];
    } else if (format === 'ocel') {
      const types = await pickObjectTypes(filePath);
      if (!types) return undefined;
      runs = types.map((ocelObjectType) => ({ ocelObjectType }));
    } else {
      runs = [{}];
    }
    let first: ImportResult | undefined;
    for (const run of runs) {
      const result = await importAndReport(ctx, filePath, run);
      if (!result) return first;
      first ??= result;
    }
    if (first && options?.openMap !== false) await ProcessMapPanel.show(ctx, first.log.id);
    return first;
  };
}

async function importAndReport(ctx: Ctx, filePath: string, run: ImportOptions): Promise<ImportResult | undefined> {
  const label = `${path.basename(filePath)}${run.ocelObjectType ? ` (${run.ocelObjectType})` : ''}`;
  const result = await withCancellableProgress(`Importing ${label}`, (progress, signal) =>
    ctx.database.write((db) => importEventLog(db, filePath, { ...run, progress, signal, save: false })),
  );
  if (!result) {
    ctx.log.info(`Import of ${label} cancelled; the database is unchanged`);
    return undefined;
  }
  const { log, quality } = result;
  ctx.log.info(`Imported ${log.name}: ${log.cases} cases, ${log.events} events, ${log.activities} activities`);
  for (const line of formatQualitySummary(quality)) ctx.log.info(`  ${line}`);
  // A source imported before: say what changed in its schema (a renamed column, an emptied field).
  const before = await ctx.database.read((db) => {
    const prev = previousImportOf(db.listLogs(), log);
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
  return result;
}

async function pickObjectTypes(filePath: string): Promise<string[] | undefined> {
  const types = await withCancellableProgress(`Reading the object types of ${path.basename(filePath)}`, () => listOcelObjectTypes(filePath));
  if (!types) return undefined;
  const usable = types.filter((t) => t.objects > 0);
  if (usable.length === 0) throw new Error(`${path.basename(filePath)} has no objects to build cases from.`);
  const picked = await vscode.window.showQuickPick(
    usable.map((t) => ({ label: t.type, description: `${t.objects.toLocaleString('en-US')} objects · ${t.events.toLocaleString('en-US')} events`, picked: true })),
    { title: `Object types of ${path.basename(filePath)}`, placeHolder: 'One process map per object type: each object becomes a case', canPickMany: true, ignoreFocusOut: true },
  );
  return picked && picked.length > 0 ? picked.map((p) => p.label) : undefined;
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
    placeHolder: files.length ? 'Pick an event log (XES, CSV, TSV, JSON Lines, OCEL 2.0) to import' : 'No event logs found in the workspace',
    matchOnDescription: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Import',
    filters: { 'Event logs': ['xes', 'gz', 'csv', 'tsv', 'jsonl', 'ndjson', 'jsonocel', 'xmlocel', 'sqlite', 'json'] },
  });
  return chosen?.[0];
}

interface Role<M> { readonly key: keyof M & string; readonly label: string; readonly optional: boolean; readonly detected: boolean }

/**
 * Shows the proposed mapping (columns or fields → case, activity, timestamp, resource) in a quick
 * pick until the user accepts it; remembers the accepted mapping per file in workspace state.
 */
async function confirmMapping<M extends object>(
  ctx: Ctx, stateKey: string, title: string, names: readonly string[], proposed: M, roles: readonly Role<M>[],
): Promise<M | undefined> {
  const remembered = ctx.extension.workspaceState.get<M>(stateKey);
  const valid = (m: M) => roles.every((r) => { const v = m[r.key] as unknown; return v === undefined ? r.optional : names.includes(v as string); });
  let mapping: M = remembered && valid(remembered) ? remembered : proposed;
  for (;;) {
    const show = (r: Role<M>) => {
      const v = mapping[r.key] as unknown as string | undefined;
      if (v === undefined) return `${r.label} = (none)`;
      return `${r.label} = ${v}${mapping === proposed && !r.detected ? ' (guessed: check it)' : ''}`;
    };
    const summary = roles.map(show).join(' · ');
    const choice = await vscode.window.showQuickPick(
      [{ label: 'Import with this mapping', description: summary, role: undefined as Role<M> | undefined },
        ...roles.map((r) => ({ label: `Change the ${r.label}…`, role: r as Role<M> | undefined, description: '' }))],
      { title, placeHolder: summary },
    );
    if (!choice) return undefined;
    const role = choice.role;
    if (!role) break;
    const options = names.map((c) => ({ label: c }));
    const col = await vscode.window.showQuickPick(role.optional ? [{ label: '(none)' }, ...options] : options, { title: `The ${role.label}` });
    if (!col) continue;
    mapping = { ...mapping, [role.key]: col.label === '(none)' ? undefined : col.label };
  }
  await ctx.extension.workspaceState.update(stateKey, mapping);
  return mapping;
}

async function confirmCsvMapping(ctx: Ctx, filePath: string): Promise<CsvMapping | undefined> {
  const d = await detectCsvMapping(filePath);
  return confirmMapping<CsvMapping>(ctx, `csvMapping:${filePath}`, `Columns of ${path.basename(filePath)}`, d.columns, d.mapping, [
    { key: 'caseColumn', label: 'case column', optional: false, detected: d.detected.case },
    { key: 'activityColumn', label: 'activity column', optional: false, detected: d.detected.activity },
    { key: 'timestampColumn', label: 'timestamp column', optional: true, detected: d.detected.timestamp },
    { key: 'resourceColumn', label: 'resource column', optional: true, detected: d.detected.resource },
  ]);
}

async function confirmJsonlMapping(ctx: Ctx, filePath: string): Promise<JsonlMapping | undefined> {
  const d = await detectJsonlMapping(filePath);
  return confirmMapping<JsonlMapping>(ctx, `jsonlMapping:${filePath}`, `Fields of ${path.basename(filePath)}`, d.fields, d.mapping, [
    { key: 'caseField', label: 'case field', optional: false, detected: d.detected.case },
    { key: 'activityField', label: 'activity field', optional: false, detected: d.detected.activity },
    { key: 'timestampField', label: 'timestamp field', optional: true, detected: d.detected.timestamp },
    { key: 'resourceField', label: 'resource field', optional: true, detected: d.detected.resource },
  ]);
}
