/**
 * The trace-reviewer panel: one webview per trace, beside the editor, restored after a reload. It
 * sends the trace's spans without their bodies, then a span's body when the reviewer steps onto
 * it, and opens any span's raw JSON in an editor tab.
 */
import * as vscode from 'vscode';
import type { Annotation, TraceCheck, TraceSummary } from '../../core';
import {
  TRACE_REVIEW_VIEW_TYPE, isTraceReviewState, parseTraceReviewMessage,
  type AnnotationView, type HostToTraceReview, type SpanHead, type StepFlag, type TraceReviewState,
} from '../../protocol/traceReview';
import type { Ctx } from '../context';
import { addTraceToDataset } from '../evalDatasets';
import { openPromptFor, openSymbol } from '../traceLinks';
import { webviewAppHtml, webviewAppOptions } from './webviewApp';

/** Check findings as flags on the timeline: the offending step, and for injections also the step that acted on the content. */
export function checksToFlags(checks: readonly TraceCheck[]): StepFlag[] {
  const flags: StepFlag[] = [];
  for (const c of checks) {
    if (!c.spanId) continue;
    const kind = c.kind === 'violation' ? 'policy' : c.kind;
    flags.push({
      spanId: c.spanId, kind, ruleId: c.ruleId, message: c.message, severity: c.severity,
      ...(c.actingSpanId ? { relatedSpanId: c.actingSpanId } : {}),
    });
    if (c.kind === 'injection' && c.actingSpanId && c.actingSpanId !== c.spanId) {
      flags.push({
        spanId: c.actingSpanId, kind: 'injection-acted-on', ruleId: c.ruleId, severity: 'warning', relatedSpanId: c.spanId,
        message: 'this step acted on content that looks like a prompt injection',
      });
    }
  }
  return flags;
}

function toView(a: Annotation): AnnotationView {
  return {
    ...(a.spanId ? { spanId: a.spanId } : {}), ...(a.verdict ? { verdict: a.verdict } : {}),
    labels: a.labels, ...(a.comment ? { comment: a.comment } : {}), updatedAt: a.updatedAt,
  };
}

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
          const { spans, checks, annotations } = await this.ctx.database.read((db) => ({
            spans: db.traceSpans(this.trace.id),
            checks: db.traceChecks(this.trace.id),
            annotations: db.listAnnotations({ sourcePath: this.trace.sourcePath, traceId: this.trace.traceId }),
          }));
          this.heads = new Map(spans.map((s) => [s.spanId, s]));
          this.post({ type: 'loadTrace', trace: this.trace, spans, flags: checksToFlags(checks), annotations: annotations.map(toView), state: this.state });
          break;
        }
        case 'annotate':
        case 'removeAnnotation': {
          const { sourcePath, traceId } = this.trace;
          const annotations = await this.ctx.database.write((db) => {
            if (msg.type === 'annotate') {
              db.annotate({ sourcePath, traceId, ...(msg.spanId ? { spanId: msg.spanId } : {}), ...(msg.verdict ? { verdict: msg.verdict } : {}), labels: msg.labels, ...(msg.comment ? { comment: msg.comment } : {}) });
            } else {
              db.removeAnnotation(sourcePath, traceId, msg.spanId);
            }
            return db.listAnnotations({ sourcePath, traceId });
          });
          this.post({ type: 'annotations', annotations: annotations.map(toView) });
          break;
        }
        case 'search': {
          const { query } = msg;
          const spanIds = await this.ctx.database.read((db) => db.searchTraceSpans(this.trace.id, query));
          this.post({ type: 'searchResults', query, spanIds });
          break;
        }
        case 'openSymbol':
          await openSymbol(msg.name, this.ctx.log);
          break;
        case 'openPrompt': {
          const body = await this.ctx.database.read((db) => db.spanBody(this.trace.id, msg.spanId));
          const system = (body?.inputMessages ?? []).filter((m) => m.role === 'system' || m.role === 'developer').map((m) => m.content).join('\n');
          if (system) await openPromptFor(system);
          break;
        }
        case 'addToDataset': {
          const written = await addTraceToDataset(this.ctx, this.trace.id);
          if (written) this.post({ type: 'notice', message: `Added to ${vscode.workspace.asRelativePath(written.file)}${written.replaced ? ' (replaced the earlier case)' : ''}` });
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
