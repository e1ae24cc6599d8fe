/**
 * Format-neutral prompt messages to the OpenAI chat messages the runner sends: Dotprompt's `model`
 * role is `assistant`, text parts are joined. Media parts are refused with a clear error (the
 * runner sends text chat only), never dropped silently.
 */
import { PromptError, type PromptMessage } from '../prompts/types';
import type { ChatMessage } from './types';

const ROLES: Readonly<Record<string, ChatMessage['role']>> = {
  system: 'system', developer: 'system', user: 'user', human: 'user', assistant: 'assistant', model: 'assistant', ai: 'assistant', tool: 'tool',
};

export function toChatMessages(messages: readonly PromptMessage[], where?: string): ChatMessage[] {
  const out: ChatMessage[] = [];
  for (const m of messages) {
    const role = ROLES[m.role.toLowerCase()];
    if (!role) throw new PromptError(`role "${m.role}" cannot be sent to a chat model (use system, user, assistant or tool)`, where);
    const texts: string[] = [];
    for (const p of m.content) {
      if ('text' in p) texts.push(p.text);
      else throw new PromptError(`media parts (${p.media.url.slice(0, 60)}) are not supported by the eval runner yet; use text`, where);
    }
    out.push({ role, content: texts.join('') });
  }
  return out;
}
