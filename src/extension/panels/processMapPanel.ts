/**
 * The process-map panel: one webview per event log, opened beside the editor, restored after a
 * reload from the state the webview saved. It mines on the host (core) and sends plain data to the
 * webview app in `webview/processMap/`.
 */
import { writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { mineProcessMap, type FilteredMining, type LogSummary } from '../../core';
import {
  CASE_LIST_LIMIT, PROCESS_MAP_VIEW_TYPE, VARIANT_LIST_LIMIT, isProcessMapState, parseProcessMapMessage,
  type HostToProcessMap, type LogHeader, type ProcessMapState, type SideTab,
} from '../../protocol/processMap';
import type { Ctx } from '../context';
import { webviewAppHtml, webviewAppOptions } from './webviewApp';
import { withCancellableProgress } from '../progress';


export class ProcessMapPanel implements vscode.Disposable {
  private static readonly open = new Map<number, ProcessMapPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The last mining of the filtered log, reused while only the activity slider moves. */
  private mined: FilteredMining | undefined;
  /** A tab to show once the first data arrived (e.g. "Show Variants"). */
  private pendingTab: SideTab | undefined;
  /** A new map (not restored, not from an analysis file) picks its path slider from its density. */
  private autoPaths = false;

  /** Shows the map of `logId`, revealing its panel when one is already open. */
  /** Shows the map of `logId`, revealing its panel when one is already open; `state` (from an
   * analysis file) replaces the panel's view, sliders and filters. */
  static async show(ctx: Ctx, logId: number, state?: Omit<ProcessMapState, 'logId'>, tab?: SideTab): Promise<void> {
    const existing = ProcessMapPanel.open.get(logId);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      if (tab) existing.post({ type: 'showTab', tab });
      if (state) {
        existing.state = { ...state, logId };
        await existing.load();
      }
      return;
    }
    const log = await ctx.database.read((db) => db.getLog(logId));
    if (!log) throw new Error(`There is no event log with id ${logId} in this workspace.`);
    const panel = vscode.window.createWebviewPanel(PROCESS_MAP_VIEW_TYPE, `Map: ${log.name}`, vscode.ViewColumn.Beside, webviewAppOptions(ctx));
    const created = new ProcessMapPanel(ctx, panel, log, state ? { ...state, logId } : ProcessMapPanel.initialState(ctx, log));
    created.pendingTab = tab;
    created.autoPaths = !state;
  }

  /** Restores a panel after a window reload (`WebviewPanelSerializer`). */
  static registerSerializer(ctx: Ctx): void {
    ctx.track(vscode.window.registerWebviewPanelSerializer(PROCESS_MAP_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const log = isProcessMapState(state) ? await ctx.database.read((db) => db.getLog(state.logId)).catch(() => undefined) : undefined;
        if (!log || !isProcessMapState(state)) {
          panel.dispose();
          return;
        }
        panel.webview.options = webviewAppOptions(ctx);
        new ProcessMapPanel(ctx, panel, log, state);
      },
    }));
  }

  /** Closes the panel of a deleted log. */
  static closeFor(logId: number): void {
    ProcessMapPanel.open.get(logId)?.panel.dispose();
  }

  private static initialState(ctx: Ctx, log: LogSummary): ProcessMapState {
    const keep = ctx.config.processMapMaxActivities;
    const activityPercent = log.activities <= keep ? 100 : Math.max(1, Math.floor((keep / log.activities) * 100));
    return { logId: log.id, view: 'frequency', activityPercent, pathPercent: 100, filters: [] };
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
    private log: LogSummary,
    private state: ProcessMapState,
  ) {
    ProcessMapPanel.open.set(log.id, this);
    const webview = panel.webview;
    webview.html = webviewAppHtml(ctx, webview, 'processMap', `Process map: ${log.name}`);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(msg: HostToProcessMap): void {
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseProcessMapMessage(raw);
    if (!msg) {
      this.ctx.log.warn('Process map: ignored a malformed message from the webview');
      return;
    }
    try {
      switch (msg.type) {
        case 'ready':
          await this.load();
          break;
        case 'stateChanged': {
          const reclassify = (msg.state.classifier ?? 'activity') !== (this.state.classifier ?? 'activity');
          if (reclassify) this.mined = undefined;
          const remine = reclassify || msg.state.activityPercent !== this.state.activityPercent
            || JSON.stringify(msg.state.filters) !== JSON.stringify(this.state.filters);
          this.state = { ...msg.state, logId: this.log.id };
          if (remine) await this.load();
          break;
        }
        case 'exportSvg':
          await this.exportFile('svg', Buffer.from(msg.svg, 'utf8'));
          break;
        case 'exportPng':
          await this.exportFile('png', Buffer.from(msg.dataUrl.slice('data:image/png;base64,'.length), 'base64'));
          break;
        case 'openCase': {
          const { caseId } = msg;
          const found = await this.ctx.database.read((db) => ({ events: db.caseEvents(this.log.id, caseId), attributes: db.caseAttributes(this.log.id, caseId) }));
          this.post({ type: 'caseEvents', caseId, events: found.events, attributes: found.attributes });
          break;
        }
        case 'requestAttributeValues': {
          const { scope, key } = msg;
          const values = await this.ctx.database.read((db) => db.attributeValues(this.log.id, scope, key, 200));
          this.post({ type: 'attributeValues', scope, key, values });
          break;
        }
        case 'switchLog':
          await this.switchTo(msg.logId);
          break;
        case 'saveAnalysis':
          await vscode.commands.executeCommand('tracemine.saveAnalysis', this.log.id, this.state);
          break;
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.error(`Process map of ${this.log.name}: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  private async load(): Promise<void> {
    const logId = this.log.id;
    const request = this.state;
    const data = await withCancellableProgress(`Mining ${this.log.name}`, async (progress, signal) =>
      this.ctx.database.read(async (db) => {
        const log = db.getLog(logId);
        if (!log) throw new Error('This event log was deleted.');
        this.log = log;
        const mined = await mineProcessMap(db.eventSource(logId, request.classifier ?? 'activity'), request, { signal, progress, reuse: this.mined });
        const siblings = log.format === 'ocel'
          ? db.listLogs().filter((l) => l.format === 'ocel' && l.sourcePath === log.sourcePath).map((l) => ({ id: l.id, label: objectTypeLabel(l) }))
          : [];
        return { ...mined, attributeKeys: db.attributeKeys(logId), siblings };
      }),
    );
    if (!data) return;
    this.mined = data;
    if (this.autoPaths) {
      this.autoPaths = false;
      const pathPercent = initialPathPercent(data.dfg.edges.length);
      if (pathPercent !== this.state.pathPercent) this.state = { ...this.state, pathPercent };
    }
    const state = this.state;
    const { cases, ...statistics } = data.statistics;
    this.post({
      type: 'load', log: header(this.log), dfg: data.dfg, variants: data.variants.slice(0, VARIANT_LIST_LIMIT), variantCount: data.variants.length, state,
      filtered: data.filtered, filterLabels: data.filterLabels, statistics, cases: cases.slice(0, CASE_LIST_LIMIT),
      attributeKeys: data.attributeKeys, siblings: data.siblings, ...(data.cost && { cost: data.cost }),
    });
    if (this.pendingTab) {
      this.post({ type: 'showTab', tab: this.pendingTab });
      this.pendingTab = undefined;
    }
  }

  /** Shows another log (another object type of the same OCEL file) in this panel. */
  private async switchTo(logId: number): Promise<void> {
    if (logId === this.log.id) return;
    const other = ProcessMapPanel.open.get(logId);
    if (other) {
      other.panel.reveal();
      return;
    }
    const log = await this.ctx.database.read((db) => db.getLog(logId));
    if (!log) throw new Error('That event log is no longer in the database.');
    ProcessMapPanel.open.delete(this.log.id);
    ProcessMapPanel.open.set(logId, this);
    this.log = log;
    this.mined = undefined;
    this.state = { ...ProcessMapPanel.initialState(this.ctx, log), view: this.state.view };
    this.autoPaths = true;
    this.panel.title = `Map: ${log.name}`;
    await this.load();
  }

  private async exportFile(kind: 'svg' | 'png', bytes: Buffer): Promise<void> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${this.log.name.replace(/[^\w.-]+/g, '_')}-map.${kind}`) : undefined,
      filters: kind === 'svg' ? { 'SVG image': ['svg'] } : { 'PNG image': ['png'] },
    });
    if (!target) return;
    await writeFile(target.fsPath, bytes);
    this.ctx.log.info(`Exported the map of ${this.log.name} to ${target.fsPath}`);
  }

  dispose(): void {
    if (ProcessMapPanel.open.get(this.log.id) === this) ProcessMapPanel.open.delete(this.log.id);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}

function header(log: LogSummary): LogHeader {
  return {
    id: log.id, name: log.name, sourcePath: log.sourcePath, cases: log.cases, events: log.events,
    activities: log.activities, hasTimestamps: log.hasTimestamps, firstTimestamp: log.firstTimestamp, lastTimestamp: log.lastTimestamp,
  };
}

/** Paths a dense new map opens with: about this many edges, as Disco opens simplified maps. */
const INITIAL_PATHS = 300;

function initialPathPercent(edges: number): number {
  return edges <= INITIAL_PATHS ? 100 : Math.max(1, Math.floor((INITIAL_PATHS / edges) * 100));
}

/** "items" for a log named "order-management · items"; the whole name otherwise. */
function objectTypeLabel(log: LogSummary): string {
  const i = log.name.lastIndexOf(' · ');
  return i >= 0 ? log.name.slice(i + 3) : log.name;
}
