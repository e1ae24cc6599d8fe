/** The process-map webview app in headless Chromium, fed a DFG mined by the real core. */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { TracemineDb, importEventLog, mineProcessMap, type AttributeKeyInfo, type CaseFilter, type DirectlyFollowsGraph, type LogSummary, type ProcessMapData } from '../../src/core';
import type { HostToProcessMap, ProcessMapState } from '../../src/protocol/processMap';
import { launchChromium } from '../support/browser';
import { openWebview } from '../support/webviewHarness';
import { VARIANT_LIST_LIMIT } from '../../src/protocol/processMap';

const results = join(__dirname, '..', '..', 'test-results');
const fixture = (name: string) => join(__dirname, '..', 'fixtures', 'eventlogs', name);

interface Mined extends ProcessMapData { log: LogSummary; attributeKeys: AttributeKeyInfo[] }

/** Imports a fixture and mines it exactly as the panel does (same core function). */
async function mine(file: string, filters: CaseFilter[] = []): Promise<Mined> {
  const db = await TracemineDb.open();
  try {
    const { log } = await importEventLog(db, file);
    return { log, attributeKeys: db.attributeKeys(log.id), ...(await mineProcessMap(db.eventSource(log.id), { filters, activityPercent: 100 })) };
  } finally {
    db.close();
  }
}

function loadMessage(m: Mined, patch: Partial<ProcessMapState> = {}): HostToProcessMap {
  const { cases, ...statistics } = m.statistics;
  return {
    type: 'load', log: m.log, dfg: m.dfg, variants: m.variants.slice(0, VARIANT_LIST_LIMIT), variantCount: m.variants.length, filtered: m.filtered, filterLabels: m.filterLabels, statistics, cases,
    attributeKeys: m.attributeKeys, siblings: [],
    state: { logId: m.log.id, view: 'frequency', activityPercent: 100, pathPercent: 100, filters: [], ...patch },
  };
}

describe('process-map webview', () => {
  let browser: Browser;
  let running: Mined;

  before(async () => {
    mkdirSync(results, { recursive: true });
    browser = await launchChromium();
    running = await mine(fixture('running-example.xes'));
  });
  after(async () => { await browser?.close(); });

  it('says it is ready, then draws every activity, start/end and edge of the running example', async () => {
    const w = await openWebview(browser, 'processMap', 'dark');
    await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
    assert.deepEqual((await w.posted())[0], { type: 'ready' });
    await w.send(loadMessage(running));
    const { page } = w;
    await page.locator('g.node[data-activity]').first().waitFor();
    assert.equal(running.log.name, 'running-example');
    assert.equal(await page.locator('[data-testid="map-title"]').textContent(), running.log.name);
    assert.match((await page.locator('[data-testid="summary"]').textContent()) ?? '', /^6 cases · 42 events · 8 activities$/);
    const activities = await page.locator('g.node[data-activity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-activity')).sort());
    assert.deepEqual(activities, running.dfg.activities.map((a) => a.activity).sort());
    assert.equal(await page.locator('g.node-start').count(), 1);
    assert.equal(await page.locator('g.node-end').count(), 1);
    const expectedEdges = running.dfg.edges.length + Object.keys(running.dfg.start).length + Object.keys(running.dfg.end).length;
    assert.equal(await page.locator('g.edge').count(), expectedEdges);
    await page.locator('[data-tab="variants"]').click();
    assert.equal(await page.locator('[data-variant]').count(), running.variants.length);
    await page.screenshot({ path: join(results, 'webview-process-map-dark.png') });
    assert.deepEqual(w.errors, []);
    await page.close();
  });

  it('shows an activity\'s details on click and an edge\'s statistics with units', async () => {
    const w = await openWebview(browser, 'processMap', 'light');
    await w.send(loadMessage(running, { view: 'performance' }));
    const { page } = w;
    const top = [...running.dfg.activities].sort((a, b) => b.events - a.events)[0]!;
    await page.locator(`g.node[data-activity="${top.activity}"]`).click();
    assert.equal(await page.locator('[data-testid="details-title"]').textContent(), top.activity);
    assert.match((await page.locator('[data-testid="details-tab"]').textContent()) ?? '', new RegExp(`Events${top.events}`));
    const labels = await page.locator('text.edge-label').allTextContents();
    assert.ok(labels.filter(Boolean).every((l) => /\d(\.\d)? (ms|s|min|h|d|y)$/.test(l)), labels.join('|'));
    const edge = running.dfg.edges.find((e) => e.duration)!;
    await page.locator(`g.edge[data-source="${edge.source}"][data-target="${edge.target}"] `).dispatchEvent('click');
    const details = (await page.locator('[data-testid="details-tab"]').textContent()) ?? '';
    assert.ok(details.includes(`Frequency${edge.frequency}`) && details.includes('Median'), details);
    await page.screenshot({ path: join(results, 'webview-process-map-light.png') });
    await page.close();
  });

  it('path slider keeps fewer edges, reports the new state, and a variant highlights its path', async () => {
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(running));
    const { page } = w;
    const before = await page.locator('g.edge').count();
    await page.locator('#paths').fill('0');
    await page.locator('#paths').dispatchEvent('change');
    const after = await page.locator('g.edge').count();
    assert.ok(after < before, `${after} < ${before}`);
    const last = (await w.posted()).at(-1) as { type: string; state: { pathPercent: number } };
    assert.equal(last.type, 'stateChanged');
    assert.equal(last.state.pathPercent, 0);
    await page.locator('#paths').fill('100');
    await page.locator('#paths').dispatchEvent('change');
    await page.locator('[data-tab="variants"]').click();
    await page.locator('[data-variant="0"]').click();
    const highlighted = await page.locator('g.node.highlight[data-activity]').evaluateAll((els) => els.map((e) => e.getAttribute('data-activity')));
    assert.deepEqual(new Set(highlighted), new Set(running.variants[0]!.activities));
    await page.close();
  });

  it('turns performance off for a log without timestamps', async () => {
    const w = await openWebview(browser, 'processMap');
    await w.send({ ...loadMessage(running), log: { ...running.log, hasTimestamps: false }, dfg: { ...running.dfg, hasTimestamps: false } });
    assert.equal(await w.page.locator('button[data-view="performance"]').isDisabled(), true);
    assert.match((await w.page.locator('[data-testid="timerange"]').textContent()) ?? '', /No timestamps/);
    await w.page.close();
  });

  it('keeps hostile activity names inert (text, never markup)', async () => {
    const evil = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    const w = await openWebview(browser, 'processMap');
    const dfg: DirectlyFollowsGraph = {
      cases: 1, events: 2, hasTimestamps: false,
      activities: [{ activity: evil, events: 1, cases: 1 }, { activity: 'ok', events: 1, cases: 1 }],
      edges: [{ source: evil, target: 'ok', frequency: 1, cases: 1 }],
      start: { [evil]: 1 }, end: { ok: 1 },
    };
    await w.send({
      type: 'load', log: { id: 1, name: evil, sourcePath: evil, cases: 1, events: 2, activities: 2, hasTimestamps: false }, dfg,
      variants: [{ activities: [evil, 'ok'], cases: 1, coverage: 1 }], variantCount: 1, filtered: { cases: 1, events: 2 }, filterLabels: [evil],
      statistics: { throughput: { bucket: 'day', points: [] }, rework: [] }, cases: [{ caseId: evil, events: 2 }], attributeKeys: [{ scope: 'event', key: evil, type: 'string', distinct: 1 }], siblings: [{ id: 1, label: evil }, { id: 2, label: 'b' }],
      state: { logId: 1, view: 'frequency', activityPercent: 100, pathPercent: 100, filters: [{ kind: 'activity', activity: evil, mode: 'through' }] },
    });
    await w.page.locator('g.node[data-activity]').first().waitFor();
    assert.equal(await w.page.locator('img').count(), 0);
    assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    assert.equal(await w.page.locator('[data-testid="map-title"]').textContent(), evil);
    await w.page.locator('g.node[data-activity="ok"]').click();
    assert.equal(await w.page.locator('[data-testid="details-title"]').textContent(), 'ok');
    assert.equal(await w.page.locator('[data-testid="filter-chip"]').textContent(), `${evil}×`);
    assert.deepEqual(await w.page.locator('[data-testid="object-type"] option').allTextContents(), [evil, 'b']);
    await w.page.locator('[data-testid="object-type"]').selectOption({ label: 'b' });
    assert.deepEqual((await w.posted()).at(-1), { type: 'switchLog', logId: 2 });
    await w.page.locator('[data-tab="cases"]').click();
    await w.page.locator('[data-case]').first().click();
    await w.send({ type: 'caseEvents', caseId: evil, events: [{ position: 0, activity: evil, attributes: [] }], attributes: [{ key: evil, type: 'string', value: evil }] });
    await w.page.locator('[data-testid="case-events-table"]').waitFor();
    assert.equal(await w.page.locator('img, script:not([src])').count(), 0);
    assert.equal(await w.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await w.page.close();
  });

  it('click-to-filter: a node\'s "Through this activity" adds a filter; the host\'s filtered map shows a chip that removes it', async () => {
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(running));
    const { page } = w;
    await page.locator('g.node[data-activity="reinitiate request"]').click();
    await page.locator('button[data-filter="activity:through"]').click();
    const posted = (await w.posted()).at(-1) as { type: string; state: ProcessMapState };
    assert.equal(posted.type, 'stateChanged');
    assert.deepEqual(posted.state.filters, [{ kind: 'activity', activity: 'reinitiate request', mode: 'through' }]);
    // The host answers with the map mined under that filter (the real core, as the panel does).
    const filtered = await mine(fixture('running-example.xes'), [...posted.state.filters]);
    assert.equal(filtered.filtered.cases, 2, 'two cases of the running example are reinitiated');
    await w.send(loadMessage(filtered, { filters: posted.state.filters }));
    await page.locator('[data-testid="filter-chip"]').waitFor();
    assert.match((await page.locator('[data-testid="filter-summary"]').textContent()) ?? '', /^2 of 6 cases \(33%\)/);
    assert.match((await page.locator('[data-testid="filter-chip"]').textContent()) ?? '', /reinitiate request/);
    await page.screenshot({ path: join(results, 'webview-process-map-filtered.png') });
    await page.locator('.chip-remove').click();
    const removed = (await w.posted()).at(-1) as { type: string; state: ProcessMapState };
    assert.deepEqual(removed.state.filters, []);
    await page.close();
  });

  it('shows statistics of the filtered cases and opens a case\'s events in order', async () => {
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(running));
    const { page } = w;
    await page.locator('[data-tab="statistics"]').click();
    assert.equal(await page.locator('svg.chart').count(), 2);
    const bars = await page.locator('svg.chart').first().locator('rect').count();
    assert.equal(bars, running.statistics.durationDistribution!.bins.length);
    const reworkRows = await page.locator('[data-testid="rework"] tbody tr').count();
    assert.equal(reworkRows, running.statistics.rework.length);
    await page.screenshot({ path: join(results, 'webview-process-map-statistics.png') });
    await page.locator('[data-tab="cases"]').click();
    assert.equal(await page.locator('[data-case]').count(), 6);
    await page.locator('[data-case="3"]').click();
    assert.deepEqual((await w.posted()).at(-1), { type: 'openCase', caseId: '3' });
    const db = await TracemineDb.open();
    try {
      const { log } = await importEventLog(db, fixture('running-example.xes'));
      await w.send({ type: 'caseEvents', caseId: '3', events: db.caseEvents(log.id, '3'), attributes: db.caseAttributes(log.id, '3') });
    } finally {
      db.close();
    }
    const acts = await page.locator('[data-testid="case-events-table"] tbody tr td:nth-child(2)').allTextContents();
    assert.deepEqual(acts, ['register request', 'examine casually', 'check ticket', 'decide', 'reinitiate request', 'examine thoroughly', 'check ticket', 'decide', 'pay compensation']);
    await page.close();
  });

  it('"+ Filter" adds an attribute filter with values the host looked up in the database', async () => {
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(running));
    const { page } = w;
    await page.locator('[data-testid="add-filter-open"]').click();
    await page.locator('[data-testid="filter-kind"]').selectOption('attribute');
    const keyOption = await page.locator('[data-testid="attribute-key"] option', { hasText: 'org:resource' }).getAttribute('value');
    await page.locator('[data-testid="attribute-key"]').selectOption(keyOption!);
    const asked = (await w.posted()).at(-1) as { type: string; scope: 'event' | 'case'; key: string };
    assert.deepEqual(asked, { type: 'requestAttributeValues', scope: 'event', key: 'org:resource' });
    const db = await TracemineDb.open();
    try {
      const { log } = await importEventLog(db, fixture('running-example.xes'));
      await w.send({ type: 'attributeValues', scope: 'event', key: 'org:resource', values: db.attributeValues(log.id, 'event', 'org:resource') });
    } finally {
      db.close();
    }
    await page.locator('[data-testid="attribute-values"] label', { hasText: 'Pete' }).locator('input').check();
    await page.screenshot({ path: join(results, 'webview-process-map-add-filter.png') });
    await page.locator('[data-testid="add-filter"]').click();
    const posted = (await w.posted()).at(-1) as { type: string; state: ProcessMapState };
    assert.deepEqual(posted.state.filters, [{ kind: 'attribute', scope: 'event', key: 'org:resource', values: ['Pete'], mode: 'include' }]);
    assert.equal(await page.locator('[data-testid="filter-editor"]').isHidden(), true);
    await page.close();
  });

  it('exports the map as a standalone SVG and as a real PNG', async () => {
    const w = await openWebview(browser, 'processMap', 'light');
    await w.send(loadMessage(running));
    const { page } = w;
    await page.locator('g.node[data-activity]').first().waitFor();
    await page.locator('[data-testid="export-svg"]').click();
    const svg = (await w.posted()).at(-1) as { type: string; svg: string };
    assert.equal(svg.type, 'exportSvg');
    assert.ok(svg.svg.startsWith('<svg') && svg.svg.includes('xmlns="http://www.w3.org/2000/svg"'));
    for (const a of running.dfg.activities) assert.ok(svg.svg.includes(`>${a.activity}<`), a.activity);
    assert.ok(!svg.svg.includes('var(--vscode'), 'theme colours are inlined, not variables');
    await page.locator('[data-testid="export-png"]').click();
    await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'exportPng'));
    const png = (await w.posted()).find((m) => (m as { type: string }).type === 'exportPng') as { dataUrl: string };
    const bytes = Buffer.from(png.dataUrl.slice('data:image/png;base64,'.length), 'base64');
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    const width = bytes.readUInt32BE(16);
    assert.ok(width >= 1000, `2x resolution, width ${width}`);
    await page.close();
  });

  it('offers the activity+lifecycle classifier for a log with lifecycle transitions', async () => {
    const repair = await mine(fixture('repairExample.xes.gz'));
    const w = await openWebview(browser, 'processMap');
    await w.send(loadMessage(repair));
    await w.page.locator('[data-testid="classifier"]').selectOption('activity+lifecycle');
    const posted = (await w.posted()).at(-1) as { type: string; state: ProcessMapState };
    assert.equal(posted.state.classifier, 'activity+lifecycle');
    await w.page.close();
    const plain = await openWebview(browser, 'processMap');
    await plain.send(loadMessage(running));
    assert.equal(await plain.page.locator('[data-testid="classifier"]').count(), 0, 'no picker without lifecycle data');
    await plain.page.close();
  });
});
