/**
 * Values of rich-kind inputs (spec §5.2, §12.6) as Tracemine message types: a `thread` is a list
 * of messages (§6.5 `Message`), an `image`/`file`/`audio` is media by URL or data URL.
 * Accepted message shapes: `{role, content: string | parts}` with parts as Tracemine
 * (`{text}`, `{media}`), Prompty (`{kind: text, value}`, `{kind: image, source, mediaType}`) or
 * OpenAI (`{type: text, text}`, `{type: image_url, image_url}`); a thread may also be
 * `{_kind: 'thread', messages}` as in the conformance vectors.
 */
import type { MessagePart, PromptMessage } from '../types';

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp',
  wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg', flac: 'audio/flac', pdf: 'application/pdf',
};

/** MIME type from a data URL or the URL's extension, when known. */
export function guessContentType(url: string): string | undefined {
  const data = /^data:([^;,]+)[;,]/.exec(url);
  if (data) return data[1];
  const ext = /\.([a-z0-9]+)(?:[?#].*)?$/i.exec(url);
  return ext ? MEDIA_TYPES[ext[1]!.toLowerCase()] : undefined;
}

/** Media from a URL string or `{url|source, contentType|mediaType}` / `{media: …}`. */
export function toMedia(value: unknown): { url: string; contentType?: string } | undefined {
  if (typeof value === 'string' && value !== '') {
    const contentType = guessContentType(value);
    return contentType ? { url: value, contentType } : { url: value };
  }
  if (!isRecord(value)) return undefined;
  if (isRecord(value.media)) return toMedia(value.media);
  const url = value.url ?? value.source;
  if (typeof url !== 'string' || url === '') return undefined;
  const contentType = value.contentType ?? value.mediaType;
  return typeof contentType === 'string' ? { url, contentType } : toMedia(url);
}

function toPart(part: unknown): MessagePart | undefined {
  if (typeof part === 'string') return { text: part };
  if (!isRecord(part)) return undefined;
  if (typeof part.text === 'string' && (part.type === undefined || part.type === 'text')) return { text: part.text };
  if (part.kind === 'text' && typeof part.value === 'string') return { text: part.value };
  if (part.type === 'image_url') {
    const media = toMedia(part.image_url);
    return media ? { media } : undefined;
  }
  const media = toMedia(part);
  return media ? { media } : undefined;
}

function toMessage(m: unknown): PromptMessage | undefined {
  if (!isRecord(m) || typeof m.role !== 'string') return undefined;
  const raw = m.content ?? m.parts;
  const content = typeof raw === 'string' ? [{ text: raw }] : Array.isArray(raw) ? raw.map(toPart) : undefined;
  if (!content || content.some((p) => p === undefined)) return undefined;
  const metadata = isRecord(m.metadata) ? { metadata: m.metadata } : {};
  return { role: m.role, content: content as MessagePart[], ...metadata };
}

/** A thread value as messages, or undefined when it is not one (§6.7 rule 4). */
export function toThread(value: unknown): PromptMessage[] | undefined {
  const list = isRecord(value) && value._kind === 'thread' ? value.messages : value;
  if (!Array.isArray(list)) return undefined;
  const messages = list.map(toMessage);
  return messages.every((m) => m !== undefined) ? (messages as PromptMessage[]) : undefined;
}

/** `_kind` tag of an input value (`{_kind: 'thread', …}`), if any. */
export function taggedKind(value: unknown): string | undefined {
  return isRecord(value) && typeof value._kind === 'string' ? value._kind : undefined;
}
