/** Identifiers shared by the prompt language client (extension) and server. */
import type { DocumentSelector } from 'vscode-languageserver';

export const PROMPT_LANGUAGE_ID = 'tracemine-prompt';
/** Language id of `.prompty` files (the id Microsoft's Prompty extension uses too). */
export const PROMPTY_LANGUAGE_ID = 'prompty';

/**
 * The documents the language server serves: Dotprompt and Prompty prompt files, and eval suites
 * (`*.eval.yaml|yml`, `promptfooconfig.yaml|yml`, which stay YAML documents for highlighting and
 * schema validation). Matching by pattern as well as by language keeps prompt files served when
 * another extension owns their language id.
 */
export const PROMPT_DOCUMENT_SELECTOR: DocumentSelector = [
  { language: PROMPT_LANGUAGE_ID },
  { language: PROMPTY_LANGUAGE_ID },
  { scheme: 'file', pattern: '**/*.{prompt,prompty}' },
  { scheme: 'file', pattern: '**/*.eval.{yaml,yml}' },
  { scheme: 'file', pattern: '**/promptfooconfig.{yaml,yml}' },
];

/** Whether the server serves a document (by language id, else by file name). */
export function isPromptServerDocument(languageId: string, path: string): boolean {
  if (languageId === PROMPT_LANGUAGE_ID || languageId === PROMPTY_LANGUAGE_ID) return true;
  const base = path.split(/[\\/]/).pop()?.toLowerCase() ?? '';
  return /\.prompty?$/.test(base) || base.endsWith('.eval.yaml') || base.endsWith('.eval.yml') || /^promptfooconfig\.ya?ml$/.test(base);
}
