/**
 * The text the injection patterns read: the original with its tricks undone, and a map back to
 * the original's positions (so a hit's index and excerpt point into the text as stored).
 *
 * Undone, character by character:
 * - invisible characters are dropped (zero-width space/joiners, word joiner, invisible operators,
 *   BOM, soft hyphen, bidi controls, Unicode tag characters, variation selectors), so
 *   `ig\u200Bnore` reads `ignore` (hiddenText.ts reports the characters themselves);
 * - NFKC compatibility folding: fullwidth `Ｉｇｎｏｒｅ` reads `Ignore`, ligatures split;
 * - in a word that mixes Latin with Cyrillic or Greek letters, the look-alike letters are read as
 *   Latin (`ignоre` with a Cyrillic о). A word wholly in Cyrillic or Greek is left alone, so
 *   Russian and Greek text keep their letters.
 */

/** The normalised text and, for each of its UTF-16 units, the index in the original it came from. */
export interface NormalizedText {
  readonly text: string;
  readonly origin: readonly number[];
}

/** Code points dropped before matching (see hiddenText.ts for what each is). */
export function isInvisible(cp: number): boolean {
  return cp === 0x00ad // soft hyphen
    || (cp >= 0x200b && cp <= 0x200f) // zero-width space, ZWNJ, ZWJ, LRM, RLM
    || (cp >= 0x202a && cp <= 0x202e) // bidi embeddings and overrides
    || (cp >= 0x2060 && cp <= 0x2064) // word joiner, invisible operators
    || (cp >= 0x2066 && cp <= 0x2069) // bidi isolates
    || cp === 0xfeff // BOM / zero-width no-break space
    || (cp >= 0xfe00 && cp <= 0xfe0f) // variation selectors
    || (cp >= 0xe0000 && cp <= 0xe007f) // tag characters
    || (cp >= 0xe0100 && cp <= 0xe01ef); // variation selectors supplement
}

/** Cyrillic and Greek letters that look like Latin ones (lower and upper case). */
const CONFUSABLE: Readonly<Record<string, string>> = {
  а: 'a', в: 'b', е: 'e', ё: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x',
  і: 'i', ї: 'i', ј: 'j', ѕ: 's', ԁ: 'd', ӏ: 'l', ԛ: 'q', ԝ: 'w',
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', І: 'I', Ј: 'J', Ѕ: 'S',
  α: 'a', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
  ı: 'i',
};

const LATIN = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;

/** Normalises `text` for pattern matching (see the module comment); linear in its length. */
export function normalizeText(text: string): NormalizedText {
  const chars: string[] = [];
  const origin: number[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (!isInvisible(cp)) {
      const ch = text.slice(i, i + width);
      const folded = cp < 0x80 ? ch : ch.normalize('NFKC');
      for (const unit of splitUnits(folded)) {
        chars.push(unit);
        origin.push(i);
      }
    }
    i += width;
  }
  foldMixedScriptWords(chars);
  return { text: chars.join(''), origin };
}

/** A string's UTF-16 units, each as a one-unit string (keeps the origin map one entry per unit). */
function splitUnits(s: string): string[] {
  if (s.length === 1) return [s];
  const out: string[] = [];
  for (let k = 0; k < s.length; k++) out.push(s[k]!);
  return out;
}

/** Within each run of letters that has a Latin letter, replaces Cyrillic/Greek look-alikes. */
function foldMixedScriptWords(chars: string[]): void {
  let start = 0;
  while (start < chars.length) {
    if (!LETTER.test(chars[start]!)) {
      start++;
      continue;
    }
    let end = start;
    let latin = false;
    let confusable = false;
    while (end < chars.length && LETTER.test(chars[end]!)) {
      const c = chars[end]!;
      if (CONFUSABLE[c] !== undefined) confusable = true;
      else if (LATIN.test(c)) latin = true;
      end++;
    }
    if (latin && confusable) {
      for (let k = start; k < end; k++) chars[k] = CONFUSABLE[chars[k]!] ?? chars[k]!;
    }
    start = end;
  }
}

/** The original-text span [start, end) behind normalised positions [from, to). */
export function originalSpan(norm: NormalizedText, from: number, to: number, originalLength: number): { start: number; end: number } {
  if (norm.origin.length === 0) return { start: 0, end: 0 };
  const start = norm.origin[Math.min(from, norm.origin.length - 1)]!;
  const end = to >= norm.origin.length ? originalLength : norm.origin[to]!;
  return { start, end: Math.max(end, start + 1) };
}
