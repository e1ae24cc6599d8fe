/**
 * Eval results where the engineer works: Test Explorer items (suite → case) with run profiles,
 * CodeLens above each prompt ("Run evals", last pass rate, cost, latency) and above each case of a
 * suite (its last verdict), an after-line decoration with the case's output and a hover with the
 * output and every assertion's reason, and failed assertions in the Problems view at their line.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { isSuiteFile, suitePathsForPrompt, type CaseResult, type EvalSuite } from '../../core';
import { failedReasons, indexResults, promptLensSummary, suiteLenses } from '../../core/evals/lensModel';
import type { Ctx } from '../context';
import type { EvalService, SuiteResults } from './evalService';

const SUITE_GLOB = '**/{*.eval.yaml,*.eval.yml,promptfooconfig.yaml,promptfooconfig.yml,promptfooconfig.json}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.tracemine/**}';

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** The suite of a prompt file: `<stem>.eval.yaml` beside it, else a workspace suite that names it. */
export async function suiteForPrompt(promptPath: string): Promise<string | undefined> {
  for (const p of suitePathsForPrompt(promptPath)) {
    try {
      await fs.access(p);
      return p;
    } catch { /* next */ }
  }
  const base = path.basename(promptPath);
  for (const uri of await vscode.workspace.findFiles(SUITE_GLOB, EXCLUDE, 200)) {
    const text = await fs.readFile(uri.fsPath, 'utf8').catch(() => '');
    if (text.includes(base)) return uri.fsPath;
  }
  return undefined;
}

function firstOutput(c: CaseResult): string | undefined {
  return c.samples.find((s) => s.response)?.response?.output;
}

export class EvalEditor implements vscode.Disposable, vscode.CodeLensProvider, vscode.HoverProvider {
  readonly controller = vscode.tests.createTestController('tracemine.evals', 'Tracemine Evals');
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('tracemine-evals');
  private readonly lensChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.lensChanged.event;
  private readonly decoration = vscode.window.createTextEditorDecorationType({
    after: { margin: '0 0 0 2em', color: new vscode.ThemeColor('editorCodeLens.foreground') },
  });
  private readonly suites = new Map<string, EvalSuite>();
  /** A prompt's suite, found once (CodeLens asks on every edit); forgotten when any suite file changes. */
  private readonly suiteOfPrompt = new Map<string, Promise<string | undefined>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx, private readonly service: EvalService) {
    this.controller.resolveHandler = async (item) => {
      if (!item) await this.discover();
      else if (item.uri) await this.refreshSuite(item.uri.fsPath);
    };
    this.controller.refreshHandler = () => this.discover();
    const run = (repeat?: number) => (request: vscode.TestRunRequest, token: vscode.CancellationToken) => this.runTests(request, token, repeat);
    this.controller.createRunProfile('Run evals', vscode.TestRunProfileKind.Run, run(), true);
    this.controller.createRunProfile('Run evals, 3 samples per case', vscode.TestRunProfileKind.Run, run(3), false);
    const selector: vscode.DocumentSelector = [{ pattern: '**/*.{prompt,prompty}' }, { pattern: '**/*.eval.{yaml,yml}' }, { pattern: '**/promptfooconfig.{yaml,yml,json}' }];
    const watcher = vscode.workspace.createFileSystemWatcher(SUITE_GLOB, false, true, false);
    const suitesChanged = () => {
      this.suiteOfPrompt.clear();
      this.lensChanged.fire();
    };
    this.disposables.push(
      watcher, watcher.onDidCreate(suitesChanged), watcher.onDidDelete(suitesChanged),
      this.controller, this.diagnostics, this.lensChanged, this.decoration,
      vscode.languages.registerCodeLensProvider(selector, this),
      vscode.languages.registerHoverProvider([{ pattern: '**/*.eval.{yaml,yml}' }, { pattern: '**/promptfooconfig.{yaml,yml,json}' }], this),
      service.onDidChange((suitePath) => void this.onResults(suitePath)),
      vscode.workspace.onDidSaveTextDocument((d) => {
        if (!isSuiteFile(d.fileName)) return;
        this.suiteOfPrompt.clear();
        void this.refreshSuite(d.fileName);
      }),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
    );
  }

  private suiteFor(promptPath: string): Promise<string | undefined> {
    let found = this.suiteOfPrompt.get(promptPath);
    if (!found) this.suiteOfPrompt.set(promptPath, (found = suiteForPrompt(promptPath)));
    return found;
  }

  async discover(): Promise<void> {
    const files = await vscode.workspace.findFiles(SUITE_GLOB, EXCLUDE, 500);
    for (const uri of files) await this.refreshSuite(uri.fsPath);
  }

  /** (Re)loads a suite into the Test Explorer; a broken suite shows its error on the item. */
  async refreshSuite(suitePath: string): Promise<vscode.TestItem> {
    const uri = vscode.Uri.file(suitePath);
    let item = this.controller.items.get(suitePath);
    if (!item) {
      item = this.controller.createTestItem(suitePath, vscode.workspace.asRelativePath(uri), uri);
      this.controller.items.add(item);
    }
    try {
      const suite = await this.service.loadSuite(suitePath);
      this.suites.set(suitePath, suite);
      item.error = undefined;
      item.description = suite.description?.slice(0, 80);
      const children: vscode.TestItem[] = [];
      for (const c of suite.cases) {
        const child = this.controller.createTestItem(`${suitePath}::${c.id}`, c.id, uri);
        if (c.line !== undefined) child.range = new vscode.Range(c.line - 1, 0, c.line - 1, 0);
        if (c.description) child.description = c.description;
        children.push(child);
      }
      item.children.replace(children);
    } catch (err) {
      item.error = err instanceof Error ? err.message : String(err);
      this.ctx.log.warn(`Eval suite ${suitePath}: ${item.error}`);
      this.suites.delete(suitePath);
    }
    this.lensChanged.fire();
    return item;
  }

  private async runTests(request: vscode.TestRunRequest, token: vscode.CancellationToken, repeat?: number): Promise<void> {
    const bySuite = new Map<string, Set<string> | undefined>();
    const roots = request.include ?? [...this.collectRoots()];
    for (const item of roots) {
      const [suitePath, caseId] = item.id.split('::') as [string, string | undefined];
      if (caseId === undefined) bySuite.set(suitePath, undefined);
      else if (!bySuite.has(suitePath) || bySuite.get(suitePath)) bySuite.set(suitePath, new Set([...(bySuite.get(suitePath) ?? []), caseId]));
    }
    const run = this.controller.createTestRun(request, 'Tracemine evals', true);
    try {
      for (const [suitePath, caseIds] of bySuite) {
        if (token.isCancellationRequested) break;
        const suiteItem = await this.refreshSuite(suitePath);
        const excluded = new Set((request.exclude ?? []).map((i) => i.id));
        const ids = caseIds ? [...caseIds] : [...this.suites.get(suitePath)?.cases.map((c) => c.id) ?? []].filter((id) => !excluded.has(`${suitePath}::${id}`));
        for (const id of ids) {
          const it = suiteItem.children.get(`${suitePath}::${id}`);
          if (it) run.started(it);
        }
        await this.runSuite(suitePath, { caseIds: caseIds || excluded.size ? ids : undefined, token, run, ...(repeat ? { repeat } : {}) });
      }
    } finally {
      run.end();
    }
  }

  private *collectRoots(): Iterable<vscode.TestItem> {
    for (const [, item] of this.controller.items) yield item;
  }

  /** Runs a suite (or some of its cases) with progress, reporting each case to a test run. */
  async runSuite(suitePath: string, opts: { caseIds?: readonly string[]; retryErrored?: boolean; repeat?: number; token?: vscode.CancellationToken; run?: vscode.TestRun } = {}): Promise<SuiteResults | undefined> {
    const suiteItem = await this.refreshSuite(suitePath);
    const testRun = opts.run ?? this.controller.createTestRun(new vscode.TestRunRequest([suiteItem]), 'Tracemine evals', true);
    const suite = this.suites.get(suitePath);
    const lineOf = new Map(suite?.cases.map((c) => [c.id, c.line]) ?? []);
    const expectedOf = new Map(suite?.cases.map((c) => [c.id, c.expected]) ?? []);
    const report = (c: CaseResult) => {
      const it = suiteItem.children.get(`${suitePath}::${c.caseId}`);
      if (!it) return;
      const ms = c.samples.reduce((a, s) => a + (s.response?.latencyMs ?? 0), 0);
      if (c.status === 'pass') {
        testRun.passed(it, ms);
        return;
      }
      const reasons = failedReasons(c);
      const output = firstOutput(c);
      const expected = expectedOf.get(c.caseId);
      const msg = expected !== undefined && output !== undefined
        ? vscode.TestMessage.diff(reasons.join('\n') || c.status, expected, output)
        : new vscode.TestMessage(`${reasons.join('\n') || c.status}${output !== undefined ? `\n\noutput:\n${output}` : ''}`);
      const line = lineOf.get(c.caseId);
      if (line !== undefined) msg.location = new vscode.Location(vscode.Uri.file(suitePath), new vscode.Position(line - 1, 0));
      if (c.status === 'error') testRun.errored(it, msg, ms);
      else testRun.failed(it, msg, ms);
    };
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Running evals of ${path.basename(suitePath)}`, cancellable: true },
        async (progress, progressToken) => {
          const src = new vscode.CancellationTokenSource();
          const subs = [progressToken.onCancellationRequested(() => src.cancel()), opts.token?.onCancellationRequested(() => src.cancel())];
          let total = 0;
          let done = 0;
          try {
            return await this.service.run({
              suitePath, token: src.token,
              ...(opts.caseIds ? { caseIds: opts.caseIds } : {}),
              ...(opts.retryErrored ? { retryErrored: true } : {}),
              ...(opts.repeat ? { repeat: opts.repeat } : {}),
              onStart: (t) => { total = t; },
              onCase: (c) => {
                done++;
                progress.report({ message: `${done} case${done === 1 ? '' : 's'} done`, increment: total ? (100 * (c.samples.length || 1)) / total : undefined });
                report(c);
              },
            });
          } finally {
            for (const s of subs) s?.dispose();
            src.dispose();
          }
        },
      );
    } finally {
      if (!opts.run) testRun.end();
    }
  }

  private async onResults(suitePath: string): Promise<void> {
    this.lensChanged.fire();
    await this.publishDiagnostics(suitePath);
    this.decorateAll();
  }

  private async publishDiagnostics(suitePath: string): Promise<void> {
    const results = await this.service.latest(suitePath);
    const suite = this.suites.get(suitePath) ?? await this.service.loadSuite(suitePath).catch(() => undefined);
    if (!results || !suite) return;
    const byId = new Map(suite.cases.map((c) => [c.id, c]));
    const diags: vscode.Diagnostic[] = [];
    for (const r of results.cases.values()) {
      const c = byId.get(r.caseId);
      if (!c || r.status === 'pass') continue;
      const seen = new Set<string>();
      for (const s of r.samples) {
        for (const a of s.assertions) {
          if (a.pass || a.weight === 0) continue;
          const line = (a.line ?? c.line ?? 1) - 1;
          const text = `${r.caseId}: ${a.type} ${a.error ? 'could not be evaluated' : 'failed'}: ${a.reason}${r.samples.length > 1 ? ` (${r.fails} of ${r.passes + r.fails} samples failed)` : ''}`;
          if (seen.has(text)) continue;
          seen.add(text);
          const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), text, a.error || r.status === 'flaky' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
          d.source = 'tracemine evals';
          diags.push(d);
        }
        if (s.error) {
          const line = (c.line ?? 1) - 1;
          const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), `${r.caseId}: the model call failed: ${s.error}`, vscode.DiagnosticSeverity.Warning);
          d.source = 'tracemine evals';
          if (!diags.some((x) => x.message === d.message)) diags.push(d);
        }
      }
    }
    this.diagnostics.set(vscode.Uri.file(suitePath), diags);
  }

  private decorateAll(): void {
    for (const editor of vscode.window.visibleTextEditors) {
      const p = editor.document.uri.fsPath;
      if (!isSuiteFile(p)) continue;
      void this.service.latest(p).then((results) => {
        const suite = this.suites.get(p);
        if (!results || !suite) {
          editor.setDecorations(this.decoration, []);
          return;
        }
        const decos: vscode.DecorationOptions[] = [];
        const byCase = indexResults([...results.cases.values()]);
        for (const c of suite.cases) {
          const r = byCase.get(c.id)?.[0];
          const out = r && firstOutput(r);
          if (!r || c.line === undefined || out === undefined) continue;
          const line = c.line - 1;
          decos.push({
            range: new vscode.Range(line, Number.MAX_SAFE_INTEGER, line, Number.MAX_SAFE_INTEGER),
            renderOptions: { after: { contentText: `→ ${out.replace(/\s+/g, ' ').slice(0, 80)}` } },
          });
        }
        editor.setDecorations(this.decoration, decos);
      });
    }
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const p = doc.uri.fsPath;
    const top = new vscode.Range(0, 0, 0, 0);
    if (/\.(prompt|prompty)$/i.test(p)) {
      const suitePath = await this.suiteFor(p);
      if (!suitePath) return [new vscode.CodeLens(top, { title: '$(beaker) No eval suite yet', command: 'tracemine.runEvals', arguments: [doc.uri] })];
      const lenses = [new vscode.CodeLens(top, { title: '$(play) Run evals', command: 'tracemine.runEvals', arguments: [doc.uri] })];
      const r = await this.service.latest(suitePath);
      const summary = r && promptLensSummary([...r.cases.values()], r.running);
      if (summary) lenses.push(new vscode.CodeLens(top, { title: summary, command: 'workbench.view.testing.focus' }));
      return lenses;
    }
    if (!isSuiteFile(p)) return [];
    const suite = this.suites.get(p) ?? await this.refreshSuite(p).then(() => this.suites.get(p));
    const lenses = [new vscode.CodeLens(top, { title: '$(play) Run all cases', command: 'tracemine.runEvals', arguments: [doc.uri] })];
    const r = await this.service.latest(p);
    const model = suiteLenses(suite, r && [...r.cases.values()], r?.running ?? false);
    if (model.summary) lenses.push(new vscode.CodeLens(top, { title: model.summary, command: 'workbench.view.testing.focus' }));
    if (model.canRerunFailed) lenses.push(new vscode.CodeLens(top, { title: 'Re-run failed', command: 'tracemine.rerunFailedEvals', arguments: [doc.uri] }));
    if (model.canRetryErrored) lenses.push(new vscode.CodeLens(top, { title: 'Retry errored calls', command: 'tracemine.retryErroredEvals', arguments: [doc.uri] }));
    for (const c of model.cases) {
      const range = new vscode.Range(c.line - 1, 0, c.line - 1, 0);
      lenses.push(new vscode.CodeLens(range, { title: c.title, command: 'tracemine.runEvalCase', arguments: [p, c.caseId] }));
    }
    return lenses;
  }

  async provideHover(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.Hover | undefined> {
    const suite = this.suites.get(doc.uri.fsPath);
    const r = await this.service.latest(doc.uri.fsPath);
    if (!suite || !r) return undefined;
    const c = suite.cases.find((x) => x.line === pos.line + 1);
    if (!c) return undefined;
    const results = [...r.cases.values()].filter((x) => x.caseId === c.id);
    if (!results.length) return undefined;
    const md = new vscode.MarkdownString();
    for (const res of results) {
      md.appendMarkdown(`**${res.status}** `).appendText(`${c.id} · ${res.promptId} × ${res.providerId}`);
      if (res.passes + res.fails > 1) md.appendText(` · ${res.passes}/${res.passes + res.fails} samples pass (95% ${pct(res.passRateLow)}–${pct(res.passRateHigh)})`);
      md.appendMarkdown('\n\n');
      const s = res.samples[0];
      if (s?.response) md.appendCodeblock(s.response.output.slice(0, 2000), 'text');
      if (s?.error) md.appendText(`error: ${s.error}\n`);
      for (const a of s?.assertions ?? []) md.appendMarkdown(a.pass ? '- ✓ ' : '- ✗ ').appendText(`${a.type}: ${a.reason}`).appendMarkdown('\n');
      md.appendMarkdown('\n');
    }
    return new vscode.Hover(md);
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
