/**
 * Groundedness by overlap: is each sentence of an answer backed by the content the agent
 * retrieved? No model, deterministic, cheap enough to run on every imported trace.
 *
 * Per sentence (textTokens.ts: content tokens are lowercase, stop words dropped, stemmed):
 * - overlap = the share of the sentence's distinct content tokens found in the best window of
 *   the best source (windows of max(30, 3 × the sentence's token count) tokens, half-overlapping;
 *   a short source is one window), so a long document cannot back a sentence with words
 *   scattered across it;
 * - numbers must match exactly: a number in the sentence that appears in no source makes the
 *   sentence unsupported, whatever its overlap ("the flight costs $450" against a $540 fare);
 * - supported when overlap ≥ threshold (default 0.6) and no number is missing; a sentence
 *   without content tokens or numbers ("Sure!") is supported and not counted;
 * - questions and courtesy formulas ("Is there anything else I can help with?", "Feel free to
 *   let me know", "You're welcome") make no claim: supported and not counted, unless they carry a
 *   number no source has.
 * Score = supported / counted sentences (1 when none is counted).
 *
 * Sources that are JSON (most tool results) are read as the text of their keys and values, so
 * escapes (`\u00b0`) and quoting do not hide words; sources without words or numbers (`{}`,
 * `null`) are dropped.
 */
import type { Span, Trace } from '../types';
import { contentTokens, numbersIn, splitSentences } from './textTokens';
import { spansInOrder } from './traceScreening';

export interface GroundednessOptions {
  /** Minimum token overlap for a supported sentence (default 0.6). */
  readonly threshold?: number;
}

export interface SentenceSupport {
  readonly text: string;
  readonly supported: boolean;
  /** Index in `sources` of the best-matching source, when any token matched. */
  readonly bestSource?: number;
  /** Share of the sentence's content tokens found in the best window, 0..1 (1 without tokens). */
  readonly overlap: number;
  /** Numbers of the sentence found in no source. */
  readonly missingNumbers?: readonly string[];
  /** False for sentences without content tokens or numbers (not counted in the score). */
  readonly counted: boolean;
}

export interface GroundednessResult {
  /** Supported share of the counted sentences, 0..1. */
  readonly score: number;
  readonly sentences: readonly SentenceSupport[];
  /** The unsupported sentences' text. */
  readonly unsupported: readonly string[];
}

export const DEFAULT_GROUNDEDNESS_THRESHOLD = 0.6;

const COURTESY = /\b(?:let (?:me|us) know|feel free|anything else|any (?:other|more|further) questions|further (?:assistance|help|questions)|happy to help|glad to help|glad I could help|(?:have|enjoy) (?:a|your) (?:great|nice|good|wonderful|safe)|you(?:'re| are) welcome|thank you|thanks)\b/i;

/** A question or a courtesy formula: no claim to check. */
function makesNoClaim(sentence: string): boolean {
  return /\?["')\]]*$/.test(sentence.trim()) || COURTESY.test(sentence);
}

/** A source as words: JSON read as its keys and values, anything else as is. */
export function sourceText(source: string): string {
  const t = source.trim();
  if (!/^[[{"]/.test(t)) return source;
  try {
    const parts: string[] = [];
    const walk = (v: unknown): void => {
      if (v === null || v === undefined) return;
      if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object') {
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
          parts.push(k.replace(/[_-]+/g, ' '));
          walk(x);
        }
      } else parts.push(String(v));
    };
    walk(JSON.parse(t) as unknown);
    return parts.join('\n');
  } catch {
    return source;
  }
}

/** Checks `answer` against `sources` (see the module comment). */
export function groundedness(answer: string, sources: readonly string[], opts: GroundednessOptions = {}): GroundednessResult {
  const threshold = opts.threshold ?? DEFAULT_GROUNDEDNESS_THRESHOLD;
  const texts = sources.map(sourceText);
  const sourceTokens = texts.map((s) => contentTokens(s));
  const sourceNumbers = new Set(texts.flatMap((s) => numbersIn(s)));
  const sentences: SentenceSupport[] = splitSentences(answer).map((text) => {
    const tokens = [...new Set(contentTokens(text))];
    const numbers = [...new Set(numbersIn(text))];
    const missing = numbers.filter((n) => !sourceNumbers.has(n));
    if (makesNoClaim(text) && missing.length === 0) return { text, supported: true, overlap: 1, counted: false };
    if (tokens.length === 0) {
      return { text, supported: missing.length === 0, overlap: 1, counted: numbers.length > 0, ...(missing.length ? { missingNumbers: missing } : {}) };
    }
    const best = bestWindow(tokens, sourceTokens);
    return {
      text,
      supported: best.overlap >= threshold && missing.length === 0,
      overlap: best.overlap,
      counted: true,
      ...(best.source !== undefined ? { bestSource: best.source } : {}),
      ...(missing.length ? { missingNumbers: missing } : {}),
    };
  });
  const counted = sentences.filter((s) => s.counted);
  const supported = counted.filter((s) => s.supported).length;
  return {
    score: counted.length === 0 ? 1 : supported / counted.length,
    sentences,
    unsupported: sentences.filter((s) => !s.supported).map((s) => s.text),
  };
}

/** The best token recall of `tokens` over windows of every source. */
function bestWindow(tokens: readonly string[], sources: readonly (readonly string[])[]): { overlap: number; source?: number } {
  const size = Math.max(30, 3 * tokens.length);
  const stride = Math.max(1, Math.floor(size / 2));
  let best = { overlap: 0, source: undefined as number | undefined };
  sources.forEach((src, index) => {
    for (let start = 0; start === 0 || start + size - stride < src.length; start += stride) {
      const window = new Set(src.slice(start, start + size));
      let found = 0;
      for (const t of tokens) if (window.has(t)) found++;
      const overlap = found / tokens.length;
      if (overlap > best.overlap) best = { overlap, source: index };
      if (best.overlap === 1) return;
    }
  });
  return best.source === undefined ? { overlap: 0 } : { overlap: best.overlap, source: best.source };
}

export interface TraceGroundedness extends GroundednessResult {
  /** The final answer checked. */
  readonly answer: string;
  /** The span the answer came from. */
  readonly spanId: string;
  /** The sources checked against (retrieved documents and tool results, each once). */
  readonly sources: readonly string[];
}

/**
 * Groundedness of a trace's final answer: the last assistant output message (spans in time
 * order), else the output of the root span; against every retrieved document and tool result
 * (`toolResult`, a tool span's output, tool-role input messages). Undefined when the trace has no
 * answer or no sources.
 */
export function traceGroundedness(trace: Trace, opts: GroundednessOptions = {}): TraceGroundedness | undefined {
  const spans = spansInOrder(trace);
  const final = finalAnswer(spans);
  if (!final) return undefined;
  const sources = traceSources(spans).filter((s) => {
    const text = sourceText(s);
    return contentTokens(text).length > 0 || numbersIn(text).length > 0;
  });
  if (sources.length === 0) return undefined;
  return { ...groundedness(final.answer, sources, opts), answer: final.answer, spanId: final.spanId, sources };
}

function finalAnswer(spans: readonly Span[]): { answer: string; spanId: string } | undefined {
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i]!;
    const messages = span.outputMessages ?? [];
    for (let k = messages.length - 1; k >= 0; k--) {
      const m = messages[k]!;
      if (m.role === 'assistant' && m.content.trim() !== '') return { answer: m.content, spanId: span.spanId };
    }
  }
  const ids = new Set(spans.map((s) => s.spanId));
  const root = spans.find((s) => s.parentSpanId === undefined || !ids.has(s.parentSpanId));
  return root?.output !== undefined && root.output.trim() !== '' ? { answer: root.output, spanId: root.spanId } : undefined;
}

function traceSources(spans: readonly Span[]): string[] {
  const out = new Set<string>();
  const add = (t: string | undefined) => {
    if (t !== undefined && t.trim() !== '') out.add(t);
  };
  for (const span of spans) {
    add(span.toolResult ?? (span.kind === 'tool' ? span.output : undefined));
    for (const d of span.documents ?? []) add(d.content);
    for (const m of span.inputMessages ?? []) if (m.role === 'tool' || m.role === 'function') add(m.content);
  }
  return [...out];
}
