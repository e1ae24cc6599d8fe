/**
 * PM4Py parity on every case-centric log of the shared data set (../shared/data/eventlogs, beside
 * the repository on developer machines and in CI): cases, events, activities, variants and
 * distinct directly-follows edges must equal the figures in its SOURCES.md. Covers the large logs
 * the repository does not copy (BPIC 2011/2012/2013/2015/2019/2020, hospital billing, road
 * traffic fines). Skipped, visibly, where the shared data is absent.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { TracemineDb, discoverDfg, discoverVariants, importEventLog } from '../../src/core';

const dir = process.env.TRACEMINE_SHARED_DATA
  ? join(process.env.TRACEMINE_SHARED_DATA, 'eventlogs')
  : join(__dirname, '..', '..', '..', 'shared', 'data', 'eventlogs');
const sources = join(dir, 'SOURCES.md');
const present = existsSync(sources);

interface Ref { file: string; cases: number; events: number; activities: number; variants: number; dfEdges: number }

function references(): Ref[] {
  if (!present) return [];
  const rows: Ref[] = [];
  const num = (s: string) => Number(s.replace(/[,\s]/g, ''));
  for (const line of readFileSync(sources, 'utf8').split('\n')) {
    const c = line.split('|').map((x) => x.trim());
    // | file | size | cases | events | activities | variants | DF edges | origin | notes |
    if (c.length < 9 || !/\.(xes|csv)(\.gz)?(\s*\/\s*\.csv)?$/.test(c[1]!) || !/^\d/.test(c[3] ?? '')) continue;
    const file = c[1]!.split('/')[0]!.trim();
    rows.push({ file, cases: num(c[3]!), events: num(c[4]!), activities: num(c[5]!), variants: num(c[6]!), dfEdges: num(c[7]!) });
  }
  return rows;
}

/** The one shared log whose header names cannot be detected (bupaR's column names). */
const MAPPINGS: Record<string, { caseColumn: string; activityColumn: string; timestampColumn: string; lifecycleColumn?: string }> = {
  'patients.csv': { caseColumn: 'patient', activityColumn: 'handling', timestampColumn: 'time', lifecycleColumn: 'registration_type' },
};

describe('PM4Py parity on the shared logs', { skip: present ? false : `shared data not found at ${dir}` }, () => {
  const refs = references();
  test('SOURCES.md lists the case-centric logs', () => {
    assert.ok(refs.length >= 18, `found ${refs.length} rows`);
  });
  for (const ref of refs) {
    const file = join(dir, ref.file);
    test(`${ref.file}: ${ref.cases} cases, ${ref.events} events, ${ref.activities} activities, ${ref.variants} variants, ${ref.dfEdges} DF edges`, { skip: existsSync(file) ? false : 'file absent' }, async () => {
      const db = await TracemineDb.open();
      try {
        const mapping = MAPPINGS[ref.file];
        const { log } = await importEventLog(db, file, mapping ? { csv: mapping } : {});
        const source = db.eventSource(log.id);
        const dfg = await discoverDfg(source);
        const variants = await discoverVariants(source);
        assert.deepEqual(
          { cases: dfg.cases, events: dfg.events, activities: dfg.activities.length, variants: variants.length, dfEdges: dfg.edges.length },
          { cases: ref.cases, events: ref.events, activities: ref.activities, variants: ref.variants, dfEdges: ref.dfEdges },
        );
      } finally {
        db.close();
      }
    });
  }
});
