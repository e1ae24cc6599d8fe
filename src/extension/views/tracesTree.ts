/**
 * The "Agent Traces" tree: imported trace files, each with its traces (steps, cost, outcome).
 * Reads the database only when the view is shown; VS Code's type-to-filter searches the labels.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TraceSummary } from '../../core';
import type { Ctx } from '../context';

const usd = (v: number | undefined) => (v === undefined ? 'cost unknown' : `$${v < 0.01 ? v.toFixed(4) : v.toFixed(2)}`);

export class TraceFileItem extends vscode.TreeItem {
  constructor(readonly sourcePath: string, readonly traces: readonly TraceSummary[]) {
    super(path.basename(sourcePath), vscode.TreeItemCollapsibleState.Collapsed);
    this.id = `traces:${sourcePath}`;
    this.contextValue = 'tracemine.traceFile';
    this.iconPath = new vscode.ThemeIcon('file-code');
    const errors = traces.filter((t) => t.errors > 0).length;
    this.description = `${traces.length} trace${traces.length === 1 ? '' : 's'}${errors ? ` · ${errors} with errors` : ''}`;
    this.tooltip = `${sourcePath}\n${traces[0]?.format ?? ''}`;
  }
}

export class TraceItem extends vscode.TreeItem {
  constructor(readonly trace: TraceSummary) {
    super(trace.name, vscode.TreeItemCollapsibleState.None);
    this.id = `trace:${trace.id}`;
    this.contextValue = 'tracemine.trace';
    this.iconPath = new vscode.ThemeIcon(trace.errors > 0 ? 'error' : 'pulse');
    const parts = [`${trace.spans} steps`, `${trace.toolCalls} tools`, usd(trace.costUsd)];
    const reward = trace.attributes.reward;
    if (typeof reward === 'number') parts.push(`reward ${reward}`);
    this.description = parts.join(' · ');
    const md = new vscode.MarkdownString(undefined, false);
    md.appendText(`${trace.name}\n`);
    md.appendText(`${trace.spans} steps, ${trace.llmCalls} LLM calls, ${trace.toolCalls} tool calls, ${trace.errors} errors\n`);
    if (trace.models.length) md.appendText(`models: ${trace.models.join(', ')}\n`);
    if (trace.tools.length) md.appendText(`tools: ${trace.tools.join(', ')}\n`);
    this.tooltip = md;
    this.command = { command: 'tracemine.openTrace', title: 'Open Trace', arguments: [this] };
  }
}

type Item = TraceFileItem | TraceItem;

export class TracesTreeProvider implements vscode.TreeDataProvider<Item>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly sub: vscode.Disposable;

  constructor(private readonly ctx: Ctx) {
    this.sub = ctx.database.onDidChange(() => this.changed.fire());
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: Item): Item {
    return item;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (item instanceof TraceFileItem) return item.traces.map((t) => new TraceItem(t));
    if (item || !this.ctx.database.file) return [];
    try {
      const traces = await this.ctx.database.read((db) => db.listTraces());
      const byFile = new Map<string, TraceSummary[]>();
      for (const t of traces) byFile.set(t.sourcePath, [...(byFile.get(t.sourcePath) ?? []), t]);
      return [...byFile.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([file, ts]) => new TraceFileItem(file, ts));
    } catch (err) {
      this.ctx.log.error(`Could not read traces: ${err instanceof Error ? err.message : String(err)}`);
      return [];
    }
  }

  dispose(): void {
    this.sub.dispose();
    this.changed.dispose();
  }
}
