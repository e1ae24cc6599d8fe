/**
 * Rendered text → messages (the marker protocol of `markers.ts`), with the semantics the spec
 * suite checks (spec/helpers/role.yaml, history.yaml, section.yaml, media.yaml):
 *
 * - the first message is `user` until a role marker says otherwise;
 * - a role marker starts a new message, unless the current one has no content yet, in which
 *   case it only changes that message's role;
 * - whitespace-only text between markers is dropped, other text is kept verbatim;
 * - `{{history}}` closes the current message, inserts the history messages with
 *   `metadata.purpose: "history"`, and continues with a `model` message (as the reference does);
 * - messages without content are dropped;
 * - when the template has no `{{history}}`, the history goes just before the last message if
 *   that is a `user` message, else at the end, unchanged.
 */
import type { MessagePart, PromptMessage } from '../types';
import { splitMarkers } from './markers';
import type { DotpromptMessage, DotpromptPart } from './types';

interface Draft {
  role: string;
  content: DotpromptPart[];
}

/** Builds the message list of a rendered template. */
export function toMessages(rendered: string, history: readonly DotpromptMessage[] = []): DotpromptMessage[] {
  const messages: DotpromptMessage[] = [];
  let current: Draft = { role: 'user', content: [] };
  const flush = (): void => {
    if (current.content.length > 0) messages.push({ role: current.role, content: current.content });
  };
  for (const piece of splitMarkers(rendered)) {
    if (typeof piece === 'string') {
      if (piece.trim() !== '') current.content.push({ text: piece });
      continue;
    }
    switch (piece.kind) {
      case 'role':
        if (current.content.length > 0) {
          flush();
          current = { role: piece.role, content: [] };
        } else {
          current.role = piece.role;
        }
        break;
      case 'history':
        flush();
        for (const message of history) messages.push({ ...message, metadata: { ...message.metadata, purpose: 'history' } });
        current = { role: 'model', content: [] };
        break;
      case 'media':
        current.content.push({ media: piece.contentType ? { url: piece.url, contentType: piece.contentType } : { url: piece.url } });
        break;
      case 'section':
        current.content.push({ metadata: { purpose: piece.name, pending: true } });
        break;
    }
  }
  flush();
  return insertHistory(messages, history);
}

/** Inserts history where the template did not place it with `{{history}}`. */
function insertHistory(messages: DotpromptMessage[], history: readonly DotpromptMessage[]): DotpromptMessage[] {
  if (history.length === 0 || messages.some((m) => m.metadata?.purpose === 'history')) return messages;
  const last = messages[messages.length - 1];
  if (last?.role === 'user') return [...messages.slice(0, -1), ...history, last];
  return [...messages, ...history];
}

/**
 * The shared {@link PromptMessage} form: pending section placeholders (metadata-only parts) are
 * dropped, and so is a message left without parts.
 */
export function toPromptMessages(messages: readonly DotpromptMessage[]): PromptMessage[] {
  const out: PromptMessage[] = [];
  for (const message of messages) {
    const content = message.content.filter((part): part is MessagePart => 'text' in part || 'media' in part);
    if (content.length > 0) out.push({ ...message, content });
  }
  return out;
}
