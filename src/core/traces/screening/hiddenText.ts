/**
 * Text a reader does not see but a model does: runs of invisible characters that carry a message
 * (ASCII smuggling), or that reorder what is displayed. Found on the original text, decoded when
 * the encoding is known.
 *
 * Kinds, and what counts (ordinary uses are left out):
 * - `tag`: Unicode tag characters U+E0000–U+E007F, each one an ASCII character (U+E0000 + code).
 *   Decoded. Emoji subdivision flags (🏴 + lowercase tags + U+E007F CANCEL TAG, e.g. Scotland's)
 *   are ordinary and skipped.
 * - `variation-selectors`: 4 or more consecutive variation selectors (U+FE00–U+FE0F,
 *   U+E0100–U+E01EF). One selector after an emoji or ideograph is ordinary; long runs encode bytes
 *   (U+E0100 + code, or the "emoji smuggling" byte mapping), decoded when printable.
 * - `zero-width`: 3 or more zero-width spaces, word joiners, invisible operators
 *   (U+200B, U+2060–U+2064) or non-initial BOMs (U+FEFF) in the text ("sneaky bits" encode
 *   binary in U+2062/U+2064). ZWJ and ZWNJ are left out: emoji sequences and Indic/Persian
 *   scripts need them.
 * - `bidi-override`: U+202D/U+202E (left-to-right/right-to-left override) anywhere; the
 *   embeddings and isolates (U+202A–U+202C, U+2066–U+2069) only in text without Hebrew or Arabic
 *   letters, where they have no ordinary use.
 */

export type HiddenKind = 'tag' | 'variation-selectors' | 'zero-width' | 'bidi-override';

export interface HiddenRun {
  readonly kind: HiddenKind;
  /** UTF-16 index of the run's first character in the original text. */
  readonly index: number;
  /** UTF-16 length of the run (for `zero-width`: from the first to the last such character). */
  readonly length: number;
  /** How many hidden code points. */
  readonly count: number;
  /** The smuggled text, when the encoding is known and it decodes to printable text. */
  readonly decoded?: string;
}

const isTag = (cp: number) => cp >= 0xe0000 && cp <= 0xe007f;
const isSelector = (cp: number) => (cp >= 0xfe00 && cp <= 0xfe0f) || (cp >= 0xe0100 && cp <= 0xe01ef);
const isZeroWidth = (cp: number, i: number) => cp === 0x200b || (cp >= 0x2060 && cp <= 0x2064) || (cp === 0xfeff && i > 0);
const isOverride = (cp: number) => cp === 0x202d || cp === 0x202e;
const isEmbedding = (cp: number) => (cp >= 0x202a && cp <= 0x202c) || (cp >= 0x2066 && cp <= 0x2069);
const RTL_LETTER = /[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]/;
const BLACK_FLAG = 0x1f3f4;

/** The hidden runs in `text`, in order of position. */
export function findHiddenText(text: string): HiddenRun[] {
  const runs: HiddenRun[] = [];
  const cps: { cp: number; i: number }[] = [];
  for (let i = 0; i < text.length;) {
    const cp = text.codePointAt(i)!;
    cps.push({ cp, i });
    i += cp > 0xffff ? 2 : 1;
  }
  const endOf = (k: number) => cps[k]!.i + (cps[k]!.cp > 0xffff ? 2 : 1);
  let zeroWidth: { first: number; last: number; count: number } | undefined;
  const rtl = RTL_LETTER.test(text);
  for (let k = 0; k < cps.length; k++) {
    const { cp, i } = cps[k]!;
    if (isTag(cp)) {
      let e = k;
      while (e < cps.length && isTag(cps[e]!.cp)) e++;
      const codes = cps.slice(k, e).map((c) => c.cp - 0xe0000);
      const flag = k > 0 && cps[k - 1]!.cp === BLACK_FLAG && codes[codes.length - 1] === 0x7f
        && codes.length <= 8 && codes.slice(0, -1).every((c) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39));
      if (!flag) runs.push({ kind: 'tag', index: i, length: endOf(e - 1) - i, count: e - k, ...printable(String.fromCharCode(...codes.filter((c) => c !== 0x7f)))});
      k = e - 1;
    } else if (isSelector(cp)) {
      let e = k;
      while (e < cps.length && isSelector(cps[e]!.cp)) e++;
      if (e - k >= 4) {
        runs.push({ kind: 'variation-selectors', index: i, length: endOf(e - 1) - i, count: e - k, ...decodeSelectors(cps.slice(k, e).map((c) => c.cp)) });
      }
      k = e - 1;
    } else if (isZeroWidth(cp, i)) {
      if (!zeroWidth) zeroWidth = { first: k, last: k, count: 0 };
      zeroWidth.last = k;
      zeroWidth.count++;
    } else if (isOverride(cp) || (isEmbedding(cp) && !rtl)) {
      runs.push({ kind: 'bidi-override', index: i, length: endOf(k) - i, count: 1 });
    }
  }
  if (zeroWidth && zeroWidth.count >= 3) {
    const start = cps[zeroWidth.first]!.i;
    runs.push({ kind: 'zero-width', index: start, length: endOf(zeroWidth.last) - start, count: zeroWidth.count });
  }
  return runs.sort((a, b) => a.index - b.index);
}

/** `{decoded}` when `s` is mostly printable text (letters, digits, punctuation, spaces), else `{}`. */
function printable(s: string): { decoded?: string } {
  if (s.length === 0) return {};
  let ok = 0;
  for (const ch of s) if (/[\p{L}\p{N}\p{P}\p{Zs}\n\t$+<=>^`|~]/u.test(ch)) ok++;
  return ok / [...s].length >= 0.9 ? { decoded: s } : {};
}

/**
 * Variation selectors as text: first as U+E0100 + character code (garak's variant smuggling),
 * then as bytes (VS1–VS16 = 0–15, VS17–VS256 = 16–255) read as UTF-8.
 */
function decodeSelectors(cps: readonly number[]): { decoded?: string } {
  if (cps.every((cp) => cp >= 0xe0100)) {
    const direct = printable(String.fromCharCode(...cps.map((cp) => cp - 0xe0100)));
    if (direct.decoded !== undefined) return direct;
  }
  const bytes = Uint8Array.from(cps.map((cp) => (cp <= 0xfe0f ? cp - 0xfe00 : cp - 0xe0100 + 16)));
  return printable(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
}
