/**
 * Serves a webview app to headless Chromium the way VS Code does: the same HTML shell and CSP
 * (`buildWebviewHtml`), the built bundle from dist/webview, theme variables from a stylesheet, and
 * a stub `acquireVsCodeApi` that records posted messages and saved state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildWebviewHtml, makeNonce } from '../../webview/shared/html';

const ORIGIN = 'https://webview.test';
const root = join(__dirname, '..', '..');

const THEMES = {
  dark: {
    '--vscode-foreground': '#cccccc', '--vscode-editor-background': '#1e1e1e', '--vscode-editor-foreground': '#d4d4d4',
    '--vscode-descriptionForeground': '#9d9d9d', '--vscode-button-background': '#0e639c', '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#3a3d41', '--vscode-button-secondaryForeground': '#cccccc', '--vscode-focusBorder': '#007fd4',
    '--vscode-panel-border': '#444444', '--vscode-list-hoverBackground': '#2a2d2e', '--vscode-list-activeSelectionBackground': '#04395e',
    '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-errorForeground': '#f48771',
    '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px',
  },
  light: {
    '--vscode-foreground': '#616161', '--vscode-editor-background': '#ffffff', '--vscode-editor-foreground': '#000000',
    '--vscode-descriptionForeground': '#717171', '--vscode-button-background': '#007acc', '--vscode-button-foreground': '#ffffff',
    '--vscode-button-secondaryBackground': '#e5e5e5', '--vscode-button-secondaryForeground': '#000000', '--vscode-focusBorder': '#0090f1',
    '--vscode-panel-border': '#dddddd', '--vscode-list-hoverBackground': '#f0f0f0', '--vscode-list-activeSelectionBackground': '#0060c0',
    '--vscode-list-activeSelectionForeground': '#ffffff', '--vscode-errorForeground': '#a1260d',
    '--vscode-font-family': 'sans-serif', '--vscode-font-size': '13px',
  },
} as const;

export type Theme = keyof typeof THEMES;

/** Stands in for VS Code's `acquireVsCodeApi`: records posted messages and saved state. */
const STUB_VSCODE_API = `
  window.__posted = [];
  window.__state = undefined;
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return {
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => window.__state,
      setState: (s) => { window.__state = s; },
    };
  };`;

export interface WebviewPage {
  readonly page: Page;
  /** Messages the webview posted to the host, in order. */
  posted(): Promise<unknown[]>;
  /** Sends a host → webview message. */
  send(message: unknown): Promise<void>;
  /** Errors the page threw or logged (CSP violations included). */
  readonly errors: string[];
}

export async function openWebview(browser: Browser, app: 'processMap' | 'traceReview' | 'evalCompare', theme: Theme = 'dark'): Promise<WebviewPage> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  // A string, not a function: the TypeScript loader would inject helpers the page does not have.
  await page.addInitScript({ content: STUB_VSCODE_API });
  const themeCss = `:root{${Object.entries(THEMES[theme]).map(([k, v]) => `${k}:${v}`).join(';')}}`;
  const html = buildWebviewHtml({
    title: app,
    cspSource: ORIGIN,
    nonce: makeNonce(),
    scriptUri: `${ORIGIN}/dist/webview/${app}.js`,
    styleUris: [`${ORIGIN}/theme.css`, `${ORIGIN}/dist/webview/${app}.css`],
  });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    if (url.pathname === '/') return route.fulfill({ contentType: 'text/html', body: html });
    if (url.pathname === '/theme.css') return route.fulfill({ contentType: 'text/css', body: themeCss });
    if (url.pathname.startsWith('/dist/webview/')) {
      const file = join(root, url.pathname);
      if (!existsSync(file)) return route.fulfill({ status: 404, body: `missing ${url.pathname}: run npm run build` });
      return route.fulfill({ contentType: file.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(file) });
    }
    return route.fulfill({ status: 404, body: '' });
  });
  await page.goto(`${ORIGIN}/`);
  return {
    page,
    errors,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    send: (message) => page.evaluate((m) => window.postMessage(m, '*'), message),
  };
}
