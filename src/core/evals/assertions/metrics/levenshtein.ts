/** Levenshtein edit distance (insertions, deletions, substitutions; each costs 1), by code point. */
export function levenshtein(a: string, b: string): number {
  const s = [...a];
  const t = [...b];
  if (s.length < t.length) return levenshteinChars(t, s);
  return levenshteinChars(s, t);
}

/** Two-row dynamic programme; `t` is the shorter sequence. */
function levenshteinChars(s: readonly string[], t: readonly string[]): number {
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  let cur = new Array<number>(t.length + 1).fill(0);
  for (let i = 1; i <= s.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const sub = prev[j - 1]! + (s[i - 1] === t[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j]! + 1, cur[j - 1]! + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[t.length]!;
}
