/** Commands on imported logs: open a process map, delete a log, refresh the tree. */
import * as vscode from 'vscode';
import type { Ctx } from '../context';
import { ProcessMapPanel } from '../panels/processMapPanel';
import type { LogItem, LogsTreeProvider } from '../views/logsTree';

/** Resolves the log a command acts on: the clicked tree item, an id, or a quick pick. */
export async function resolveLogId(ctx: Ctx, arg: unknown, placeHolder: string): Promise<number | undefined> {
  if (typeof arg === 'number') return arg;
  if (arg && typeof arg === 'object' && 'log' in arg) return (arg as LogItem).log.id;
  const logs = await ctx.database.read((db) => db.listLogs());
  if (logs.length === 0) return undefined;
  if (logs.length === 1) return logs[0]!.id;
  const picked = await vscode.window.showQuickPick(
    logs.map((l) => ({ label: l.name, description: `${l.cases} cases · ${l.events} events`, id: l.id })),
    { placeHolder },
  );
  return picked?.id;
}

export function openProcessMapCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const id = await resolveLogId(ctx, arg, 'Which event log?');
    if (id === undefined) {
      const logs = await ctx.database.read((db) => db.listLogs());
      if (logs.length === 0) await vscode.commands.executeCommand('tracemine.importLog');
      return;
    }
    await ProcessMapPanel.show(ctx, id);
  };
}

export function deleteLogCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const id = await resolveLogId(ctx, arg, 'Which event log to delete?');
    if (id === undefined) return;
    const log = await ctx.database.read((db) => db.getLog(id));
    if (!log) return;
    const ok = await vscode.window.showWarningMessage(
      `Delete the event log "${log.name}" from this workspace's database? The source file is not touched.`,
      { modal: true },
      'Delete',
    );
    if (ok !== 'Delete') return;
    ProcessMapPanel.closeFor(id);
    await ctx.database.write((db) => db.deleteLog(id));
    ctx.log.info(`Deleted event log ${log.name}`);
  };
}

export function refreshLogsCommand(tree: LogsTreeProvider) {
  return () => tree.refresh();
}

export function showVariantsCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<void> => {
    const id = await resolveLogId(ctx, arg, 'Variants of which event log?');
    if (id !== undefined) await ProcessMapPanel.show(ctx, id, undefined, 'variants');
  };
}
