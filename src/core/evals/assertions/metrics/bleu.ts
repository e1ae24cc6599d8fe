/**
 * Sentence BLEU (Papineni et al., 2002): the geometric mean of clipped (modified) n-gram
 * precisions for n = 1..maxN with uniform weights, times the brevity penalty
 * BP = exp(1 - r/c) when the candidate (length c) is shorter than the reference length r closest
 * to c (the shorter one on a tie), else 1.
 *
 * Smoothing: Chen & Cherry (2014) method 1 — an order with no matching n-gram gets precision
 * ε / (number of candidate n-grams, at least 1) with ε = 0.1 instead of 0, so one missing 4-gram
 * does not zero the score. Orders that have matches are not changed, so whenever every order has
 * a match the result equals unsmoothed BLEU (e.g. NLTK's documented `sentence_bleu` example).
 * Tokens keep their case; punctuation marks are separate tokens (see `bleuTokens`).
 */
import { bleuTokens, ngramCounts } from './ngrams';

const EPSILON = 0.1;

export function bleu(candidate: string, references: readonly string[], maxN = 4): number {
  return bleuFromTokens(bleuTokens(candidate), references.map(bleuTokens), maxN);
}

export function bleuFromTokens(cand: readonly string[], refs: readonly (readonly string[])[], maxN = 4): number {
  if (cand.length === 0 || refs.length === 0) return 0;
  let logSum = 0;
  for (let n = 1; n <= maxN; n++) {
    const counts = ngramCounts(cand, n);
    const maxRef = new Map<string, number>();
    for (const ref of refs) {
      for (const [gram, c] of ngramCounts(ref, n)) maxRef.set(gram, Math.max(maxRef.get(gram) ?? 0, c));
    }
    let clipped = 0;
    let total = 0;
    for (const [gram, c] of counts) {
      total += c;
      clipped += Math.min(c, maxRef.get(gram) ?? 0);
    }
    const precision = clipped > 0 ? clipped / total : EPSILON / Math.max(1, total);
    logSum += Math.log(precision) / maxN;
  }
  const c = cand.length;
  const r = closestRefLength(c, refs);
  const bp = c > r ? 1 : Math.exp(1 - r / c);
  return bp * Math.exp(logSum);
}

function closestRefLength(c: number, refs: readonly (readonly string[])[]): number {
  let best = refs[0]!.length;
  for (const ref of refs) {
    const d = Math.abs(ref.length - c);
    const bestD = Math.abs(best - c);
    if (d < bestD || (d === bestD && ref.length < best)) best = ref.length;
  }
  return best;
}
