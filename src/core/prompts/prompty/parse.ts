/**
 * Parsing rendered text into messages at role markers (spec §2.10, §6.2, §6.4–§6.6).
 *
 * A marker is a line `role:` or `role[key=value, …]:`, optionally indented or after a markdown
 * `#`, role case-insensitive. v2 roles are system/user/assistant plus developer (conformance
 * vector `developer_role`); v1 roles are system/user/assistant/function (the v1 chat parser).
 * Attributes become message metadata; unquoted numbers and booleans are typed
 * (vector `role_with_multiple_unquoted_attributes`). Content before the first marker is a
 * system message (§2.10). Empty messages are kept (§6.6).
 *
 * Trimming: v2 strips leading/trailing line breaks only, keeping spaces (vector
 * `content_trimmed`); v1 strips all surrounding whitespace as the v1 runtimes did.
 * Markdown images: v2 keeps them as literal text (§6.6 MUST NOT parse them; vector
 * `inline_markdown_image_preserved_as_text`); v1 turns `![alt](url)` into media parts, as the v1
 * chat parser did.
 */
import type { MessagePart, PromptMessage } from '../types';
import { guessContentType } from './messages';
import type { PromptyVersion } from './version';

const ROLES: Readonly<Record<PromptyVersion, string>> = {
  1: 'system|user|assistant|function',
  2: 'system|user|assistant|developer',
};
const markerCache = new Map<PromptyVersion, RegExp>();

function markerRegex(version: PromptyVersion): RegExp {
  let re = markerCache.get(version);
  if (!re) {
    re = new RegExp(`^\\s*#?\\s*(${ROLES[version]})(?:\\[([^\\]]*)\\])?\\s*:\\s*$`, 'i');
    markerCache.set(version, re);
  }
  return re;
}

function typed(raw: string): unknown {
  if (/^-?\d+(?:\.\d+)?$/.test(raw)) return Number(raw);
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return raw;
}

/** `key=value, key2="v 2"` → attributes; undefined when the block is not a valid list. */
export function parseAttributes(block: string): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const re = /\s*(\w+)\s*=\s*(?:"([^"]*)"|([^,"]*?))\s*(?:,|$)/y;
  let at = 0;
  while (at < block.length) {
    re.lastIndex = at;
    const m = re.exec(block);
    if (!m || re.lastIndex === at) return undefined;
    out[m[1]!] = m[2] !== undefined ? m[2] : typed(m[3]!);
    at = re.lastIndex;
    if (block.slice(at).trim() === '') break;
  }
  return Object.keys(out).length ? out : undefined;
}

interface Marker {
  readonly role: string;
  readonly attrs?: Record<string, unknown>;
}

export function matchMarker(line: string, version: PromptyVersion = 2): Marker | undefined {
  const m = markerRegex(version).exec(line);
  if (!m) return undefined;
  if (m[2] === undefined) return { role: m[1]!.toLowerCase() };
  const attrs = parseAttributes(m[2]);
  return attrs ? { role: m[1]!.toLowerCase(), attrs } : undefined;
}

const IMAGE = /!\[[^\]]*\]\(\s*([^)\s]+)(?:\s+"[^"]*")?\s*\)/g;

/** v1: text with markdown images → text and media parts. */
function v1Parts(text: string): MessagePart[] {
  const parts: MessagePart[] = [];
  let last = 0;
  for (const m of text.matchAll(IMAGE)) {
    const before = text.slice(last, m.index).trim();
    if (before) parts.push({ text: before });
    const url = m[1]!;
    const contentType = guessContentType(url);
    parts.push({ media: contentType ? { url, contentType } : { url } });
    last = m.index! + m[0].length;
  }
  const rest = text.slice(last).trim();
  if (rest || parts.length === 0) parts.push({ text: rest });
  return parts;
}

function message(role: string, lines: string[], version: PromptyVersion, attrs?: Record<string, unknown>): PromptMessage {
  const joined = lines.join('\n');
  const content = version === 1 ? v1Parts(joined.trim()) : [{ text: joined.replace(/^[\r\n]+|[\r\n]+$/g, '') }];
  return attrs ? { role, content, metadata: attrs } : { role, content };
}

/** §6.4 steps 2–4: split at role markers (thread expansion is expand.ts). */
export function parseMessages(rendered: string, version: PromptyVersion = 2): PromptMessage[] {
  const messages: PromptMessage[] = [];
  let current: Marker | undefined;
  let lines: string[] = [];
  const flush = (): void => {
    if (current) messages.push(message(current.role, lines, version, current.attrs));
    else if (lines.some((l) => l.trim() !== '')) messages.push(message('system', lines, version));
  };
  for (const line of rendered.split('\n')) {
    const marker = matchMarker(line, version);
    if (marker) {
      flush();
      current = marker;
      lines = [];
    } else {
      lines.push(line);
    }
  }
  flush();
  return messages;
}
