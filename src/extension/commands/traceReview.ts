/**
 * Reviewer commands on the trace list: filter it (time, status, model, tool, agent, cost,
 * latency, verdict, check results), search text across all traces, export annotations as JSON
 * Lines, and add a trace to an eval dataset.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { annotationsToJsonl, writeFileAtomic, type TraceFilter } from '../../core';
import type { Ctx } from '../context';
import { addTraceToDataset } from '../evalDatasets';
import { TraceItem, type TracesTreeProvider } from '../views/tracesTree';

type FilterKey = 'status' | 'model' | 'tool' | 'agent' | 'cost' | 'latency' | 'time' | 'verdict' | 'checks' | 'rule' | 'text' | 'clear';

async function pickName(title: string, names: readonly string[]): Promise<string | undefined> {
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`Tracemine: no ${title.toLowerCase()} in the imported traces.`);
    return undefined;
  }
  return (await vscode.window.showQuickPick([...names].sort(), { title: `Traces using ${title}` }));
}

function parseNumber(v: string): number | undefined {
  const t = v.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) && n >= 0 ? n : NaN;
}

async function askRange(title: string, unit: string, scale: number): Promise<{ min?: number; max?: number } | undefined> {
  const v = await vscode.window.showInputBox({
    title, prompt: `min-max in ${unit}, e.g. "0.01-0.5", "-2" (at most 2) or "1-" (at least 1)`,
    validateInput: (s) => {
      const m = /^\s*([^-]*)-([^-]*)\s*$/.exec(s);
      if (!m) return 'write min-max (either side may be empty)';
      const [a, b] = [parseNumber(m[1]!), parseNumber(m[2]!)];
      if (Number.isNaN(a) || Number.isNaN(b)) return 'numbers ≥ 0 only';
      if (a === undefined && b === undefined) return 'give a minimum, a maximum or both';
      return undefined;
    },
  });
  if (v === undefined) return undefined;
  const m = /^\s*([^-]*)-([^-]*)\s*$/.exec(v)!;
  const a = parseNumber(m[1]!);
  const b = parseNumber(m[2]!);
  return { ...(a !== undefined ? { min: a * scale } : {}), ...(b !== undefined ? { max: b * scale } : {}) };
}

async function askTime(): Promise<{ from?: number; to?: number } | undefined> {
  const v = await vscode.window.showInputBox({
    title: 'Traces started between', prompt: 'ISO dates or times, "from..to", e.g. 2025-08-01..2025-08-31 or 2025-08-01T10:00..',
    validateInput: (s) => {
      const m = /^\s*([^.]*)\.\.([^.]*)\s*$/.exec(s);
      if (!m) return 'write from..to (either side may be empty)';
      for (const p of [m[1]!, m[2]!]) if (p.trim() && Number.isNaN(Date.parse(p.trim()))) return `"${p.trim()}" is not a date`;
      return undefined;
    },
  });
  if (v === undefined) return undefined;
  const m = /^\s*([^.]*)\.\.([^.]*)\s*$/.exec(v)!;
  const from = m[1]!.trim() ? Date.parse(m[1]!.trim()) : undefined;
  const to = m[2]!.trim() ? Date.parse(m[2]!.trim()) : undefined;
  return { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

/** Adds one condition to the trace list's filter (conditions combine with AND). */
export function filterTracesCommand(ctx: Ctx, tree: TracesTreeProvider) {
  return async (): Promise<TraceFilter | undefined> => {
    const items: (vscode.QuickPickItem & { key: FilterKey })[] = [
      { key: 'text', label: 'Text anywhere in the trace…', description: 'messages, tool arguments and results, step names' },
      { key: 'status', label: 'Status…', description: 'with or without errors' },
      { key: 'checks', label: 'Check results…', description: 'policy violations, injection flags, clean' },
      { key: 'rule', label: 'Policy rule…', description: 'traces that broke one rule' },
      { key: 'verdict', label: 'Review verdict…', description: 'pass, fail, not reviewed' },
      { key: 'model', label: 'Model…' },
      { key: 'tool', label: 'Tool…' },
      { key: 'agent', label: 'Agent…' },
      { key: 'cost', label: 'Cost range…', description: 'USD' },
      { key: 'latency', label: 'Latency range…', description: 'seconds' },
      { key: 'time', label: 'Start time range…' },
      { key: 'clear', label: 'Clear the filter' },
    ];
    const current = tree.filter;
    const picked = await vscode.window.showQuickPick(items, { title: 'Filter Agent Traces', placeHolder: 'Add a condition (conditions combine)' });
    if (!picked) return undefined;
    const all = picked.key === 'model' || picked.key === 'tool' || picked.key === 'agent' || picked.key === 'rule'
      ? await ctx.database.read((db) => ({ traces: db.listTraces(), checks: picked.key === 'rule' ? [...db.checksByTrace().values()].flat() : [] }))
      : undefined;
    const names = (f: (t: NonNullable<typeof all>['traces'][number]) => readonly string[]) => [...new Set(all!.traces.flatMap(f))];
    let next: TraceFilter | undefined;
    switch (picked.key) {
      case 'clear':
        next = {};
        break;
      case 'text': {
        const text = await vscode.window.showInputBox({ title: 'Traces containing', value: current.text ?? '', prompt: 'case-insensitive; searches messages, tool arguments and results, documents, step names' });
        if (text !== undefined) next = { ...current, text: text.trim() || undefined };
        break;
      }
      case 'status': {
        const s = await vscode.window.showQuickPick(['with errors', 'without errors', 'any'], { title: 'Status' });
        if (s) next = { ...current, errorsOnly: s === 'with errors' || undefined, okOnly: s === 'without errors' || undefined };
        break;
      }
      case 'checks': {
        const s = await vscode.window.showQuickPick([
          { label: 'with policy violations', v: 'violations' as const }, { label: 'with injection flags', v: 'injections' as const },
          { label: 'with any finding', v: 'flagged' as const }, { label: 'clean', v: 'clean' as const }, { label: 'any', v: undefined },
        ], { title: 'Check results' });
        if (s) next = { ...current, checks: s.v };
        break;
      }
      case 'rule': {
        const r = await pickName('policy rule', [...new Set(all!.checks.filter((c) => c.kind === 'violation').map((c) => c.ruleId))]);
        if (r) next = { ...current, ruleId: r };
        break;
      }
      case 'verdict': {
        const s = await vscode.window.showQuickPick([
          { label: 'pass', v: 'pass' as const }, { label: 'fail', v: 'fail' as const }, { label: 'not reviewed', v: 'unreviewed' as const }, { label: 'any', v: undefined },
        ], { title: 'Review verdict' });
        if (s) next = { ...current, verdict: s.v };
        break;
      }
      case 'model': case 'tool': case 'agent': {
        const list = names((t) => (picked.key === 'model' ? t.models : picked.key === 'tool' ? t.tools : t.agents));
        const v = await pickName(picked.key, list);
        if (v) next = { ...current, [picked.key]: v };
        break;
      }
      case 'cost': {
        const r = await askRange('Trace cost', 'USD', 1);
        if (r) next = { ...current, minCostUsd: r.min, maxCostUsd: r.max };
        break;
      }
      case 'latency': {
        const r = await askRange('Trace latency', 'seconds', 1000);
        if (r) next = { ...current, minDurationMs: r.min, maxDurationMs: r.max };
        break;
      }
      case 'time': {
        const r = await askTime();
        if (r) next = { ...current, startFrom: r.from, startTo: r.to };
        break;
      }
    }
    if (!next) return undefined;
    const clean = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as TraceFilter;
    tree.setFilter(clean);
    return clean;
  };
}

/** Full-text search across all traces: sets the list's text filter. */
export function searchTracesCommand(ctx: Ctx, tree: TracesTreeProvider) {
  return async (query?: string): Promise<number | undefined> => {
    const text = typeof query === 'string' ? query : await vscode.window.showInputBox({
      title: 'Search Agent Traces', value: tree.filter.text ?? '', prompt: 'Text in messages, tool arguments and results, retrieved documents, step names (case-insensitive)',
    });
    if (text === undefined) return undefined;
    const next = { ...tree.filter, text: text.trim() || undefined };
    tree.setFilter(Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined)) as TraceFilter);
    const n = (await ctx.database.read((db) => db.listTraces(tree.filter))).length;
    ctx.log.info(`Trace search "${text}": ${n} trace(s)`);
    return n;
  };
}

export function exportAnnotationsCommand(ctx: Ctx) {
  return async (target?: vscode.Uri): Promise<string | undefined> => {
    const annotations = await ctx.database.read((db) => db.listAnnotations());
    if (annotations.length === 0) {
      void vscode.window.showInformationMessage('Tracemine: there are no annotations yet. Review a trace first.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target instanceof vscode.Uri ? target : await vscode.window.showSaveDialog({
      title: 'Export Trace Annotations', filters: { 'JSON Lines': ['jsonl'] },
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'annotations.jsonl') } : {}),
    });
    if (!uri) return undefined;
    const rel = (p: string) => (folder ? path.relative(folder.fsPath, p) || p : p);
    const text = annotationsToJsonl(annotations.map((a) => ({ ...a, sourcePath: rel(a.sourcePath) })));
    await writeFileAtomic(uri.fsPath, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`Exported ${annotations.length} annotation${annotations.length === 1 ? '' : 's'} to ${path.basename(uri.fsPath)}.`);
    return uri.fsPath;
  };
}

export function addTraceToEvalDatasetCommand(ctx: Ctx) {
  return async (arg?: unknown): Promise<string | undefined> => {
    const id = arg instanceof TraceItem ? arg.trace.id : typeof arg === 'number' ? arg : undefined;
    if (id === undefined) {
      void vscode.window.showInformationMessage('Tracemine: choose a trace in the Agent Traces view, or use the button in the trace reviewer.');
      return undefined;
    }
    const written = await addTraceToDataset(ctx, id);
    if (written) void vscode.window.showInformationMessage(`Tracemine: ${written.replaced ? 'updated' : 'added'} a test case in ${vscode.workspace.asRelativePath(written.file)}.`);
    return written?.file;
  };
}
