/**
 * Prompt files of either supported format behind one surface: load by file name (`.prompt` =
 * Dotprompt, `.prompty` = Prompty v1/v2), render with variables to format-neutral messages, and
 * render inline promptfoo prompts (Nunjucks text, or a JSON chat array). What a format does not
 * support is a PromptError with the file and line, never a silent difference.
 */
import { loadDotprompt, renderDotprompt, toPromptMessages } from './dotprompt';
import { loadPrompty, renderPrompty, type PromptyIo } from './prompty';
import type { Environment } from 'nunjucks';
import { nunjucks } from './nunjucksLoader';
import { PromptError, type LoadedPrompt, type PromptFormat, type PromptMessage } from './types';

export * from './types';
export { loadDotprompt, renderDotprompt, toPromptMessages, picoschemaToJsonSchema } from './dotprompt';
export { loadPrompty, renderPrompty, type PromptyIo } from './prompty';

export function promptFormatOf(filePath: string): PromptFormat | undefined {
  if (/\.prompty$/i.test(filePath)) return 'prompty';
  if (/\.prompt$/i.test(filePath)) return 'dotprompt';
  return undefined;
}

/** Loads a prompt file's text; `io` resolves Prompty's `${env:}` and `${file:}` references. */
export function loadPromptFile(filePath: string, text: string, io?: PromptyIo): LoadedPrompt {
  const format = promptFormatOf(filePath);
  if (format === 'prompty') return loadPrompty(text, filePath, io);
  if (format === 'dotprompt') return loadDotprompt(text, filePath);
  throw new PromptError('not a prompt file: use .prompt (Dotprompt) or .prompty (Prompty)', filePath);
}

/** Renders a loaded prompt with variables (defaults and samples of the file apply). */
export function renderPromptFile(prompt: LoadedPrompt, vars: Readonly<Record<string, unknown>>): PromptMessage[] {
  if (prompt.format === 'prompty') return renderPrompty(prompt, vars);
  return toPromptMessages(renderDotprompt(prompt, { input: { ...vars } }).messages);
}

let inlineEnv: Environment | undefined;

/**
 * A promptfoo inline prompt: a Nunjucks template sent as one user message, or — when the text is
 * a JSON array of {role, content} — a chat whose contents are each rendered.
 */
export function renderInlinePrompt(raw: string, vars: Readonly<Record<string, unknown>>, where?: string): PromptMessage[] {
  const render = (t: string) => {
    try {
      inlineEnv ??= new (nunjucks().Environment)(null, { autoescape: false, throwOnUndefined: false });
      return inlineEnv.renderString(t, { ...vars });
    } catch (err) {
      throw new PromptError(`template error: ${err instanceof Error ? err.message.split('\n').slice(-1)[0]!.trim() : String(err)}`, where);
    }
  };
  const trimmed = raw.trim();
  if (trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch {
      parsed = undefined;
    }
    if (Array.isArray(parsed)) {
      return parsed.map((m, i) => {
        if (typeof m !== 'object' || m === null || typeof (m as { role?: unknown }).role !== 'string' || typeof (m as { content?: unknown }).content !== 'string') {
          throw new PromptError(`chat prompt item ${i} needs a string "role" and a string "content"`, where);
        }
        const { role, content } = m as { role: string; content: string };
        return { role, content: [{ text: render(content) }] };
      });
    }
  }
  return [{ role: 'user', content: [{ text: render(raw) }] }];
}
