/**
 * The heuristic prompt-injection detector: screens one text with the rule set
 * (injectionRules.ts). Score = the sum of the weights of the distinct rules that hit; flagged when
 * the score reaches the threshold (DEFAULT_THRESHOLD, 1: one strong rule, or two weak ones).
 * Pure and synchronous; linear in the text's length for each rule.
 */
import { INJECTION_RULES, type InjectionRule, type RuleContext } from './injectionRules';
import { isInvisible, normalizeText } from './normalize';

export const DEFAULT_THRESHOLD = 1;

/** Longest excerpt, in characters. */
export const EXCERPT_MAX = 160;

/** Matches kept per rule in a result (the score counts each rule once however often it hits). */
const HITS_PER_RULE = 3;

export interface ScreenOptions {
  /** Flag when score >= threshold (default 1). */
  readonly threshold?: number;
  /** The rules to apply (default: INJECTION_RULES). */
  readonly rules?: readonly InjectionRule[];
}

export interface InjectionHit {
  readonly ruleId: string;
  /** The text around the hit (≤ 160 characters); for hidden or encoded text, what it decodes to. */
  readonly excerpt: string;
  /** UTF-16 index of the hit in the screened text. */
  readonly index: number;
}

export interface ScreenResult {
  readonly score: number;
  readonly flagged: boolean;
  /** Up to 3 hits per rule, rules in the order of the rule set (strongest first). */
  readonly hits: readonly InjectionHit[];
}

/** Screens `text` for prompt injection. */
export function screenText(text: string, opts: ScreenOptions = {}): ScreenResult {
  const threshold = opts.threshold ?? DEFAULT_THRESHOLD;
  const rules = opts.rules ?? INJECTION_RULES;
  const inner = rules.filter((r) => r.id !== 'encoded-payload');
  const ctx: RuleContext = {
    text,
    norm: normalizeText(text),
    rescreen: (decoded) => screenText(decoded, { rules: inner, threshold: Infinity }).score,
  };
  const hits: InjectionHit[] = [];
  let score = 0;
  for (const rule of rules) {
    const matches = rule.find(ctx);
    if (matches.length === 0) continue;
    score += rule.weight;
    const at = new Set<number>();
    for (const m of matches) {
      if (at.has(m.index)) continue;
      at.add(m.index);
      hits.push({ ruleId: rule.id, index: m.index, excerpt: excerptAt(text, m.index, m.length, m.decoded) });
      if (at.size === HITS_PER_RULE) break;
    }
  }
  score = Math.round(score * 100) / 100;
  return { score, flagged: score >= threshold, hits };
}

/**
 * The visible text around [index, index + length), on one line, at most EXCERPT_MAX characters;
 * with `decoded`, the decoded text follows in brackets.
 */
export function excerptAt(text: string, index: number, length: number, decoded?: string): string {
  const suffix = decoded !== undefined ? ` [decoded: ${oneLine(decoded)}]` : '';
  const room = Math.max(40, EXCERPT_MAX - Math.min(suffix.length, EXCERPT_MAX - 40));
  const before = Math.max(0, index - 40);
  let body = oneLine(visible(text.slice(before, index + length + 80)));
  if (before > 0) body = `…${body}`;
  const out = clip(body, room) + suffix;
  return clip(out, EXCERPT_MAX);
}

function visible(s: string): string {
  let out = '';
  for (const ch of s) if (!isInvisible(ch.codePointAt(0)!)) out += ch;
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** At most `max` UTF-16 units (never splitting a surrogate pair), with an ellipsis when cut. */
function clip(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = '';
  for (const ch of s) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}
