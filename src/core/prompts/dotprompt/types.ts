/**
 * Dotprompt-specific types: the parsed metadata of a `.prompt` file, render data and options,
 * and the rendered result in Dotprompt's "Common Model Interface" shape (what the spec suite's
 * `expect` holds: messages, config, model, ext, input, output, raw).
 */
import type { HelperDelegate } from 'handlebars';
import type { LoadedPrompt, MessagePart } from '../types';

/** A section placeholder (`{{section "name"}}`): metadata only, to be filled by the caller. */
export interface PendingPart {
  readonly metadata: { readonly purpose: string; readonly pending: true };
}

/**
 * A part of a rendered Dotprompt message: text, media, or a pending section placeholder. The
 * placeholder is not a {@link MessagePart}; `toPromptMessages` drops it for consumers that only
 * send text and media.
 */
export type DotpromptPart = MessagePart | PendingPart;

export interface DotpromptMessage {
  readonly role: string;
  readonly content: readonly DotpromptPart[];
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** `toolDefs` entry: an inline tool definition with JSON Schema input/output. */
export interface DotpromptToolDefinition {
  readonly name: string;
  readonly description?: string;
  readonly inputSchema: Readonly<Record<string, unknown>>;
  readonly outputSchema?: Readonly<Record<string, unknown>>;
}

/** Prompt metadata from the front matter, schemas expanded to JSON Schema. */
export interface DotpromptMetadata {
  readonly name?: string;
  readonly variant?: string;
  readonly version?: string;
  readonly description?: string;
  readonly model?: string;
  /** Names of tools registered elsewhere. */
  readonly tools?: readonly string[];
  readonly toolDefs?: readonly DotpromptToolDefinition[];
  readonly config: Readonly<Record<string, unknown>>;
  readonly input?: { readonly default?: Readonly<Record<string, unknown>>; readonly schema?: Readonly<Record<string, unknown>> };
  readonly output?: Readonly<Record<string, unknown>> & { readonly format?: string; readonly schema?: Readonly<Record<string, unknown>> };
  /** The front matter's free-form `metadata` mapping. */
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** Namespaced keys: `ext1.sub.foo: bar` → `ext['ext1.sub'].foo`. */
  readonly ext: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  /** The parsed front matter as written; absent when the file has none. */
  readonly raw?: Readonly<Record<string, unknown>>;
}

/** A loaded `.prompt` file: the shared {@link LoadedPrompt} plus the Dotprompt metadata. */
export interface DotpromptFile extends LoadedPrompt {
  readonly format: 'dotprompt';
  readonly dotprompt: DotpromptMetadata;
}

/** What a template is rendered with (Dotprompt's DataArgument). */
export interface DotpromptData {
  /** Template variables, shallow-merged over `input.default`. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Each key becomes an `@key` variable (`{state: …}` → `@state`). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** Conversation history for `{{history}}` (or inserted automatically). */
  readonly messages?: readonly DotpromptMessage[];
  /** Documents, visible as `@metadata.docs`. */
  readonly docs?: readonly unknown[];
}

export interface DotpromptRenderOptions {
  /** Registered partials by name; these win over `resolvePartial`. */
  readonly partials?: Readonly<Record<string, string>>;
  /** Supplies the source of a partial that is not registered; undefined when unknown. */
  readonly resolvePartial?: (name: string) => string | undefined;
  /** Custom helpers, in addition to Handlebars' and Dotprompt's built-ins. */
  readonly helpers?: Readonly<Record<string, HelperDelegate>>;
  /** Input defaults given by the caller, merged over the file's `input.default`. */
  readonly input?: { readonly default?: Readonly<Record<string, unknown>> };
  /** Named schemas, used only when the prompt was not produced by `loadDotprompt`. */
  readonly schemas?: Readonly<Record<string, unknown>>;
}

/** Rendered prompt: the metadata (as `renderDotpromptMetadata` gives it) plus the messages. */
export interface RenderedDotprompt extends DotpromptMetadata {
  readonly messages: readonly DotpromptMessage[];
}
