/**
 * The "Agent Traces" tree: imported trace files, each with its traces (steps, cost, outcome,
 * check findings, the reviewer's verdict). A filter (time, status, model, tool, agent, cost,
 * latency, verdict, check results, text anywhere in the trace) narrows the list in the database;
 * the view's description says which filter is on. VS Code's type-to-filter searches the labels.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TraceFilter, TraceSummary } from '../../core';
import type { Ctx } from '../context';

/** The filter as the view's description shows it. */
export function describeTraceFilter(f: TraceFilter): string {
  const parts: string[] = [];
  if (f.text) parts.push(`"${f.text}"`);
  if (f.errorsOnly) parts.push('with errors');
  if (f.okOnly) parts.push('without errors');
  if (f.model) parts.push(`model ${f.model}`);
  if (f.tool) parts.push(`tool ${f.tool}`);
  if (f.agent) parts.push(`agent ${f.agent}`);
  if (f.minCostUsd !== undefined) parts.push(`cost ≥ $${f.minCostUsd}`);
  if (f.maxCostUsd !== undefined) parts.push(`cost ≤ $${f.maxCostUsd}`);
  if (f.minDurationMs !== undefined) parts.push(`≥ ${f.minDurationMs / 1000} s`);
  if (f.maxDurationMs !== undefined) parts.push(`≤ ${f.maxDurationMs / 1000} s`);
  if (f.startFrom !== undefined) parts.push(`from ${new Date(f.startFrom).toISOString().slice(0, 16)}`);
  if (f.startTo !== undefined) parts.push(`to ${new Date(f.startTo).toISOString().slice(0, 16)}`);
  if (f.verdict) parts.push(f.verdict === 'unreviewed' ? 'not reviewed' : `reviewed ${f.verdict}`);
  if (f.checks) parts.push({ violations: 'with violations', injections: 'with injection flags', flagged: 'flagged', clean: 'clean' }[f.checks]);
  if (f.ruleId) parts.push(`rule ${f.ruleId}`);
  return parts.join(' · ');
}

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
    if (trace.violations) parts.push(`⚠ ${trace.violations} violation${trace.violations === 1 ? '' : 's'}`);
    if (trace.injections) parts.push(`⚠ ${trace.injections} injection flag${trace.injections === 1 ? '' : 's'}`);
    if (trace.verdict) parts.push(trace.verdict === 'pass' ? '✓ pass' : '✗ fail');
    if (trace.verdict === 'fail' || trace.violations || trace.injections) this.iconPath = new vscode.ThemeIcon('warning');
    if (trace.verdict === 'pass' && !trace.violations && !trace.injections) this.iconPath = new vscode.ThemeIcon('pass');
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
  private filterValue: TraceFilter = {};
  private view: vscode.TreeView<Item> | undefined;

  constructor(private readonly ctx: Ctx) {
    this.sub = ctx.database.onDidChange(() => this.changed.fire());
  }

  attach(view: vscode.TreeView<Item>): void {
    this.view = view;
  }

  get filter(): TraceFilter {
    return this.filterValue;
  }

  setFilter(f: TraceFilter): void {
    this.filterValue = f;
    const d = describeTraceFilter(f);
    if (this.view) this.view.description = d ? `filter: ${d}` : undefined;
    void vscode.commands.executeCommand('setContext', 'tracemine.traceFilterOn', d !== '');
    this.changed.fire();
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
      const traces = await this.ctx.database.read((db) => db.listTraces(this.filterValue));
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
