/**
 * Dotprompt (google/dotprompt `.prompt` files): load a file into the shared LoadedPrompt (plus
 * Dotprompt metadata) and render it to messages. Passes the language-neutral spec suite
 * (test/unit/dotpromptSpec.test.ts).
 */
export { loadDotprompt, type DotpromptLoadOptions } from './load';
export { renderDotprompt, renderDotpromptMetadata } from './render';
export { toPromptMessages } from './messages';
export { picoschemaToJsonSchema, PicoschemaError, type SchemaLookup } from './picoschema';
export type {
  DotpromptData,
  DotpromptFile,
  DotpromptMessage,
  DotpromptMetadata,
  DotpromptPart,
  DotpromptRenderOptions,
  DotpromptToolDefinition,
  PendingPart,
  RenderedDotprompt,
} from './types';
