/**
 * The "Event Logs" tree in the Tracemine view container: one item per imported log with its size.
 * It reads the database only when the view is shown.
 */
import * as vscode from 'vscode';
import type { LogSummary } from '../../core';
import type { Ctx } from '../context';

export class LogItem extends vscode.TreeItem {
  constructor(readonly log: LogSummary) {
    super(log.name, vscode.TreeItemCollapsibleState.None);
    this.id = `log:${log.id}`;
    this.contextValue = 'tracemine.log';
    this.iconPath = new vscode.ThemeIcon('type-hierarchy');
    this.description = `${log.cases.toLocaleString('en-US')} cases · ${log.events.toLocaleString('en-US')} events`;
    const md = new vscode.MarkdownString(undefined, false);
    md.appendMarkdown(`**${escapeMd(log.name)}** (${log.format.toUpperCase()})\n\n`);
    md.appendMarkdown(`- ${log.cases} cases, ${log.events} events, ${log.activities} activities\n`);
    md.appendMarkdown(log.hasTimestamps ? `- ${log.firstTimestamp ?? '?'} → ${log.lastTimestamp ?? '?'}\n` : '- no timestamps (file order)\n');
    md.appendMarkdown(`- from \`${log.sourcePath.replace(/`/g, "'")}\`\n- imported ${log.importedAt}`);
    this.tooltip = md;
    this.command = { command: 'tracemine.openProcessMap', title: 'Open Process Map', arguments: [this] };
  }
}

export class LogsTreeProvider implements vscode.TreeDataProvider<LogItem>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly ctx: Ctx) {
    this.sub = ctx.database.onDidChange(() => this.refresh());
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: LogItem): LogItem {
    return item;
  }

  async getChildren(): Promise<LogItem[]> {
    if (!this.ctx.database.file) return [];
    try {
      const logs = await this.ctx.database.read((db) => db.listLogs());
      return logs.map((l) => new LogItem(l));
    } catch (err) {
      this.ctx.log.error(`Could not read the workspace database: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
