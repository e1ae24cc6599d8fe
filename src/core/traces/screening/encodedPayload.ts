/**
 * Encoded text inside text: long base64 or hex runs that decode to readable words. The detector
 * screens what they decode to (an encoded "ignore previous instructions" is an injection; an
 * encoded image, hash, key or token decodes to bytes and is left alone).
 *
 * - base64: a run of 24 or more base64 characters (standard or URL-safe alphabet, `=` padding),
 *   bounded by characters outside the alphabet;
 * - hex: 32 or more hex digits, contiguous or as space-separated pairs (`49 67 6e …`).
 * - caesar: Latin letters shifted by a fixed amount (ROT13, Caesar's 3…): found when two
 *   override words ("ignore", "disregard", "forget", "previous", "instructions", "prior") appear
 *   shifted by the same non-zero amount; the word shapes (differences between consecutive letters)
 *   do not change under a shift, so one pass finds every shift. The whole text is shifted back.
 * A base64/hex run decodes when the bytes are valid UTF-8 and at least 85% of the characters are
 * letters, digits, punctuation or spaces, with at least two spaces (words, not an identifier).
 */

export interface EncodedPayload {
  readonly encoding: 'base64' | 'hex' | 'caesar';
  /** UTF-16 index of the run in the text. */
  readonly index: number;
  readonly length: number;
  readonly decoded: string;
}

const BASE64_RUN = /[A-Za-z0-9+/_-]{24,}={0,2}/g;
const HEX_RUN = /(?:[0-9a-fA-F]{2}[ ]?){16,}/g;

/** The decodable runs in `text`, in order of position. */
export function findEncodedPayloads(text: string): EncodedPayload[] {
  const out: EncodedPayload[] = [];
  for (const m of text.matchAll(HEX_RUN)) {
    const run = m[0].trimEnd();
    const decoded = readable(Buffer.from(run.replace(/ /g, ''), 'hex'));
    if (decoded !== undefined) out.push({ encoding: 'hex', index: m.index, length: run.length, decoded });
  }
  for (const m of text.matchAll(BASE64_RUN)) {
    const run = m[0];
    if (/^[0-9a-fA-F]+$/.test(run)) continue; // hex, handled above
    if (!/[A-Z]/.test(run) || !/[a-z]/.test(run)) continue; // one case only: a word or a constant, not base64
    const decoded = readable(Buffer.from(run.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
    if (decoded !== undefined) out.push({ encoding: 'base64', index: m.index, length: run.length, decoded });
  }
  const caesar = findCaesar(text);
  if (caesar) out.push(caesar);
  return out.sort((a, b) => a.index - b.index);
}

const KEY_WORDS = ['ignore', 'disregard', 'forget', 'previous', 'instructions', 'instruction', 'prior'];
const shape = (w: string) => [...w].slice(1).map((c, i) => (c.charCodeAt(0) - w.charCodeAt(i) + 26) % 26).join(',');
const KEY_SHAPES = new Map(KEY_WORDS.map((w) => [shape(w), w]));

/** Text whose override words are Caesar-shifted, shifted back; undefined when none. */
function findCaesar(text: string): EncodedPayload | undefined {
  const found = new Map<number, { words: Set<string>; index: number }>();
  for (const m of text.matchAll(/[A-Za-z]{5,12}/g)) {
    const token = m[0].toLowerCase();
    const word = KEY_SHAPES.get(shape(token));
    if (word === undefined) continue;
    const shift = (token.charCodeAt(0) - word.charCodeAt(0) + 26) % 26;
    if (shift === 0) continue;
    const entry = found.get(shift) ?? { words: new Set<string>(), index: m.index };
    entry.words.add(word);
    found.set(shift, entry);
  }
  for (const [shift, { words, index }] of found) {
    if (words.size < 2) continue;
    const decoded = text.replace(/[A-Za-z]/g, (c) => {
      const base = c <= 'Z' ? 65 : 97;
      return String.fromCharCode(((c.charCodeAt(0) - base - shift + 26) % 26) + base);
    });
    return { encoding: 'caesar', index, length: text.length - index, decoded };
  }
  return undefined;
}

/** The bytes as text when they are readable words (see the module comment), else undefined. */
function readable(bytes: Uint8Array): string | undefined {
  if (bytes.length < 12) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  const chars = [...text];
  let ok = 0;
  let spaces = 0;
  for (const ch of chars) {
    if (/[\p{L}\p{N}\p{P}\p{Zs}\n\t$+<=>^`|~]/u.test(ch)) ok++;
    if (ch === ' ') spaces++;
  }
  return ok / chars.length >= 0.85 && spaces >= 2 ? text : undefined;
}
