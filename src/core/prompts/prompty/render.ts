/**
 * Rendering (spec §5.4): rich-kind inputs (`thread`, `image`, `file`, `audio`, §5.2) are replaced
 * by nonces before the template engine runs, then the engine named by `template.format.kind`
 * renders the instructions. Unknown engines are an error (§5.7, §12.4).
 *
 * Nonces are `__PROMPTY_THREAD_<8 hex>_<name>__` with 4 random bytes: §12.6 and the conformance
 * vector `thread_nonce_injection` say 8 hex characters (§5.3 says 16).
 */
import type { PromptMessage } from '../types';
import { PromptError } from '../types';
import { renderJinja } from './jinja';
import { toMedia, taggedKind, toThread } from './messages';
import { renderMustache } from './mustache';

export const RICH_KINDS: ReadonlySet<string> = new Set(['thread', 'image', 'file', 'audio']);

export type RichValue =
  | { readonly kind: 'thread'; readonly messages: readonly PromptMessage[] }
  | { readonly kind: 'image' | 'file' | 'audio'; readonly media: { readonly url: string; readonly contentType?: string } };

export interface Rendered {
  readonly text: string;
  /** Nonce → the rich value it stands for, for the parser (§5.4 step 5). */
  readonly nonces: ReadonlyMap<string, RichValue>;
}

export interface RenderOptions {
  /** Declared kind per input name (rich kinds get nonces). */
  readonly kinds?: Readonly<Record<string, string | undefined>>;
  readonly path?: string;
  /** 1-based file line of the template's first line (default 1). */
  readonly line?: number;
}

function nonceFor(name: string): string {
  const bytes = crypto.getRandomValues(new Uint8Array(4));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `__PROMPTY_THREAD_${hex}_${name}__`;
}

function richValue(name: string, kind: string, value: unknown, path?: string): RichValue {
  if (kind === 'thread') {
    const messages = toThread(value);
    if (messages) return { kind, messages };
    throw new PromptError(`Input '${name}' is a thread but its value is not a list of messages ({role, content})`, path);
  }
  const media = toMedia(value);
  if (media) return { kind: kind as 'image' | 'file' | 'audio', media };
  throw new PromptError(`Input '${name}' is kind ${kind} but its value is not a URL or {url, contentType}`, path);
}

/** §5.4 steps 2–6 on validated inputs. */
export function renderTemplate(
  format: string,
  template: string,
  inputs: Readonly<Record<string, unknown>>,
  options: RenderOptions = {},
): Rendered {
  const prepared: Record<string, unknown> = {};
  const nonces = new Map<string, RichValue>();
  for (const [name, value] of Object.entries(inputs)) {
    const kind = options.kinds?.[name] ?? taggedKind(value);
    if (kind && RICH_KINDS.has(kind) && value !== undefined && value !== null) {
      const nonce = nonceFor(name);
      nonces.set(nonce, richValue(name, kind, value, options.path));
      prepared[name] = nonce;
    } else {
      prepared[name] = value;
    }
  }
  const where = { path: options.path, line: options.line ?? 1 };
  let text: string;
  if (format === 'jinja2') text = renderJinja(template, prepared, where);
  else if (format === 'mustache') text = renderMustache(template, prepared, where);
  else throw new PromptError(`No renderer registered for key: ${format}`, options.path, options.line);
  return { text, nonces };
}
