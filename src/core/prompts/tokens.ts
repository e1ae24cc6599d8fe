/**
 * Token counts of rendered prompts and the context windows of the models they are sent to, for
 * the language server's "prompt too long" warning and hover, and for the CLI.
 *
 * Tokenizer: gpt-tokenizer's `o200k_base` for the gpt-4o, gpt-4.1, gpt-4.5, o-series and gpt-5
 * families, `cl100k_base` for every other model (exact for gpt-4/gpt-3.5; an approximation for
 * other vendors' models, whose tokenizers are not public). The encodings are imported on first
 * use only (each is megabytes of ranks).
 *
 * Chat overhead follows OpenAI's published counting recipe: every message costs 3 tokens plus its
 * role, and the reply is primed with 3 more. Media parts are not counted.
 *
 * Context windows (tokens, input + output), by model family, from the vendors' model pages:
 *
 * | family            | examples                                   | context   | encoding    |
 * |-------------------|--------------------------------------------|-----------|-------------|
 * | gpt-5-chat        | gpt-5-chat-latest, gpt-5.1-chat-latest     | 128,000   | o200k_base  |
 * | gpt-5             | gpt-5, gpt-5-mini, gpt-5-nano, gpt-5.1     | 400,000   | o200k_base  |
 * | gpt-4.1           | gpt-4.1, gpt-4.1-mini, gpt-4.1-nano        | 1,047,576 | o200k_base  |
 * | gpt-4.5           | gpt-4.5-preview                            | 128,000   | o200k_base  |
 * | gpt-4o            | gpt-4o, gpt-4o-mini, chatgpt-4o-latest     | 128,000   | o200k_base  |
 * | o1-mini           | o1-mini, o1-preview                        | 128,000   | o200k_base  |
 * | o-series          | o1, o1-pro, o3, o3-mini, o3-pro, o4-mini   | 200,000   | o200k_base  |
 * | gpt-4-turbo       | gpt-4-turbo, gpt-4-1106-preview, …-0125-…  | 128,000   | cl100k_base |
 * | gpt-4-32k         | gpt-4-32k                                  | 32,768    | cl100k_base |
 * | gpt-4             | gpt-4, gpt-4-0613                          | 8,192     | cl100k_base |
 * | gpt-3.5-instruct  | gpt-3.5-turbo-instruct                     | 4,096     | cl100k_base |
 * | gpt-3.5-turbo     | gpt-3.5-turbo, gpt-3.5-turbo-0125          | 16,385    | cl100k_base |
 * | claude            | claude-3-5-sonnet, claude-sonnet-4, …      | 200,000   | cl100k_base (approx.) |
 * | gemini-1.5-pro    | gemini-1.5-pro                             | 2,097,152 | cl100k_base (approx.) |
 * | gemini-1.0-pro    | gemini-pro, gemini-1.0-pro                 | 32,760    | cl100k_base (approx.) |
 * | gemini            | gemini-1.5-flash, gemini-2.0-flash, 2.5-…  | 1,048,576 | cl100k_base (approx.) |
 *
 * A model is matched after its provider prefix is removed (`openai/gpt-4o`, `openai:chat:gpt-4o`,
 * `googleai/gemini-1.5-pro`, `ft:gpt-4o-mini:org::id`); an unknown model has no context window.
 */
import type { PromptMessage } from './types';

export type TokenEncodingName = 'o200k_base' | 'cl100k_base';

export interface ModelContext {
  /** Family name from the table above. */
  readonly family: string;
  /** Context window in tokens (input + output). */
  readonly contextWindow: number;
  readonly encoding: TokenEncodingName;
  /** The encoding is not the model's own tokenizer: counts are estimates. */
  readonly approximate: boolean;
  /** Model names of the family, for completion. */
  readonly examples: readonly string[];
}

interface Row extends ModelContext {
  readonly match: RegExp;
}

const O200K = 'o200k_base';
const CL100K = 'cl100k_base';

/** First match wins: specific families before the general ones. */
export const MODEL_CONTEXT_TABLE: readonly Row[] = [
  { family: 'gpt-5-chat', match: /^gpt-5(?:\.\d+)?-chat(?:-|$)/, contextWindow: 128_000, encoding: O200K, approximate: false, examples: ['gpt-5-chat-latest'] },
  { family: 'gpt-5', match: /^gpt-5(?:\.\d+)?(?:-|$)/, contextWindow: 400_000, encoding: O200K, approximate: false, examples: ['gpt-5', 'gpt-5-mini', 'gpt-5-nano', 'gpt-5.1'] },
  { family: 'gpt-4.1', match: /^gpt-4\.1(?:-|$)/, contextWindow: 1_047_576, encoding: O200K, approximate: false, examples: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4.1-nano'] },
  { family: 'gpt-4.5', match: /^gpt-4\.5(?:-|$)/, contextWindow: 128_000, encoding: O200K, approximate: false, examples: ['gpt-4.5-preview'] },
  { family: 'gpt-4o', match: /^(?:chatgpt-)?gpt-4o(?:-|$)|^chatgpt-4o(?:-|$)/, contextWindow: 128_000, encoding: O200K, approximate: false, examples: ['gpt-4o', 'gpt-4o-mini', 'chatgpt-4o-latest'] },
  { family: 'o1-mini', match: /^o1-(?:mini|preview)(?:-|$)/, contextWindow: 128_000, encoding: O200K, approximate: false, examples: ['o1-mini', 'o1-preview'] },
  { family: 'o-series', match: /^o[1-9](?:-|$)/, contextWindow: 200_000, encoding: O200K, approximate: false, examples: ['o1', 'o1-pro', 'o3', 'o3-mini', 'o3-pro', 'o4-mini'] },
  { family: 'gpt-4-turbo', match: /^gpt-4-(?:turbo|\d{4}-preview|vision-preview)(?:-|$)/, contextWindow: 128_000, encoding: CL100K, approximate: false, examples: ['gpt-4-turbo', 'gpt-4-0125-preview'] },
  { family: 'gpt-4-32k', match: /^gpt-4-32k(?:-|$)/, contextWindow: 32_768, encoding: CL100K, approximate: false, examples: ['gpt-4-32k'] },
  { family: 'gpt-4', match: /^gpt-4(?:-\d{4})?$/, contextWindow: 8_192, encoding: CL100K, approximate: false, examples: ['gpt-4'] },
  { family: 'gpt-3.5-instruct', match: /^gpt-3\.5-turbo-instruct(?:-|$)/, contextWindow: 4_096, encoding: CL100K, approximate: false, examples: ['gpt-3.5-turbo-instruct'] },
  { family: 'gpt-3.5-turbo', match: /^gpt-3\.5-turbo(?:-|$)/, contextWindow: 16_385, encoding: CL100K, approximate: false, examples: ['gpt-3.5-turbo'] },
  { family: 'claude', match: /^claude-(?:3|sonnet-4|opus-4|haiku-4)/, contextWindow: 200_000, encoding: CL100K, approximate: true, examples: ['claude-3-5-sonnet-latest', 'claude-sonnet-4-0', 'claude-opus-4-0', 'claude-3-5-haiku-latest'] },
  { family: 'gemini-1.5-pro', match: /^gemini-1\.5-pro(?:-|@|$)/, contextWindow: 2_097_152, encoding: CL100K, approximate: true, examples: ['gemini-1.5-pro'] },
  { family: 'gemini-1.0-pro', match: /^gemini-(?:1\.0-)?pro(?:-vision)?(?:-\d{3})?(?:@|$)/, contextWindow: 32_760, encoding: CL100K, approximate: true, examples: ['gemini-pro'] },
  { family: 'gemini', match: /^gemini-(?:1\.5-flash|2\.0-flash|2\.5-(?:pro|flash))(?:-|@|$)/, contextWindow: 1_048_576, encoding: CL100K, approximate: true, examples: ['gemini-1.5-flash', 'gemini-2.0-flash', 'gemini-2.5-pro', 'gemini-2.5-flash'] },
];

/** The model id without its provider prefix: `openai/gpt-4o` → `gpt-4o`. */
export function modelId(model: string): string {
  let m = model.trim();
  const ft = /^ft:([^:]+):/.exec(m);
  if (ft) return ft[1]!.toLowerCase();
  const slash = m.lastIndexOf('/');
  if (slash >= 0) m = m.slice(slash + 1);
  m = m.replace(/^(?:openai|azure|anthropic|google|googleai|vertexai|chat)(?::chat)?:/i, '');
  return m.toLowerCase();
}

/** The context window of `model`, or undefined when the table does not know it. */
export function modelContext(model: string | undefined): ModelContext | undefined {
  if (!model) return undefined;
  const id = modelId(model);
  const row = MODEL_CONTEXT_TABLE.find((r) => r.match.test(id));
  if (!row) return undefined;
  const { match: _match, ...context } = row;
  return context;
}

/** `o200k_base` for gpt-4o/4.1/4.5/o-series/gpt-5 models, `cl100k_base` otherwise. */
export function encodingForModel(model: string | undefined): TokenEncodingName {
  return modelContext(model)?.encoding ?? CL100K;
}

export interface TokenCounter {
  readonly encoding: TokenEncodingName;
  count(text: string): number;
}

const counters = new Map<TokenEncodingName, Promise<TokenCounter>>();

/** The counter for `encoding`, importing the encoding on first use. */
export function loadTokenCounter(encoding: TokenEncodingName): Promise<TokenCounter> {
  let pending = counters.get(encoding);
  if (!pending) {
    const load = encoding === O200K ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base');
    // Special-token text in a prompt (`<|endoftext|>`) is plain text to the API: count it as such.
    const plain = { disallowedSpecial: new Set<string>() };
    pending = load.then((m) => ({ encoding, count: (text: string) => (text === '' ? 0 : m.countTokens(text, plain)) }));
    pending.catch(() => counters.delete(encoding));
    counters.set(encoding, pending);
  }
  return pending;
}

/** Tokens per message and for the reply's priming, as OpenAI counts chat requests. */
export const CHAT_OVERHEAD = { perMessage: 3, reply: 3 } as const;

/** Tokens of a chat request made of `messages` (text parts; media parts are not counted). */
export function countMessageTokens(messages: readonly PromptMessage[], counter: TokenCounter): number {
  if (messages.length === 0) return 0;
  let total = CHAT_OVERHEAD.reply;
  for (const m of messages) {
    total += CHAT_OVERHEAD.perMessage + counter.count(m.role === 'model' ? 'assistant' : m.role);
    for (const part of m.content) if ('text' in part) total += counter.count(part.text);
  }
  return total;
}

export interface PromptTokenCount {
  readonly tokens: number;
  readonly encoding: TokenEncodingName;
  /** Undefined for a model the table does not know. */
  readonly context?: ModelContext;
  /** Some messages have media parts, which are not counted. */
  readonly mediaNotCounted: boolean;
}

/** Counts rendered messages with the encoding of `model` and looks up its context window. */
export async function countPromptTokens(messages: readonly PromptMessage[], model: string | undefined): Promise<PromptTokenCount> {
  const context = modelContext(model);
  const counter = await loadTokenCounter(context?.encoding ?? CL100K);
  return {
    tokens: countMessageTokens(messages, counter),
    encoding: counter.encoding,
    ...(context ? { context } : {}),
    mediaNotCounted: messages.some((m) => m.content.some((p) => 'media' in p)),
  };
}
