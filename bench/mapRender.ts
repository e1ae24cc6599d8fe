/**
 * First render of the process-map webview in headless Chromium: from the host's `load` message to
 * the map drawn (layout + SVG), for real logs at full activities, with the path slider where a new
 * map opens it and at 100%. Needs the built webview (npm run build) and Chromium.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { TracemineDb, importEventLog, mapEdges, mineProcessMap } from '../src/core';
import { launchChromium, chromiumPath } from '../test/support/browser';
import { openWebview } from '../test/support/webviewHarness';
import { VARIANT_LIST_LIMIT } from '../src/protocol/processMap';

const shared = join(__dirname, '..', '..', 'shared', 'data', 'eventlogs');
const fixtures = join(__dirname, '..', 'test', 'fixtures', 'eventlogs');
const logs = [join(fixtures, 'receipt.xes.gz'), join(shared, 'bpic2015_1.xes.gz'), join(shared, 'bpic2011_hospital.xes.gz')].filter(existsSync);

export async function benchMapRender(): Promise<void> {
  if (!existsSync(chromiumPath()) || !existsSync(join(__dirname, '..', 'dist', 'webview', 'processMap.js'))) {
    console.log('\nmap render: skipped (needs Chromium and `npm run build`)');
    return;
  }
  console.log('\nmap render (Chromium): first render = message received → map painted; wall = incl. delivering the message');
  console.log(['log', 'activities', 'edges drawn', 'message KB', 'layout ms', 'draw ms', 'first render ms', 'wall ms'].join('\t'));
  const browser = await launchChromium();
  const db = await TracemineDb.open();
  try {
    for (const file of logs) {
      const { log } = await importEventLog(db, file);
      const m = await mineProcessMap(db.eventSource(log.id), { filters: [], activityPercent: 100 });
      const { cases, ...statistics } = m.statistics;
      const total = mapEdges(m.dfg).length;
      for (const pathPercent of [total <= 300 ? 100 : Math.max(1, Math.floor((300 / m.dfg.edges.length) * 100)), 100]) {
        const w = await openWebview(browser, 'processMap');
        await w.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
        const message = {
          type: 'load', log, dfg: m.dfg, variants: m.variants.slice(0, VARIANT_LIST_LIMIT), variantCount: m.variants.length, filtered: m.filtered, filterLabels: [], statistics, cases: cases.slice(0, 5000),
          attributeKeys: [], siblings: [], state: { logId: log.id, view: 'frequency', activityPercent: 100, pathPercent, filters: [] },
        };
        const kb = Math.round(JSON.stringify(message).length / 1024);
        const t0 = Date.now();
        await w.send(message);
        await w.page.waitForFunction(() => performance.getEntriesByName('tracemine:painted').length > 0, undefined, { timeout: 300_000 });
        const ms = Date.now() - t0;
        const drawn = await w.page.locator('g.edge').count();
        const measures = await w.page.evaluate(() => Object.fromEntries(performance.getEntriesByType('measure').map((e) => [e.name.replace('tracemine:', ''), Math.round(e.duration)])));
        console.log([log.name, m.dfg.activities.length, `${drawn} of ${total}`, kb, measures.layout, measures.draw, measures.painted, ms].join('\t'));
        await w.page.close();
        if (pathPercent === 100) break;
      }
    }
  } finally {
    db.close();
    await browser.close();
  }
}
