/**
 * The path checks in the editor: finds the workspace policy file (setting `traces.policyFile`,
 * else `.tracemine/policy.*`, else the first `*.policy.*`), parses it (errors go to the Problems
 * view at their line), builds the checker every trace import runs, and after each import or
 * re-check puts one diagnostic per violated rule on that rule's line of the policy file, with
 * counts and example traces. Saving the policy file re-checks the stored traces.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  PolicyError, buildTraceChecker, countChecks, isPolicyFile, parsePolicy, policyRuleLines,
  type Policy, type TraceChecker, type TraceCheckOptions,
} from '../core';
import type { Ctx } from './context';
import { withCancellableProgress } from './progress';

const EXCLUDE = '{**/node_modules/**,**/.git/**}';

export class TraceChecks implements vscode.Disposable {
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('tracemine-policy');
  private readonly disposables: vscode.Disposable[] = [this.diagnostics];
  private policyUri: vscode.Uri | undefined;
  private policyText = '';
  private policy: Policy | undefined;

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      vscode.workspace.onDidSaveTextDocument((doc) => {
        if (this.isOurPolicy(doc.uri)) void this.recheck(true);
      }),
      ctx.config.onDidChange(() => { this.policyUri = undefined; }),
    );
  }

  private isOurPolicy(uri: vscode.Uri): boolean {
    if (this.policyUri) return uri.fsPath === this.policyUri.fsPath;
    return isPolicyFile(uri.fsPath);
  }

  /** The policy file in use, if any. */
  async findPolicyFile(): Promise<vscode.Uri | undefined> {
    const folder = vscode.workspace.workspaceFolders?.[0];
    if (!folder) return undefined;
    const configured = this.ctx.config.policyFile;
    if (configured) return vscode.Uri.joinPath(folder.uri, configured);
    for (const name of ['policy.yaml', 'policy.yml', 'policy.json']) {
      const uri = vscode.Uri.joinPath(folder.uri, this.ctx.config.databaseFolder, name);
      try {
        await vscode.workspace.fs.stat(uri);
        return uri;
      } catch { /* not there */ }
    }
    const found = await vscode.workspace.findFiles('**/*.policy.{yaml,yml,json}', EXCLUDE, 20);
    return found.sort((a, b) => a.fsPath.localeCompare(b.fsPath))[0];
  }

  /** Reads and parses the policy afresh; a broken file is reported in the Problems view and checks run without it. */
  async loadOptions(): Promise<TraceCheckOptions> {
    this.policyUri = await this.findPolicyFile();
    this.policy = undefined;
    this.diagnostics.clear();
    if (this.policyUri) {
      try {
        this.policyText = new TextDecoder().decode(await vscode.workspace.fs.readFile(this.policyUri));
        this.policy = parsePolicy(this.policyText, this.policyUri.fsPath);
        this.ctx.log.info(`Trace policy: ${vscode.workspace.asRelativePath(this.policyUri)} (${this.policy.rules.length} rules)`);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        const line = err instanceof PolicyError && err.line !== undefined ? err.line - 1 : 0;
        const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200), `Trace policy not applied: ${message}`, vscode.DiagnosticSeverity.Error);
        d.source = 'tracemine';
        this.diagnostics.set(this.policyUri, [d]);
        this.ctx.log.warn(`Trace policy ${this.policyUri.fsPath}: ${message}`);
      }
    }
    return { ...(this.policy ? { policy: this.policy } : {}), injection: this.ctx.config.injectionScreening, groundedness: this.ctx.config.groundednessCheck };
  }

  async checker(): Promise<TraceChecker> {
    return buildTraceChecker(await this.loadOptions());
  }

  /** One diagnostic per violated rule, on the rule's line in the policy file. */
  async publishViolations(): Promise<void> {
    if (!this.policyUri || !this.policy) return;
    const { byTrace, names } = await this.ctx.database.read((db) => ({
      byTrace: db.checksByTrace(),
      names: new Map(db.listTraces().map((t) => [t.id, `${t.name} (${path.basename(t.sourcePath)})`])),
    }));
    const lines = policyRuleLines(this.policyText);
    const perRule = new Map<string, { n: number; traces: string[]; severity: string }>();
    for (const [traceRow, checks] of byTrace) {
      for (const c of checks) {
        if (c.kind !== 'violation') continue;
        const e = perRule.get(c.ruleId) ?? { n: 0, traces: [], severity: c.severity };
        e.n++;
        const name = names.get(traceRow) ?? String(traceRow);
        if (!e.traces.includes(name)) e.traces.push(name);
        perRule.set(c.ruleId, e);
      }
    }
    const sev = (s: string) => (s === 'error' ? vscode.DiagnosticSeverity.Error : s === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Information);
    const diags = [...perRule].map(([rule, e]) => {
      const line = (lines.get(rule) ?? 1) - 1;
      const examples = e.traces.slice(0, 3).join(', ');
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 200),
        `${rule}: ${e.n} violation${e.n === 1 ? '' : 's'} in ${e.traces.length} trace${e.traces.length === 1 ? '' : 's'} (e.g. ${examples}${e.traces.length > 3 ? ', …' : ''})`,
        sev(e.severity));
      d.source = 'tracemine';
      d.code = rule;
      return d;
    });
    this.diagnostics.set(this.policyUri, diags);
    const total = countChecks([...byTrace.values()].flat());
    this.ctx.log.info(`Trace checks: ${total.violations} violation(s), ${total.injections} injection flag(s)`);
  }

  /** Checks every stored trace again (after the policy changed). */
  async recheck(quiet = false): Promise<number | undefined> {
    const options = await this.loadOptions();
    const check = buildTraceChecker(options);
    const n = await withCancellableProgress('Checking agent traces', (progress, signal) =>
      this.ctx.database.write((db) => db.recheckTraces(check, { signal, progress })));
    if (n === undefined) return undefined;
    await this.publishViolations();
    if (!quiet) void vscode.window.showInformationMessage(`Tracemine: checked ${n} trace${n === 1 ? '' : 's'}${this.policy ? ` against ${path.basename(this.policyUri!.fsPath)}` : ' (no policy file found)'}.`);
    return n;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
