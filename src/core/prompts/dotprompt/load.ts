/**
 * Loads a `.prompt` file: splits and parses the front matter (`frontMatter.ts`), interprets it
 * (`metadata.ts`, with Picoschema expanded), and parses and checks the template (`syntax.ts`,
 * `lint.ts`) so that a broken file fails here, with a file line, rather than at render time.
 */
import type { LoadedPrompt } from '../types';
import { parseFrontMatter, splitDotprompt } from './frontMatter';
import { declaredInputs } from './inputs';
import { lintTemplate } from './lint';
import { interpretFrontMatter, prune } from './metadata';
import { parseTemplate } from './syntax';
import type { DotpromptFile, DotpromptMetadata } from './types';

export interface DotpromptLoadOptions {
  /** Named schemas for Picoschema type names (`schema: Foo`). */
  readonly schemas?: Readonly<Record<string, unknown>>;
  /** Looks up a named schema that `schemas` does not hold. */
  readonly resolveSchema?: (name: string) => unknown;
  /** Names of custom helpers the prompt may call (they are passed to render). */
  readonly helpers?: readonly string[];
}

/** Loads a Dotprompt source; malformed front matter or template throws a PromptError. */
export function loadDotprompt(text: string, path?: string, options: DotpromptLoadOptions = {}): DotpromptFile {
  const split = splitDotprompt(text, path);
  const parsed = split.frontMatter === null
    ? { data: {}, lineOf: () => 1 }
    : parseFrontMatter(split.frontMatter, split.frontMatterLine, path);
  const schemas = options.schemas ?? {};
  const lookup = (name: string): unknown => (Object.hasOwn(schemas, name) ? schemas[name] : options.resolveSchema?.(name));
  const meta = interpretFrontMatter(parsed.data, { path, lineOf: parsed.lineOf }, lookup, split.frontMatter !== null);

  const source = { path, firstLine: split.templateLine };
  lintTemplate(parseTemplate(split.template, source), source, options.helpers);

  const outputFormat = meta.output?.format;
  return prune({
    format: 'dotprompt' as const,
    path,
    name: meta.name ?? nameFromPath(path),
    description: meta.description,
    model: meta.model,
    config: meta.config,
    inputs: declaredInputs(meta.input),
    sample: meta.input?.default,
    tools: toolList(meta),
    outputSchema: meta.output?.schema,
    outputFormat: outputFormat === 'json' || outputFormat === 'text' ? outputFormat : meta.output?.schema ? 'json' as const : undefined,
    frontMatter: parsed.data,
    template: split.template,
    templateLine: split.templateLine,
    dotprompt: meta,
  } satisfies DotpromptFile);
}

/** `dir/greet.formal.prompt` → `greet` (the reference infers name and variant from the file name). */
function nameFromPath(path: string | undefined): string | undefined {
  const base = path?.split(/[\\/]/).pop();
  if (!base) return undefined;
  return base.replace(/\.prompt$/, '').split('.')[0] || undefined;
}

/** Tools in OpenAI function format: inline `toolDefs`, then `tools` names (no schema known). */
function toolList(meta: DotpromptMetadata): LoadedPrompt['tools'] {
  const defs = (meta.toolDefs ?? []).map((def) => ({
    type: 'function',
    function: prune({ name: def.name, description: def.description, parameters: def.inputSchema }),
  }));
  const named = (meta.tools ?? []).map((name) => ({ type: 'function', function: { name } }));
  const all = [...defs, ...named];
  return all.length ? all : undefined;
}
