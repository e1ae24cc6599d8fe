/**
 * The extension's context: every service a feature needs, created once in `activate` and passed
 * explicitly. Commands are registered through it so their disposal is tied to the extension's.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Config } from './config';
import { createLogger, type Logger } from './log';
import { ApiKeyStore } from './secrets';
import { EvalService } from './evals/evalService';
import { TraceChecks } from './traceChecks';
import { WorkspaceDatabase } from './workspaceDb';

export class Ctx implements vscode.Disposable {
  readonly config: Config;
  readonly log: Logger;
  readonly apiKeys: ApiKeyStore;
  readonly database: WorkspaceDatabase;
  readonly traceChecks: TraceChecks;
  readonly evals: EvalService;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly extension: vscode.ExtensionContext) {
    this.config = this.track(new Config());
    this.log = this.track(createLogger());
    this.apiKeys = new ApiKeyStore(extension.secrets);
    this.database = this.track(new WorkspaceDatabase(this.config, this.log, this.asAbsolutePath('dist', 'sql-wasm.wasm')));
    this.traceChecks = this.track(new TraceChecks(this));
    this.evals = this.track(new EvalService(this));
  }

  asAbsolutePath(...segments: string[]): string {
    return path.join(this.extension.extensionPath, ...segments);
  }

  get extensionUri(): vscode.Uri {
    return this.extension.extensionUri;
  }

  /** Registers `name`, built by `factory` with this context; errors are logged and shown once. */
  registerCommand(name: string, factory: (ctx: Ctx) => (...args: never[]) => unknown): void {
    const handler = factory(this);
    this.track(
      vscode.commands.registerCommand(name, async (...args: never[]) => {
        try {
          return await handler(...args);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          this.log.error(`${name} failed: ${message}`);
          void vscode.window.showErrorMessage(`Tracemine: ${message}`, 'Show Log').then((c) => {
            if (c) this.log.show();
          });
          return undefined;
        }
      }),
    );
  }

  track<T extends vscode.Disposable>(d: T): T {
    this.disposables.push(d);
    return d;
  }

  dispose(): void {
    for (const d of this.disposables.splice(0).reverse()) d.dispose();
  }
}
