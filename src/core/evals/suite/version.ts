/**
 * A suite's version: a content hash, so results can be tied to the exact suite they ran.
 * Line endings are normalised first, so a checkout with CRLF has the same version as with LF.
 */
import { createHash } from 'node:crypto';

/**
 * sha256 hex (first 16 characters) of the suite text with normalised line endings. When the suite
 * reads cases from other files, their texts are hashed after it (`extra`, in reference order), so
 * editing a referenced cases file changes the version too.
 */
export function suiteVersion(text: string, extra: readonly string[] = []): string {
  const h = createHash('sha256');
  h.update(normaliseNewlines(text));
  for (const t of extra) {
    h.update('\0');
    h.update(normaliseNewlines(t));
  }
  return h.digest('hex').slice(0, 16);
}

function normaliseNewlines(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}
