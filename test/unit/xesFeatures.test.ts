/**
 * XES constructs beyond the plain case: typed attributes at log, trace and event level, nested
 * lists/containers, meta-attributes, <extension>/<global>/<classifier>, a default namespace,
 * events without concept:name, traces without a name, repeated trace names and empty traces.
 * Attribute storage is checked in the saved file, as any SQLite tool would see it.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { TracemineDb, discoverDfg, importEventLog } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { tempDir } from './eventlogFixtures';

const XES = `\uFEFF<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<log xes.version="2.0" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="concept:name" value="__INVALID__"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <string key="source" value="unit test"><string key="meta" value="a meta-attribute"/></string>
  <trace>
    <string key="concept:name" value="t1"/>
    <int key="priority" value="3"/>
    <boolean key="vip" value="TRUE"/>
    <list key="tags"><values><string key="tag" value="x"/><string key="tag" value="y &amp; z"/></values></list>
    <event>
      <string key="concept:name" value="a"/>
      <date key="time:timestamp" value="2020-01-01T00:00:00.000+00:00"/>
      <string key="org:resource" value="r1"/>
      <string key="lifecycle:transition" value="complete"/>
      <float key="amount" value="1.5"><string key="unit" value="EUR"/></float>
      <id key="uid" value="123e4567-e89b-12d3-a456-426614174000"/>
      <container key="address"><string key="city" value="Aachen"/><int key="zip" value="52062"/></container>
      <date key="due" value="2020-02-01T00:00:00Z"/>
      <int key="huge" value="123456789012345678901234567890"/>
    </event>
    <event>
      <date key="time:timestamp" value="2020-01-01T00:30:00.000+00:00"/>
    </event>
    <event>
      <string key="concept:name" value="b"/>
      <date key="time:timestamp" value="2020-01-01T01:00:00.000+00:00"/>
    </event>
  </trace>
  <trace>
    <event><string key="concept:name" value="c"/><date key="time:timestamp" value="2020-01-02T00:00:00Z"/></event>
  </trace>
  <trace>
    <string key="concept:name" value="t1"/>
    <event><string key="concept:name" value="c"/><date key="time:timestamp" value="2020-01-01T02:00:00.000+00:00"/></event>
  </trace>
  <trace><string key="concept:name" value="empty"/></trace>
</log>
`;

test('XES features are read, typed and stored', async (t) => {
  const dir = tempDir(t);
  const f = path.join(dir, 'features.xes.gz');
  writeFileSync(f, gzipSync(XES));
  const file = path.join(dir, 'tracemine.db');
  const db = await TracemineDb.open({ file });
  const { log, quality } = await importEventLog(db, f);

  assert.equal(log.name, 'features');
  assert.equal(log.format, 'xes');
  assert.equal(log.cases, 2, 't1 (two traces merged) and the unnamed trace');
  assert.equal(log.events, 4);
  assert.equal(quality.missing.activity, 1);
  assert.equal(quality.missing.caseId, 1);
  assert.equal(quality.mergedTraces, 1);
  assert.equal(quality.emptyTraces, 1);
  assert.equal(quality.skippedEvents, 1);

  const cases: Record<string, string[]> = {};
  for await (const c of db.eventSource(log.id).cases()) cases[c.caseId] = c.events.map((e) => e.activity);
  assert.deepEqual(cases, { t1: ['a', 'b', 'c'], '(trace 2)': ['c'] });
  const dfg = await discoverDfg(db.eventSource(log.id));
  assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.duration?.total]), [['a', 'b', 3_600_000], ['b', 'c', 3_600_000]]);
  db.close();

  const SQL = await loadSqlJs();
  const raw = new SQL.Database(readFileSync(file));
  const rows = (sql: string) => raw.exec(sql)[0]?.values ?? [];
  const attrs = (table: string) => Object.fromEntries(
    rows(`SELECT k.name, t.type, t.value FROM ${table} t JOIN attribute_keys k ON k.id = t.key_id`).map(([k, type, v]) => [String(k), [type, v]]),
  );
  assert.deepEqual(attrs('log_attributes'), { source: ['string', 'unit test'] });
  const caseAttrs = attrs('case_attributes');
  assert.deepEqual(caseAttrs.priority, ['int', 3]);
  assert.deepEqual(caseAttrs.vip, ['boolean', 1]);
  assert.equal(caseAttrs.tags![0], 'list');
  assert.deepEqual(JSON.parse(String(caseAttrs.tags![1])), [{ key: 'tag', type: 'string', value: 'x' }, { key: 'tag', type: 'string', value: 'y & z' }]);
  const eventAttrs = attrs('event_attributes');
  assert.deepEqual(eventAttrs.amount, ['float', 1.5]);
  assert.deepEqual(eventAttrs.uid, ['id', '123e4567-e89b-12d3-a456-426614174000']);
  assert.deepEqual(eventAttrs.due, ['date', Date.UTC(2020, 1, 1)]);
  assert.deepEqual(eventAttrs.huge, ['string', '123456789012345678901234567890'], 'an int too large for a double stays exact, as text');
  assert.deepEqual(JSON.parse(String(eventAttrs.address![1])), [{ key: 'city', type: 'string', value: 'Aachen' }, { key: 'zip', type: 'int', value: 52062 }]);
  assert.equal(eventAttrs.unit, undefined, 'meta-attributes of a scalar are skipped');
  assert.equal(eventAttrs.meta, undefined);
  assert.deepEqual(rows("SELECT activity, resource, lifecycle FROM events WHERE activity = 'a'"), [['a', 'r1', 'complete']]);
  raw.close();
});
