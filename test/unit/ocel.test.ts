/**
 * OCEL import, flattened on one object type (PM4Py ocel_flattening semantics), on the OCEL 2.0
 * standard's small P2P example in its three encodings (JSON, XML, SQLite) and on an OCEL 1.0
 * JSON log: object types for the picker, identical flattened logs from every encoding, one object
 * type checked by hand against the file, naming, options and clear refusals.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  ImportError, TracemineDb, discoverDfg, discoverVariants, guessFormat, importEventLog, listOcelObjectTypes,
  type EventSource, type ImportResult,
} from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, tempDir } from './eventlogFixtures';

const EXAMPLE = ['jsonocel', 'xmlocel', 'sqlite'].map((ext) => fixture(`ocel/ocel20_example.${ext}`));
const TYPES = ['Invoice', 'Payment', 'Purchase Order', 'Purchase Requisition'];
const HOUR = 3_600_000;

async function casesOf(source: EventSource) {
  const out: { id: string; activities: string[]; times: (number | undefined)[] }[] = [];
  for await (const c of source.cases()) out.push({ id: c.caseId, activities: c.events.map((e) => e.activity), times: c.events.map((e) => e.time) });
  return out;
}

async function rawQuery(file: string, sql: string): Promise<unknown[][]> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

describe('OCEL import', () => {
  let db: TracemineDb;
  before(async () => {
    db = await TracemineDb.open();
  });
  after(() => db.close());

  test('listOcelObjectTypes: the same four types, objects and flattened events in every encoding', async () => {
    const expected = [
      { type: 'Invoice', objects: 3, events: 9 },
      { type: 'Payment', objects: 3, events: 3 },
      { type: 'Purchase Order', objects: 2, events: 5 },
      { type: 'Purchase Requisition', objects: 1, events: 3 },
    ];
    for (const file of EXAMPLE) assert.deepEqual(await listOcelObjectTypes(file), expected, path.basename(file));
  });

  test('JSON, XML and SQLite give identical flattened logs for every object type', async () => {
    for (const type of TYPES) {
      const results: ImportResult[] = [];
      for (const file of EXAMPLE) results.push(await importEventLog(db, file, { ocelObjectType: type }));
      const [json, ...others] = results;
      const jsonSource = db.eventSource(json!.log.id);
      const jsonCases = await casesOf(jsonSource);
      for (const r of others) {
        const what = `${type} from ${path.basename(r.quality.file)}`;
        assert.equal(r.log.format, 'ocel');
        assert.equal(r.log.name, `ocel20_example · ${type}`);
        for (const k of ['cases', 'events', 'activities', 'hasTimestamps'] as const) assert.equal(r.log[k], json!.log[k], `${what}: ${k}`);
        const source = db.eventSource(r.log.id);
        // The XML and SQLite files of this example carry the same instants as local time
        // (UTC+1) without an offset, read as UTC: everything is one hour later, durations equal.
        const cases = await casesOf(source);
        assert.deepEqual(cases, jsonCases.map((c) => ({ ...c, times: c.times.map((t) => t! + HOUR) })), what);
        assert.equal(Date.parse(r.log.firstTimestamp!) - Date.parse(json!.log.firstTimestamp!), HOUR);
        assert.deepEqual(await discoverDfg(source), await discoverDfg(jsonSource), what);
        assert.deepEqual(await discoverVariants(source), await discoverVariants(jsonSource), what);
        assert.equal(r.quality.timestampInterpretation.assumedUtc, true);
      }
      assert.equal(json!.quality.timestampInterpretation.assumedUtc, false);
    }
  });

  test('"Purchase Order" checked by hand against ocel20_example.jsonocel', async (t) => {
    const dbFile = path.join(tempDir(t), 'db.sqlite');
    const fileDb = await TracemineDb.open({ file: dbFile });
    const { log, quality } = await importEventLog(fileDb, EXAMPLE[0]!, { ocelObjectType: 'Purchase Order' });
    const source = fileDb.eventSource(log.id);
    // PO1 is related to e3 (create), e4 (change quantity), e5 and e6 (invoices); PO2 to e10.
    assert.deepEqual(await casesOf(source), [
      {
        id: 'PO1',
        activities: ['Create Purchase Order', 'Change PO Quantity', 'Insert Invoice', 'Insert Invoice'],
        times: ['2022-01-10T08:15:00Z', '2022-01-13T11:00:00Z', '2022-01-14T11:00:00Z', '2022-01-16T10:00:00Z'].map(Date.parse),
      },
      { id: 'PO2', activities: ['Create Purchase Order'], times: [Date.parse('2022-02-02T16:00:00Z')] },
    ]);
    const dfg = await discoverDfg(source);
    assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.frequency, e.duration?.mean]), [
      ['Change PO Quantity', 'Insert Invoice', 1, 24 * HOUR],
      ['Create Purchase Order', 'Change PO Quantity', 1, 74.75 * HOUR],
      ['Insert Invoice', 'Insert Invoice', 1, 47 * HOUR],
    ]);
    assert.deepEqual(dfg.start, { 'Create Purchase Order': 2 });
    assert.deepEqual(dfg.end, { 'Insert Invoice': 1, 'Create Purchase Order': 1 });
    assert.deepEqual(quality.warnings, []);
    assert.equal(quality.singleEventCases, 1);
    fileDb.close();

    // Case attributes: each object attribute's initial value (PO1's quantity changes 500 -> 600
    // on 2022-01-13; the case keeps 500). Event attributes: the event's, plus ocel:eid.
    assert.deepEqual(await rawQuery(dbFile, `SELECT c.name, k.name, a.type, a.value FROM case_attributes a
      JOIN attribute_keys k ON k.id = a.key_id JOIN cases c ON c.id = a.case_id ORDER BY c.name, k.name`), [
      ['PO1', 'po_product', 'string', 'Cows'], ['PO1', 'po_quantity', 'string', '500'],
      ['PO2', 'po_product', 'string', 'Notebooks'], ['PO2', 'po_quantity', 'string', '1'],
    ]);
    assert.deepEqual(await rawQuery(dbFile, `SELECT e.position, k.name, a.value FROM event_attributes a
      JOIN attribute_keys k ON k.id = a.key_id JOIN events e ON e.id = a.event_id ORDER BY e.position, k.name`), [
      [0, 'ocel:eid', 'e3'], [0, 'po_creator', 'Mike'],
      [1, 'ocel:eid', 'e4'], [1, 'po_editor', 'Mike'],
      [2, 'invoice_inserter', 'Luke'], [2, 'ocel:eid', 'e5'],
      [3, 'invoice_inserter', 'Luke'], [3, 'ocel:eid', 'e6'],
      [4, 'ocel:eid', 'e10'], [4, 'po_creator', 'Mario'],
    ]);
    assert.deepEqual(await rawQuery(dbFile, `SELECT k.name, a.value FROM log_attributes a JOIN attribute_keys k ON k.id = a.key_id`), [
      ['ocel:objectType', 'Purchase Order'],
    ]);
    assert.deepEqual(await rawQuery(dbFile, 'SELECT name, format FROM logs'), [['ocel20_example · Purchase Order', 'ocel']]);
  });

  test('OCEL 1.0 JSON (recruiting-red): types with and without objects, flattened figures', async () => {
    const file = fixture('ocel/recruiting-red.jsonocel');
    assert.deepEqual(await listOcelObjectTypes(file), [
      { type: 'applicants', objects: 0, events: 0 },
      { type: 'applications', objects: 916, events: 6607 },
      { type: 'managers', objects: 0, events: 0 },
      { type: 'offers', objects: 135, events: 270 },
      { type: 'recruiters', objects: 0, events: 0 },
      { type: 'vacancies', objects: 0, events: 0 },
    ]);
    // Figures of an independent flattening script (Python, no PM4Py): cases, events,
    // activities, distinct directly-follows pairs, variants.
    for (const [type, cases, events, activities, edges, variants] of [['applications', 916, 6607, 12, 18, 18], ['offers', 135, 270, 3, 2, 2]] as const) {
      const { log } = await importEventLog(db, file, { ocelObjectType: type });
      assert.deepEqual([log.cases, log.events, log.activities], [cases, events, activities], type);
      assert.equal((await discoverDfg(db.eventSource(log.id))).edges.length, edges, `${type}: DF edges`);
      assert.equal((await discoverVariants(db.eventSource(log.id))).length, variants, `${type}: variants`);
    }
    await assert.rejects(importEventLog(db, file, { ocelObjectType: 'managers' }), /no object of type "managers" in this log; the object types are: applications \(916 objects, 6,607 events\), offers \(135 objects, 270 events\)/);
  });

  test('without an object type: an ImportError listing the types; unknown type: same, database unchanged', async () => {
    const before = db.listLogs();
    await assert.rejects(importEventLog(db, EXAMPLE[2]!), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.field, 'ocelObjectType');
      assert.match(err.reason, /choose one \(option ocelObjectType, CLI --object-type\): Invoice \(3 objects, 9 events\), Payment \(3 objects, 3 events\), Purchase Order \(2 objects, 5 events\), Purchase Requisition \(1 objects, 3 events\)$/);
      return true;
    });
    await assert.rejects(importEventLog(db, EXAMPLE[1]!, { ocelObjectType: 'Order' }), /no object of type "Order"/);
    assert.deepEqual(db.listLogs(), before);
  });

  test('format by name and content: .json with OCEL keys, gzip, unknown extensions; name option', async (t) => {
    const dir = tempDir(t);
    const json = path.join(dir, 'p2p.json');
    copyFileSync(EXAMPLE[0]!, json);
    const gzXml = path.join(dir, 'p2p.xmlocel.gz');
    writeFileSync(gzXml, gzipSync(readFileSync(EXAMPLE[1]!)));
    const gzSqlite = path.join(dir, 'p2p.sqlite.gz');
    writeFileSync(gzSqlite, gzipSync(readFileSync(EXAMPLE[2]!)));
    const bare = path.join(dir, 'p2p-export');
    copyFileSync(EXAMPLE[2]!, bare);
    const xmlNoExt = path.join(dir, 'p2p.data');
    copyFileSync(EXAMPLE[1]!, xmlNoExt);
    for (const f of [...EXAMPLE, json, gzXml, gzSqlite, bare, xmlNoExt]) assert.equal(await guessFormat(f), 'ocel', f);
    assert.equal(await guessFormat(fixture('running-example.xes')), 'xes');
    const reference = await discoverDfg(db.eventSource((await importEventLog(db, EXAMPLE[1]!, { ocelObjectType: 'Invoice' })).log.id));
    for (const f of [json, gzXml, gzSqlite, bare, xmlNoExt]) {
      const { log } = await importEventLog(db, f, { ocelObjectType: 'Invoice', name: f === bare ? 'custom' : undefined });
      assert.equal(log.format, 'ocel');
      if (f === bare) assert.equal(log.name, 'custom');
      if (f === json) assert.equal(log.name, 'p2p · Invoice');
      const dfg = await discoverDfg(db.eventSource(log.id));
      assert.deepEqual(dfg.edges.map((e) => [e.source, e.target, e.frequency]), reference.edges.map((e) => [e.source, e.target, e.frequency]), f);
    }
  });

  test('events before objects, repeated and dangling relations, ties, typed values, initial object values', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'synthetic.jsonocel');
    const rel = (...ids: string[]) => ids.map((objectId, i) => ({ objectId, qualifier: `q${i}` }));
    writeFileSync(file, JSON.stringify({
      events: [ // before the objects and the declarations: kept until the objects are known
        {
          id: 'e1', type: 'create', time: '2024-01-01T10:00:00Z', relationships: rel('o1', 'o1', 'ghost'),
          attributes: [
            { name: 'qty', value: '5' }, { name: 'rush', value: 'true' }, { name: 'due', value: '2024-02-01T00:00:00Z' },
            { name: 'price', value: 9 }, { name: 'note', value: 12 }, { name: 'empty', value: null },
          ],
        },
        { id: 'e2', type: 'ship', time: '2024-01-01T09:00:00Z', relationships: rel('o1') },
        { id: 'e3', type: 'tie a', time: '2024-01-03T00:00:00Z', relationships: rel('o1') },
        { id: 'e4', type: 'tie b', time: '2024-01-03T00:00:00Z', relationships: rel('o1') },
        { id: 'e5', type: 'create', time: '2024-01-02', relationships: rel('i1', 'o2') },
      ],
      objects: [
        { id: 'o1', type: 'order', attributes: [
          { name: 'status', time: '2024-01-02T00:00:00Z', value: 'late' },
          { name: 'status', time: '1970-01-01T00:00:00Z', value: 'new' },
          { name: 'weight', time: '1970-01-01T00:00:00Z', value: '2.5' },
        ] },
        { id: 'o2', type: 'order' }, { id: 'o3', type: 'order' }, { id: 'i1', type: 'item' },
      ],
      objectTypes: [{ name: 'order', attributes: [{ name: 'status', type: 'string' }, { name: 'weight', type: 'float' }] }, { name: 'item', attributes: [] }],
      eventTypes: [{ name: 'create', attributes: [{ name: 'qty', type: 'integer' }, { name: 'rush', type: 'boolean' }, { name: 'due', type: 'time' }, { name: 'price', type: 'float' }] }],
    }, null, 1));
    assert.deepEqual(await listOcelObjectTypes(file), [{ type: 'order', objects: 3, events: 5 }, { type: 'item', objects: 1, events: 1 }]);
    const dbFile = path.join(dir, 'db.sqlite');
    const fileDb = await TracemineDb.open({ file: dbFile });
    const { log, quality } = await importEventLog(fileDb, file, { ocelObjectType: 'order' });
    assert.deepEqual((await casesOf(fileDb.eventSource(log.id))).map((c) => [c.id, c.activities]), [
      ['o1', ['ship', 'create', 'tie a', 'tie b']], // e1 once although related twice; e3/e4 tie: input order
      ['o2', ['create']],
    ]);
    fileDb.close();
    assert.equal(quality.emptyTraces, 1, 'o3 has no event');
    assert.ok(quality.warnings.includes('1 object(s) of the chosen type have no related event and are not cases.'), quality.warnings.join('\n'));
    assert.deepEqual(await rawQuery(dbFile, `SELECT k.name, a.type, a.value FROM event_attributes a JOIN attribute_keys k ON k.id = a.key_id
      JOIN events e ON e.id = a.event_id WHERE e.position = 1 ORDER BY k.name`), [
      ['due', 'date', Date.parse('2024-02-01T00:00:00Z')], ['note', 'int', 12], ['ocel:eid', 'string', 'e1'],
      ['price', 'float', 9], ['qty', 'int', 5], ['rush', 'boolean', 1],
    ]);
    assert.deepEqual(await rawQuery(dbFile, `SELECT c.name, k.name, a.type, a.value FROM case_attributes a JOIN attribute_keys k ON k.id = a.key_id
      JOIN cases c ON c.id = a.case_id ORDER BY c.name, k.name`), [['o1', 'status', 'string', 'new'], ['o1', 'weight', 'float', 2.5]]);
  });

  test('refusals: OCEL 1.0 XML, a SQLite file that is not OCEL, JSON without OCEL keys', async (t) => {
    const dir = tempDir(t);
    const v1xml = path.join(dir, 'old.xmlocel');
    writeFileSync(v1xml, '<?xml version="1.0"?>\n<log>\n  <global scope="event"><string key="id" value="__INVALID__"/></global>\n</log>\n');
    await assert.rejects(listOcelObjectTypes(v1xml), (err: unknown) => {
      assert.ok(err instanceof ImportError);
      assert.equal(err.line, 3);
      assert.match(err.reason, /OCEL 1\.0 XML is not supported/);
      return true;
    });
    const notOcel = path.join(dir, 'tracemine.sqlite');
    const other = await TracemineDb.open({ file: notOcel });
    await other.save();
    other.close();
    await assert.rejects(importEventLog(db, notOcel, { ocelObjectType: 'x' }), /not an OCEL 2\.0 SQLite file: it has no table "event"/);
    const plain = path.join(dir, 'plain.jsonocel');
    writeFileSync(plain, JSON.stringify({ cases: [{ id: 1 }] }, null, 2));
    await assert.rejects(listOcelObjectTypes(plain), /not an OCEL file: none of the keys objectTypes/);
  });
});
