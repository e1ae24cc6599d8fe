/**
 * ROUGE-N recall (Lin, 2004): the share of the reference's n-grams that the candidate also has,
 * each counted at most as often as it occurs in the candidate (clipped). Tokens are lower-cased
 * letter/digit runs. 0 when the reference has no n-grams.
 */
import { ngramCounts, rougeTokens } from './ngrams';

export function rougeN(candidate: string, reference: string, n = 1): number {
  const ref = ngramCounts(rougeTokens(reference), n);
  const cand = ngramCounts(rougeTokens(candidate), n);
  let total = 0;
  let overlap = 0;
  for (const [gram, count] of ref) {
    total += count;
    overlap += Math.min(count, cand.get(gram) ?? 0);
  }
  return total === 0 ? 0 : overlap / total;
}
