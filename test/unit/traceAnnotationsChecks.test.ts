/**
 * What reviewers and checks add to stored traces (schema version 4): check findings stored on
 * import and replaced on re-check, annotations that survive a re-import, the trace-list filters
 * (time, status, model, tool, agent, cost, latency, verdict, check results) and full-text search
 * across traces, the JSONL export, and the 3 -> 4 migration.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TracemineDb, annotationsToJsonl, countChecks, type Trace, type TraceCheck } from '../../src/core';
import { loadSqlJs } from '../../src/core/db/sqlJs';
import { tempDir } from './eventlogFixtures';
import { traceFixture } from './traceFixtures';

const AIRLINE = traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz');
const S2 = traceFixture('otlp', 'adk_py__v1_default__S2.json');

/** A checker that flags every call of a named tool: enough to exercise storage. */
const flagTool = (tool: string) => (trace: Trace): TraceCheck[] =>
  trace.spans.filter((s) => s.toolName === tool).map((s) => ({
    kind: 'violation', ruleId: `no-${tool}`, severity: 'error', spanId: s.spanId, message: `${tool} called`,
  }));

describe('trace checks in the database', () => {
  test('findings are stored on import, read per trace and counted in the list lines', async () => {
    const db = await TracemineDb.open();
    const { traces } = await db.importTraces(AIRLINE, { check: flagTool('cancel_reservation') });
    const all = db.listTraces();
    assert.equal(all.length, traces.length);
    let expected = 0;
    for (const t of all) {
      const full = db.fullTrace(t.id)!;
      const calls = full.spans.filter((s) => s.toolName === 'cancel_reservation').length;
      expected += calls;
      assert.equal(t.violations, calls, t.name);
      assert.equal(t.injections, 0);
      const stored = db.traceChecks(t.id);
      assert.deepEqual(stored.map((c) => c.spanId), full.spans.filter((s) => s.toolName === 'cancel_reservation').map((s) => s.spanId));
    }
    assert.ok(expected > 0, 'the airline file cancels reservations');
    const flagged = db.listTraces({ checks: 'violations' });
    assert.equal(flagged.length, all.filter((t) => (t.violations ?? 0) > 0).length);
    assert.equal(db.listTraces({ checks: 'clean' }).length, all.length - flagged.length);
    assert.equal(db.listTraces({ ruleId: 'no-cancel_reservation' }).length, flagged.length);
    assert.equal(db.listTraces({ ruleId: 'other' }).length, 0);
    const counts = countChecks([...db.checksByTrace().values()].flat());
    assert.deepEqual(counts.byRule, { 'no-cancel_reservation': expected });
    db.close();
  });

  test('recheck replaces the findings; a cancelled recheck changes nothing', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE, { check: flagTool('cancel_reservation') });
    const before = [...db.checksByTrace().values()].flat().length;
    const ctrl = new AbortController();
    ctrl.abort();
    await assert.rejects(db.recheckTraces(flagTool('book_reservation'), { signal: ctrl.signal }));
    assert.equal([...db.checksByTrace().values()].flat().length, before);
    const n = await db.recheckTraces(flagTool('book_reservation'));
    assert.equal(n, db.listTraces().length);
    const rules = new Set([...db.checksByTrace().values()].flat().map((c) => c.ruleId));
    assert.deepEqual([...rules], ['no-book_reservation']);
    db.close();
  });

  test('fullTrace gives back the trace as read (spans with bodies, trace attributes)', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE);
    const t = db.listTraces()[3]!;
    const full = db.fullTrace(t.id)!;
    assert.equal(full.spans.length, t.spans);
    assert.deepEqual(full.attributes, t.attributes);
    const withMessages = full.spans.find((s) => s.inputMessages || s.outputMessages || s.toolResult);
    assert.ok(withMessages, 'bodies are merged in');
    assert.equal(db.fullTrace(99_999), undefined);
    db.close();
  });
});

describe('annotations', () => {
  test('trace and step annotations: upsert, list, verdict filter, export as JSONL, kept across re-import', async (t) => {
    const file = path.join(tempDir(t), 'tracemine.db');
    const db = await TracemineDb.open({ file });
    await db.importTraces(AIRLINE);
    const [a, b] = db.listTraces();
    db.annotate({ sourcePath: a!.sourcePath, traceId: a!.traceId, verdict: 'fail', labels: ['policy', 'wrong-tool'], comment: '<script>alert(1)</script> kept as text' });
    db.annotate({ sourcePath: a!.sourcePath, traceId: a!.traceId, spanId: db.traceSpans(a!.id)[2]!.spanId, verdict: 'fail', labels: ['no-confirmation'] });
    db.annotate({ sourcePath: b!.sourcePath, traceId: b!.traceId, verdict: 'pass', labels: [] });
    // Upsert: the second verdict on the same trace replaces the first.
    db.annotate({ sourcePath: b!.sourcePath, traceId: b!.traceId, verdict: 'fail', labels: ['late'] });
    assert.equal(db.listAnnotations().length, 3);
    assert.deepEqual(db.listTraces({ verdict: 'fail' }).map((x) => x.id), [a!.id, b!.id]);
    assert.equal(db.listTraces({ verdict: 'pass' }).length, 0);
    assert.equal(db.listTraces({ verdict: 'unreviewed' }).length, db.listTraces().length - 2);
    assert.equal(db.getTrace(a!.id)?.verdict, 'fail');

    const lines = annotationsToJsonl(db.listAnnotations()).trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 3);
    assert.equal(lines.find((l) => l.spanId === null && l.traceId === a!.traceId)?.comment, '<script>alert(1)</script> kept as text');
    assert.ok(lines.every((l) => typeof l.updatedAt === 'string' && Array.isArray(l.labels)));

    assert.throws(() => db.annotate({ sourcePath: a!.sourcePath, traceId: a!.traceId, labels: [] }), /needs a verdict, a label or a comment/);
    assert.throws(() => db.annotate({ sourcePath: a!.sourcePath, traceId: a!.traceId, verdict: 'maybe' as 'pass', labels: [] }), /verdict/);
    assert.equal(db.removeAnnotation(b!.sourcePath, b!.traceId), true);
    assert.equal(db.removeAnnotation(b!.sourcePath, b!.traceId), false);

    await db.importTraces(AIRLINE); // re-import replaces the traces, not the annotations
    assert.equal(db.listAnnotations().length, 2);
    const again = db.listTraces().find((x) => x.traceId === a!.traceId)!;
    assert.equal(again.verdict, 'fail');
    await db.save();
    db.close();
    const reopened = await TracemineDb.open({ file });
    assert.equal(reopened.listAnnotations().length, 2);
    reopened.close();
  });
});

describe('trace list filters and search across traces', () => {
  test('model, tool, agent, status, cost, duration and time filters agree with the list lines', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE);
    await db.importTraces(S2);
    const all = db.listTraces();
    const check = (filter: Parameters<TracemineDb['listTraces']>[0], pred: (t: (typeof all)[number]) => boolean) =>
      assert.deepEqual(db.listTraces(filter).map((t) => t.id), all.filter(pred).map((t) => t.id), JSON.stringify(filter));
    check({ model: 'gemini-2.5-flash' }, (t) => t.models.includes('gemini-2.5-flash'));
    check({ model: 'gemini-2.5' }, () => false); // exact names, not substrings
    check({ tool: 'get_weather' }, (t) => t.tools.includes('get_weather'));
    check({ tool: 'book_reservation' }, (t) => t.tools.includes('book_reservation'));
    check({ agent: all.find((t) => t.agents.length)?.agents[0] ?? 'none' }, (t) => t.agents.includes(all.find((x) => x.agents.length)?.agents[0] ?? 'none'));
    check({ errorsOnly: true }, (t) => t.errors > 0);
    check({ okOnly: true }, (t) => t.errors === 0);
    const costs = all.map((t) => t.costUsd).filter((c): c is number => c !== undefined).sort((x, y) => x - y);
    const mid = costs[Math.floor(costs.length / 2)]!;
    check({ minCostUsd: mid }, (t) => t.costUsd !== undefined && t.costUsd >= mid);
    check({ maxCostUsd: mid }, (t) => t.costUsd !== undefined && t.costUsd <= mid);
    check({ minDurationMs: 0 }, (t) => t.durationMs !== undefined);
    const timed = all.find((t) => t.start !== undefined)!;
    check({ startFrom: timed.start, startTo: timed.start }, (t) => t.start === timed.start);
  });

  test('full-text search finds text inside messages and tool results, case-insensitively, quotes included', async () => {
    const db = await TracemineDb.open();
    await db.importTraces(AIRLINE);
    await db.importTraces(S2);
    const all = db.listTraces();
    const has = (needle: string) => all.filter((t) => JSON.stringify(db.fullTrace(t.id)).toLowerCase().includes(JSON.stringify(needle).slice(1, -1).toLowerCase())).map((t) => t.id);
    for (const needle of ['Chicago', 'basic economy', 'get_weather', 'HAT']) {
      const found = db.listTraces({ text: needle }).map((t) => t.id);
      assert.ok(found.length > 0, needle);
      assert.deepEqual(found, has(needle), needle);
    }
    assert.deepEqual(db.listTraces({ text: 'zzqx-not-there' }), []);
    // Inside one trace: the steps whose bodies hold the text, in time order.
    const t = db.listTraces({ text: 'basic economy' })[0]!;
    const full = db.fullTrace(t.id)!;
    const expected = full.spans.filter((sp) => JSON.stringify(sp).toLowerCase().includes('basic economy')).map((sp) => sp.spanId);
    assert.deepEqual(db.searchTraceSpans(t.id, 'Basic Economy'), expected);
    assert.ok(expected.length > 0);
    assert.deepEqual(db.searchTraceSpans(t.id, '   '), []);
    db.close();
  });
});

describe('schema migration 3 -> 4', () => {
  test('a version-3 database opens with its traces and gains the check, annotation and eval tables', async (t) => {
    const file = path.join(tempDir(t), 'tracemine.db');
    const first = await TracemineDb.open({ file });
    await first.importTraces(S2);
    const before = first.listTraces();
    first.close();
    const SQL = await loadSqlJs();
    const raw = new SQL.Database(readFileSync(file));
    raw.exec('BEGIN; DROP TABLE eval_samples; DROP TABLE eval_runs; DROP TABLE prompt_texts; DROP TABLE annotations; DROP TABLE trace_checks; PRAGMA user_version = 3; COMMIT;');
    writeFileSync(file, raw.export());
    raw.close();
    const db = await TracemineDb.open({ file });
    assert.deepEqual(db.listTraces(), before);
    db.annotate({ sourcePath: before[0]!.sourcePath, traceId: before[0]!.traceId, verdict: 'pass', labels: [] });
    await db.save();
    db.close();
    const check = new SQL.Database(readFileSync(file));
    assert.deepEqual(check.exec('PRAGMA user_version')[0]!.values, [[4]]);
    assert.deepEqual(check.exec('SELECT COUNT(*) FROM annotations')[0]!.values, [[1]]);
    check.close();
  });
});
