/**
 * Dotprompt's marker protocol: the helpers render `<<<dotprompt:…>>>` markers into the text and
 * the message splitter reads them back.
 *
 *   <<<dotprompt:role:NAME>>>             start a message with role NAME (lowercase letters only)
 *   <<<dotprompt:history>>>               insert the conversation history here
 *   <<<dotprompt:media:url URL [TYPE]>>>  a media part
 *   <<<dotprompt:section NAME>>>          a pending section placeholder part
 *
 * Text that looks like a marker but is none of these stays text, as in the reference.
 */

export const ROLE_NAME = /^[a-z]+$/;
export const SECTION_NAME = /^[^\s<>]+$/;
/** A media URL or content type: no whitespace and no `>` (which would end the marker). */
const MEDIA_TOKEN = /^[^\s>]+$/;

export type Marker =
  | { readonly kind: 'role'; readonly role: string }
  | { readonly kind: 'history' }
  | { readonly kind: 'media'; readonly url: string; readonly contentType?: string }
  | { readonly kind: 'section'; readonly name: string };

export const roleMarker = (role: string): string => `<<<dotprompt:role:${role}>>>`;
export const historyMarker = (): string => '<<<dotprompt:history>>>';
export const sectionMarker = (name: string): string => `<<<dotprompt:section ${name}>>>`;
export const mediaMarker = (url: string, contentType?: string): string =>
  `<<<dotprompt:media:url ${url}${contentType ? ` ${contentType}` : ''}>>>`;

/** Whether `value` can be carried in a media marker. */
export const isMediaToken = (value: string): boolean => MEDIA_TOKEN.test(value);

const MARKER = /<<<dotprompt:(.*?)>>>/gs;

/** Reads one marker body (what is between `<<<dotprompt:` and `>>>`). */
function readMarker(body: string): Marker | undefined {
  let m = /^role:([a-z]+)$/.exec(body);
  if (m) return { kind: 'role', role: m[1]! };
  if (body === 'history') return { kind: 'history' };
  m = /^media:url ([^\s>]+)(?: ([^\s>]+))?$/.exec(body);
  if (m) return m[2] ? { kind: 'media', url: m[1]!, contentType: m[2] } : { kind: 'media', url: m[1]! };
  m = /^section ([^\s<>]+)$/.exec(body);
  if (m) return { kind: 'section', name: m[1]! };
  return undefined;
}

/** Splits rendered text into text pieces and markers, in order. */
export function splitMarkers(text: string): (string | Marker)[] {
  const out: (string | Marker)[] = [];
  let buffer = '';
  let last = 0;
  for (const m of text.matchAll(MARKER)) {
    const marker = readMarker(m[1]!);
    buffer += text.slice(last, m.index);
    last = m.index! + m[0].length;
    if (!marker) {
      buffer += m[0];
      continue;
    }
    if (buffer) out.push(buffer);
    buffer = '';
    out.push(marker);
  }
  buffer += text.slice(last);
  if (buffer) out.push(buffer);
  return out;
}
