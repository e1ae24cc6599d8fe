/**
 * Starts the prompt-file language server (dist/server.js, its own Node process over IPC) the first
 * time a prompt file is open, not at activation.
 */
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { PROMPT_DOCUMENT_SELECTOR, isPromptServerDocument } from '../server/protocol';
import type { Ctx } from './context';

export function activatePromptLanguage(ctx: Ctx): void {
  let client: LanguageClient | undefined;
  const start = (doc: vscode.TextDocument) => {
    if (client || !isPromptServerDocument(doc.languageId, doc.uri.path)) return;
    const module = ctx.asAbsolutePath('dist', 'server.js');
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6010'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: PROMPT_DOCUMENT_SELECTOR,
      outputChannel: ctx.log,
    };
    client = new LanguageClient('tracemine.prompts', 'Tracemine Prompts', serverOptions, clientOptions);
    ctx.track({ dispose: () => void client?.stop() });
    client.start().catch((err: unknown) => ctx.log.error(`Prompt language server failed to start: ${String(err)}`));
  };
  ctx.track(vscode.workspace.onDidOpenTextDocument(start));
  for (const doc of vscode.workspace.textDocuments) start(doc);
}
