/** Commands that set and clear the model endpoint's API key (kept in SecretStorage only). */
import * as vscode from 'vscode';
import type { Ctx } from '../context';

export function setApiKeyCommand(ctx: Ctx) {
  return async (): Promise<void> => {
    const baseUrl = ctx.config.llmBaseUrl;
    const key = await vscode.window.showInputBox({
      title: 'Model API key',
      prompt: `API key for ${baseUrl}. It is stored in VS Code's secret storage, never in settings.`,
      password: true,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim().length === 0 ? 'Enter a key, or press Escape to cancel' : undefined),
    });
    if (key === undefined) return;
    await ctx.apiKeys.set(baseUrl, key.trim());
    ctx.log.info(`Stored an API key for ${baseUrl}`);
    void vscode.window.showInformationMessage(`Tracemine: API key for ${baseUrl} saved in secret storage.`);
  };
}

export function clearApiKeyCommand(ctx: Ctx) {
  return async (): Promise<void> => {
    const baseUrl = ctx.config.llmBaseUrl;
    await ctx.apiKeys.clear(baseUrl);
    ctx.log.info(`Cleared the API key for ${baseUrl}`);
    void vscode.window.showInformationMessage(`Tracemine: API key for ${baseUrl} cleared.`);
  };
}
