/**
 * PM4Py parity: every fixture log, imported and mined, gives exactly the published reference
 * figures (cases, events, distinct activities, variants, distinct directly-follows edges).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants } from '../../src/core';
import { fixture, importFixture, referenceFigures } from './eventlogFixtures';

describe('PM4Py 2.7.11 reference figures', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  const refs = referenceFigures();
  test('the reference table lists the twelve fixture logs, all present', () => {
    assert.equal(refs.length, 12);
    for (const r of refs) assert.ok(existsSync(fixture(r.file)), `${r.file} is missing`);
  });

  for (const ref of refs) {
    test(`${ref.file}: ${ref.cases} cases, ${ref.events} events, ${ref.activities} activities, ${ref.variants} variants, ${ref.dfEdges} DF edges`, async () => {
      const { log, quality } = await importFixture(db, ref.file);
      assert.equal(log.cases, ref.cases, 'cases (LogSummary)');
      assert.equal(log.events, ref.events, 'events (LogSummary)');
      assert.equal(log.activities, ref.activities, 'activities (LogSummary)');
      assert.equal(log.hasTimestamps, true);
      assert.equal(quality.cases, ref.cases);

      const source = db.eventSource(log.id);
      assert.deepEqual(await source.counts(), { cases: ref.cases, events: ref.events });
      const dfg = await discoverDfg(source);
      assert.equal(dfg.cases, ref.cases, 'cases (DFG)');
      assert.equal(dfg.events, ref.events, 'events (DFG)');
      assert.equal(dfg.activities.length, ref.activities, 'activities (DFG)');
      assert.equal(dfg.edges.length, ref.dfEdges, 'distinct DF edges');
      assert.equal(new Set(dfg.edges.map((e) => `${e.source}\u0000${e.target}`)).size, dfg.edges.length, 'edges are distinct');
      const variants = await discoverVariants(source);
      assert.equal(variants.length, ref.variants, 'variants');

      // Internal consistency of the figures.
      assert.equal(variants.reduce((s, v) => s + v.cases, 0), ref.cases);
      assert.equal(variants.reduce((s, v) => s + v.activities.length * v.cases, 0), ref.events);
      assert.equal(dfg.edges.reduce((s, e) => s + e.frequency, 0), ref.events - ref.cases, 'every event but the first of a case closes one edge');
      assert.equal(Object.values(dfg.start).reduce((s, n) => s + n, 0), ref.cases);
      assert.equal(Object.values(dfg.end).reduce((s, n) => s + n, 0), ref.cases);
      assert.equal(dfg.activities.reduce((s, a) => s + a.events, 0), ref.events);
      for (const e of dfg.edges) {
        assert.ok(e.cases >= 1 && e.cases <= e.frequency, `${e.source} -> ${e.target}: 1 <= cases <= frequency`);
        assert.ok(e.duration, `${e.source} -> ${e.target} has durations (the log is timestamped)`);
        assert.equal(e.duration.count, e.frequency);
        assert.ok(e.duration.min <= e.duration.median && e.duration.median <= e.duration.max);
      }
      for (let i = 1; i < variants.length; i++) assert.ok(variants[i - 1]!.cases >= variants[i]!.cases, 'variants sorted by cases');
    });
  }
});
