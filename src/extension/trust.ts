/**
 * Restricted mode. In an untrusted workspace Tracemine reads and mines files, but nothing that
 * costs money (model calls) or runs a workspace file's code happens until the user trusts it.
 * Every such feature calls `ensureTrusted` first.
 */
import * as vscode from 'vscode';

export async function ensureTrusted(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const choice = await vscode.window.showWarningMessage(
    `Tracemine: "${action}" is off in Restricted Mode, because it can call a paid model endpoint or run code from this workspace. Trust the workspace to use it.`,
    manage,
  );
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
