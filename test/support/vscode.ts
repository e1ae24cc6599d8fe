/**
 * Playwright helpers for driving a real VS Code workbench (code-server in headless Chromium).
 * Selectors follow VS Code 1.139's DOM; recipe in /work/shared/docs/real-vscode-e2e.md.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';

/** Generous default: 2-core machines take ~8 s for the workbench and ~15 s to activate an extension. */
export const WORKBENCH_TIMEOUT_MS = 90_000;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Matches a label whose whole text is `text` (ignoring surrounding and non-breaking spaces). */
function exactly(text: string): RegExp {
  return new RegExp(`^[\\s\\u00a0]*${escapeRegExp(text).replace(/ /g, '[\\s\\u00a0]+')}[\\s\\u00a0]*$`);
}

/** Opens the workbench at `workspaceUrl` and waits until it is rendered. */
export async function openWorkbench(page: Page, workspaceUrl: string, timeout = WORKBENCH_TIMEOUT_MS): Promise<void> {
  page.setDefaultTimeout(timeout);
  await page.goto(workspaceUrl, { timeout, waitUntil: 'domcontentloaded' });
  await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout });
  // The activity bar and status bar appear once the workbench has restored its parts.
  await page.locator('.part.activitybar').waitFor({ state: 'visible', timeout });
}

/** The quick input (command palette, quick picks) while it is open. */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

/** The rows of the open quick input whose label is exactly `label` (or contains it, when `exact` is false). */
export function quickInputRows(page: Page, label: string | RegExp, exact = true): Locator {
  const pattern = label instanceof RegExp ? label : exact ? exactly(label) : new RegExp(escapeRegExp(label));
  return quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name').filter({ hasText: pattern }) });
}

async function chooseRow(page: Page, row: Locator, timeout: number): Promise<void> {
  await row.first().waitFor({ state: 'visible', timeout });
  // Enter accepts the focused row; only click when the match is not the focused one.
  const focused = /(^|\s)focused(\s|$)/.test((await row.first().getAttribute('class').catch(() => '')) ?? '');
  if (focused) await page.keyboard.press('Enter');
  else await row.first().click();
}

/**
 * Runs a command from the command palette by its full title, e.g. `Tracemine: Import Event Log…`:
 * F1, type `>` + title, wait for the row with exactly that label, accept it.
 */
export async function runCommand(page: Page, title: string, timeout = WORKBENCH_TIMEOUT_MS): Promise<void> {
  const input = quickInput(page).locator('input');
  // F1 needs the keyboard focus inside the workbench; retry while the workbench is still starting.
  const deadline = Date.now() + timeout;
  for (;;) {
    await page.keyboard.press('F1');
    try {
      await input.waitFor({ state: 'visible', timeout: 5_000 });
      break;
    } catch (e) {
      if (Date.now() > deadline) throw e;
      await page.locator('.monaco-workbench').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    }
  }
  await input.fill(`>${title}`);
  await chooseRow(page, quickInputRows(page, title), Math.max(1_000, deadline - Date.now()));
}

/** In an open quick pick, accepts the item whose label is `labelText` (exact; falls back to "contains"). */
export async function pickQuickItem(page: Page, labelText: string, timeout = WORKBENCH_TIMEOUT_MS): Promise<void> {
  await quickInput(page).locator('.quick-input-list').waitFor({ state: 'visible', timeout });
  const exact = quickInputRows(page, labelText);
  const loose = quickInputRows(page, labelText, false);
  const row = exact.or(loose);
  try {
    await row.first().waitFor({ state: 'visible', timeout });
  } catch (e) {
    const labels = await quickInput(page).locator('.quick-input-list .monaco-list-row').allTextContents().catch(() => []);
    throw new Error(`no quick pick item labelled '${labelText}'; the list shows: ${JSON.stringify(labels)}\n${(e as Error).message}`);
  }
  await chooseRow(page, (await exact.count()) > 0 ? exact : loose, timeout);
}

/** The outer iframe of the visible webview that was opened last (webviews of hidden editors stay in the DOM). */
export function webviewIframe(page: Page): Locator {
  return page.locator('iframe.webview.ready:visible').last();
}

/**
 * The content frame of the visible webview (a webview is two nested iframes:
 * `iframe.webview.ready` > `#active-frame`). With several webviews, the last visible one.
 */
export function webviewFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready:visible >> nth=-1').frameLocator('#active-frame');
}

/** Waits for a notification toast containing `text` and returns it. */
export async function waitForNotification(page: Page, text: string | RegExp, timeout = WORKBENCH_TIMEOUT_MS): Promise<Locator> {
  const toast = page.locator('.notifications-toasts .notification-toast').filter({ hasText: text }).first();
  await toast.waitFor({ state: 'visible', timeout });
  return toast;
}

// Runs in the page. Kept as a string: the test runner's TypeScript transform would otherwise
// inject helpers (esbuild's `__name`) that do not exist in the browser.
const RECORD_NOTIFICATIONS_SCRIPT = `(() => {
  const seen = window.__tmNotifications = [];
  if (window.__tmObserver) window.__tmObserver.disconnect();
  const scan = () => {
    for (const el of document.querySelectorAll('.notifications-toasts .notification-toast')) {
      const message = el.querySelector('.notification-list-item-message');
      const text = ((message ? message.textContent : el.innerText) || '').replace(/\\s+/g, ' ').trim();
      if (!text) continue;
      const busy = el.querySelector('.monaco-progress-container.active') !== null;
      const entry = (busy ? '[progress] ' : '') + text;
      if (!seen.includes(entry)) seen.push(entry);
    }
  };
  window.__tmObserver = new MutationObserver(scan);
  window.__tmObserver.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true });
  scan();
})()`;

/**
 * Starts recording the text of every notification toast that appears (however briefly): fast
 * progress notifications can come and go between two polls. Read it back with `recordedNotifications`;
 * toasts that showed a running progress bar are prefixed `[progress] `.
 */
export async function recordNotifications(page: Page): Promise<void> {
  await page.evaluate(RECORD_NOTIFICATIONS_SCRIPT);
}

/** Texts of the notification toasts seen since `recordNotifications` (progress ones prefixed
 * `[progress] `); stops the recording. */
export async function recordedNotifications(page: Page): Promise<string[]> {
  return page.evaluate('(() => { if (window.__tmObserver) window.__tmObserver.disconnect(); return window.__tmNotifications || []; })()') as Promise<string[]>;
}

/** The text shown by the Output panel's editor: its rendered lines, one per line. */
export async function outputPanelText(page: Page): Promise<string> {
  const lines = await page.locator('.part.panel .monaco-editor .view-lines .view-line').allTextContents().catch(() => [] as string[]);
  return lines.join('\n').replace(/\u00a0/g, ' ');
}

/**
 * Whether the Output panel's editor holds a line containing `text`. The editor only renders the
 * lines in view (and follows the end of the channel), so when the text is not visible this scrolls
 * from the top, a page at a time. Returns the matching line, or '' when there is none.
 */
export async function findInOutputPanel(page: Page, text: string, maxPages = 40): Promise<string> {
  const match = async () => (await outputPanelText(page)).split('\n').find((l) => l.includes(text)) ?? '';
  let line = await match();
  if (line) return line;
  const editor = page.locator('.part.panel .monaco-editor .view-lines').first();
  if (!(await editor.isVisible().catch(() => false))) return '';
  await editor.click();
  await page.keyboard.press('Control+Home');
  let previous = '';
  for (let i = 0; i < maxPages; i++) {
    await page.waitForTimeout(150);
    line = await match();
    if (line) return line;
    const now = await outputPanelText(page);
    if (now === previous) break; // reached the end
    previous = now;
    await page.keyboard.press('PageDown');
  }
  return '';
}

/** The name of the channel the Output panel shows (its channel picker), or '' when unknown. */
export async function outputChannelName(page: Page): Promise<string> {
  const select = page.locator('.part.panel select.monaco-select-box, .part.panel .monaco-select-box').first();
  const value = await select.evaluate((el) => {
    const s = el as HTMLSelectElement;
    return s.selectedOptions?.[0]?.textContent ?? s.getAttribute('title') ?? s.textContent ?? '';
  }).catch(() => '');
  return value.trim();
}
