/**
 * Words for overlap measures: sentences, content tokens (lowercase, punctuation stripped, stop
 * words dropped, lightly stemmed) and numbers (compared exactly, after normalising their writing).
 * English-centred; other languages get tokens without stemming or stop words.
 */

/** Common English function words, dropped from content tokens. */
const STOP_WORDS = new Set(`a about above after again against all also am an and any are as at be because been before being
below between both but by can could did do does doing down during each few for from further had has have having he her here
hers herself him himself his how i if in into is it its itself just let me more most my myself no nor not of off on once
only or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
there these they this those through to too under until up very was we were what when where which while who whom why will
with would you your yours yourself yourselves will shall may might must ll re ve s t d m don didn doesn isn wasn aren weren
won wouldn shouldn couldn hasn haven hadn yes okay ok please thank thanks sure here's there's it's i'm you're we're they're`.split(/\s+/));

/** Abbreviations whose period does not end a sentence. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'vs', 'etc', 'e.g', 'i.e', 'no', 'inc', 'ltd', 'co', 'corp', 'approx', 'u.s', 'fig', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec']);

/**
 * The sentences of `text`: lines (list markers and markdown emphasis stripped) split after `.`,
 * `!` or `?` followed by a space and a capital, digit or quote, except after an abbreviation or a
 * single-letter initial. Empty pieces are dropped.
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/^\s*(?:[-*+•]|\d+[.)]|#{1,6})\s+/, '').replace(/[*_`]{1,3}/g, '').trim();
    if (line === '') continue;
    let start = 0;
    const re = /[.!?]+["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
    for (const m of line.matchAll(re)) {
      const before = line.slice(start, m.index);
      const lastWord = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? '';
      if (ABBREVIATIONS.has(lastWord.replace(/\.$/, '')) || /^\p{L}$/u.test(lastWord)) continue;
      const end = m.index + m[0].length;
      const piece = line.slice(start, end).trim();
      if (piece) out.push(piece);
      start = end;
    }
    const rest = line.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

/** A light suffix-stripping stemmer: the same word forms meet (plural, -ing, -ed, -ly). */
export function stem(word: string): string {
  let w = word;
  if (w.length > 4 && w.endsWith('ies')) w = `${w.slice(0, -3)}y`;
  else if (w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !/(?:ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 4 && w.endsWith('ly')) w = w.slice(0, -2);
  if (w.length > 4 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** Content tokens of `text`: lowercase words (letters/digits), stop words and numbers dropped, stemmed. */
export function contentTokens(text: string): string[] {
  const out: string[] = [];
  for (const m of text.normalize('NFKC').toLowerCase().replace(/['’]/g, '').matchAll(/[\p{L}\p{N}]+/gu)) {
    const w = m[0];
    if (/^\p{N}+$/u.test(w) || STOP_WORDS.has(w)) continue;
    if (w.length < 2 && !/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/.test(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/**
 * The numbers written in `text`, normalised so that different writings meet: thousands
 * separators dropped (`30,000` → `30000`), leading zeros dropped (`05` → `5`), trailing decimal
 * zeros dropped (`3.50` → `3.5`, `64.0` → `64`). Dates and times give their parts
 * (`2024-05-01` → 2024, 5, 1).
 */
export function numbersIn(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?/g)) {
    out.push(normalizeNumber(m[0]));
  }
  return out;
}

function normalizeNumber(s: string): string {
  let n = s.replace(/,/g, '');
  if (n.includes('.')) n = n.replace(/0+$/, '').replace(/\.$/, '');
  n = n.replace(/^0+(?=\d)/, '');
  return n;
}
