/** `tracemine map … --svg`: the panel's rendering code drawing into linkedom, checked on real logs. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TracemineDb, importEventLog, mapEdges, mineProcessMap, serializeAnalysis, type CaseFilter } from '../../src/core';
import { runMapCommand } from '../../src/cli/mapCommand';

const fixture = (n: string) => join(__dirname, '..', 'fixtures', 'eventlogs', n);
const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

async function expected(file: string, filters: CaseFilter[]) {
  const db = await TracemineDb.open();
  try {
    const { log } = await importEventLog(db, file);
    return (await mineProcessMap(db.eventSource(log.id), { filters, activityPercent: 100 })).dfg;
  } finally {
    db.close();
  }
}

describe('tracemine map --svg', () => {
  it('draws every activity and path of a real log as a standalone SVG', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'tm-svg-')), 'receipt.svg');
    const r = await runMapCommand({ input: fixture('receipt.xes.gz'), svg: out });
    const svg = readFileSync(out, 'utf8');
    const dfg = await expected(fixture('receipt.xes.gz'), []);
    assert.equal(r.activities, dfg.activities.length);
    assert.ok(svg.startsWith('<?xml') && svg.includes('<svg') && svg.includes('viewBox="0 0 '));
    assert.equal(count(svg, /<g [^>]*class="node node-activity"/g), dfg.activities.length);
    assert.equal(count(svg, /<g [^>]*class="edge[ "]/g), mapEdges(dfg).length);
    assert.ok(!svg.includes('var(--vscode'), 'no editor theme variables in a standalone file');
  });

  it('applies an analysis file: its log, filters and view', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-svg-'));
    copyFileSync(fixture('running-example.xes'), join(dir, 'log.xes'));
    const filters: CaseFilter[] = [{ kind: 'activity', activity: 'reinitiate request', mode: 'notThrough' }];
    const analysis = join(dir, 'no-rework.tracemine.json');
    writeFileSync(analysis, serializeAnalysis({ version: 1, log: { source: 'log.xes' }, view: 'performance', activityPercent: 100, pathPercent: 100, filters }));
    const out = join(dir, 'map.svg');
    await runMapCommand({ input: analysis, svg: out });
    const svg = readFileSync(out, 'utf8');
    const dfg = await expected(fixture('running-example.xes'), filters);
    assert.equal(count(svg, /<g [^>]*class="node node-activity"/g), dfg.activities.length);
    assert.ok(!svg.includes('data-activity="reinitiate request"'), 'the filtered-out activity is gone');
    assert.match(svg, /process map \(performance\)/);
    assert.match(svg, />\d+(\.\d)? (min|h|d)</, 'performance labels with units');
  });
});
