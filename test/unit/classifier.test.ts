/** The activity+lifecycle classifier on a real log with start and complete events (repairExample). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants } from '../../src/core';
import { importFixture } from './eventlogFixtures';

describe('event classifier', () => {
  it('names events concept:name+lifecycle:transition: start and complete become separate activities', async () => {
    const db = await TracemineDb.open();
    try {
      const { log } = await importFixture(db, 'repairExample.xes.gz');
      const plain = await discoverDfg(db.eventSource(log.id));
      const both = await discoverDfg(db.eventSource(log.id, 'activity+lifecycle'));
      assert.equal(both.events, plain.events, 'same events');
      assert.equal(both.cases, plain.cases, 'same cases');
      // Every classified name is a plain activity plus one of the lifecycle values the log uses.
      const lifecycles = new Set<string>();
      for (const a of both.activities) {
        const i = a.activity.lastIndexOf('+');
        assert.ok(i > 0, a.activity);
        assert.ok(plain.activities.some((p) => p.activity === a.activity.slice(0, i)), a.activity);
        lifecycles.add(a.activity.slice(i + 1));
      }
      assert.deepEqual([...lifecycles].sort(), ['complete', 'start']);
      // Per plain activity, the classified event counts add up to the plain count.
      for (const p of plain.activities) {
        const sum = both.activities.filter((a) => a.activity.startsWith(`${p.activity}+`)).reduce((s, a) => s + a.events, 0);
        assert.equal(sum, p.events, p.activity);
      }
      assert.ok(both.activities.length > plain.activities.length);
      assert.ok((await discoverVariants(db.eventSource(log.id, 'activity+lifecycle'))).length >= (await discoverVariants(db.eventSource(log.id))).length);
    } finally {
      db.close();
    }
  });
});
