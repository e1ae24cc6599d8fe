/**
 * "Add to eval dataset": a reviewed trace becomes a test case, written as one JSON line of a
 * dataset file in the workspace (docs/eval-datasets.md). The case carries the trace's input (the
 * conversation up to the agent's first answer: system and user messages), the expected behaviour
 * (the reviewer's comment; for a trace judged pass, also the tool path it took) and assertions an
 * eval suite runs unchanged (`tests: file://….jsonl`).
 */
import type { Trace, TraceMessage } from './types';

export interface ReviewForCase {
  readonly verdict?: 'pass' | 'fail';
  readonly labels: readonly string[];
  readonly comment?: string;
}

export interface DatasetCase {
  readonly id: string;
  readonly description: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly expected?: string;
  readonly assert: readonly Readonly<Record<string, unknown>>[];
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** The messages that went into the agent before it acted: system and user turns of the first model call (or the first user turn). */
export function traceInput(trace: Trace): TraceMessage[] {
  const ordered = [...trace.spans].sort((a, b) => a.seq - b.seq);
  const firstLlm = ordered.findIndex((s) => s.kind === 'llm');
  const firstCall = firstLlm >= 0 ? ordered[firstLlm]! : undefined;
  if (firstCall?.inputMessages?.length) {
    const msgs = firstCall.inputMessages;
    const firstAssistant = msgs.findIndex((m) => m.role === 'assistant');
    return [...(firstAssistant < 0 ? msgs : msgs.slice(0, firstAssistant))];
  }
  // Transcripts: one message step per turn; the input is every turn before the first model answer.
  const before = firstLlm >= 0 ? ordered.slice(0, firstLlm) : ordered;
  const turns: TraceMessage[] = [];
  for (const s of before) {
    if (s.kind !== 'message') continue;
    for (const m of s.inputMessages ?? []) if (m.role !== 'assistant') turns.push(m);
  }
  if (turns.length) return turns;
  for (const s of ordered) {
    const m = [...(s.inputMessages ?? []), ...(s.outputMessages ?? [])].find((x) => x.role === 'user');
    if (m) return [m];
    if (s.input !== undefined && s.parentSpanId === undefined) return [{ role: 'user', content: s.input }];
  }
  return [];
}

/** Tool names in the order the agent called them. */
export function toolPath(trace: Trace): string[] {
  const out: string[] = [];
  for (const s of [...trace.spans].sort((a, b) => a.seq - b.seq)) if (s.kind === 'tool' && s.toolName) out.push(s.toolName);
  return out;
}

export function traceToTestCase(trace: Trace, source: { readonly path: string }, review?: ReviewForCase): DatasetCase {
  const input = traceInput(trace);
  const firstUser = input.find((m) => m.role === 'user')?.content;
  const tools = toolPath(trace);
  const asserts: Record<string, unknown>[] = [];
  let expected = review?.comment?.trim() || undefined;
  if (review?.verdict !== 'fail' && tools.length > 0) {
    asserts.push({ type: 'tool-call-sequence', value: { sequence: [...new Set(tools)], mode: 'subsequence' } });
    expected ??= `Calls ${[...new Set(tools)].join(', ')} in that order, as the reviewed trace did.`;
  }
  if (review?.verdict === 'fail' && expected) asserts.push({ type: 'llm-rubric', value: expected });
  const taskId = trace.attributes.task_id ?? trace.attributes.taskId;
  return {
    id: `trace-${trace.traceId}`.slice(0, 120),
    description: `From trace "${trace.name}"${review?.verdict ? ` (reviewed: ${review.verdict})` : ''}`,
    vars: {
      ...(firstUser !== undefined ? { input: firstUser } : {}),
      messages: input.map((m) => ({ role: m.role, content: m.content })),
      ...(taskId !== undefined ? { task_id: taskId } : {}),
    },
    ...(expected ? { expected } : {}),
    assert: asserts,
    metadata: {
      source: source.path, traceId: trace.traceId,
      ...(review?.verdict ? { verdict: review.verdict } : {}),
      ...(review?.labels.length ? { labels: review.labels } : {}),
      ...(trace.attributes.reward !== undefined ? { reward: trace.attributes.reward } : {}),
      observedTools: tools,
    },
  };
}

/** Appends a case to a JSONL dataset text, replacing a case with the same id (so adding twice does not duplicate). */
export function addCaseToJsonl(existing: string, c: DatasetCase): { text: string; replaced: boolean } {
  const lines = existing.split(/\r?\n/).filter((l) => l.trim() !== '');
  let replaced = false;
  const out = lines.map((l) => {
    try {
      if ((JSON.parse(l) as { id?: unknown }).id === c.id) {
        replaced = true;
        return JSON.stringify(c);
      }
    } catch { /* keep lines we do not understand as they are */ }
    return l;
  });
  if (!replaced) out.push(JSON.stringify(c));
  return { text: out.join('\n') + '\n', replaced };
}
