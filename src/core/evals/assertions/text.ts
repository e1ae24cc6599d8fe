/**
 * Text assertions on the output string: equals, contains (and case-insensitive / any / all
 * variants), starts-with, regex, word-count and char-count.
 */
import type { AssertionSpec } from '../types';
import { deepEqual } from './deepMatch';
import { quote, verdict, type AssertionHandler } from './handler';
import { asText, asTextList, isPlainObject } from './values';

/** `equals`: exact string match; when the value is an object or array, JSON deep equality. */
export const equals: AssertionHandler = {
  validate: (spec) => (spec.value === undefined || spec.value === null ? 'equals needs a value' : undefined),
  grade(spec, ctx) {
    if (typeof spec.value === 'object' && spec.value !== null) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(ctx.output) as unknown;
      } catch {
        return verdict(false, 'Expected JSON equal to the value, but the output is not JSON');
      }
      return deepEqual(parsed, spec.value)
        ? verdict(true, 'Output JSON equals the expected value')
        : verdict(false, `Output JSON ${quote(JSON.stringify(parsed))} differs from ${quote(JSON.stringify(spec.value))}`);
    }
    const expected = asText(spec.value)!;
    return ctx.output === expected
      ? verdict(true, 'Output equals the expected value')
      : verdict(false, `Expected ${quote(expected)}, got ${quote(ctx.output)}`);
  },
};

function textValue(spec: AssertionSpec): string | undefined {
  return asText(spec.value) === undefined ? `${spec.type} needs a text value` : undefined;
}

function listValue(spec: AssertionSpec): string | undefined {
  return asTextList(spec.value) === undefined ? `${spec.type} needs a list of texts (or one comma-separated text)` : undefined;
}

/** `contains` / `icontains`. */
function containsHandler(ignoreCase: boolean): AssertionHandler {
  return {
    validate: textValue,
    grade(spec, ctx) {
      const needle = asText(spec.value)!;
      const found = fold(ctx.output, ignoreCase).includes(fold(needle, ignoreCase));
      return verdict(found, found ? `Output contains ${quote(needle)}` : `Output does not contain ${quote(needle)}`);
    },
  };
}

/** `contains-any` / `icontains-any` (`all = false`) and `contains-all` / `icontains-all`. */
function containsListHandler(ignoreCase: boolean, all: boolean): AssertionHandler {
  return {
    validate: listValue,
    grade(spec, ctx) {
      const haystack = fold(ctx.output, ignoreCase);
      const needles = asTextList(spec.value)!;
      const present = needles.filter((n) => haystack.includes(fold(n, ignoreCase)));
      const missing = needles.filter((n) => !present.includes(n));
      if (all) {
        return missing.length === 0
          ? verdict(true, `Output contains all ${needles.length} values`)
          : verdict(false, `Output is missing ${missing.map((m) => quote(m)).join(', ')}`);
      }
      return present.length > 0
        ? verdict(true, `Output contains ${quote(present[0]!)}`)
        : verdict(false, `Output contains none of ${needles.map((m) => quote(m)).join(', ')}`);
    },
  };
}

function fold(s: string, ignoreCase: boolean): string {
  return ignoreCase ? s.toLowerCase() : s;
}

export const contains = containsHandler(false);
export const icontains = containsHandler(true);
export const containsAny = containsListHandler(false, false);
export const containsAll = containsListHandler(false, true);
export const icontainsAny = containsListHandler(true, false);
export const icontainsAll = containsListHandler(true, true);

/** `starts-with`. */
export const startsWith: AssertionHandler = {
  validate: textValue,
  grade(spec, ctx) {
    const prefix = asText(spec.value)!;
    return ctx.output.startsWith(prefix)
      ? verdict(true, `Output starts with ${quote(prefix)}`)
      : verdict(false, `Output starts with ${quote(ctx.output.slice(0, Math.max(prefix.length, 20)))}, not ${quote(prefix)}`);
  },
};

/** `regex`: the value is a JavaScript pattern (no flags), matched anywhere in the output. */
export const regex: AssertionHandler = {
  validate(spec) {
    if (typeof spec.value !== 'string') return 'regex needs a pattern string';
    try {
      new RegExp(spec.value);
      return undefined;
    } catch (err) {
      return `invalid regular expression: ${err instanceof Error ? err.message : String(err)}`;
    }
  },
  grade(spec, ctx) {
    const pattern = spec.value as string;
    return new RegExp(pattern).test(ctx.output)
      ? verdict(true, `Output matches /${pattern}/`)
      : verdict(false, `Output does not match /${pattern}/`);
  },
};

/** Bounds: an exact number or `{min, max}` (either optional). */
function boundsError(spec: AssertionSpec): string | undefined {
  const v = spec.value;
  const isCount = (x: unknown) => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  if (isCount(v)) return undefined;
  if (isPlainObject(v) && (v.min !== undefined || v.max !== undefined)
    && (v.min === undefined || isCount(v.min)) && (v.max === undefined || isCount(v.max))
    && (v.min === undefined || v.max === undefined || (v.min as number) <= (v.max as number))) {
    return undefined;
  }
  return `${spec.type} needs a number or {min, max} with 0 <= min <= max`;
}

function boundsHandler(unit: string, measure: (output: string) => number): AssertionHandler {
  return {
    validate: boundsError,
    grade(spec, ctx) {
      const n = measure(ctx.output);
      const v = spec.value;
      if (typeof v === 'number') {
        return verdict(n === v, `Output has ${n} ${unit}, expected exactly ${v}`);
      }
      const { min, max } = v as { min?: number; max?: number };
      const ok = (min === undefined || n >= min) && (max === undefined || n <= max);
      const range = `${min ?? 0}..${max ?? '∞'}`;
      return verdict(ok, `Output has ${n} ${unit}${ok ? ', within' : ', outside'} ${range}`);
    },
  };
}

/** Whitespace-separated words. */
export function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

/** `word-count`: whitespace-separated words, exact or within {min, max}. */
export const wordCount = boundsHandler('words', countWords);
/** `char-count`: characters (Unicode code points), exact or within {min, max}. */
export const charCount = boundsHandler('characters', (s) => [...s].length);
