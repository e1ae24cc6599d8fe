/**
 * Builds the HTML shell of every Tracemine webview. Pure (no `vscode` import), so the host panels
 * and the Chromium webview tests use the very same page.
 *
 * Security: a strict Content-Security-Policy (`default-src 'none'`; scripts only with this render's
 * nonce; styles, images and fonts only from the extension's own resources), no inline handlers, no
 * remote code. The page carries no data: logs and traces arrive later as messages and are rendered
 * as text nodes, never as HTML.
 */
export interface WebviewHtmlOptions {
  /** Shown as the document title. */
  readonly title: string;
  /** `webview.cspSource` on the host; the served origin in tests. */
  readonly cspSource: string;
  /** A fresh random nonce per render (see `makeNonce`). */
  readonly nonce: string;
  readonly scriptUri: string;
  readonly styleUris: readonly string[];
}

const ATTR_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c] ?? c);
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource} data: blob:`,
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
}

export function buildWebviewHtml(o: WebviewHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('nonce must be at least 16 base64/url-safe characters');
  const styles = o.styleUris.map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">`).join('\n    ');
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(o.cspSource, o.nonce))}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    ${styles}
    <title>${escapeHtml(o.title)}</title>
  </head>
  <body>
    <div id="app" aria-live="polite"></div>
    <script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
  </body>
</html>`;
}

/** A 32-character nonce from a cryptographic source (Web Crypto exists in Node 20 and browsers). */
export function makeNonce(): string {
  const bytes = new Uint8Array(24);
  globalThis.crypto.getRandomValues(bytes);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_');
}
