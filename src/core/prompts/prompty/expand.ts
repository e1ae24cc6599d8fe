/**
 * Resolving rich-kind nonces in parsed messages. Thread nonces expand into the thread's
 * messages, splitting the containing message around them (spec §6.4 step 5, §6.7); image, file
 * and audio nonces become media parts of the message they appear in, which is what the wire
 * conversion of §7 / §12.6 produces from them. Messages without a nonce are left untouched.
 */
import type { MessagePart, PromptMessage } from '../types';
import type { RichValue } from './render';

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function trimLines(s: string): string {
  return s.replace(/^[\r\n]+|[\r\n]+$/g, '');
}

export function expandNonces(messages: readonly PromptMessage[], nonces: ReadonlyMap<string, RichValue>): PromptMessage[] {
  if (nonces.size === 0) return [...messages];
  const pattern = new RegExp([...nonces.keys()].map(escapeRegex).join('|'), 'g');
  const out: PromptMessage[] = [];
  for (const msg of messages) {
    if (!msg.content.some((p) => 'text' in p && p.text.match(pattern))) {
      out.push(msg);
      continue;
    }
    let parts: MessagePart[] = [];
    const flush = (): void => {
      if (parts.length) out.push({ ...msg, content: parts });
      parts = [];
    };
    const pushText = (text: string): void => {
      const t = trimLines(text);
      if (t.trim() !== '') parts.push({ text: t });
    };
    for (const part of msg.content) {
      if (!('text' in part)) {
        parts.push(part);
        continue;
      }
      let last = 0;
      for (const m of part.text.matchAll(pattern)) {
        pushText(part.text.slice(last, m.index));
        last = m.index! + m[0].length;
        const value = nonces.get(m[0])!;
        if (value.kind === 'thread') {
          flush();
          out.push(...value.messages);
        } else {
          parts.push({ media: value.media });
        }
      }
      pushText(part.text.slice(last));
    }
    flush();
  }
  return out;
}
