/**
 * Flattened attribute lists back to objects. OpenTelemetry attributes cannot hold lists of
 * objects, so instrumentations flatten them into indexed keys:
 *
 * - OpenInference (Arize, semantic conventions spec "spec/semantic_conventions.md"):
 *   `llm.input_messages.<i>.message.role` / `.content` / `.name` / `.tool_call_id`,
 *   `.contents.<k>.message_content.text` / `.type`,
 *   `.tool_calls.<j>.tool_call.id` / `.function.name` / `.function.arguments`, the same under
 *   `llm.output_messages`; `retrieval.documents.<i>.document.id` / `.content` / `.score` /
 *   `.metadata`.
 * - OpenLLMetry (Traceloop, the older `gen_ai.prompt.<i>.role` / `.content`,
 *   `gen_ai.completion.<i>.…`, `.tool_calls.<j>.name` / `.arguments` / `.id`).
 */
import { toMessage } from './messages';
import type { RetrievedDocument, TraceMessage } from './types';
import { asText, compact, isRecord, parseJsonText, toNumber } from './values';

type Tree = { [key: string]: Tree | unknown };

/** Objects whose keys are all array indexes become arrays (in index order). */
function arraysOf(v: unknown): unknown {
  if (!isRecord(v)) return v;
  const keys = Object.keys(v);
  const out: Record<string, unknown> = {};
  for (const k of keys) out[k] = arraysOf(v[k]);
  if (keys.length > 0 && keys.every((k) => /^\d+$/.test(k))) {
    return keys.map(Number).sort((a, b) => a - b).map((i) => out[String(i)]);
  }
  return out;
}

/** The `prefix.<i>.…` attributes as a list of nested objects; undefined when there are none. */
export function unflattenList(attrs: Readonly<Record<string, unknown>>, prefix: string): unknown[] | undefined {
  const root: Tree = {};
  let found = false;
  const p = `${prefix}.`;
  for (const [key, value] of Object.entries(attrs)) {
    if (!key.startsWith(p)) continue;
    const segs = key.slice(p.length).split('.');
    if (!/^\d+$/.test(segs[0]!)) continue;
    found = true;
    let node: Tree = root;
    for (let i = 0; i < segs.length - 1; i++) {
      const s = segs[i]!;
      const next = node[s];
      if (!isRecord(next)) node[s] = {};
      node = node[s] as Tree;
    }
    node[segs[segs.length - 1]!] = value;
  }
  if (!found) return undefined;
  const list = arraysOf(root);
  return Array.isArray(list) ? list : undefined;
}

/** OpenInference `llm.input_messages` / `llm.output_messages` (prefix without the trailing dot). */
export function openInferenceMessages(attrs: Readonly<Record<string, unknown>>, prefix: string): TraceMessage[] | undefined {
  const list = unflattenList(attrs, prefix);
  if (!list) return undefined;
  const out: TraceMessage[] = [];
  for (const item of list) {
    const m = isRecord(item) && isRecord(item.message) ? item.message : undefined;
    if (!m) continue;
    const parts = Array.isArray(m.contents)
      ? m.contents.map((c) => {
        const mc = isRecord(c) && isRecord(c.message_content) ? c.message_content : {};
        return mc.type === 'image' ? { type: 'image' } : { type: 'text', text: asText(mc.text) ?? '' };
      })
      : undefined;
    const toolCalls = Array.isArray(m.tool_calls)
      ? m.tool_calls.map((t) => (isRecord(t) && isRecord(t.tool_call) ? t.tool_call : {}))
      : undefined;
    const msg = toMessage(compact({
      role: typeof m.role === 'string' ? m.role : 'unknown',
      content: m.content !== undefined ? asText(m.content) : parts,
      name: m.name,
      tool_calls: toolCalls,
      tool_call_id: m.tool_call_id,
    }));
    if (msg) out.push(msg);
  }
  return out.length > 0 ? out : undefined;
}

/** OpenLLMetry's `gen_ai.prompt.<i>.*` / `gen_ai.completion.<i>.*`. */
export function openLlmetryMessages(attrs: Readonly<Record<string, unknown>>, prefix: string, defaultRole: string): TraceMessage[] | undefined {
  const list = unflattenList(attrs, prefix);
  if (!list) return undefined;
  const out: TraceMessage[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const msg = toMessage({ ...item, role: typeof item.role === 'string' ? item.role : defaultRole });
    if (msg) out.push(msg);
  }
  return out.length > 0 ? out : undefined;
}

/** OpenInference `retrieval.documents.<i>.document.*`. */
export function openInferenceDocuments(attrs: Readonly<Record<string, unknown>>): RetrievedDocument[] | undefined {
  const list = unflattenList(attrs, 'retrieval.documents');
  if (!list) return undefined;
  const out: RetrievedDocument[] = [];
  for (const item of list) {
    const d = isRecord(item) && isRecord(item.document) ? item.document : undefined;
    if (!d) continue;
    const meta = isRecord(d.metadata) ? d.metadata : isRecord(parseJsonText(d.metadata)) ? (parseJsonText(d.metadata) as Record<string, unknown>) : undefined;
    out.push(compact({ id: asText(d.id), content: asText(d.content) ?? '', score: toNumber(d.score), metadata: meta }));
  }
  return out.length > 0 ? out : undefined;
}
