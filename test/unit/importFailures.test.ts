/**
 * A failed or cancelled import leaves the database exactly as it was, in memory and on disk:
 * malformed XES (ImportError with line, column and field), other broken inputs, and cancellation
 * through an AbortSignal (CancelledError).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CancelledError, ImportError, TracemineDb, discoverDfg, importEventLog, type LogSummary } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { fixture, importFixture, tempDir } from './eventlogFixtures';

function goodTrace(i: number): string {
  return `  <trace>
    <string key="concept:name" value="case ${i}"/>
    <event>
      <string key="concept:name" value="a"/>
      <date key="time:timestamp" value="2020-01-01T00:00:00.000+00:00"/>
    </event>
    <event>
      <string key="concept:name" value="b"/>
      <date key="time:timestamp" value="2020-01-01T01:00:00.000+00:00"/>
    </event>
  </trace>
`;
}

/** 500 good traces (so rows are written before the failure), then an unclosed <date>. */
function brokenXes(): { text: string; errorLine: number } {
  let text = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n';
  for (let i = 0; i < 500; i++) text += goodTrace(i);
  text += `  <trace>
    <string key="concept:name" value="broken"/>
    <event>
      <string key="concept:name" value="a"/>
      <date key="time:timestamp" value="2020-01-01T00:00:00.000+00:00">
    </event>
  </trace>
</log>
`;
  const lines = text.split('\n');
  const lastEventClose = lines.map((l) => l.trim()).lastIndexOf('</event>');
  return { text, errorLine: lastEventClose + 1 };
}

/** Row counts of every table, read from the saved file. */
async function tableCounts(file: string): Promise<Record<string, number>> {
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(file));
  try {
    const out: Record<string, number> = {};
    for (const t of ['logs', 'cases', 'events', 'attribute_keys', 'log_attributes', 'case_attributes', 'event_attributes']) {
      out[t] = Number(db.exec(`SELECT COUNT(*) FROM ${t}`)[0]!.values[0]![0]);
    }
    return out;
  } finally {
    db.close();
  }
}

async function setup(t: { after(fn: () => void): void }) {
  const dir = tempDir(t);
  const file = path.join(dir, 'db', 'tracemine.db');
  const db = await TracemineDb.open({ file });
  const existing = await importFixture(db, 'running-example.xes');
  const dfg = await discoverDfg(db.eventSource(existing.log.id));
  const bytes = readFileSync(file);
  const counts = await tableCounts(file);
  const logs = db.listLogs();
  t.after(() => db.close());
  return { dir, file, db, existing: existing.log, dfg, bytes, counts, logs };
}

async function assertUnchanged(s: Awaited<ReturnType<typeof setup>>): Promise<void> {
  assert.deepEqual(readFileSync(s.file), s.bytes, 'nothing was written to disk');
  assert.deepEqual(readdirSync(path.dirname(s.file)), ['tracemine.db'], 'no temp file left');
  assert.deepEqual(s.db.listLogs(), s.logs as LogSummary[]);
  assert.deepEqual(await discoverDfg(s.db.eventSource(s.existing.id)), s.dfg, "the other log's data are the same");
  // Every table holds exactly the rows it held before (in memory: save and count).
  await s.db.save();
  assert.deepEqual(await tableCounts(s.file), s.counts, 'same row counts in every table');
}

describe('failed imports roll back', () => {
  test('malformed XES: ImportError with file, line, column and field; database unchanged', async (t) => {
    const s = await setup(t);
    const broken = path.join(s.dir, 'broken.xes');
    const { text, errorLine } = brokenXes();
    writeFileSync(broken, text);
    assert.ok(errorLine > 5000, 'the error comes after thousands of good lines');
    const err = await importEventLog(s.db, broken).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ImportError, `expected ImportError, got ${String(err)}`);
    assert.equal(err.file, broken);
    assert.equal(err.line, errorLine);
    assert.equal(typeof err.column, 'number');
    assert.match(err.field!, /trace\/event\/date\[key="time:timestamp"\]$/);
    assert.ok(err.message.startsWith(`${broken}:${errorLine}:${err.column}: `), err.message);
    assert.match(err.message, /close tag/i);
    await assertUnchanged(s);
  });

  test('other broken inputs are ImportErrors and change nothing', async (t) => {
    const s = await setup(t);
    const cases: [string, string | Buffer, RegExp, number | undefined][] = [
      ['no-key.xes', '<log>\n<trace>\n<string value="x"/>\n</trace>\n</log>\n', /attribute element without a "key"/, 3],
      ['not-a-log.xes', '<?xml version="1.0"?>\n<html><body/></html>\n', /root element is <html>, expected <log>/, 2],
      ['empty.xes', '', /no XES <log> element|root element/, undefined],
      ['truncated.xes', '<log>\n<trace>\n<event>\n', /unclosed|end of/i, undefined],
      ['corrupt.xes.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('definitely not deflate data')]), /not a valid gzip file/, undefined],
      ['truncated.xes.gz', readFileSync(fixture('receipt.xes.gz')).subarray(0, 100_000), /not a valid gzip file \(unexpected end of file\)/, undefined],
      ['quote.csv', 'case,activity,timestamp\n1,a,2020-01-01\n2,"b\n3,c,2020-01-02\n', /unterminated quoted field/, 3],
    ];
    for (const [name, content, message, line] of cases) {
      const f = path.join(s.dir, name);
      writeFileSync(f, content);
      await assert.rejects(importEventLog(s.db, f), (err: unknown) => {
        assert.ok(err instanceof ImportError, `${name}: ${String(err)}`);
        assert.match(err.message, message, name);
        assert.equal(err.file, f);
        if (line !== undefined) assert.equal(err.line, line, name);
        return true;
      });
    }
    await assertUnchanged(s);
  });

  test('cancellation mid-way (XES) throws CancelledError and rolls back', async (t) => {
    const s = await setup(t);
    const controller = new AbortController();
    const fractions: number[] = [];
    await assert.rejects(
      importEventLog(s.db, fixture('reviewing.xes'), {
        signal: controller.signal,
        progress: (r) => {
          fractions.push(r.fraction ?? -1);
          if ((r.fraction ?? 0) >= 0.5) controller.abort();
        },
      }),
      CancelledError,
    );
    assert.ok(fractions.some((f) => f > 0 && f < 1), `progress was reported part-way: ${fractions.join(', ')}`);
    await assertUnchanged(s);
  });

  test('cancellation mid-way (CSV) throws CancelledError and rolls back', async (t) => {
    const s = await setup(t);
    const controller = new AbortController();
    await assert.rejects(
      importEventLog(s.db, fixture('sepsis.csv'), { signal: controller.signal, progress: (r) => (r.fraction ?? 0) > 0.3 && controller.abort() }),
      CancelledError,
    );
    await assertUnchanged(s);
  });

  test('an already-aborted signal imports nothing', async (t) => {
    const s = await setup(t);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(importEventLog(s.db, fixture('receipt.csv'), { signal: controller.signal }), CancelledError);
    await assertUnchanged(s);
  });

  test('the database stays usable after a failure: the next import succeeds', async (t) => {
    const s = await setup(t);
    const broken = path.join(s.dir, 'broken.xes');
    writeFileSync(broken, brokenXes().text);
    await assert.rejects(importEventLog(s.db, broken), ImportError);
    const mtime = statSync(s.file).mtimeMs;
    const ok = await importFixture(s.db, 'roadtraffic100traces.xes');
    assert.equal(ok.log.cases, 100);
    assert.deepEqual(s.db.listLogs().map((l) => l.id), [s.existing.id, ok.log.id]);
    assert.ok(statSync(s.file).mtimeMs >= mtime);
    s.db.close();
    const again = await TracemineDb.open({ file: s.file });
    assert.equal(again.listLogs().length, 2, 'the successful import was saved');
    again.close();
  });

  test('malformed OCEL JSON: ImportError at the offending character; database unchanged', async (t) => {
    const s = await setup(t);
    const text = readFileSync(fixture('ocel/ocel20_example.jsonocel'), 'utf8');
    const anchor = '"id": "e9"';
    const broken = text.replace(anchor, `${anchor} "stray"`); // deep in the events, after rows were read
    const at = text.indexOf(anchor) + anchor.length + 1;
    const line = text.slice(0, at).split('\n').length;
    const column = at - text.lastIndexOf('\n', at - 1);
    const file = path.join(s.dir, 'broken.jsonocel');
    writeFileSync(file, broken);
    const err = await importEventLog(s.db, file, { ocelObjectType: 'Invoice' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ImportError, `expected ImportError, got ${String(err)}`);
    assert.deepEqual([err.line, err.column], [line, column]);
    assert.match(err.message, /broken\.jsonocel:\d+:\d+: invalid JSON: unexpected character '"', expected ',' or '}'/);
    await assertUnchanged(s);
  });

  test('malformed OCEL XML: ImportError with line, column and element path; database unchanged', async (t) => {
    const s = await setup(t);
    const text = readFileSync(fixture('ocel/ocel20_example.xmlocel'), 'utf8');
    const anchor = '<attribute name="invoice_block_rem">Mario</attribute>';
    const line = text.slice(0, text.indexOf(anchor)).split('\n').length;
    const file = path.join(s.dir, 'broken.xmlocel');
    writeFileSync(file, text.replace(anchor, '<attribute name="invoice_block_rem">Mario</attribut>'));
    const err = await importEventLog(s.db, file, { ocelObjectType: 'Invoice' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof ImportError, `expected ImportError, got ${String(err)}`);
    assert.equal(err.line, line);
    assert.equal(typeof err.column, 'number');
    assert.equal(err.field, 'log/events/event/attributes/attribute');
    assert.match(err.reason, new RegExp(`unexpected close tag: <attribute> opened on line ${line} is not closed`));
    await assertUnchanged(s);
  });
});
