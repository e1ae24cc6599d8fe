/**
 * Tracemine's output channel. A `LogOutputChannel`, so the user picks the level with
 * "Developer: Set Log Level…" like every other VS Code log. Secrets are never passed here.
 */
import * as vscode from 'vscode';

export type Logger = vscode.LogOutputChannel;

export function createLogger(): Logger {
  return vscode.window.createOutputChannel('Tracemine', { log: true });
}
