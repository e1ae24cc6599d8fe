/**
 * Prompt files, normalised: whatever the source format (Dotprompt `.prompt`, Prompty v1/v2
 * `.prompty`), a loaded prompt is front-matter metadata plus a template that renders, with
 * variables, to a list of chat messages. The eval runner, the playground and the language server
 * read these types only.
 */

export type PromptFormat = 'dotprompt' | 'prompty';

/** One part of a message: text, or media (image/audio…) by URL. */
export type MessagePart =
  | { readonly text: string }
  | { readonly media: { readonly url: string; readonly contentType?: string } };

export interface PromptMessage {
  /** system, user, model/assistant, tool… as the format names it (Dotprompt says `model`). */
  readonly role: string;
  readonly content: readonly MessagePart[];
  /** Format-specific message metadata (e.g. Dotprompt history purpose). */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** A declared input variable (from Picoschema/JSON Schema input, or Prompty inputs/sample). */
export interface PromptInput {
  readonly name: string;
  readonly type?: string;
  readonly description?: string;
  readonly required: boolean;
  readonly default?: unknown;
}

export interface LoadedPrompt {
  readonly format: PromptFormat;
  /** File path when loaded from disk (for messages), else undefined. */
  readonly path?: string;
  readonly name?: string;
  readonly description?: string;
  /** Model id as written (`openai/gpt-4o`, `gpt-4o-mini`…) when the file names one. */
  readonly model?: string;
  /** Model parameters (temperature, max_tokens…) from the front matter, provider-neutral keys. */
  readonly config: Readonly<Record<string, unknown>>;
  readonly inputs: readonly PromptInput[];
  /** Sample/default values for the inputs, when the file gives them. */
  readonly sample?: Readonly<Record<string, unknown>>;
  /** Tool definitions in OpenAI function format, when the file declares them. */
  readonly tools?: readonly unknown[];
  /** JSON Schema of the expected output when the file asks for structured output. */
  readonly outputSchema?: unknown;
  readonly outputFormat?: 'text' | 'json';
  /** The raw front matter, parsed. */
  readonly frontMatter: Readonly<Record<string, unknown>>;
  /** The template text after the front matter. */
  readonly template: string;
  /** 1-based line in the file where the template starts. */
  readonly templateLine: number;
}

/** Errors carry a location so the editor and the CLI can point at it. */
export class PromptError extends Error {
  constructor(
    message: string,
    readonly path?: string,
    /** 1-based. */
    readonly line?: number,
    readonly column?: number,
  ) {
    super(path ? `${path}${line !== undefined ? `:${line}${column !== undefined ? `:${column}` : ''}` : ''}: ${message}` : message);
    this.name = 'PromptError';
  }
}
