/**
 * The prompt-file language server (its own Node process, started by the extension over IPC, or
 * over stdio with `--stdio`). It serves Dotprompt `.prompt` and Prompty `.prompty` files and eval
 * suites (`*.eval.yaml|yml`, `promptfooconfig.yaml|yml`): diagnostics, completion, hover, the
 * "Declare variable" quick fix and (Dotprompt) document symbols. It never imports `vscode`.
 *
 * The analysis is pure (context.ts, promptFileAnalysis.ts, suiteAnalysis.ts, completion.ts,
 * hover.ts, quickFix.ts); this file only reads files (open documents first, then the disk),
 * debounces, caches the last analysis per document and re-analyses a document when a file it
 * read (its suite, its prompt, a case file) changes in the editor or on disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CodeActionKind, DidChangeWatchedFilesNotification, ProposedFeatures, SymbolKind, TextDocumentSyncKind, TextDocuments,
  createConnection, type Diagnostic, type DocumentSymbol,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isSuiteFile } from '../core/evals/suite';
import { promptCompletions, suiteCompletions } from './completion';
import { loadPromptContext, loadSuiteContext, type FileIo, type PromptContext, type SuiteContext } from './context';
import { promptHover, suiteHover } from './hover';
import { analyzePrompt } from './promptAnalysis';
import { promptDiagnostics } from './promptFileAnalysis';
import { buildPromptModel } from './promptModel';
import { PROMPTY_LANGUAGE_ID } from './protocol';
import { promptCodeActions } from './quickFix';
import { suiteDiagnostics } from './suiteAnalysis';
import { LineIndex } from './textUtil';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

type Kind = 'prompt' | 'suite';
type Analysis =
  | { readonly kind: 'prompt'; readonly version: number; readonly ctx: PromptContext }
  | { readonly kind: 'suite'; readonly version: number; readonly ctx: SuiteContext };

const analyses = new Map<string, Analysis>();
const timers = new Map<string, NodeJS.Timeout>();
const DEBOUNCE_MS = 200;

/** A document's file path (untitled documents get a made-up one with the right extension). */
function pathOf(doc: TextDocument): string {
  if (doc.uri.startsWith('file:')) {
    try {
      return nodePath.resolve(fileURLToPath(doc.uri));
    } catch {
      // fall through
    }
  }
  const name = decodeURIComponent(doc.uri.replace(/^[a-z-]+:/i, '')).replace(/[\\/:]/g, '_');
  if (/\.(prompty?|ya?ml)$/i.test(name)) return nodePath.resolve('/untitled', name);
  return nodePath.resolve('/untitled', `${name}${doc.languageId === PROMPTY_LANGUAGE_ID ? '.prompty' : '.prompt'}`);
}

function kindOf(doc: TextDocument): Kind | undefined {
  const path = pathOf(doc);
  if (/\.prompty?$/i.test(path)) return 'prompt';
  if (isSuiteFile(path)) return 'suite';
  return undefined;
}

function openText(path: string): string | undefined {
  for (const doc of documents.all()) if (pathOf(doc) === path) return doc.getText();
  return undefined;
}

/** Open documents first (unsaved edits count), then the disk. */
const io: FileIo = {
  readFile: async (path) => openText(nodePath.resolve(path)) ?? readFile(path, 'utf8'),
  readFileSync: (path) => openText(nodePath.resolve(path)) ?? (existsSync(path) ? readFileSync(path, 'utf8') : undefined),
};

async function analyse(doc: TextDocument): Promise<Analysis | undefined> {
  const kind = kindOf(doc);
  if (!kind) return undefined;
  const path = pathOf(doc);
  const analysis: Analysis = kind === 'prompt'
    ? { kind, version: doc.version, ctx: await loadPromptContext(path, doc.getText(), io) }
    : { kind, version: doc.version, ctx: await loadSuiteContext(path, doc.getText(), io) };
  return analysis;
}

async function validate(uri: string): Promise<void> {
  const doc = documents.get(uri);
  if (!doc) return;
  try {
    const analysis = await analyse(doc);
    const current = documents.get(uri);
    if (!analysis || !current || current.version !== analysis.version) return; // a newer run is scheduled
    analyses.set(uri, analysis);
    const diagnostics: Diagnostic[] = analysis.kind === 'prompt' ? promptDiagnostics(analysis.ctx) : suiteDiagnostics(analysis.ctx);
    await connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  } catch (err) {
    connection.console.error(`Tracemine: analysis of ${uri} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }
}

function schedule(uri: string): void {
  clearTimeout(timers.get(uri));
  timers.set(uri, setTimeout(() => {
    timers.delete(uri);
    void validate(uri);
  }, DEBOUNCE_MS));
}

/** Re-analyses the open documents that read `path` (a prompt's suite, a suite's prompt…). */
function scheduleDependents(path: string, except?: string): void {
  for (const [uri, a] of analyses) {
    if (uri !== except && a.ctx.dependencies.includes(path) && documents.get(uri)) schedule(uri);
  }
}

/** The last analysis if it is of the current text, else a fresh one. */
async function current(doc: TextDocument): Promise<Analysis | undefined> {
  const cached = analyses.get(doc.uri);
  if (cached && cached.version === doc.version) return cached;
  const fresh = await analyse(doc);
  if (fresh) analyses.set(doc.uri, fresh);
  return fresh;
}

let watchFiles = false;

connection.onInitialize(({ capabilities }) => {
  watchFiles = capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: true,
      completionProvider: { triggerCharacters: ['{', ' ', '#', '%'] },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
    },
    serverInfo: { name: 'tracemine-prompts' },
  };
});

connection.onInitialized(() => {
  if (!watchFiles) return;
  void connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [
      { globPattern: '**/*.{prompt,prompty}' },
      { globPattern: '**/*.eval.{yaml,yml}' },
      { globPattern: '**/promptfooconfig.{yaml,yml}' },
      { globPattern: '**/*.{jsonl,ndjson,json,csv,yaml,yml}' },
    ],
  });
});

connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    try {
      scheduleDependents(nodePath.resolve(fileURLToPath(change.uri)));
    } catch {
      // not a file URI
    }
  }
});

documents.onDidChangeContent(({ document }) => {
  schedule(document.uri);
  scheduleDependents(pathOf(document), document.uri);
});

documents.onDidClose(({ document }) => {
  clearTimeout(timers.get(document.uri));
  timers.delete(document.uri);
  analyses.delete(document.uri);
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  // Dependents now read the file from disk (without the closed editor's unsaved edits).
  scheduleDependents(pathOf(document));
});

connection.onDocumentSymbol(({ textDocument }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc || kindOf(doc) !== 'prompt' || /\.prompty$/i.test(pathOf(doc))) return [];
  return analyzePrompt(doc.getText()).symbols.map<DocumentSymbol>((s) => ({
    name: s.name,
    kind: s.kind === 'frontMatterKey' ? SymbolKind.Property : s.kind === 'block' ? SymbolKind.Namespace : SymbolKind.String,
    range: s.range,
    selectionRange: s.range,
  }));
});

connection.onCompletion(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  const kind = kindOf(doc);
  const text = doc.getText();
  const cached = analyses.get(doc.uri) ?? (await current(doc));
  if (kind === 'prompt') {
    // The text changes under the cursor: use it as it is now, with the last suite and token data.
    const model = buildPromptModel(pathOf(doc), text, io.readFileSync);
    const ctx: PromptContext = cached?.kind === 'prompt' ? { ...cached.ctx, model } : { model, cases: [], dependencies: [] };
    return promptCompletions(ctx, position);
  }
  if (kind === 'suite' && cached?.kind === 'suite') {
    const file = { ...cached.ctx.file, text, index: new LineIndex(text) };
    return suiteCompletions({ ...cached.ctx, file }, position);
  }
  return [];
});

connection.onHover(async ({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return null;
  const a = await current(doc);
  if (!a) return null;
  return a.kind === 'prompt' ? promptHover(a.ctx, position) : suiteHover(a.ctx, position);
});

connection.onCodeAction(({ textDocument, context }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc || kindOf(doc) !== 'prompt') return [];
  const model = buildPromptModel(pathOf(doc), doc.getText(), io.readFileSync);
  return promptCodeActions(model, doc.uri, context.diagnostics);
});

documents.listen(connection);
connection.listen();
