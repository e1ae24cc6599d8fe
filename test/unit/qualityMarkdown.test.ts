import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { TracemineDb, escapeMarkdown, importEventLog, qualityReportMarkdown } from '../../src/core';

describe('qualityReportMarkdown', () => {
  it('reports the problems of a real import with line numbers, and escapes hostile values', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tm-q-'));
    const file = join(dir, 'bad.csv');
    writeFileSync(file, [
      'case,activity,timestamp',
      'c1,<script>alert(1)</script>,2024-01-01T10:00:00Z',
      'c1,b,not a date',
      'c2,a,2024-01-02T10:00:00Z',
    ].join('\n'));
    const db = await TracemineDb.open();
    try {
      const { log, quality } = await importEventLog(db, file, { csv: { caseColumn: 'case', activityColumn: 'activity', timestampColumn: 'timestamp' } });
      const md = qualityReportMarkdown(log.name, quality);
      assert.match(md, /\| unparseable timestamps \| 1 \|/);
      assert.match(md, /\| 3 \| not a date \|/);
      assert.match(md, /\| cases with a single event \| 1 \|/);
      assert.ok(!md.includes('<script>'));
    } finally {
      db.close();
    }
  });
  it('escapes markup and line breaks', () => {
    assert.equal(escapeMarkdown('a|b\n<img>'), 'a\\|b \\<img\\>');
  });
});
