import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TracemineDb, importEventLog } from '../../src/core';
import { describeSchemaChanges, diffSchemas } from '../../src/core/ingest/schemaChanges';

const mapping = { caseColumn: 'case', activityColumn: 'activity', timestampColumn: 'time' };

describe('schema changes between two imports of a source', () => {
  it('finds added, removed and emptied columns and a changed timestamp format', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-schema-'));
    const file = join(dir, 'feed.csv');
    const db = await TracemineDb.open();
    try {
      writeFileSync(file, 'case,activity,time,region,amount\n1,a,2024-01-01T00:00:00Z,north,5\n1,b,2024-01-02T00:00:00Z,north,7\n2,a,2024-01-03T00:00:00Z,south,1\n');
      const first = await importEventLog(db, file, { csv: mapping });
      // Next delivery: `region` renamed to `area`, `amount` mostly empty, epoch seconds instead of ISO.
      writeFileSync(file, 'case,activity,time,area,amount\n1,a,1704067200,north,\n1,b,1704153600,north,\n2,a,1704240000,south,3\n');
      const second = await importEventLog(db, file, { csv: mapping });
      const c = diffSchemas(first.quality, second.quality);
      assert.deepEqual(c.added.map((a) => a.key), ['area']);
      assert.deepEqual(c.removed.map((a) => a.key), ['region']);
      assert.deepEqual(c.fillRate.map((a) => [a.key, a.before, Math.round(a.after * 100) / 100]), [['amount', 1, 0.33]]);
      assert.ok(c.timestamps && c.timestamps.before !== c.timestamps.after, JSON.stringify(c.timestamps));
      assert.equal(c.hasChanges, true);
      assert.equal(describeSchemaChanges(c).length, 4);
      assert.equal(diffSchemas(second.quality, second.quality).hasChanges, false);
    } finally {
      db.close();
    }
  });
});
