/**
 * OpenAI chat transcripts → Trace[] (one trace per conversation). Messages follow the Chat
 * Completions message format (OpenAI API reference, "Create chat completion", `messages`:
 * `{role, content, name?, tool_calls?: [{id, type: "function", function: {name, arguments}}],
 * tool_call_id?}`); other message shapes are read by messages.ts.
 *
 * Layouts: a JSON array or JSON Lines of conversations, a conversation being `{messages: [...],
 * ...metadata}`, τ-bench's `{task_id, trial, reward, info, traj: [...]}`, τ-bench's display form
 * `{messages_display: "user: …\nassistant: …", ...}`, or a bare array of messages; a single
 * conversation object; a bare array of messages (one conversation).
 *
 * Spans, in message order (`seq`; transcripts have no times, so start/end are undefined):
 * - an assistant message is an `llm` span named `assistant`, its message (with tool calls) the
 *   span's output;
 * - a tool reply (`role: tool`, or the legacy `function`) is a `tool` span named after its tool,
 *   child of the assistant span that made the call it answers (`tool_call_id`), with the call's
 *   name and arguments and the reply as its result;
 * - any other message (system, user, developer…) is a `message` span named after its role, the
 *   message its input.
 * A reply answers the latest call with its id (ids do repeat within a conversation: τ-bench's
 * airline file reuses 36), else the assistant's next unanswered call (by name when the reply
 * names its tool). Span ids are `m<index>` (the message's 0-based position). The conversation's other fields
 * (task_id, trial, reward, info…) become trace attributes. The trace id is the conversation's
 * `trace_id` / `conversation_id` / `id`, else `task-<task_id>[-trial-<trial>]`, else
 * `conversation-<n>`; a repeated id gets `#2`, `#3`…
 *
 * `messages_display` decisions: a line starting `system: `, `user: `, `assistant: ` or `tool: `
 * starts a message, any other line continues the previous one (so a message whose text has a
 * line starting that way is split there: the display form cannot tell); `assistant: None` is an
 * assistant message with no text (Python's None: the turn was a tool call the display does not
 * show), recorded with the attribute `toolCallHidden: true`; its tool replies have no tool name.
 */
import { ImportError } from '../ingest/importError';
import { isMessageLike, toMessage } from './messages';
import {
  FieldError, atLine, describeType, expectRecord, expectString, forEachItem,
  type ReaderContext, type ReaderResult,
} from './readerKit';
import { buildTrace, type RawSpan } from './traceBuilder';
import type { TraceMessage } from './types';
import { asString, compact, isRecord } from './values';

const DISPLAY_ROLE = /^(system|user|assistant|tool): ?/;

/** τ-bench's `messages_display` text to messages (see the decisions above). */
export function parseMessagesDisplay(text: string, field: string): Record<string, unknown>[] {
  const out: { role: string; lines: string[] }[] = [];
  for (const line of text.split('\n')) {
    const m = DISPLAY_ROLE.exec(line);
    if (m) out.push({ role: m[1]!, lines: [line.slice(m[0].length)] });
    else if (out.length > 0) out[out.length - 1]!.lines.push(line);
    else if (line.trim() !== '') throw new FieldError(field, 'expected the transcript to start with "user: ", "assistant: ", "tool: " or "system: "');
  }
  return out.map(({ role, lines }) => {
    const content = lines.join('\n');
    return role === 'assistant' && content === 'None' ? { role, content: '', toolCallHidden: true } : { role, content };
  });
}

interface Conversation {
  readonly messages: readonly unknown[];
  readonly field: string;
  readonly meta: Record<string, unknown>;
}

const sub = (f: string, key: string) => (f === '' ? key : `${f}.${key}`);

function conversationOf(item: unknown, f: string): Conversation {
  if (Array.isArray(item)) return { messages: item, field: f, meta: {} };
  const o = expectRecord(item, f === '' ? '(line)' : f);
  const { traj, messages, messages_display: display, ...meta } = o;
  if (traj !== undefined) {
    if (!Array.isArray(traj)) throw new FieldError(sub(f, 'traj'), `expected an array of messages, found ${describeType(traj)}`);
    return { messages: traj, field: sub(f, 'traj'), meta: messages !== undefined ? { ...meta, messages } : meta };
  }
  if (messages !== undefined) {
    if (!Array.isArray(messages)) throw new FieldError(sub(f, 'messages'), `expected an array of messages, found ${describeType(messages)}`);
    return { messages, field: sub(f, 'messages'), meta: display !== undefined ? { ...meta, messages_display: display } : meta };
  }
  if (display !== undefined) {
    const text = expectString(display, sub(f, 'messages_display'));
    return { messages: parseMessagesDisplay(text, sub(f, 'messages_display')), field: sub(f, 'messages_display'), meta };
  }
  throw new FieldError(f === '' ? '(line)' : f, 'expected a conversation: an object with "messages" (or τ-bench\'s "traj" or "messages_display"), or an array of messages');
}

function checkedMessage(v: unknown, f: string): TraceMessage {
  const o = expectRecord(v, f);
  if (typeof o.role !== 'string' && !isMessageLike(o)) throw new FieldError(`${f}.role`, `expected a string, found ${describeType(o.role)}`);
  const c = o.content;
  if (c !== undefined && c !== null && typeof c !== 'string' && !Array.isArray(c) && !isRecord(c)) {
    throw new FieldError(`${f}.content`, `expected a string, an array of parts or null, found ${describeType(c)}`);
  }
  if (o.tool_calls !== undefined && o.tool_calls !== null && !Array.isArray(o.tool_calls)) {
    throw new FieldError(`${f}.tool_calls`, `expected an array, found ${describeType(o.tool_calls)}`);
  }
  if (Array.isArray(o.tool_calls)) {
    o.tool_calls.forEach((tc, j) => {
      const t = expectRecord(tc, `${f}.tool_calls[${j}]`);
      const fn = isRecord(t.function) ? t.function : t;
      expectString(fn.name, `${f}.tool_calls[${j}].function.name`);
    });
  }
  return toMessage(o)!;
}

interface CallInfo {
  readonly spanId: string;
  readonly name: string;
  readonly arguments: string;
}

/** The spans of one conversation (see the header). */
export function conversationSpans(conv: Conversation): RawSpan[] {
  const spans: RawSpan[] = [];
  const calls = new Map<string, CallInfo>();
  let lastAssistant: { spanId: string; pending: CallInfo[] } | undefined;
  const model = asString(conv.meta.model);
  conv.messages.forEach((raw, i) => {
    const f = `${conv.field}[${i}]`;
    const msg = checkedMessage(raw, f);
    const spanId = `m${i}`;
    const attributes: Record<string, unknown> = { 'message.index': i };
    if (isRecord(raw) && raw.toolCallHidden === true) attributes.toolCallHidden = true;
    if (msg.role === 'assistant') {
      const pending: CallInfo[] = [];
      for (const tc of msg.toolCalls ?? []) {
        const info = { spanId, name: tc.name, arguments: tc.arguments };
        if (tc.id !== undefined) calls.set(tc.id, info);
        pending.push(info);
      }
      lastAssistant = { spanId, pending };
      spans.push(compact({ spanId, name: 'assistant', kind: 'llm' as const, status: 'unset' as const, requestModel: model, outputMessages: [msg], attributes }));
    } else if (msg.role === 'tool' || msg.role === 'function') {
      let call = msg.toolCallId !== undefined ? calls.get(msg.toolCallId) : undefined;
      if (!call && lastAssistant) {
        // No id (or an unknown one): the assistant's next unanswered call, by name when the reply has one.
        const k = lastAssistant.pending.findIndex((c) => msg.name === undefined || c.name === msg.name);
        if (k >= 0) call = lastAssistant.pending[k];
      }
      if (call && lastAssistant) {
        const k = lastAssistant.pending.indexOf(call);
        if (k >= 0) lastAssistant.pending.splice(k, 1);
      }
      const toolName = call?.name ?? msg.name;
      spans.push(compact({
        spanId,
        parentSpanId: call?.spanId ?? lastAssistant?.spanId,
        name: toolName ?? 'tool',
        kind: 'tool' as const,
        status: 'unset' as const,
        toolName,
        toolCallId: msg.toolCallId,
        toolArguments: call?.arguments,
        toolResult: msg.content,
        attributes,
      }));
    } else {
      spans.push({ spanId, name: msg.role, kind: 'message', status: 'unset', inputMessages: [msg], attributes });
    }
  });
  return spans;
}

function traceIdOf(meta: Record<string, unknown>, n: number): string {
  const explicit = asString(meta.trace_id ?? meta.conversation_id ?? meta.id);
  if (explicit !== undefined) return explicit;
  const task = asString(meta.task_id);
  if (task !== undefined) {
    const trial = asString(meta.trial);
    return trial !== undefined ? `task-${task}-trial-${trial}` : `task-${task}`;
  }
  return `conversation-${n}`;
}

function nameOf(meta: Record<string, unknown>, traceId: string): string {
  const name = asString(meta.name ?? meta.title);
  if (name !== undefined) return name;
  const task = asString(meta.task_id);
  if (task !== undefined) {
    const trial = asString(meta.trial);
    return trial !== undefined ? `task ${task} · trial ${trial}` : `task ${task}`;
  }
  return traceId;
}

export async function readChat(ctx: ReaderContext): Promise<ReaderResult> {
  const { out } = ctx;
  const ids = new Map<string, number>();
  const bare: { value: unknown; line: number; field: string }[] = [];
  const addConversation = (conv: Conversation) => {
    let traceId = traceIdOf(conv.meta, out.count + 1);
    const seen = ids.get(traceId) ?? 0;
    ids.set(traceId, seen + 1);
    if (seen > 0) traceId = `${traceId}#${seen + 1}`;
    const { trace } = buildTrace(traceId, conversationSpans(conv), compact({
      name: nameOf(conv.meta, traceId),
      conversationId: asString(conv.meta.conversation_id ?? conv.meta.session_id),
      attributes: conv.meta,
    }));
    out.emit(trace);
  };
  const onItem = (value: unknown, f: string, line: number) => {
    if (isMessageLike(value)) bare.push({ value, line, field: f });
    else atLine(ctx.file, line, () => addConversation(conversationOf(value, f)));
  };
  if (ctx.shape === 'lines') await forEachItem(ctx, 1, (_path, value, line) => onItem(value, '', line));
  else if (ctx.shape === 'array') await forEachItem(ctx, 1, (path, value, line) => onItem(value, `[${String(path[0])}]`, line));
  else {
    const top: Record<string, unknown> = {};
    await forEachItem(ctx, 1, (path, value) => {
      if (typeof path[0] === 'string') top[path[0]] = value;
    });
    atLine(ctx.file, 1, () => addConversation(conversationOf(top, '(top level)')));
  }
  if (bare.length > 0) {
    // Loose messages (an array of messages, or one message per line) form one conversation.
    if (out.count > 0) throw new ImportError(ctx.file, 'a mix of conversations and loose messages: expected one or the other', { line: bare[0]!.line, field: bare[0]!.field });
    atLine(ctx.file, bare[0]!.line, () => addConversation({ messages: bare.map((b) => b.value), field: '', meta: {} }));
  }
  if (out.count === 0) throw new ImportError(ctx.file, 'no conversation in this file', { line: 1 });
  return { duplicates: 0 };
}
