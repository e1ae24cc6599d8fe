/**
 * Model prices and the cost of a span.
 *
 * DEFAULT_PRICING is a table of list prices in USD per 1M tokens (input, cached input, output),
 * standard tier, no batch discount, taken from the providers' public pricing pages as of
 * PRICES_AS_OF: OpenAI (openai.com/api/pricing), Anthropic (anthropic.com/pricing; "cached input"
 * is the cache-read price; cache writes are not modelled), Google (ai.google.dev/gemini-api/docs/
 * pricing; the price for prompts up to 128k/200k tokens, text input), Mistral (mistral.ai/
 * pricing). Several entries are confirmed by the costs real traces carry: Langfuse's computed
 * costs for gpt-4o, gpt-4o-mini, gpt-4.1, gpt-5, gpt-5-mini, gemini-2.0-flash and
 * gemini-2.5-flash, and any-agent's for mistral-small (tests check them). Prices change: users
 * override or extend the table (setting `tracemine.pricing`, passed as `PricingTable`).
 *
 * Model names are normalised before lookup (`normalizeModelName`): lowercased, a provider prefix
 * dropped (`openai/`, `models/`, `projects/…/models/`, `anthropic.`), a date or version suffix
 * dropped (`-2024-08-06`, `-20250514`, `-001`, `-latest`, `-preview`, `@20240620`, `-v1:0`).
 * There is no fuzzy matching: `gpt-4o-mini-audio` is not `gpt-4o-mini`, it is unknown.
 *
 * costOf: a cost the trace gives wins (`costSource: 'trace'`); else price × tokens
 * (`'pricing'`): (input − cached) × input + cached × cachedInput (input when no cached price) +
 * output × output, where input tokens include the cached ones (the OpenTelemetry GenAI and
 * OpenAI convention) and output tokens include reasoning tokens. An unknown model, or unknown
 * input or output tokens, give undefined: never 0.
 */
import type { Span } from './types';

export interface ModelPrice {
  /** USD per 1M input tokens. */
  readonly input: number;
  /** USD per 1M output tokens. */
  readonly output: number;
  /** USD per 1M cached (cache-read) input tokens; input price when absent. */
  readonly cachedInput?: number;
}

export type PricingTable = Readonly<Record<string, ModelPrice>>;

/** The date the default prices were taken from the providers' pricing pages. */
export const PRICES_AS_OF = '2025-11-30';

export const PRICING_SOURCES = [
  'https://openai.com/api/pricing/',
  'https://www.anthropic.com/pricing#api',
  'https://ai.google.dev/gemini-api/docs/pricing',
  'https://mistral.ai/pricing#api-pricing',
] as const;

const p = (input: number, output: number, cachedInput?: number): ModelPrice => (cachedInput === undefined ? { input, output } : { input, output, cachedInput });

export const DEFAULT_PRICING: PricingTable = {
  // OpenAI
  'gpt-4o': p(2.5, 10, 1.25),
  'gpt-4o-mini': p(0.15, 0.6, 0.075),
  'gpt-4.1': p(2, 8, 0.5),
  'gpt-4.1-mini': p(0.4, 1.6, 0.1),
  'gpt-4.1-nano': p(0.1, 0.4, 0.025),
  'gpt-5': p(1.25, 10, 0.125),
  'gpt-5-mini': p(0.25, 2, 0.025),
  'gpt-5-nano': p(0.05, 0.4, 0.005),
  'gpt-5.1': p(1.25, 10, 0.125),
  o1: p(15, 60, 7.5),
  'o1-mini': p(1.1, 4.4, 0.55),
  o3: p(2, 8, 0.5),
  'o3-mini': p(1.1, 4.4, 0.55),
  'o4-mini': p(1.1, 4.4, 0.275),
  'gpt-4-turbo': p(10, 30),
  'gpt-3.5-turbo': p(0.5, 1.5),
  // Anthropic (cachedInput = cache read)
  'claude-3-5-sonnet': p(3, 15, 0.3),
  'claude-3-7-sonnet': p(3, 15, 0.3),
  'claude-sonnet-4': p(3, 15, 0.3),
  'claude-sonnet-4-5': p(3, 15, 0.3),
  'claude-3-5-haiku': p(0.8, 4, 0.08),
  'claude-3-haiku': p(0.25, 1.25, 0.03),
  'claude-haiku-4-5': p(1, 5, 0.1),
  'claude-3-opus': p(15, 75, 1.5),
  'claude-opus-4': p(15, 75, 1.5),
  'claude-opus-4-1': p(15, 75, 1.5),
  'claude-opus-4-5': p(5, 25, 0.5),
  // Google (prompts up to 128k tokens for 1.5, 200k for 2.5 Pro)
  'gemini-1.5-flash': p(0.075, 0.3, 0.01875),
  'gemini-1.5-pro': p(1.25, 5, 0.3125),
  'gemini-2.0-flash': p(0.1, 0.4, 0.025),
  'gemini-2.0-flash-lite': p(0.075, 0.3),
  'gemini-2.5-flash': p(0.3, 2.5, 0.03),
  'gemini-2.5-flash-lite': p(0.1, 0.4, 0.01),
  'gemini-2.5-pro': p(1.25, 10, 0.125),
  // Mistral
  'mistral-small': p(0.1, 0.3),
  'mistral-medium': p(0.4, 2),
  'mistral-large': p(2, 6),
};

/** Other spellings of table keys (Anthropic's older names put the version before the family). */
const ALIASES: Readonly<Record<string, string>> = {
  'claude-sonnet-3-5': 'claude-3-5-sonnet',
  'claude-3.5-sonnet': 'claude-3-5-sonnet',
  'claude-3.7-sonnet': 'claude-3-7-sonnet',
  'claude-sonnet-3-7': 'claude-3-7-sonnet',
  'claude-3.5-haiku': 'claude-3-5-haiku',
  'claude-sonnet-4.5': 'claude-sonnet-4-5',
  'claude-opus-4.1': 'claude-opus-4-1',
  'claude-opus-4.5': 'claude-opus-4-5',
  'claude-haiku-4.5': 'claude-haiku-4-5',
  'claude-4-sonnet': 'claude-sonnet-4',
  'claude-4-opus': 'claude-opus-4',
  'chatgpt-4o': 'gpt-4o',
};

/** A model name in the table's form (see the header). */
export function normalizeModelName(model: string): string {
  let m = model.trim().toLowerCase();
  const slash = m.lastIndexOf('/');
  if (slash >= 0) m = m.slice(slash + 1);
  m = m.replace(/^(?:anthropic|openai|google|mistral|us|eu|apac)\./, '').replace(/^(?:anthropic|openai|google|mistral)\./, '');
  m = m.replace(/@.*$/, '').replace(/:.*$/, '');
  m = m.replace(/-v\d+$/, '');
  let prev: string;
  do {
    prev = m;
    m = m.replace(/-(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{3,4}|latest|preview(?:-\d{2}-\d{2,4})?|exp)$/, '');
  } while (m !== prev);
  return ALIASES[m] ?? m;
}

const indexes = new WeakMap<PricingTable, Map<string, string>>();

/** normalised name → table key (the first key wins when two normalise alike). */
function indexOf(table: PricingTable): Map<string, string> {
  let idx = indexes.get(table);
  if (!idx) {
    idx = new Map();
    for (const k of Object.keys(table)) {
      const n = normalizeModelName(k);
      if (!idx.has(n)) idx.set(n, k);
    }
    indexes.set(table, idx);
  }
  return idx;
}

/** The table entry for a model: its exact key, else its normalised name; undefined when unknown. */
export function priceOf(model: string | undefined, table: PricingTable = DEFAULT_PRICING): ModelPrice | undefined {
  if (model === undefined || model === '') return undefined;
  if (Object.prototype.hasOwnProperty.call(table, model)) return table[model];
  const key = indexOf(table).get(normalizeModelName(model));
  return key !== undefined ? table[key] : undefined;
}

/** The built-in table with the user's entries on top (theirs win for the same normalised name). */
export function pricingTable(overrides: PricingTable = {}): PricingTable {
  const out: Record<string, ModelPrice> = {};
  const byNorm = new Map<string, string>();
  for (const [k, v] of Object.entries(DEFAULT_PRICING)) {
    out[k] = v;
    byNorm.set(normalizeModelName(k), k);
  }
  for (const [k, v] of Object.entries(overrides)) {
    const existing = byNorm.get(normalizeModelName(k));
    if (existing !== undefined) delete out[existing];
    out[k] = v;
    byNorm.set(normalizeModelName(k), k);
  }
  return out;
}

type Costed = Pick<Span, 'costUsd' | 'costSource' | 'requestModel' | 'responseModel' | 'inputTokens' | 'outputTokens' | 'cachedInputTokens'>;

/** Price × tokens for one call; undefined when the model or the token counts are unknown. */
export function priceTokens(price: ModelPrice, inputTokens: number, outputTokens: number, cachedInputTokens = 0): number {
  const cached = Math.min(cachedInputTokens, inputTokens);
  return ((inputTokens - cached) * price.input + cached * (price.cachedInput ?? price.input) + outputTokens * price.output) / 1e6;
}

/**
 * The cost of a span and where it comes from: the trace's own figure, else the table's price
 * (response model first: it names the exact snapshot; then the request model) × tokens.
 */
export function costOf(span: Costed, table: PricingTable = DEFAULT_PRICING): { costUsd: number; costSource: 'trace' | 'pricing' } | undefined {
  if (span.costUsd !== undefined && span.costSource !== 'pricing') return { costUsd: span.costUsd, costSource: 'trace' };
  if (span.inputTokens === undefined || span.outputTokens === undefined) return undefined;
  const price = priceOf(span.responseModel, table) ?? priceOf(span.requestModel, table);
  if (!price) return undefined;
  return { costUsd: priceTokens(price, span.inputTokens, span.outputTokens, span.cachedInputTokens), costSource: 'pricing' };
}
