/**
 * The prompt-file language server (its own Node process, started by the extension over IPC).
 * Stateless per document: it re-analyses a prompt file on open and change and answers with
 * diagnostics, document symbols and completions. It never imports `vscode`.
 */
import {
  CompletionItemKind, DiagnosticSeverity, ProposedFeatures, SymbolKind, TextDocumentSyncKind, TextDocuments,
  createConnection, type CompletionItem, type Diagnostic, type DocumentSymbol,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { FRONT_MATTER_KEYS, HELPERS, analyzePrompt, type Severity } from './promptAnalysis';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

connection.onInitialize(() => ({
  capabilities: {
    textDocumentSync: TextDocumentSyncKind.Incremental,
    documentSymbolProvider: true,
    completionProvider: { triggerCharacters: ['{', ' '] },
  },
  serverInfo: { name: 'tracemine-prompts' },
}));

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

documents.onDidChangeContent(({ document }) => {
  const { diagnostics } = analyzePrompt(document.getText());
  const out: Diagnostic[] = diagnostics.map((d) => ({ range: d.range, severity: SEVERITY[d.severity], code: d.code, source: 'tracemine', message: d.message }));
  void connection.sendDiagnostics({ uri: document.uri, diagnostics: out });
});

documents.onDidClose(({ document }) => void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] }));

connection.onDocumentSymbol(({ textDocument }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  return analyzePrompt(doc.getText()).symbols.map<DocumentSymbol>((s) => ({
    name: s.name,
    kind: s.kind === 'frontMatterKey' ? SymbolKind.Property : s.kind === 'block' ? SymbolKind.Namespace : SymbolKind.String,
    range: s.range,
    selectionRange: s.range,
  }));
});

connection.onCompletion(({ textDocument, position }) => {
  const doc = documents.get(textDocument.uri);
  if (!doc) return [];
  const analysis = analyzePrompt(doc.getText());
  const fm = analysis.frontMatter;
  const linePrefix = doc.getText({ start: { line: position.line, character: 0 }, end: position });
  if (fm && position.line >= fm.startLine && position.line < fm.endLine) {
    if (/^\w*$/.test(linePrefix)) {
      return FRONT_MATTER_KEYS.map<CompletionItem>((k) => ({ label: k, kind: CompletionItemKind.Property, insertText: `${k}: ` }));
    }
    return [];
  }
  if (/\{\{[#/]?\s*\w*$/.test(linePrefix)) {
    return [
      ...HELPERS.map<CompletionItem>((h) => ({ label: h, kind: CompletionItemKind.Function, detail: 'Dotprompt helper' })),
      ...analysis.inputVariables.map<CompletionItem>((v) => ({ label: v, kind: CompletionItemKind.Variable, detail: 'input variable' })),
    ];
  }
  return [];
});

documents.listen(connection);
connection.listen();
