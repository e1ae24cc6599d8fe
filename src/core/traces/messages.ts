/**
 * Chat messages in the shapes trace sources write them, to TraceMessage:
 *
 * - OpenAI Chat Completions: `{role, content, name?, tool_calls?: [{id, function: {name,
 *   arguments}}], tool_call_id?}`, content a string or parts `[{type: "text", text}]`; a whole
 *   response `{choices: [{message}]}`; Responses API items `{type: "function_call", call_id,
 *   name, arguments}` / `{type: "function_call_output", call_id, output}`, and a whole response
 *   `{object: "response", output: [...]}` (its message and function-call items).
 * - OpenTelemetry GenAI (semantic conventions 1.37+, "gen-ai-input-messages.json" /
 *   "gen-ai-output-messages.json"): `{role, parts: [{type: "text", content} | {type:
 *   "tool_call", id, name, arguments} | {type: "tool_call_response", id, response}]}`, and the
 *   system instructions `[{type: "text", content}]`.
 * - Gemini / Google ADK: `{contents: [{role: "user" | "model", parts: [{text} | {function_call:
 *   {name, args, id}} | {function_response: {name, response, id}}]}]}` plus
 *   `config.system_instruction`; a response `{content: {role, parts}}` or `{candidates: [...]}`.
 * - Anthropic content blocks `{type: "text" | "tool_use" | "tool_result", ...}`.
 * - LangChain serialised messages `{type: "human" | "ai" | "system" | "tool", content,
 *   additional_kwargs.tool_calls?, tool_calls?: [{name, args, id}]}`.
 *
 * Roles are kept as written except the synonyms `model`/`ai` (→ assistant) and `human` (→ user).
 * Text is kept verbatim; images and other media become a placeholder such as `[image]`.
 * Anything not recognisably a message list gives undefined (the caller keeps it as text).
 */
import type { ToolCall, TraceMessage } from './types';
import { asText, compact, isRecord, parseJsonText } from './values';

const ROLE_SYNONYMS: Readonly<Record<string, string>> = { model: 'assistant', ai: 'assistant', AIMessage: 'assistant', human: 'user', HumanMessage: 'user', SystemMessage: 'system', ToolMessage: 'tool' };
const LANGCHAIN_TYPES = new Set(['human', 'ai', 'system', 'tool', 'function', 'chat']);

function roleOf(o: Record<string, unknown>): string | undefined {
  const r = typeof o.role === 'string' ? o.role : undefined;
  if (r !== undefined) return ROLE_SYNONYMS[r] ?? r;
  if (typeof o.type === 'string') {
    if (LANGCHAIN_TYPES.has(o.type)) return ROLE_SYNONYMS[o.type] ?? o.type;
    if (o.type === 'function_call') return 'assistant';
    if (o.type === 'function_call_output') return 'tool';
  }
  return undefined;
}

/** Whether an object looks like one chat message of any of the shapes above. */
export function isMessageLike(v: unknown): boolean {
  if (!isRecord(v)) return false;
  if (typeof v.role === 'string') return true;
  if (typeof v.type === 'string' && (LANGCHAIN_TYPES.has(v.type) || v.type === 'function_call' || v.type === 'function_call_output')) {
    return 'content' in v || 'arguments' in v || 'output' in v;
  }
  return false;
}

function argumentsText(v: unknown): string {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? '' : JSON.stringify(v);
}

function toolCall(o: unknown): ToolCall | undefined {
  if (!isRecord(o)) return undefined;
  const fn = isRecord(o.function) ? o.function : undefined;
  const name = fn?.name ?? o.name ?? o['tool.name'];
  if (typeof name !== 'string') return undefined;
  const args = fn ? fn.arguments : 'arguments' in o ? o.arguments : 'args' in o ? o.args : 'input' in o ? o.input : o['tool.args'];
  // Responses API items carry both an item id and the call id replies refer to: the call id wins.
  const id = typeof o.call_id === 'string' ? o.call_id : typeof o.id === 'string' ? o.id : typeof o.toolCallId === 'string' ? o.toolCallId : undefined;
  return compact({ id, name, arguments: argumentsText(args) });
}

interface Flattened {
  texts: string[];
  toolCalls: ToolCall[];
  toolCallId?: string;
}

/** Flattens content parts (any of the part shapes above) into text and tool calls. */
function flattenParts(parts: readonly unknown[], acc: Flattened): void {
  for (const p of parts) {
    if (typeof p === 'string') {
      acc.texts.push(p);
      continue;
    }
    if (!isRecord(p)) continue;
    const type = typeof p.type === 'string' ? p.type : undefined;
    if (type === 'text' || type === 'input_text' || type === 'output_text' || (type === undefined && typeof p.text === 'string')) {
      const t = typeof p.text === 'string' ? p.text : typeof p.content === 'string' ? p.content : undefined;
      if (t !== undefined) acc.texts.push(t);
    } else if (type === 'tool_call' || type === 'tool_use' || type === 'function_call') {
      const tc = toolCall(p);
      if (tc) acc.toolCalls.push(tc);
    } else if (type === 'tool_call_response' || type === 'tool_result' || type === 'function_call_output') {
      const id = p.id ?? p.tool_use_id ?? p.call_id;
      if (typeof id === 'string') acc.toolCallId = id;
      const r = p.response ?? p.content ?? p.output ?? p.result;
      if (Array.isArray(r)) flattenParts(r, acc);
      else {
        const t = asText(r);
        if (t !== undefined) acc.texts.push(t);
      }
    } else if (isRecord(p.function_call)) {
      const fc = p.function_call;
      const tc = toolCall({ id: fc.id, name: fc.name, arguments: fc.args ?? fc.arguments });
      if (tc) acc.toolCalls.push(tc);
    } else if (isRecord(p.functionCall)) {
      const fc = p.functionCall;
      const tc = toolCall({ id: fc.id, name: fc.name, arguments: fc.args });
      if (tc) acc.toolCalls.push(tc);
    } else if (isRecord(p.function_response) || isRecord(p.functionResponse)) {
      const fr = (p.function_response ?? p.functionResponse) as Record<string, unknown>;
      if (typeof fr.id === 'string') acc.toolCallId = fr.id;
      const t = asText(fr.response);
      if (t !== undefined) acc.texts.push(t);
    } else if (type === 'reasoning' || type === 'thinking' || p.thought === true) {
      // Model reasoning is not part of the message text (it stays in the span's attributes).
    } else if (type !== undefined && /image|audio|video|file|blob|uri/i.test(type)) {
      acc.texts.push(`[${type.replace(/_url$|_uri$/, '')}]`);
    } else if (isRecord(p.inline_data) || isRecord(p.inlineData) || isRecord(p.file_data) || isRecord(p.fileData)) {
      acc.texts.push('[media]');
    } else if (typeof p.content === 'string') {
      acc.texts.push(p.content);
    }
  }
}

/** One message object to a TraceMessage; undefined when it is not one. */
export function toMessage(v: unknown): TraceMessage | undefined {
  if (!isMessageLike(v)) return undefined;
  const o = v as Record<string, unknown>;
  const role = roleOf(o) ?? 'unknown';
  const acc: Flattened = { texts: [], toolCalls: [] };
  if (o.type === 'function_call') {
    const tc = toolCall(o);
    if (tc) acc.toolCalls.push(tc);
  } else if (o.type === 'function_call_output') {
    if (typeof o.call_id === 'string') acc.toolCallId = o.call_id;
    const t = asText(o.output);
    if (t !== undefined) acc.texts.push(t);
  }
  const content = o.content;
  if (typeof content === 'string') acc.texts.push(content);
  else if (Array.isArray(content)) flattenParts(content, acc);
  else if (isRecord(content)) flattenParts([content], acc);
  if (Array.isArray(o.parts)) flattenParts(o.parts, acc);
  const calls = Array.isArray(o.tool_calls) ? o.tool_calls : isRecord(o.additional_kwargs) && Array.isArray(o.additional_kwargs.tool_calls) ? o.additional_kwargs.tool_calls : undefined;
  if (calls) {
    for (const c of calls) {
      const tc = toolCall(c);
      if (tc && !acc.toolCalls.some((x) => x.id !== undefined && x.id === tc.id)) acc.toolCalls.push(tc);
    }
  }
  if (isRecord(o.function_call)) {
    const tc = toolCall(o.function_call);
    if (tc) acc.toolCalls.push(tc);
  }
  const toolCallId = typeof o.tool_call_id === 'string' ? o.tool_call_id : typeof o.toolCallId === 'string' ? o.toolCallId : acc.toolCallId;
  return compact({
    role,
    content: acc.texts.join('\n'),
    name: typeof o.name === 'string' && o.type !== 'function_call' ? o.name : undefined,
    toolCalls: acc.toolCalls.length > 0 ? acc.toolCalls : undefined,
    toolCallId,
  });
}

function systemMessage(v: unknown): TraceMessage | undefined {
  if (typeof v === 'string') return { role: 'system', content: v };
  if (Array.isArray(v)) {
    const acc: Flattened = { texts: [], toolCalls: [] };
    flattenParts(v, acc);
    return { role: 'system', content: acc.texts.join('\n') };
  }
  if (isRecord(v)) {
    const acc: Flattened = { texts: [], toolCalls: [] };
    flattenParts(Array.isArray(v.parts) ? v.parts : [v], acc);
    return { role: 'system', content: acc.texts.join('\n') };
  }
  return undefined;
}

/**
 * A message list from any of the shapes above (a JSON string of one too). Undefined when the
 * value is not recognisably messages.
 */
export function toMessages(v: unknown): TraceMessage[] | undefined {
  const parsed = typeof v === 'string' ? parseJsonText(v) : v;
  if (parsed === undefined || parsed === null) return undefined;
  if (Array.isArray(parsed)) {
    if (parsed.length === 0 || !parsed.every(isMessageLike)) return undefined;
    return parsed.map((m) => toMessage(m)!);
  }
  if (!isRecord(parsed)) return undefined;
  if (isMessageLike(parsed)) return [toMessage(parsed)!];
  if (Array.isArray(parsed.messages)) return toMessages(parsed.messages);
  if (parsed.object === 'response' && Array.isArray(parsed.output)) {
    // OpenAI Responses API: the output items that are messages or function calls.
    const out = parsed.output.filter(isMessageLike).map((m) => toMessage(m)!);
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(parsed.choices)) {
    const out = parsed.choices.map((c) => (isRecord(c) ? toMessage(c.message) : undefined)).filter((m): m is TraceMessage => m !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(parsed.contents)) {
    const contents = parsed.contents.filter(isRecord).map((c) => toMessage({ role: c.role ?? 'user', parts: c.parts ?? [] })!);
    const config = isRecord(parsed.config) ? parsed.config : undefined;
    const sys = config ? systemMessage(config.system_instruction ?? config.systemInstruction) : undefined;
    const out = sys ? [sys, ...contents] : contents;
    return out.length > 0 ? out : undefined;
  }
  if (isRecord(parsed.content) && Array.isArray(parsed.content.parts)) {
    return [toMessage({ role: parsed.content.role ?? 'model', parts: parsed.content.parts })!];
  }
  if (Array.isArray(parsed.candidates)) {
    const out = parsed.candidates
      .map((c) => (isRecord(c) && isRecord(c.content) ? toMessage({ role: c.content.role ?? 'model', parts: c.content.parts ?? [] }) : undefined))
      .filter((m): m is TraceMessage => m !== undefined);
    return out.length > 0 ? out : undefined;
  }
  return undefined;
}

/** System instructions (`gen_ai.system_instructions`: parts, a string, or JSON of either) as one message. */
export function toSystemMessage(v: unknown): TraceMessage | undefined {
  const parsed = typeof v === 'string' ? (parseJsonText(v) ?? v) : v;
  return systemMessage(parsed);
}
