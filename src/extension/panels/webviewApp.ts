/**
 * What every Tracemine webview panel sets up the same way: options (scripts on, resources only
 * from dist/webview) and the HTML shell for one webview app (`dist/webview/<app>.js|css`) with a
 * fresh nonce.
 */
import * as vscode from 'vscode';
import { buildWebviewHtml, makeNonce } from '../../../webview/shared/html';
import type { Ctx } from '../context';

export function webviewAppOptions(ctx: Ctx): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return { enableScripts: true, retainContextWhenHidden: false, localResourceRoots: [vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview')] };
}

export function webviewAppHtml(ctx: Ctx, webview: vscode.Webview, app: 'processMap' | 'traceReview' | 'evalCompare', title: string): string {
  const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'webview', name)).toString();
  return buildWebviewHtml({ title, cspSource: webview.cspSource, nonce: makeNonce(), scriptUri: asset(`${app}.js`), styleUris: [asset(`${app}.css`)] });
}
