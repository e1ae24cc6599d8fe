/**
 * The trace-reviewer panel: one webview per trace, beside the editor, restored after a reload. It
 * sends the trace's spans without their bodies, then a span's body when the reviewer steps onto
 * it, and opens any span's raw JSON in an editor tab.
 */
import * as vscode from 'vscode';
import type { TraceSummary } from '../../core';
import {
  TRACE_REVIEW_VIEW_TYPE, isTraceReviewState, parseTraceReviewMessage,
  type HostToTraceReview, type SpanHead, type TraceReviewState,
} from '../../protocol/traceReview';
import type { Ctx } from '../context';
import { webviewAppHtml, webviewAppOptions } from './webviewApp';

export class TraceReviewPanel implements vscode.Disposable {
  private static readonly open = new Map<number, TraceReviewPanel>();
  private readonly disposables: vscode.Disposable[] = [];
  /** The span heads sent to the webview, by id (for "raw JSON" without reading them again). */
  private heads = new Map<string, SpanHead>();

  static async show(ctx: Ctx, traceRowId: number): Promise<void> {
    const existing = TraceReviewPanel.open.get(traceRowId);
    if (existing) {
      existing.panel.reveal(vscode.ViewColumn.Beside);
      return;
    }
    const trace = await ctx.database.read((db) => db.getTrace(traceRowId));
    if (!trace) throw new Error(`There is no trace with id ${traceRowId} in this workspace.`);
    const panel = vscode.window.createWebviewPanel(TRACE_REVIEW_VIEW_TYPE, `Trace: ${trace.name}`, vscode.ViewColumn.Beside, webviewAppOptions(ctx));
    new TraceReviewPanel(ctx, panel, trace, { traceRowId });
  }

  static registerSerializer(ctx: Ctx): void {
    ctx.track(vscode.window.registerWebviewPanelSerializer(TRACE_REVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel, state: unknown) {
        const trace = isTraceReviewState(state) ? await ctx.database.read((db) => db.getTrace(state.traceRowId)).catch(() => undefined) : undefined;
        if (!trace || !isTraceReviewState(state)) {
          panel.dispose();
          return;
        }
        panel.webview.options = webviewAppOptions(ctx);
        new TraceReviewPanel(ctx, panel, trace, state);
      },
    }));
  }

  private constructor(
    private readonly ctx: Ctx,
    private readonly panel: vscode.WebviewPanel,
    private readonly trace: TraceSummary,
    private state: TraceReviewState,
  ) {
    TraceReviewPanel.open.set(trace.id, this);
    const webview = panel.webview;
    webview.html = webviewAppHtml(ctx, webview, 'traceReview', `Trace: ${trace.name}`);
    this.disposables.push(
      webview.onDidReceiveMessage((raw: unknown) => void this.onMessage(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private post(msg: HostToTraceReview): void {
    void this.panel.webview.postMessage(msg);
  }

  private async onMessage(raw: unknown): Promise<void> {
    const msg = parseTraceReviewMessage(raw);
    if (!msg) {
      this.ctx.log.warn('Trace reviewer: ignored a malformed message from the webview');
      return;
    }
    try {
      switch (msg.type) {
        case 'ready': {
          const spans = await this.ctx.database.read((db) => db.traceSpans(this.trace.id));
          this.heads = new Map(spans.map((s) => [s.spanId, s]));
          this.post({ type: 'loadTrace', trace: this.trace, spans, flags: [], state: this.state });
          break;
        }
        case 'selectSpan': {
          const { spanId } = msg;
          this.state = { ...this.state, selectedSpanId: spanId };
          const body = await this.ctx.database.read((db) => db.spanBody(this.trace.id, spanId));
          this.post({ type: 'spanBody', spanId, body: body ?? {} });
          break;
        }
        case 'openRaw': {
          const { spanId } = msg;
          const head = this.heads.get(spanId);
          const raw = head && { ...head, ...(await this.ctx.database.read((db) => db.spanBody(this.trace.id, spanId))) };
          if (!raw) return;
          const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(raw, null, 2) });
          await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: true });
          break;
        }
      }
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.ctx.log.error(`Trace ${this.trace.name}: ${message}`);
      this.post({ type: 'error', message });
    }
  }

  dispose(): void {
    if (TraceReviewPanel.open.get(this.trace.id) === this) TraceReviewPanel.open.delete(this.trace.id);
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
