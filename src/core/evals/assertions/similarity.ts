/**
 * Reference-similarity assertions: `levenshtein` (edit distance at most the threshold, default
 * 5), `rouge-n` (ROUGE-N recall at least the threshold, default 0.75) and `bleu` (BLEU-4 at
 * least the threshold, default 0.5). ROUGE and BLEU report the metric as the score.
 */
import type { AssertionSpec } from '../types';
import { checkThreshold, verdict, type AssertionHandler } from './handler';
import { bleu as bleuScore } from './metrics/bleu';
import { levenshtein as distance } from './metrics/levenshtein';
import { rougeN as rougeScore } from './metrics/rouge';
import { asText, asTextList, isPlainObject } from './values';

/** `levenshtein`: value = the expected text; threshold = the largest distance that passes. */
export const levenshtein: AssertionHandler = {
  validate: (spec) => (asText(spec.value) === undefined ? 'levenshtein needs the expected text' : checkThreshold(spec)),
  grade(spec, ctx) {
    const max = spec.threshold ?? 5;
    const d = distance(ctx.output, asText(spec.value)!);
    return verdict(d <= max, `Levenshtein distance ${d} ${d <= max ? '<=' : '>'} ${max}`);
  },
};

/** The reference text and n of a `rouge-n` value: a text, or {reference, n}. */
function readRouge(spec: AssertionSpec): { reference: string; n: number } | string {
  const v = spec.value;
  const reference = isPlainObject(v) ? asText(v.reference) : asText(v);
  const n = isPlainObject(v) && v.n !== undefined ? v.n : 1;
  if (reference === undefined) return 'rouge-n needs the reference text (or {reference, n})';
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 9) return 'rouge-n n must be an integer from 1 to 9';
  return { reference, n };
}

/** `rouge-n`: value = reference text or {reference, n}; n defaults to 1. */
export const rougeN: AssertionHandler = {
  validate(spec) {
    const r = readRouge(spec);
    return typeof r === 'string' ? r : checkThreshold(spec, 0, 1);
  },
  grade(spec, ctx) {
    const { reference, n } = readRouge(spec) as { reference: string; n: number };
    const score = rougeScore(ctx.output, reference, n);
    const min = spec.threshold ?? 0.75;
    return { pass: score >= min, score, reason: `ROUGE-${n} recall ${score.toFixed(3)} ${score >= min ? '>=' : '<'} ${min}` };
  },
};

/** `bleu`: value = one reference text or a list of references. */
export const bleu: AssertionHandler = {
  validate(spec) {
    if (asTextList(Array.isArray(spec.value) ? spec.value : [spec.value]) === undefined) return 'bleu needs a reference text or a list of them';
    return checkThreshold(spec, 0, 1);
  },
  grade(spec, ctx) {
    const refs = asTextList(Array.isArray(spec.value) ? spec.value : [spec.value])!;
    const score = bleuScore(ctx.output, refs);
    const min = spec.threshold ?? 0.5;
    return { pass: score >= min, score, reason: `BLEU-4 ${score.toFixed(3)} ${score >= min ? '>=' : '<'} ${min}` };
  },
};
