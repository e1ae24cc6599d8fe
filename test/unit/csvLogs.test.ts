/**
 * Real CSV logs: receipt.csv against its XES twin (edge by edge), sepsis.csv's case named "NA",
 * column detection on real headers, and gzip-compressed CSV.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { TracemineDb, detectCsvMapping, discoverDfg, discoverVariants, importEventLog } from '../../src/core';
import { fixture, importFixture, tempDir } from './eventlogFixtures';

describe('CSV event logs', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  test('receipt.csv and receipt.xes.gz give identical DFGs, edge by edge', async () => {
    const fromCsv = await importFixture(db, 'receipt.csv');
    const fromXes = await importFixture(db, 'receipt.xes.gz');
    const a = await discoverDfg(db.eventSource(fromCsv.log.id));
    const b = await discoverDfg(db.eventSource(fromXes.log.id));
    assert.equal(a.edges.length, 99);
    assert.deepEqual(a.edges, b.edges); // frequency, cases and duration statistics
    assert.deepEqual(a.start, b.start);
    assert.deepEqual(a.end, b.end);
    assert.deepEqual(a.activities, b.activities);
    assert.deepEqual(await discoverVariants(db.eventSource(fromCsv.log.id)), await discoverVariants(db.eventSource(fromXes.log.id)));
    assert.equal(fromCsv.log.firstTimestamp, fromXes.log.firstTimestamp);
    assert.equal(fromCsv.log.lastTimestamp, fromXes.log.lastTimestamp);
    // The CSV mixes +01:00 and +02:00 offsets; all were read with their offset.
    assert.equal(fromCsv.quality.timestampInterpretation.assumedUtc, false);
    assert.deepEqual(fromCsv.quality.timestampInterpretation.formats.map((f) => f.format), ['iso-offset']);
  });

  test('sepsis.csv keeps the case literally named "NA": 1,050 cases, 15,214 events', async () => {
    const { log, quality } = await importFixture(db, 'sepsis.csv');
    assert.equal(log.cases, 1050);
    assert.equal(log.events, 15214);
    assert.equal(quality.missing.caseId, 0);
    let na: { caseId: string; events: readonly unknown[] } | undefined;
    for await (const c of db.eventSource(log.id).cases()) if (c.caseId === 'NA') na = c;
    assert.ok(na, 'case "NA" exists');
    // Its row count, straight from the file (';'-separated, case id first).
    const rows = readFileSync(fixture('sepsis.csv'), 'utf8').split('\n').filter((l) => l.startsWith('NA;')).length;
    assert.ok(rows > 0);
    assert.equal(na.events.length, rows);
    // "yyyy/mm/dd hh:mm:ss.000" without a zone: read as UTC, and the report says so.
    assert.equal(quality.timestampInterpretation.assumedUtc, true);
    assert.deepEqual(quality.timestampInterpretation.formats.map((f) => [f.format, f.count]), [['slashed-local', 15214]]);
    assert.equal(log.firstTimestamp, '2013-11-07T08:18:29.000Z');
  });

  test('detectCsvMapping on real headers', async () => {
    const sepsis = await detectCsvMapping(fixture('sepsis.csv'));
    assert.equal(sepsis.mapping.delimiter, ';');
    assert.equal(sepsis.mapping.caseColumn, 'Case ID');
    assert.equal(sepsis.mapping.activityColumn, 'Activity');
    assert.equal(sepsis.mapping.timestampColumn, 'Complete Timestamp');
    assert.equal(sepsis.mapping.lifecycleColumn, 'lifecycle:transition');
    assert.equal(sepsis.columns.length, 34);
    assert.equal(sepsis.sample.length, 10);
    assert.equal(sepsis.sample[0]![0], 'A');

    const receipt = await detectCsvMapping(fixture('receipt.csv'));
    assert.deepEqual(
      { ...receipt.mapping },
      { caseColumn: 'case:concept:name', activityColumn: 'concept:name', timestampColumn: 'time:timestamp', resourceColumn: 'org:resource', lifecycleColumn: 'lifecycle:transition', delimiter: ',' },
    );

    const running = await detectCsvMapping(fixture('running-example.csv'));
    assert.equal(running.columns[0], 'column1', 'the unnamed index column gets a name');
    assert.equal(running.mapping.caseColumn, 'case:concept:name');

    const patients = await detectCsvMapping(fixture('patients.csv'));
    assert.equal(patients.detected.case, false, 'no conventional case column in patients.csv');
    assert.equal(patients.detected.timestamp, true);
    assert.equal(patients.mapping.timestampColumn, 'time');
  });

  test('a CSV without detectable columns and no mapping is an ImportError naming the field', async () => {
    await assert.rejects(importEventLog(db, fixture('patients.csv')), (err: Error & { field?: string; line?: number }) => {
      assert.equal(err.name, 'ImportError');
      assert.equal(err.field, 'caseColumn');
      assert.match(err.message, /patients\.csv:1: could not detect the case id and activity columns from the header/);
      return true;
    });
  });

  test('a mapping naming a missing column is an ImportError', async () => {
    await assert.rejects(
      importEventLog(db, fixture('running-example.csv'), { csv: { caseColumn: 'nope', activityColumn: 'concept:name' } }),
      (err: Error & { field?: string }) => err.name === 'ImportError' && err.field === 'caseColumn' && /column "nope" not found/.test(err.message),
    );
  });

  test('.csv.gz and TSV (tab-separated) read the same as the plain file', async (t) => {
    const dir = tempDir(t);
    const text = readFileSync(fixture('running-example.csv'), 'utf8');
    const gz = path.join(dir, 'running.csv.gz');
    writeFileSync(gz, gzipSync(text));
    const tsv = path.join(dir, 'running.tsv');
    writeFileSync(tsv, text.split('\n').map((l) => l.replace(/,/g, '\t')).join('\n'));
    const plain = await discoverDfg(db.eventSource((await importFixture(db, 'running-example.csv')).log.id));
    const fromGz = await importEventLog(db, gz);
    assert.equal(fromGz.log.name, 'running');
    assert.equal(fromGz.log.format, 'csv');
    assert.deepEqual(await discoverDfg(db.eventSource(fromGz.log.id)), plain);
    const fromTsv = await importEventLog(db, tsv);
    assert.deepEqual(await discoverDfg(db.eventSource(fromTsv.log.id)), plain);
  });
});
