/** Tokenisers and n-gram counting shared by ROUGE and BLEU. */

/** Lower-cased runs of letters and digits (ROUGE's usual normalisation: punctuation dropped). */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * Case-preserving word tokens with each punctuation mark as its own token, so
 * `"Hello, world."` → `Hello , world .` (whitespace-tokenised text is unchanged).
 */
export function bleuTokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}\p{M}_]+(?:['’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}\p{M}_]/gu) ?? [];
}

/** Counts of each n-gram (joined with U+0001, which tokens never contain). */
export function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const key = tokens.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}
