/**
 * The case list's queries on TracemineDb: a case's events (in exactly the order mining reads them,
 * with every stored field and attribute), its case attributes, and the filter bar's attribute
 * pickers (keys with types and distinct counts, most frequent values). Checked against
 * independent readings of the XES and CSV files and, for the value text forms, a hand-written log.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { TracemineDb } from '../../src/core';
import { importFixture } from './eventlogFixtures';
import { rawCsv, rawXesTraces } from './rawLogs';

describe('case queries', () => {
  let db: TracemineDb;
  const logs = new Map<string, number>();
  const FILES = ['running-example.xes', 'receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes', 'patients.csv', 'running-example.csv'];
  before(async () => {
    db = await TracemineDb.open();
    for (const f of FILES) logs.set(f, (await importFixture(db, f)).log.id);
  });
  after(() => db.close());
  const id = (file: string): number => logs.get(file)!;

  for (const file of ['running-example.xes', 'receipt.xes.gz', 'sepsis.csv', 'roadtraffic100traces.xes', 'interval_event_log.xes', 'patients.csv']) {
    test(`caseEvents follows the event source's order, case by case (${file})`, async () => {
      let cases = 0;
      let reordered = 0;
      for await (const c of db.eventSource(id(file)).cases()) {
        const rows = db.caseEvents(id(file), c.caseId);
        assert.deepEqual(
          rows.map((r) => ({ activity: r.activity, ...(r.time === undefined ? {} : { time: r.time }), ...(r.start === undefined ? {} : { start: r.start }) })),
          c.events.map((e) => ({ ...e })),
          c.caseId,
        );
        if (rows.some((r, i) => i > 0 && r.position < rows[i - 1]!.position)) reordered++;
        cases++;
      }
      assert.equal(cases, (await db.eventSource(id(file)).counts()).cases);
      if (file === 'patients.csv') assert.ok(reordered > 0, 'some cases are not in file order, so the order is really tested');
    });
  }

  test('running example: every field and attribute, against the raw XES', () => {
    const traces = rawXesTraces('running-example.xes');
    assert.equal(traces.length, 6);
    for (const t of traces) {
      const rows = db.caseEvents(id('running-example.xes'), t.name);
      const expected = t.events
        .map((e) => ({ activity: e['concept:name']!, time: Date.parse(e['time:timestamp']!), resource: e['org:resource']!, costs: e['Costs']!, res: e['Resource']! }))
        .sort((a, b) => a.time - b.time);
      assert.deepEqual(rows.map((r) => ({
        activity: r.activity, time: r.time, resource: r.resource,
        costs: r.attributes.find((a) => a.key === 'Costs')?.value, res: r.attributes.find((a) => a.key === 'Resource')?.value,
      })), expected);
      for (const r of rows) assert.deepEqual(r.attributes.map((a) => a.key), ['Activity', 'Resource', 'Costs'], 'attributes in order of first appearance');
      assert.deepEqual(db.caseAttributes(id('running-example.xes'), t.name), [{ key: 'creator', type: 'string', value: 'Fluxicon Nitro' }]);
    }
    // by hand: case 3 starts with Pete registering the request on 2010-12-30 at 14:32 (+01:00)
    const first = db.caseEvents(id('running-example.xes'), '3')[0]!;
    assert.equal(first.activity, 'register request');
    assert.equal(first.time, Date.parse('2010-12-30T14:32:00+01:00'));
    assert.equal(first.resource, 'Pete');
    assert.equal(first.lifecycle, undefined);
    assert.equal(first.start, undefined);
    assert.equal(first.position, 0, 'the first event of the file');
  });

  test('case attributes of an XES log, typed (receipt: string and date attributes)', () => {
    const traces = rawXesTraces('receipt.xes.gz');
    for (const t of traces.slice(0, 50)) {
      const attrs = db.caseAttributes(id('receipt.xes.gz'), t.name);
      const expected = Object.entries(t.attributes).filter(([k]) => k !== 'concept:name');
      assert.equal(attrs.length, expected.length, t.name);
      for (const [k, v] of expected) {
        const a = attrs.find((x) => x.key === k)!;
        if (a.type === 'date') assert.equal(a.value, Date.parse(v), `${t.name} ${k}`);
        else assert.equal(a.value, v, `${t.name} ${k}`);
      }
      assert.ok(attrs.some((a) => a.key === 'startdate' && a.type === 'date'));
    }
  });

  test('lifecycle and resource columns, and CSV case attributes', () => {
    const road = db.caseEvents(id('roadtraffic100traces.xes'), 'N77802');
    assert.ok(road.every((r) => r.lifecycle === 'complete'));
    assert.equal(road[0]!.resource, '537');
    assert.deepEqual(road[0]!.attributes.find((a) => a.key === 'article'), { key: 'article', type: 'int', value: 157 });
    assert.deepEqual(db.caseAttributes(id('running-example.csv'), '3'), [{ key: 'creator', type: 'string', value: 'Fluxicon Nitro' }]);
  });

  test('unknown logs and cases are errors', () => {
    assert.throws(() => db.caseEvents(id('running-example.xes'), 'no such case'), /No case 'no such case' in event log/);
    assert.throws(() => db.caseAttributes(id('running-example.xes'), '99'), /No case '99'/);
    assert.throws(() => db.caseEvents(9999, '1'), /No event log with id 9999/);
    assert.throws(() => db.attributeKeys(9999), /No event log with id 9999/);
    assert.throws(() => db.attributeValues(9999, 'event', 'x'), /No event log with id 9999/);
    assert.deepEqual(db.attributeValues(id('running-example.xes'), 'event', 'no such key'), []);
  });

  test('attributeKeys and attributeValues: running example, by hand', () => {
    const re = id('running-example.xes');
    assert.deepEqual(db.attributeKeys(re), [
      { scope: 'case', key: 'creator', type: 'string', distinct: 1 },
      { scope: 'event', key: 'Activity', type: 'string', distinct: 8 },
      { scope: 'event', key: 'Costs', type: 'string', distinct: 4 },
      { scope: 'event', key: 'Resource', type: 'string', distinct: 6 },
      { scope: 'event', key: 'org:resource', type: 'string', distinct: 6 },
    ]);
    // Mike and Sara work on all six cases, Ellen on five (not 1), Pete on four, Sean on three, Sue on two
    const expected = [['Mike', 6], ['Sara', 6], ['Ellen', 5], ['Pete', 4], ['Sean', 3], ['Sue', 2]].map(([value, cases]) => ({ value, cases }));
    assert.deepEqual(db.attributeValues(re, 'event', 'org:resource'), expected);
    assert.deepEqual(db.attributeValues(re, 'event', 'Resource'), expected);
    assert.deepEqual(db.attributeValues(re, 'event', 'Resource', 2), expected.slice(0, 2));
    assert.deepEqual(db.attributeValues(re, 'case', 'creator'), [{ value: 'Fluxicon Nitro', cases: 6 }]);
    assert.deepEqual(db.attributeValues(re, 'case', 'Resource'), [], 'Resource is an event attribute');
  });

  test('attributeValues on a CSV column, against the file (sepsis: org:group, booleans, integers)', () => {
    const { header, rows } = rawCsv('sepsis.csv', ';');
    const sepsis = id('sepsis.csv');
    const keys = db.attributeKeys(sepsis);
    for (const [key, type] of [['org:group', 'string'], ['InfectionSuspected', 'boolean'], ['Age', 'int'], ['Diagnose', 'string']]) {
      const col = header.indexOf(key!);
      const casesBy = new Map<string, Set<string>>();
      for (const r of rows) {
        const v = r[col]!;
        if (v === '') continue;
        if (!casesBy.has(v)) casesBy.set(v, new Set());
        casesBy.get(v)!.add(r[0]!);
      }
      const expected = [...casesBy.entries()]
        .map(([value, cases]) => ({ value, cases: cases.size }))
        .sort((a, b) => b.cases - a.cases || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      assert.deepEqual(db.attributeValues(sepsis, 'event', key!, 1000), expected, key);
      assert.deepEqual(db.attributeValues(sepsis, 'event', key!, 3), expected.slice(0, 3), key);
      assert.deepEqual(keys.find((k) => k.key === key), { scope: 'event', key, type, distinct: casesBy.size });
    }
    assert.ok(keys.some((k) => k.key === 'lifecycle:transition'), 'the mapped lifecycle column is offered');
    assert.ok(!keys.some((k) => k.key === 'org:resource'), 'sepsis has no resource column');
  });

  test('case attribute values of an XES log, dates as ISO text (receipt)', () => {
    const traces = rawXesTraces('receipt.xes.gz');
    const receipt = id('receipt.xes.gz');
    for (const key of ['channel', 'startdate']) {
      const counts = new Map<string, number>();
      for (const t of traces) {
        const raw = t.attributes[key];
        if (raw === undefined) continue;
        const v = key === 'startdate' ? new Date(Date.parse(raw)).toISOString() : raw;
        counts.set(v, (counts.get(v) ?? 0) + 1);
      }
      const expected = [...counts.entries()].map(([value, cases]) => ({ value, cases }))
        .sort((a, b) => b.cases - a.cases || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      assert.deepEqual(db.attributeValues(receipt, 'case', key, 5000), expected, key);
      assert.equal(db.attributeKeys(receipt).find((k) => k.scope === 'case' && k.key === key)!.distinct, counts.size);
    }
  });

  test('every listed value finds the cases it was counted in (all logs, all keys)', async () => {
    for (const file of FILES) {
      const logId = id(file);
      const source = db.eventSource(logId);
      for (const k of db.attributeKeys(logId)) {
        const values = db.attributeValues(logId, k.scope, k.key, 5);
        assert.ok(values.length > 0, `${file} ${k.key}`);
        for (const v of values) assert.equal((await source.casesWithAttribute!(k.scope, k.key, [v.value])).size, v.cases, `${file} ${k.scope} ${k.key} = ${v.value}`);
      }
    }
  });

  test('value text forms of every stored type (a hand-written log)', async () => {
    const logId = await db.withImport({ name: 'types', sourcePath: '/types', format: 'xes' }, async (w) => {
      const values = [
        { key: 'f', type: 'float', value: 35 },
        { key: 'big', type: 'float', value: 3e9 },
        { key: 'frac', type: 'float', value: 9.6 },
        { key: 'i', type: 'int', value: -42 },
        { key: 'b', type: 'boolean', value: 1 },
        { key: 'd', type: 'date', value: Date.parse('1969-12-31T23:59:59.250Z') },
        { key: 'l', type: 'list', value: '[{"key":"x","type":"int","value":1}]' },
        { key: 's', type: 'string', value: 'text' },
      ] as const;
      const c1 = w.addCase('c1', [{ key: 'b', type: 'boolean', value: 0 }]);
      w.addEvent(c1, 0, { activity: 'a', attributes: values });
      const c2 = w.addCase('c2', []);
      w.addEvent(c2, 1, { activity: 'a', resource: 'r', lifecycle: 'start', attributes: [] });
      w.finish({ cases: 2, events: 2, activities: 1, hasTimestamps: false }, {});
      return w.logId;
    }, false);
    const text = (scope: 'event' | 'case', key: string) => db.attributeValues(logId, scope, key).map((v) => v.value);
    assert.deepEqual(text('event', 'f'), ['35']);
    assert.deepEqual(text('event', 'big'), ['3000000000']);
    assert.deepEqual(text('event', 'frac'), ['9.6']);
    assert.deepEqual(text('event', 'i'), ['-42']);
    assert.deepEqual(text('event', 'b'), ['true']);
    assert.deepEqual(text('case', 'b'), ['false']);
    assert.deepEqual(text('event', 'd'), ['1969-12-31T23:59:59.250Z']);
    assert.deepEqual(text('event', 'l'), ['[{"key":"x","type":"int","value":1}]']);
    assert.deepEqual(text('event', 'org:resource'), ['r']);
    assert.deepEqual(text('event', 'lifecycle:transition'), ['start']);
    const source = db.eventSource(logId);
    assert.deepEqual([...await source.casesWithAttribute!('event', 'd', ['1969-12-31T23:59:59.250Z'])], ['c1']);
    assert.deepEqual([...await source.casesWithAttribute!('event', 'org:resource', ['r', 'x'])], ['c2']);
    assert.deepEqual([...await source.casesWithAttribute!('event', 'f', [])], []);
    const events = db.caseEvents(logId, 'c1');
    assert.deepEqual(events[0]!.attributes.find((a) => a.key === 'b'), { key: 'b', type: 'boolean', value: 1 });
    assert.deepEqual(events[0]!.attributes.find((a) => a.key === 'd'), { key: 'd', type: 'date', value: -750 });
    assert.deepEqual(db.caseEvents(logId, 'c2'), [{ position: 1, activity: 'a', resource: 'r', lifecycle: 'start', attributes: [] }]);
    db.deleteLog(logId);
  });
});
