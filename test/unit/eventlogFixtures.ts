/**
 * Test helpers: paths of the fixture logs, their published reference figures (parsed from the
 * table in test/fixtures/eventlogs/README.md, so the figures live in one place), temp folders,
 * and an importer shortcut.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { importEventLog, type CsvMapping, type ImportResult, type TracemineDb } from '../../src/core';

export const ROOT = path.join(__dirname, '..', '..');
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'eventlogs');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export interface Reference {
  readonly file: string;
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  readonly variants: number;
  readonly dfEdges: number;
}

export function referenceFigures(): Reference[] {
  const text = readFileSync(fixture('README.md'), 'utf8');
  const rows: Reference[] = [];
  for (const line of text.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 8 || !/\.(xes|csv)(\.gz)?$/.test(cells[1]!)) continue;
    const num = (s: string) => Number(s.replace(/,/g, ''));
    rows.push({ file: cells[1]!, cases: num(cells[2]!), events: num(cells[3]!), activities: num(cells[4]!), variants: num(cells[5]!), dfEdges: num(cells[6]!) });
  }
  return rows;
}

/** Column mappings for fixtures whose header names cannot be detected. */
export const CSV_MAPPINGS: Readonly<Record<string, CsvMapping>> = {
  'patients.csv': { caseColumn: 'patient', activityColumn: 'handling', timestampColumn: 'time', resourceColumn: 'employee', lifecycleColumn: 'registration_type' },
};

export function importFixture(db: TracemineDb, name: string): Promise<ImportResult> {
  const csv = CSV_MAPPINGS[name];
  return importEventLog(db, fixture(name), csv ? { csv } : {});
}

export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tracemine-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
