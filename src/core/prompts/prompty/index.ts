/**
 * Prompty (`.prompty`, microsoft/prompty) in the pure core: load v1 and v2 files onto
 * LoadedPrompt (spec §4), render them with their template engine (§5) and parse the result into
 * chat messages at role markers (§6). Environment variables and referenced files come only
 * through the injected `io`.
 */
import type { LoadedPrompt, PromptMessage } from '../types';
import { PromptError } from '../types';
import type { PromptyAgent } from './agent';
import { expandNonces } from './expand';
import { validatePromptyInputs } from './inputs';
import { agentOf, loadPromptyText, readPromptyFile, readPromptyPath } from './load';
import { parseMessages } from './parse';
import type { PromptyIo } from './refs';
import { renderTemplate } from './render';
import { detectVersion, templateChoice } from './version';

export type { PromptyAgent, PromptyModel, PromptyProperty, PromptyTool } from './agent';
export type { PromptyIo } from './refs';
export type { Rendered, RenderOptions, RichValue } from './render';
export type { PromptyVersion, TemplateChoice } from './version';
export { splitFrontMatter } from './frontMatter';
export { validatePromptyInputs } from './inputs';
export { renderTemplate, RICH_KINDS } from './render';
export { parseMessages } from './parse';
export { expandNonces } from './expand';
export { detectVersion, templateChoice } from './version';

/** Load `.prompty` text (v1 or v2). `path` locates `${file:}` references and messages. */
export function loadPrompty(text: string, path?: string, io?: PromptyIo): LoadedPrompt {
  return loadPromptyText(text, path, io);
}

/** Load a `.prompty` file through `io.readFile`; a missing file is a PromptError (§4.5). */
export function loadPromptyFile(path: string, io: PromptyIo): LoadedPrompt {
  return loadPromptyText(readPromptyPath(path, io), path, io);
}

/** The spec's v2 `PromptAgent` data of a file (§4.2), as the conformance vectors describe it. */
export function loadPromptyAgent(text: string, path?: string, io?: PromptyIo): PromptyAgent {
  return agentOf(readPromptyFile(text, path, io), path);
}

const PARSERS = new Set(['prompty', 'prompty.chat']);

/**
 * Render and parse (the spec's `prepare`, §1.4): validate inputs (§12.2), render the template
 * with rich kinds as nonces (§5), split at role markers (§6) and resolve the nonces (§6.7).
 */
export function renderPrompty(prompt: LoadedPrompt, inputs: Readonly<Record<string, unknown>>): PromptMessage[] {
  if (prompt.format !== 'prompty') throw new PromptError(`Not a Prompty prompt (format '${prompt.format}')`, prompt.path);
  const version = detectVersion(prompt.frontMatter);
  const choice = templateChoice(prompt.frontMatter, version, { path: prompt.path });
  if (!PARSERS.has(choice.parser)) throw new PromptError(`No parser registered for key: ${choice.parser}`, prompt.path);
  const validated = validatePromptyInputs(prompt.inputs, inputs, prompt.path);
  const kinds = Object.fromEntries(prompt.inputs.map((i) => [i.name, i.type]));
  const rendered = renderTemplate(choice.format, prompt.template, validated, { kinds, path: prompt.path, line: prompt.templateLine });
  return expandNonces(parseMessages(rendered.text, version), rendered.nonces);
}
