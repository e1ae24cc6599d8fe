/**
 * Which `llm` spans count as model calls. Frameworks often wrap the provider's span in their own
 * (Google ADK's `call_llm` around `generate_content`; the Vercel AI SDK's `ai.generateText` around
 * `ai.generateText.doGenerate`; agno's `OpenAIChat.invoke` around the OpenAI instrumentation's
 * `chat`), both carrying model and usage. agentevals' corpus rule (MANIFEST: "a wrapper span and
 * the provider span inside it are ONE model call, tokens counted once") is applied so:
 *
 * - an `llm` span with no `llm` span below it (an innermost call) counts;
 * - an `llm` span with `llm` spans below it is a wrapper and does not count: its calls are the
 *   innermost spans inside it (a wrapper around several calls, e.g. a multi-step generateText,
 *   stands for all of them);
 * - except when the innermost span reports no tokens while the nearest wrapper around it (and
 *   around no other call) does: then that wrapper counts instead, so the usage is not lost.
 *
 * Parent cycles (malformed traces) are cut: a span is never its own ancestor here.
 */
import type { SpanKind } from './types';

export interface CallCandidate {
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly kind: SpanKind;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

function hasTokens(s: CallCandidate): boolean {
  return s.inputTokens !== undefined || s.outputTokens !== undefined;
}

/** The span ids of the `llm` spans that count as model calls. */
export function countedLlmCalls(spans: readonly CallCandidate[]): Set<string> {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const llm = spans.filter((s) => s.kind === 'llm');
  /** Nearest-first `llm` ancestors of a span (cycle-safe). */
  const llmAncestors = (s: CallCandidate): CallCandidate[] => {
    const out: CallCandidate[] = [];
    const seen = new Set([s.spanId]);
    let p = s.parentSpanId !== undefined ? byId.get(s.parentSpanId) : undefined;
    while (p && !seen.has(p.spanId)) {
      seen.add(p.spanId);
      if (p.kind === 'llm') out.push(p);
      p = p.parentSpanId !== undefined ? byId.get(p.parentSpanId) : undefined;
    }
    return out;
  };
  const wrappers = new Set<string>();
  const ancestorsOf = new Map<string, CallCandidate[]>();
  for (const s of llm) {
    const anc = llmAncestors(s);
    ancestorsOf.set(s.spanId, anc);
    for (const a of anc) wrappers.add(a.spanId);
  }
  const leaves = llm.filter((s) => !wrappers.has(s.spanId));
  const leafCount = new Map<string, number>();
  for (const l of leaves) for (const a of ancestorsOf.get(l.spanId)!) leafCount.set(a.spanId, (leafCount.get(a.spanId) ?? 0) + 1);
  const counted = new Set(leaves.map((l) => l.spanId));
  for (const l of leaves) {
    if (hasTokens(l)) continue;
    for (const a of ancestorsOf.get(l.spanId)!) {
      if (leafCount.get(a.spanId) !== 1) break;
      if (hasTokens(a)) {
        counted.delete(l.spanId);
        counted.add(a.spanId);
        break;
      }
    }
  }
  return counted;
}
