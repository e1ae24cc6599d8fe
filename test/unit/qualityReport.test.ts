/**
 * The data-quality report, on a small CSV built to contain one of each problem: duplicate events,
 * out-of-order events, an unparseable timestamp (reported with its line, after a quoted newline),
 * single-event cases, rows without case id or activity, and "NA" as an ordinary case id.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { TracemineDb, formatQualitySummary, importEventLog } from '../../src/core';
import { tempDir } from './eventlogFixtures';

const CSV = [
  'case,activity,timestamp,resource,cost', //                line 1
  'c1,register,2021-01-01 10:00:00,ann,10', //              line 2
  'c1,check,2021-01-01 09:00:00,bob,', //                    line 3: earlier than line 2 (out of order)
  'c1,check,2021-01-01 09:00:00,bob,5', //                   line 4: duplicate of line 3 (and also before 10:00)
  'c2,register,2021-01-02T10:00:00+01:00,ann,', //           line 5
  'c2,"pay', //                                              line 6: a quoted newline...
  'now",yesterday,carl,1.5', //                              line 7: ...so this record starts on line 6
  'c3,register,2021-01-03 10:00:00,,', //                    line 8: c3 has a single event
  ',orphan,2021-01-01 10:00:00,,', //                        line 9: no case id: skipped
  'c2,,2021-01-04 10:00:00,,', //                            line 10: no activity: skipped
  'NA,register,2021-01-05 10:00:00,dan,2', //                line 11: "NA" is a case id like any other
].join('\r\n');

test('quality report of a CSV with one of each problem', async (t) => {
  const dir = tempDir(t);
  const f = path.join(dir, 'problems.csv');
  writeFileSync(f, CSV);
  const db = await TracemineDb.open({ file: path.join(dir, 'db', 'tracemine.db') });
  const { log, quality: q } = await importEventLog(db, f);

  assert.equal(log.cases, 4, 'c1, c2, c3, NA');
  assert.equal(log.events, 7);
  assert.equal(log.activities, 3, 'register, check, "pay\\nnow"');
  assert.equal(q.cases, 4);
  assert.equal(q.events, 7);
  assert.deepEqual(q.missing, { caseId: 1, activity: 1, timestamp: 1 });
  assert.equal(q.skippedEvents, 2);
  assert.deepEqual(q.unparseableTimestamps, { count: 1, examples: [{ line: 6, value: 'yesterday' }] });
  assert.equal(q.duplicateEvents, 1);
  assert.equal(q.outOfOrderEvents, 2, 'lines 3 and 4 are both earlier than line 2');
  assert.equal(q.singleEventCases, 2, 'c3 and NA');
  assert.equal(q.hasTimestamps, false, 'one event has no usable timestamp');
  assert.deepEqual(q.timestampRange, { first: '2021-01-01T09:00:00.000Z', last: '2021-01-05T10:00:00.000Z' });
  assert.equal(q.timestampInterpretation.assumedUtc, true);
  assert.deepEqual(q.timestampInterpretation.formats.map((x) => [x.format, x.count]), [['iso-local', 5], ['iso-offset', 1]]);
  const fill = Object.fromEntries(q.attributeFillRates.map((r) => [`${r.scope}:${r.key}`, [r.filled, r.rate]]));
  assert.deepEqual(fill, { 'event:timestamp': [6, 6 / 7], 'event:resource': [6, 6 / 7], 'event:cost': [4, 4 / 7] });
  assert.equal(q.raggedRows, 0);

  // The activity with a newline survived, and "pay\nnow" is c2's second event.
  const seen: Record<string, string[]> = {};
  for await (const c of db.eventSource(log.id).cases()) seen[c.caseId] = c.events.map((e) => e.activity);
  assert.deepEqual(seen, { c1: ['check', 'check', 'register'], c2: ['register', 'pay\nnow'], c3: ['register'], NA: ['register'] });

  // Stored with the log and readable later, also after a re-open.
  assert.deepEqual(db.getQualityReport(log.id), JSON.parse(JSON.stringify(q)));
  db.close();
  const again = await TracemineDb.open({ file: path.join(dir, 'db', 'tracemine.db') });
  assert.deepEqual(again.getQualityReport(log.id), JSON.parse(JSON.stringify(q)));
  again.close();

  const summary = formatQualitySummary(q).join('\n');
  assert.match(summary, /4 cases, 7 events, 3 activities/);
  assert.match(summary, /1 timestamp\(s\) could not be read \(first at line 6: "yesterday"\)/);
  assert.match(summary, /1 duplicate event/);
  assert.match(summary, /1 row\(s\) have no case id/);
});

test('ragged rows are counted and still imported', async (t) => {
  const dir = tempDir(t);
  const f = path.join(dir, 'ragged.csv');
  writeFileSync(f, 'case;activity;timestamp\n1;a;2021-01-01\n1;b\n2;a;2021-01-02;extra\n');
  const db = await TracemineDb.open();
  const { log, quality } = await importEventLog(db, f);
  assert.equal(log.events, 3);
  assert.equal(quality.raggedRows, 2);
  assert.equal(quality.missing.timestamp, 1);
  db.close();
});
