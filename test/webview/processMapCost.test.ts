/**
 * The process map's cost view in headless Chromium, fed an agent log (ADK traces converted to an
 * event log, events carrying `cost:usd`) mined by the real core.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  TracemineDb, importEventLog, mineProcessMap, tracesToEventLog, type AttributeKeyInfo, type CostFigures, type DirectlyFollowsGraph,
  type LogSummary, type ProcessMapData,
} from '../../src/core';
import type { HostToProcessMap, ProcessMapState } from '../../src/protocol/processMap';
import { VARIANT_LIST_LIMIT } from '../../src/protocol/processMap';
import { costLabel } from '../../webview/processMap/model';
import { launchChromium } from '../support/browser';
import { openWebview } from '../support/webviewHarness';
import { traceFixture } from '../unit/traceFixtures';

const results = join(__dirname, '..', '..', 'test-results');

interface Mined extends ProcessMapData { log: LogSummary; attributeKeys: AttributeKeyInfo[] }

async function mineAgentLog(): Promise<Mined> {
  const db = await TracemineDb.open();
  try {
    for (const s of ['S1', 'S2']) await db.importTraces(traceFixture('otlp', `adk_py__v1_default__${s}.json`));
    const logId = await tracesToEventLog(db, {}, { save: false, name: 'adk · agent paths (tool)' });
    const log = db.getLog(logId)!;
    return { log, attributeKeys: db.attributeKeys(logId), ...(await mineProcessMap(db.eventSource(logId), { filters: [], activityPercent: 100 })) };
  } finally {
    db.close();
  }
}

async function mineRunningExample(): Promise<Mined> {
  const db = await TracemineDb.open();
  try {
    const { log } = await importEventLog(db, join(__dirname, '..', 'fixtures', 'eventlogs', 'running-example.xes'));
    return { log, attributeKeys: db.attributeKeys(log.id), ...(await mineProcessMap(db.eventSource(log.id), { filters: [], activityPercent: 100 })) };
  } finally {
    db.close();
  }
}

function loadMessage(m: Mined, patch: Partial<ProcessMapState> = {}): HostToProcessMap {
  const { cases, ...statistics } = m.statistics;
  return {
    type: 'load', log: m.log, dfg: m.dfg, variants: m.variants.slice(0, VARIANT_LIST_LIMIT), variantCount: m.variants.length, filtered: m.filtered,
    filterLabels: m.filterLabels, statistics, cases, attributeKeys: m.attributeKeys, siblings: [], ...(m.cost && { cost: m.cost }),
    state: { logId: m.log.id, view: 'frequency', activityPercent: 100, pathPercent: 100, filters: [], ...patch },
  };
}

const nodeCounts = (page: Page) =>
  page.locator('g.node[data-activity]').evaluateAll((els) => Object.fromEntries(els.map((e) => [e.getAttribute('data-activity'), e.querySelector('.node-count')?.textContent])));

describe('process-map webview: cost view', () => {
  let browser: Browser;
  let agent: Mined;
  let running: Mined;

  before(async () => {
    mkdirSync(results, { recursive: true });
    browser = await launchChromium();
    agent = await mineAgentLog();
    running = await mineRunningExample();
  });
  after(async () => { await browser?.close(); });

  it('offers no Cost button for a log without cost, and draws a saved cost view as frequencies', async () => {
    assert.equal(running.cost, undefined);
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(running, { view: 'cost' }));
    await w.page.locator('g.node[data-activity]').first().waitFor();
    assert.equal(await w.page.locator('button[data-view="cost"]').count(), 0);
    assert.equal(await w.page.locator('button[data-view="frequency"]').getAttribute('aria-pressed'), 'true');
    assert.equal(await w.page.locator('[data-testid="cost-legend"]').isHidden(), true);
    const counts = await nodeCounts(w.page);
    for (const a of running.dfg.activities) assert.equal(counts[a.activity], String(a.events));
    assert.deepEqual(w.errors, []);
    await w.page.close();
  });

  it('switches an agent log to cost: labels, legend with the unknown count, details, saved state', async () => {
    const cost = agent.cost!;
    assert.ok(cost.known > 0 && cost.unknown > 0, 'the fixture has priced LLM calls and unpriced tool calls');
    const w = await openWebview(browser, 'processMap', 'light');
    await w.send(loadMessage(agent));
    const { page } = w;
    await page.locator('button[data-view="cost"]').waitFor();
    const before = await nodeCounts(page);
    for (const a of agent.dfg.activities) assert.equal(before[a.activity], String(a.events), 'frequency view: event counts');

    await page.locator('button[data-view="cost"]').click();
    assert.equal(await page.locator('button[data-view="cost"]').getAttribute('aria-pressed'), 'true');
    const last = (await w.posted()).at(-1) as { type: string; state: ProcessMapState };
    assert.equal(last.type, 'stateChanged');
    assert.equal(last.state.view, 'cost');
    assert.equal((await page.evaluate(() => (window as unknown as { __state: ProcessMapState }).__state)).view, 'cost');

    const after = await nodeCounts(page);
    for (const c of cost.activities) assert.equal(after[c.activity], costLabel(c), c.activity);
    const llm = cost.activities.find((c) => c.known > 0)!;
    assert.match(after[llm.activity]!, /^≥?\$[\d.]+ · \$[\d.]+\/call$/);
    const tool = cost.activities.find((c) => c.known === 0)!;
    assert.equal(after[tool.activity], 'cost unknown', 'unknown cost is never $0');
    assert.equal(await page.locator(`g.node.cost-unknown[data-activity="${tool.activity}"]`).count(), 1);
    assert.equal(await page.locator('[data-testid="cost-legend"]').isVisible(), true);
    assert.match((await page.locator('[data-testid="cost-unknown"]').textContent()) ?? '',
      new RegExp(`^${cost.unknown} of ${cost.known + cost.unknown} events without a known cost`));

    await page.locator(`g.node[data-activity="${llm.activity}"]`).click();
    const details = (await page.locator('[data-testid="details-tab"]').textContent()) ?? '';
    assert.ok(details.includes(`Calls with a cost${llm.known}`) && details.includes('Mean per call$'), details);
    await page.locator(`g.node[data-activity="${tool.activity}"]`).click();
    assert.ok(((await page.locator('[data-testid="details-tab"]').textContent()) ?? '').includes('Total costunknown'));
    await page.locator('svg.map').click({ position: { x: 5, y: 5 } });
    await page.screenshot({ path: join(results, 'webview-process-map-cost.png') });

    // A reload restores the view from the state; frequency switches back.
    await w.send(loadMessage(agent, { view: 'cost' }));
    assert.equal(await page.locator('button[data-view="cost"]').getAttribute('aria-pressed'), 'true');
    await page.locator('button[data-view="frequency"]').click();
    assert.equal(await page.locator('[data-testid="cost-legend"]').isHidden(), true);
    assert.equal(((await w.posted()).at(-1) as { state: ProcessMapState }).state.view, 'frequency');
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('keeps hostile activity names inert in the cost view', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const w = await openWebview(browser, 'processMap');
    const dfg: DirectlyFollowsGraph = {
      cases: 1, events: 3, hasTimestamps: false,
      activities: [{ activity: evil, events: 2, cases: 1 }, { activity: 'ok', events: 1, cases: 1 }],
      edges: [{ source: evil, target: 'ok', frequency: 1, cases: 1 }, { source: evil, target: evil, frequency: 1, cases: 1 }],
      start: { [evil]: 1 }, end: { ok: 1 },
    };
    const cost: CostFigures = {
      key: 'cost:usd', totalUsd: 0.0123, known: 1, unknown: 2,
      activities: [{ activity: evil, totalUsd: 0.0123, meanUsd: 0.0123, known: 1, unknown: 1 }, { activity: 'ok', totalUsd: 0, known: 0, unknown: 1 }],
    };
    await w.send({
      type: 'load', log: { id: 1, name: evil, sourcePath: evil, cases: 1, events: 3, activities: 2, hasTimestamps: false }, dfg, cost,
      variants: [{ activities: [evil, evil, 'ok'], cases: 1, coverage: 1 }], variantCount: 1, filtered: { cases: 1, events: 3 }, filterLabels: [],
      statistics: { throughput: { bucket: 'day', points: [] }, rework: [] }, cases: [{ caseId: evil, events: 3 }], attributeKeys: [], siblings: [],
      state: { logId: 1, view: 'cost', activityPercent: 100, pathPercent: 100, filters: [] },
    } satisfies HostToProcessMap);
    await w.page.locator('g.node[data-activity]').first().waitFor();
    const counts = await nodeCounts(w.page);
    assert.deepEqual(counts, { [evil]: '≥$0.0123 · $0.0123/call', ok: 'cost unknown' });
    await w.page.locator('g.node[data-activity="ok"]').click();
    await w.page.locator('g.node[data-activity]').first().click();
    assert.equal(await w.page.locator('[data-testid="details-title"]').textContent(), evil);
    assert.equal(await w.page.locator('img').count(), 0);
    assert.equal(await w.page.locator('script:not([src])').count(), 0);
    assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.match((await w.page.locator('[data-testid="cost-unknown"]').textContent()) ?? '', /^2 of 3 events without a known cost/);
    await w.page.close();
  });
});
