/**
 * Links from a trace to the workspace: a tool or agent name to where it is defined (the editor's
 * workspace symbol search first, then a text search with definition patterns for languages that
 * have no symbol provider here), and a step's system prompt to the prompt file it was rendered
 * from (template literal text found in order in the rendered prompt).
 */
import * as vscode from 'vscode';
import { bestPromptMatch, findDefinitions } from '../core';
import type { Logger } from './log';

const CODE_GLOB = '**/*.{py,ts,tsx,js,mjs,cjs,go,java,cs,rb,json,yaml,yml}';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.tracemine/**,**/dist/**,**/out/**,**/.venv/**,**/venv/**,**/__pycache__/**}';
const MAX_FILES = 2000;
const MAX_BYTES = 2_000_000;

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > MAX_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** Candidate definitions of `name`: symbol provider hits first, then text-pattern hits (definitions before declarations). */
export async function findSymbolLocations(name: string, token?: vscode.CancellationToken): Promise<vscode.Location[]> {
  const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[] | undefined>('vscode.executeWorkspaceSymbolProvider', name)) ?? [];
  const exact = symbols.filter((s) => s.name === name || s.name.replace(/\(.*$/, '') === name);
  if (exact.length) return exact.map((s) => s.location);
  const files = await vscode.workspace.findFiles(CODE_GLOB, EXCLUDE, MAX_FILES, token);
  const hits: { loc: vscode.Location; strength: number }[] = [];
  for (const uri of files) {
    if (token?.isCancellationRequested) break;
    const text = await readText(uri);
    if (!text || !text.includes(name)) continue;
    for (const h of findDefinitions(text, name)) {
      hits.push({ loc: new vscode.Location(uri, new vscode.Range(h.line, h.column, h.line, h.column + name.length)), strength: h.strength });
    }
  }
  hits.sort((a, b) => b.strength - a.strength || a.loc.uri.fsPath.localeCompare(b.loc.uri.fsPath));
  return hits.map((h) => h.loc);
}

export async function openSymbol(name: string, log: Logger): Promise<boolean> {
  const locations = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Finding ${name}`, cancellable: false },
    (_p, token) => findSymbolLocations(name, token),
  );
  if (locations.length === 0) {
    void vscode.window.showInformationMessage(`Tracemine: no definition of "${name}" found in the workspace.`);
    return false;
  }
  log.info(`${name}: ${locations.length} candidate definition(s)`);
  const first = locations[0]!;
  if (locations.length === 1) {
    await vscode.window.showTextDocument(first.uri, { selection: first.range, viewColumn: vscode.ViewColumn.One });
  } else {
    await vscode.commands.executeCommand('editor.action.peekLocations', first.uri, first.range.start, locations, 'goto');
    await vscode.window.showTextDocument(first.uri, { selection: first.range, viewColumn: vscode.ViewColumn.One });
  }
  return true;
}

/** Opens the workspace prompt file whose template the rendered system prompt matches best. */
export async function openPromptFor(rendered: string): Promise<boolean> {
  const files = await vscode.workspace.findFiles('**/*.{prompt,prompty}', EXCLUDE, 500);
  const candidates: { uri: vscode.Uri; template: string }[] = [];
  for (const uri of files) {
    const text = await readText(uri);
    if (text === undefined) continue;
    // The template is what follows the front matter; the front matter itself never renders.
    const m = /^(?:\s*#[^\n]*\n)*\s*---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text);
    candidates.push({ uri, template: m ? text.slice(m[0].length) : text });
  }
  const best = bestPromptMatch(candidates, rendered);
  if (!best) {
    void vscode.window.showInformationMessage('Tracemine: no prompt file in the workspace matches this prompt\'s text.');
    return false;
  }
  await vscode.window.showTextDocument(best.candidate.uri, { viewColumn: vscode.ViewColumn.One });
  return true;
}
