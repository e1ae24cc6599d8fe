/**
 * End-to-end: the packaged extension (dist-vsix/tracemine.vsix) inside a real VS Code
 * (code-server from the npm registry) driven by playwright-core + headless Chromium.
 *
 * One code-server and one Chromium for the whole file; `after` always stops both, and
 * scripts/code-server.mjs kills code-server's process group on exit/signals as well.
 * The workspace is a COPY of samples/ in a temp dir, so the repo's samples/ is never written to.
 *
 * Env: TRACEMINE_E2E_VSIX (another .vsix), TRACEMINE_E2E_SAMPLES (another sample folder),
 *      TRACEMINE_KEEP_CODE_SERVER_DATA=1 (keep code-server's scratch dir for inspection).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startCodeServer, tailFile, type CodeServer } from '../../scripts/code-server.mjs';
import { launchChromium } from '../support/browser';
import { startOpenAiServer } from '../support/openaiServer';
import { checkTrace, parsePolicy, readTraces } from '../../src/core';
import { readFileSync } from 'node:fs';
import {
  WORKBENCH_TIMEOUT_MS, findInOutputPanel, openWorkbench, outputChannelName, outputPanelText, pickQuickItem, quickInput, recordNotifications,
  recordedNotifications, runCommand, webviewFrame, webviewIframe,
} from '../support/vscode';

const ROOT = resolve(import.meta.dirname, '..', '..');
const RESULTS = join(ROOT, 'test-results');
const VSIX = resolve(process.env.TRACEMINE_E2E_VSIX ?? join(ROOT, 'dist-vsix', 'tracemine.vsix'));
const SAMPLES = resolve(process.env.TRACEMINE_E2E_SAMPLES ?? join(ROOT, 'samples'));
const TEST_TIMEOUT = 120_000;

let server: CodeServer | undefined;
let llm: Awaited<ReturnType<typeof startOpenAiServer>> | undefined;
let browser: Browser | undefined;
let page: Page | undefined;
let tmpRoot: string | undefined;
let workspace = '';
let extensionId = '';
const t0 = Date.now();
const timings: string[] = [];

function mark(what: string): void {
  const line = `${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`;
  timings.push(line);
  console.log(`[e2e] ${line}`);
}

async function until<T>(probe: () => Promise<T> | T, what: string, timeout = WORKBENCH_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeout / 1000} s waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function filesUnder(dir: string, match: (name: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, match));
    else if (match(name)) out.push(p);
  }
  return out;
}

/** Screenshot + code-server and extension host log tails, for a failed step. */
async function reportFailure(name: string): Promise<void> {
  const shot = join(RESULTS, `e2e-failure-${name}.png`);
  if (page) {
    await page.screenshot({ path: shot, timeout: 10_000 }).then(() => console.error(`[e2e] failure screenshot: ${relative(ROOT, shot)}`), () => undefined);
  }
  if (server) {
    console.error(`[e2e] --- tail of ${server.logFile} ---\n${tailFile(server.logFile, 40)}`);
    for (const f of filesUnder(join(server.dataDir, 'user-data', 'logs'), (n) => /exthost\.log$|Tracemine\.log$/i.test(n))) {
      console.error(`[e2e] --- tail of ${f} ---\n${tailFile(f, 30)}`);
    }
  }
}

const passed = new Set<string>();

/** Runs one test's body; on failure saves a screenshot and log tails. Fails at once when a step it
 * depends on (`needs`) did not pass, instead of waiting out its timeouts. */
async function step(name: string, fn: (p: Page) => Promise<void>, needs: string[] = []): Promise<void> {
  const started = Date.now();
  const missing = needs.filter((n) => !passed.has(n));
  if (missing.length) throw new Error(`not run: it needs the '${missing.join("', '")}' test(s), which failed`);
  try {
    if (!page) throw new Error('the workbench did not start (see the before hook)');
    await fn(page);
    passed.add(name);
  } catch (e) {
    await reportFailure(name);
    throw e;
  } finally {
    timings.push(`test ${name}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

async function cleanup(): Promise<void> {
  await page?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await server?.stop().catch((e: unknown) => console.error(`[e2e] stopping code-server: ${String(e)}`));
  await llm?.close().catch(() => undefined);
  llm = undefined;
  if (tmpRoot) rmSync(tmpRoot, { recursive: true, force: true, maxRetries: 3 });
  page = undefined;
  browser = undefined;
  server = undefined;
  tmpRoot = undefined;
}

describe('Tracemine in a real VS Code (code-server)', { timeout: 280_000 }, () => {
  before(async () => {
    mkdirSync(RESULTS, { recursive: true });
    if (!existsSync(VSIX)) {
      throw new Error(`${relative(ROOT, VSIX)} is missing: build it with \`npm run package\` before running the e2e layer`);
    }
    if (!existsSync(SAMPLES)) throw new Error(`sample workspace ${SAMPLES} is missing`);
    try {
      tmpRoot = mkdtempSync(join(tmpdir(), 'tracemine-e2e-'));
      workspace = join(tmpRoot, 'samples');
      // Copy without any database a previous `npm start` left in samples/.tracemine.
      cpSync(SAMPLES, workspace, { recursive: true, filter: (src) => !relative(SAMPLES, src).split(sep).includes('.tracemine') });
      // No empty secondary side bar (chat is off): more room for the process map in the screenshots.
      // The model endpoint is a local OpenAI-compatible test server (no paid service is called).
      llm = await startOpenAiServer();
      server = await startCodeServer({ workspace, vsix: VSIX, settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden', 'tracemine.llm.baseUrl': llm.baseUrl } });
      const installed = readdirSync(join(server.dataDir, 'extensions')).filter((n) => !n.startsWith('.') && !n.endsWith('.json'));
      assert.equal(installed.length, 1, `expected one installed extension, found ${JSON.stringify(installed)}`);
      extensionId = installed[0]!.replace(/-\d+\.\d+\.\d+.*$/, '');
      mark(`code-server ready on port ${server.port} with ${installed[0]}`);
      browser = await launchChromium();
      page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
      await openWorkbench(page, server.workspaceUrl);
      mark('workbench rendered');
    } catch (e) {
      await reportFailure('before');
      await cleanup();
      throw e;
    }
  }, { timeout: 180_000 });

  after(async () => {
    await cleanup();
    mark('stopped');
    console.log(`[e2e] timings:\n  ${timings.join('\n  ')}`);
  });

  it('activates on the sample workspace and shows the Event Logs view', { timeout: TEST_TIMEOUT }, () => step('activation', async (p) => {
    const container = p.locator('.part.activitybar .action-item [aria-label*="Tracemine"], .part.activitybar .action-item[aria-label*="Tracemine"]').first();
    await container.waitFor({ state: 'visible' });
    await container.click();
    const sidebar = p.locator('.part.sidebar');
    await sidebar.locator('.title-label, .pane-header').filter({ hasText: /Event Logs/i }).first().waitFor({ state: 'visible' });
    mark('Event Logs view shown');
    // onView:tracemine.logs activates the extension; the extension host log records it.
    const logs = join(server!.dataDir, 'user-data', 'logs');
    await until(() => filesUnder(logs, (n) => /exthost\.log$/.test(n))
      .some((f) => tailFile(f, 100_000).includes(`_doActivateExtension ${extensionId}`)), `activation of ${extensionId} in the extension host log`);
    mark('extension activated');
  }));

  it('imports running-example.xes from the command palette and opens the process map', { timeout: TEST_TIMEOUT }, () => step('import', async (p) => {
    await recordNotifications(p);
    await runCommand(p, 'Tracemine: Import Event Log…');
    await pickQuickItem(p, 'running-example.xes');
    mark('running-example.xes picked');
    await webviewFrame(p).locator('[data-testid="map-title"]').waitFor({ state: 'attached' });
    mark('process map webview open');
    const seen = await recordedNotifications(p);
    console.log(`[e2e] notifications seen: ${JSON.stringify(seen)}`);
    assert.ok(seen.some((n) => n.startsWith('[progress]')), `expected a progress notification while importing; saw ${JSON.stringify(seen)}`);
  }));

  it('renders the process map: title, summary and one node per activity', { timeout: TEST_TIMEOUT }, () => step('process-map', async (p) => {
    const frame = webviewFrame(p);
    const title = await until(async () => {
      const t = await frame.locator('[data-testid="map-title"]').textContent({ timeout: 5_000 });
      return t?.includes('running-example') ? t : '';
    }, '[data-testid="map-title"] to contain running-example');
    const summary = await until(async () => {
      const s = (await frame.locator('[data-testid="summary"]').textContent({ timeout: 5_000 })) ?? '';
      return s.includes('6 cases') && s.includes('42 events') ? s : '';
    }, '[data-testid="summary"] to contain "6 cases" and "42 events"');
    // Let the layout render (the node count stops changing), then screenshot before asserting on it.
    let count = -1;
    await until(async () => {
      const n = await frame.locator('g.node').count();
      const stable = n > 0 && n === count;
      count = n;
      return stable;
    }, 'the process map to render its nodes', 60_000);
    // Toasts (e.g. "Imported …") would cover the map in the screenshots.
    await runCommand(p, 'Notifications: Clear All Notifications').catch(() => p.keyboard.press('Escape'));
    await p.waitForTimeout(750);
    await webviewIframe(p).screenshot({ path: join(RESULTS, 'e2e-process-map.png') });
    const workbenchShot = join(RESULTS, 'e2e-workbench.png');
    await p.screenshot({ path: workbenchShot });
    mkdirSync(join(ROOT, 'media'), { recursive: true });
    copyFileSync(workbenchShot, join(ROOT, 'media', 'screenshot-vscode.png'));
    const nodes = await frame.locator('g.node').evaluateAll((els) => els.map((el) => ({
      cls: el.getAttribute('class'), activity: el.getAttribute('data-activity'),
    })));
    const activities = nodes.map((n) => n.activity).filter((a): a is string => a !== null && a !== '');
    console.log(`[e2e] title=${JSON.stringify(title?.trim())} summary=${JSON.stringify(summary.trim())} g.node=${JSON.stringify(nodes)}`);
    // One node per activity (with data-activity), plus the process's start and end markers.
    assert.equal(nodes.length, 10, `expected 8 activity nodes + start + end, found ${nodes.length}: ${JSON.stringify(nodes)}`);
    assert.deepEqual(nodes.filter((n) => n.activity === null).map((n) => n.cls), ['node node-start', 'node node-end']);
    assert.deepEqual([...new Set(activities)].sort(), ['check ticket', 'decide', 'examine casually', 'examine thoroughly', 'pay compensation', 'register request', 'reinitiate request', 'reject request'], `one node per activity: ${JSON.stringify(activities)}`);
    mark('process map checked, screenshots saved');
  }, ['import']));

  it('stores the log in .tracemine/tracemine.db inside the workspace', { timeout: TEST_TIMEOUT }, () => step('database', async () => {
    const db = join(workspace, '.tracemine', 'tracemine.db');
    await until(() => existsSync(db) && statSync(db).size > 0, `${db} on disk`, 30_000);
    assert.ok(!existsSync(join(SAMPLES, '.tracemine', 'tracemine.db')) || statSync(join(SAMPLES, '.tracemine', 'tracemine.db')).mtimeMs < t0,
      'the repo\'s samples/ must not be written to');
  }, ['import']));

  it('shows "Imported …" in the Tracemine output channel', { timeout: TEST_TIMEOUT }, () => step('output', async (p) => {
    await runCommand(p, 'Tracemine: Show Log Output');
    await p.locator('.part.panel .monaco-editor .view-lines').first().waitFor({ state: 'visible' });
    const line = await until(() => findInOutputPanel(p, 'Imported'), 'the Output panel to show "Imported"', 60_000)
      .catch(async (e: Error) => {
        throw new Error(`${e.message}; channel ${JSON.stringify(await outputChannelName(p))} shows: ${JSON.stringify((await outputPanelText(p)).slice(-500))}`);
      });
    console.log(`[e2e] output channel ${JSON.stringify(await outputChannelName(p))}: ${JSON.stringify(line)}`);
    mark('output channel checked');
  }, ['import']));

  it('click-to-filter in the map: cases through an activity', { timeout: TEST_TIMEOUT }, () => step('click-filter', async (p) => {
    const frame = webviewFrame(p);
    await frame.locator('g.node[data-activity="reinitiate request"]').click();
    await frame.locator('button[data-filter="activity:through"]').click();
    const summary = frame.locator('[data-testid="filter-summary"]');
    await until(async () => /^2 of 6 cases/.test((await summary.textContent()) ?? ''), 'the filter bar to show "2 of 6 cases"', 60_000);
    assert.match((await frame.locator('[data-testid="filter-chip"]').textContent()) ?? '', /reinitiate request/);
    await frame.locator('[data-testid="clear-filters"]').click();
    await until(async () => /^All 6 cases/.test((await summary.textContent()) ?? ''), 'the filters to clear', 60_000);
    mark('click-to-filter checked');
  }, ['process-map']));

  it('re-opens a committed analysis file with its filters and view', { timeout: TEST_TIMEOUT }, () => step('analysis', async (p) => {
    mkdirSync(join(workspace, 'analyses'), { recursive: true });
    writeFileSync(join(workspace, 'analyses', 'rework.tracemine.json'), JSON.stringify({
      version: 1,
      log: { source: '../eventlogs/running-example.xes' },
      view: 'performance',
      filters: [{ kind: 'activity', activity: 'reinitiate request', mode: 'through' }],
    }));
    await runCommand(p, 'Tracemine: Open Analysis');
    await pickQuickItem(p, 'rework.tracemine.json');
    const frame = webviewFrame(p);
    await until(async () => /^2 of 6 cases/.test((await frame.locator('[data-testid="filter-summary"]').textContent()) ?? ''), 'the analysis\'s filter to apply', 60_000);
    assert.equal(await frame.locator('button[data-view="performance"]').getAttribute('aria-pressed'), 'true');
    await webviewIframe(p).screenshot({ path: join(RESULTS, 'e2e-analysis.png') });
    mark('analysis file re-opened');
  }, ['process-map']));

  it('imports an OCEL 2.0 log, one map per object type, switched by a picker', { timeout: TEST_TIMEOUT }, () => step('ocel', async (p) => {
    await runCommand(p, 'Tracemine: Import Event Log…');
    await pickQuickItem(p, 'ocel20_example.jsonocel');
    // Multi-select of object types, all pre-selected: accept.
    const types = p.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await until(async () => (await types.count()) === 4, 'the four object types of the OCEL example', 60_000);
    await p.locator('.quick-input-widget .quick-input-list').waitFor({ state: 'visible' });
    await p.keyboard.press('Enter');
    const frame = webviewFrame(p);
    const picker = frame.locator('[data-testid="object-type"]');
    await until(async () => (await picker.locator('option').count()) === 4, 'the object-type picker with four types', 90_000);
    const title = frame.locator('[data-testid="map-title"]');
    const first = (await title.textContent()) ?? '';
    assert.match(first, /^ocel20_example · /);
    const other = (await picker.locator('option').allTextContents()).find((t) => !first.endsWith(t))!;
    await picker.selectOption({ label: other });
    await until(async () => ((await title.textContent()) ?? '').endsWith(` · ${other}`), `the map to switch to ${other}`, 60_000);
    await webviewIframe(p).screenshot({ path: join(RESULTS, 'e2e-ocel.png') });
    mark('OCEL object types checked');
  }, ['activation']));

  it('opens a sample agent trace, steps through it with the keyboard and reads the details pane', { timeout: TEST_TIMEOUT }, () => step('trace-review', async (p) => {
    // A clean window for the README screenshot: no other editors, no panel.
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'View: Hide Panel').catch(() => p.keyboard.press('Escape'));
    await runCommand(p, 'Tracemine: Import Agent Traces…');
    await pickQuickItem(p, 'adk-weather-tool-loop.otlp.json');
    const frame = webviewFrame(p);
    const title = frame.locator('[data-testid="trace-title"]');
    await until(async () => (await title.count()) > 0, 'the trace reviewer to open', 90_000);
    const rows = frame.locator('[data-testid="timeline"] .row');
    await until(async () => (await rows.count()) > 0, 'the timeline rows', 60_000);
    // Step with the keyboard until the get_weather tool call is selected; read its arguments and result.
    await frame.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    const stepTitle = frame.locator('[data-testid="step-title"]');
    const seen: string[] = [];
    for (let i = 0; i < 40; i++) {
      await p.keyboard.press('ArrowDown');
      const name = (await stepTitle.textContent().catch(() => '')) ?? '';
      seen.push(name);
      if (/get_weather/.test(name)) break;
    }
    assert.ok(seen.some((n) => /get_weather/.test(n)), `stepped through ${JSON.stringify(seen)}`);
    await until(async () => ((await frame.locator('[data-testid="tool-arguments"]').textContent().catch(() => '')) ?? '').includes('"city": "Paris"'), 'the tool arguments in the details pane', 30_000);
    assert.match((await frame.locator('[data-testid="tool-result"]').textContent()) ?? '', /sunny/);
    await runCommand(p, 'Notifications: Clear All Notifications').catch(() => p.keyboard.press('Escape'));
    await frame.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } }).catch(() => undefined);
    for (let i = 0; i < 4; i++) await p.keyboard.press('ArrowDown');
    await p.waitForTimeout(500);
    await p.screenshot({ path: join(RESULTS, 'e2e-trace-review.png') });
    copyFileSync(join(RESULTS, 'e2e-trace-review.png'), join(ROOT, 'media', 'screenshot-trace-review.png'));
    mark('trace reviewer stepped through');
  }, ['activation']));

  it('checks imported traces against the workspace policy: Problems, flags, a reviewer verdict, a dataset case', { timeout: TEST_TIMEOUT }, () => step('trace-checks', async (p) => {
    // Which transcript breaks the confirmation rule, computed by the core from the same files.
    const policyText = readFileSync(join(workspace, 'traces', 'airline.policy.yaml'), 'utf8');
    const policy = parsePolicy(policyText);
    const { traces } = await readTraces(join(workspace, 'traces', 'tau-bench-airline-gpt-4o.trials-0-1.json'));
    const violating = traces.find((t) => checkTrace(t, policy).some((v) => v.ruleId === 'confirm-before-write'))!;
    assert.ok(violating, 'the sample has a trace that writes without confirmation');
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'Tracemine: Import Agent Traces…');
    await pickQuickItem(p, 'tau-bench-airline-gpt-4o.trials-0-1.json');
    await until(async () => (await webviewFrame(p).locator('[data-testid="trace-title"]').count()) > 0, 'the first airline trace to open', 90_000);
    // The Problems view lists the violated rules on the policy file.
    await runCommand(p, 'View: Focus Problems (Errors, Warnings, Infos)').catch(() => runCommand(p, 'View: Toggle Problems (Errors, Warnings, Infos)'));
    const problems = p.locator('.markers-panel');
    await until(async () => /confirm-before-write: \d+ violations? in \d+ traces?/.test((await problems.textContent().catch(() => '')) ?? ''), 'the policy violations in the Problems view', 60_000);
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'Tracemine: Open Trace');
    await pickQuickItem(p, violating.name);
    const frame = webviewFrame(p);
    await until(async () => (await frame.locator('[data-testid="trace-title"]').textContent().catch(() => '')) === violating.name, `the trace ${violating.name} to open`, 60_000);
    assert.match((await frame.locator('[data-testid="trace-flags"]').textContent()) ?? '', /confirm-before-write ×\d+/);
    await frame.locator('[data-testid="timeline"]').click({ position: { x: 5, y: 5 } });
    for (let i = 0; i < 10; i++) {
      await p.keyboard.press('f');
      if (/confirm-before-write/.test((await frame.locator('[data-testid="step-flag"]').first().textContent().catch(() => '')) ?? '')) break;
    }
    assert.match((await frame.locator('[data-testid="step-flag"]').first().textContent()) ?? '', /policy \(confirm-before-write\)/);
    // The reviewer fails the step (x), then the whole trace with a comment, and adds it to a dataset.
    await p.keyboard.press('x');
    await until(async () => (await frame.locator('.row.selected.annotated-fail').count()) === 1, 'the step to be marked failed', 30_000);
    await frame.locator('[data-testid="review-trace"] summary').click();
    await frame.locator('[data-testid="trace-verdict-fail"]').click();
    await frame.locator('[data-testid="trace-comment"]').fill('Changed the booking before the user said yes.');
    await frame.locator('[data-testid="trace-save"]').click();
    await until(async () => (await frame.locator('[data-testid="trace-verdict"]').textContent().catch(() => '')) === 'fail', 'the trace verdict', 30_000);
    await frame.locator('[data-testid="add-to-dataset"]').click();
    const dataset = join(workspace, 'evals', 'datasets', 'tau-bench-airline-gpt-4o.trials-0-1.cases.jsonl');
    await until(() => existsSync(dataset), 'the dataset file', 30_000);
    const line = JSON.parse(readFileSync(dataset, 'utf8').trim().split('\n')[0]!) as { expected?: string; metadata: { verdict?: string } };
    assert.equal(line.expected, 'Changed the booking before the user said yes.');
    assert.equal(line.metadata.verdict, 'fail');
    await p.screenshot({ path: join(RESULTS, 'e2e-trace-checks.png') });
    copyFileSync(join(RESULTS, 'e2e-trace-checks.png'), join(ROOT, 'media', 'screenshot-trace-checks.png'));
    mark('trace checks, verdict and dataset case');
  }, ['activation']));

  it('runs the sample prompt\'s evals from the command palette against the test server: CodeLens and Test Explorer', { timeout: TEST_TIMEOUT }, () => step('evals', async (p) => {
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'View: Hide Panel').catch(() => undefined);
    await runCommand(p, 'Go to File...');
    await quickInput(p).locator('input').fill('support-triage.prompt');
    await pickQuickItem(p, 'support-triage.prompt');
    await p.locator('.monaco-editor .view-lines').first().waitFor();
    const before = llm!.requests.length;
    await runCommand(p, 'Tracemine: Run Evals');
    const lens = p.locator('.monaco-editor .codelens-decoration');
    await until(async () => /last run: \d+\/6 cases pass/.test((await lens.allTextContents()).join(' ')), 'the run to finish and the prompt\'s CodeLens to show it', 90_000);
    assert.ok(llm!.requests.length > before, 'the run called the test server');
    // The suite's own CodeLens: a verdict above each case.
    await runCommand(p, 'Go to File...');
    await quickInput(p).locator('input').fill('support-triage.eval.yaml');
    await pickQuickItem(p, 'support-triage.eval.yaml');
    await until(async () => (await lens.allTextContents()).filter((t) => /^(pass|fail|flaky|error)\b/.test(t.trim()) || /(pass|fail)( —|$)/.test(t)).length >= 3, 'verdicts above the suite\'s cases', 60_000);
    // The Test Explorer lists the cases with their results.
    await runCommand(p, 'Testing: Focus on Test Explorer View');
    const tree = p.locator('.test-explorer');
    await until(async () => /support-triage\.eval\.yaml/.test((await tree.textContent().catch(() => '')) ?? ''), 'the suite in the Test Explorer', 60_000);
    await p.locator('.test-explorer .monaco-list-row').first().click();
    await p.keyboard.press('ArrowRight');
    await until(async () => /double-charge/.test((await tree.textContent().catch(() => '')) ?? ''), 'the cases in the Test Explorer', 30_000);
    await until(async () => (await p.locator('.test-explorer .codicon-testing-passed-icon, .test-explorer .codicon-testing-failed-icon, .test-explorer .codicon-testing-error-icon').count()) >= 3, 'case results in the Test Explorer', 30_000);
    await p.waitForTimeout(500);
    await p.screenshot({ path: join(RESULTS, 'e2e-evals.png') });
    copyFileSync(join(RESULTS, 'e2e-evals.png'), join(ROOT, 'media', 'screenshot-evals.png'));
    mark('evals run from the palette');
  }, ['activation']));

  it('runs the sample prompt in the playground with a suite case\'s inputs; the output opens in an editor tab', { timeout: TEST_TIMEOUT }, () => step('playground', async (p) => {
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'Go to File...');
    await quickInput(p).locator('input').fill('support-triage.prompt');
    await pickQuickItem(p, 'support-triage.prompt');
    await p.locator('.monaco-editor .view-lines').first().waitFor();
    const before = llm!.requests.length;
    await runCommand(p, 'Tracemine: Run Prompt in Playground…');
    await pickQuickItem(p, 'From the suite: double-charge');
    await pickQuickItem(p, 'gpt-4o-mini');
    // The output tab: the server's answer to the rendered prompt (it echoes the user message).
    await until(async () => (await p.locator('.monaco-editor .view-lines').allTextContents()).some((t) => /echo: .*Ticket:/.test(t.replace(/\u00a0/g, ' '))), 'the playground output in an editor tab', 60_000);
    assert.equal(llm!.requests.length, before + 1, 'one call');
    const sent = llm!.requests.at(-1)!.body as { model: string; messages: { role: string; content: string }[] };
    assert.equal(sent.model, 'gpt-4o-mini');
    assert.match(sent.messages.at(-1)!.content, /charged twice/);
    await p.screenshot({ path: join(RESULTS, 'e2e-playground.png') });
    // The output tab is an unsaved document: close it without saving.
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await p.getByRole('button', { name: "Don't Save" }).click({ timeout: 10_000 }).catch(() => undefined);
    mark('playground output');
  }, ['activation']));

  it('compares two eval runs of the sample prompt: the comparison panel with its totals and cases', { timeout: TEST_TIMEOUT }, () => step('compare-runs', async (p) => {
    // A second run after an edit to the prompt (a new version of its text).
    const promptFile = join(workspace, 'prompts', 'support-triage.prompt');
    writeFileSync(promptFile, readFileSync(promptFile, 'utf8').replace('Answer with JSON only.', 'Answer with one JSON object only.'));
    await runCommand(p, 'View: Close All Editors').catch(() => undefined);
    await runCommand(p, 'Go to File...');
    await quickInput(p).locator('input').fill('support-triage.eval.yaml');
    await pickQuickItem(p, 'support-triage.eval.yaml');
    await p.locator('.monaco-editor .view-lines').first().waitFor();
    const before = llm!.requests.length;
    await runCommand(p, 'Tracemine: Run Evals');
    await until(async () => llm!.requests.length >= before + 6 && /last run: \d+\/6 cases pass/.test((await p.locator('.monaco-editor .codelens-decoration').allTextContents()).join(' ')), 'the second run', 90_000);
    await p.waitForTimeout(1000);
    await runCommand(p, 'Tracemine: Compare Eval Runs…');
    await quickInput(p).locator('.quick-input-list .monaco-list-row').nth(1).click(); // the older run: baseline
    await quickInput(p).locator('.quick-input-list .monaco-list-row').first().click();
    const frame = webviewFrame(p);
    await until(async () => /\d+ paired cases/.test((await frame.locator('body').textContent().catch(() => '')) ?? ''), 'the comparison panel', 60_000);
    const text = (await frame.locator('body').textContent()) ?? '';
    assert.match(text, /6 paired cases/);
    assert.match(text, /McNemar/i);
    assert.match(text, /double-charge/);
    await p.screenshot({ path: join(RESULTS, 'e2e-compare-runs.png') });
    mark('two runs compared');
  }, ['evals']));

  it('lists the sample prompt\'s versions in the Prompt History view (the two texts the runs used)', { timeout: TEST_TIMEOUT }, () => step('prompt-history', async (p) => {
    await runCommand(p, 'Tracemine: Focus on Prompt History View');
    const view = p.locator('.pane').filter({ has: p.locator('.pane-header', { hasText: /Prompt History/i }) });
    const row = view.locator('.monaco-list-row', { hasText: 'support-triage.prompt' }).first();
    await row.waitFor({ timeout: 60_000 });
    await row.click();
    await p.keyboard.press('ArrowRight');
    await until(async () => (await view.locator('.monaco-list-row', { hasText: /^Evaluated / }).count()) >= 2
      || (await view.locator('.monaco-list-row').allTextContents()).filter((t) => /Evaluated/.test(t)).length >= 2, 'two evaluated versions', 60_000);
    await p.screenshot({ path: join(RESULTS, 'e2e-prompt-history.png') });
    mark('prompt history');
  }, ['compare-runs']));
});
