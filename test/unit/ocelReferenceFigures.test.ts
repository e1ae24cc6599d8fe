/**
 * The OCEL standard's simulated order-management log (10 MB JSON, 8.5 MB XML, 4.9 MB SQLite: too
 * big for the repository) flattened on each object type, against the reference figures of
 * /work/shared/data/eventlogs/SOURCES.md (PM4Py 2.7.11 ocel_flattening). Skipped, with the
 * reason shown, where the shared data folder is absent (set TRACEMINE_SHARED_DATA to elsewhere).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants, importEventLog, listOcelObjectTypes } from '../../src/core';

const DIR = path.join(process.env.TRACEMINE_SHARED_DATA ?? '/work/shared/data', 'eventlogs', 'ocel');
const FILES = ['jsonocel', 'xmlocel', 'sqlite'].map((ext) => path.join(DIR, `order-management-simulated.${ext}`));
const skip = FILES.every(existsSync) ? false : `shared data not present (${DIR})`;

/** SOURCES.md: items 8,159 cases / 27,805 events, orders 2,000 / 6,514, packages 1,325 / 4,366. */
const REFERENCE = [
  { type: 'items', cases: 8159, events: 27805 },
  { type: 'orders', cases: 2000, events: 6514 },
  { type: 'packages', cases: 1325, events: 4366 },
];

describe('order-management-simulated (OCEL 2.0, shared data)', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  for (const file of FILES) {
    test(`${path.basename(file)}: object types and per-type figures`, { skip }, async () => {
      assert.deepEqual(await listOcelObjectTypes(file), REFERENCE.map((r) => ({ type: r.type, objects: r.cases, events: r.events })));
      for (const ref of REFERENCE) {
        const { log, quality } = await importEventLog(db, file, { ocelObjectType: ref.type });
        assert.deepEqual([log.cases, log.events], [ref.cases, ref.events], ref.type);
        assert.equal(log.hasTimestamps, true);
        assert.equal(quality.missing.activity, 0);
        assert.equal(quality.emptyTraces, 0);
      }
    });
  }

  // Ties in time keep the input order in every encoding (the `event` table's row order for
  // SQLite), so the three files give the same DFG and variants, including for "items", whose
  // events tie. (PM4Py's SQLite reader groups events by type and differs there.)
  test('the three encodings give identical DFGs and variants per object type', { skip }, async () => {
    for (const ref of REFERENCE) {
      const mined = [];
      for (const file of FILES) {
        const { log } = await importEventLog(db, file, { ocelObjectType: ref.type });
        const source = db.eventSource(log.id);
        mined.push({ dfg: await discoverDfg(source), variants: await discoverVariants(source) });
      }
      assert.deepEqual(mined[1], mined[0], `${ref.type}: XML = JSON`);
      assert.deepEqual(mined[2], mined[0], `${ref.type}: SQLite = JSON`);
    }
  });
});
