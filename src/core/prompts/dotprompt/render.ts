/**
 * Renders a loaded Dotprompt: Handlebars with `noEscape` (Dotprompt never HTML-escapes,
 * spec/variables.yaml), the Dotprompt helpers, partials, input defaults shallow-merged under
 * `data.input`, `data.context` keys as `@` variables (spec/metadata.yaml) next to `@metadata`
 * (`prompt`, `docs`, `messages`), then the marker protocol split into messages.
 */
import Handlebars from 'handlebars';
import { PromptError, type LoadedPrompt } from '../types';
import { DOTPROMPT_HELPERS, TemplateRuntimeError } from './helpers';
import { lintTemplate } from './lint';
import { interpretFrontMatter, prune } from './metadata';
import { toMessages } from './messages';
import { registerPartials } from './partials';
import { parseTemplate, templateError, type TemplateSource } from './syntax';
import type { DotpromptData, DotpromptFile, DotpromptMetadata, DotpromptRenderOptions, RenderedDotprompt } from './types';

/** The prompt's metadata as a render returns it (input defaults from `options` merged in). */
export function renderDotpromptMetadata(prompt: LoadedPrompt, options: DotpromptRenderOptions = {}): DotpromptMetadata {
  const meta = metadataOf(prompt, options);
  const defaults = { ...meta.input?.default, ...options.input?.default };
  const hasDefaults = meta.input?.default !== undefined || options.input?.default !== undefined;
  const input = meta.input || hasDefaults ? prune({ ...meta.input, default: hasDefaults ? defaults : undefined }) : undefined;
  return prune({ ...meta, input });
}

/** Renders `prompt` with `data` into messages plus metadata; errors are PromptErrors. */
export function renderDotprompt(
  prompt: LoadedPrompt,
  data: DotpromptData = {},
  options: DotpromptRenderOptions = {},
): RenderedDotprompt {
  const meta = renderDotpromptMetadata(prompt, options);
  const source: TemplateSource = { path: prompt.path, firstLine: prompt.templateLine };
  const custom = options.helpers ?? {};
  for (const name of Object.keys(custom)) {
    if (Object.hasOwn(DOTPROMPT_HELPERS, name)) throw new PromptError(`custom helper '${name}' would replace a Dotprompt helper`, prompt.path);
  }
  const helperNames = Object.keys(custom);
  const ast = parseTemplate(prompt.template, source);
  lintTemplate(ast, source, helperNames);

  const env = Handlebars.create();
  env.registerHelper({ ...custom, ...DOTPROMPT_HELPERS });
  const partials = registerPartials(env, ast, source, options, helperNames);
  const context = { ...meta.input?.default, ...data.input };
  const variables = {
    ...data.context,
    metadata: { prompt: meta, docs: data.docs, messages: data.messages ?? [] },
    root: context,
  };
  let text: string;
  try {
    text = env.compile(prompt.template, { noEscape: true })(context, { data: variables });
  } catch (err) {
    throw runtimeError(err, source, partials);
  }
  return { ...meta, messages: toMessages(text, data.messages) };
}

/** Metadata from `loadDotprompt`, or interpreted again from a plain LoadedPrompt's front matter. */
function metadataOf(prompt: LoadedPrompt, options: DotpromptRenderOptions): DotpromptMetadata {
  if (prompt.format !== 'dotprompt') throw new PromptError(`not a Dotprompt prompt (format '${prompt.format}')`, prompt.path);
  const file = prompt as Partial<DotpromptFile>;
  if (file.dotprompt) return file.dotprompt;
  const schemas = options.schemas ?? {};
  return interpretFrontMatter(
    prompt.frontMatter,
    { path: prompt.path, lineOf: () => undefined },
    (name) => (Object.hasOwn(schemas, name) ? schemas[name] : undefined),
    Object.keys(prompt.frontMatter).length > 0,
  );
}

function runtimeError(err: unknown, source: TemplateSource, partials: ReadonlyMap<string, TemplateSource>): PromptError {
  if (err instanceof PromptError) return err;
  if (err instanceof TemplateRuntimeError) {
    const where = err.partial === undefined ? source : (partials.get(err.partial) ?? { ...source, partial: err.partial });
    return templateError(err.message, where, err.line, err.column);
  }
  const message = err instanceof Error ? err.message : String(err);
  const line = (err as { lineNumber?: unknown }).lineNumber;
  return templateError(`template error: ${message}`, source, typeof line === 'number' ? line : undefined);
}
