/**
 * Streaming trace import: readTraces with `onTrace` hands over exactly the traces the batch mode
 * returns (every fixture file; a generated file of interleaved traces, flushed while reading;
 * continuations merged with mergeTrace), and TracemineDb.importTraces streams a file of a few
 * thousand traces into the database with the same stored result as a batch read, rolling back
 * on a malformed line at the end of the file and on cancellation.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { CancelledError, ImportError, TracemineDb, priceTrace, pricingTable, readTraces, type Trace } from '../../src/core';
import type { ReadTracesOptions, TraceHandover } from '../../src/core/traces/readTraces';
import { mergeTrace } from '../../src/core/traces/traceBuilder';
import { tempDir } from './eventlogFixtures';
import { TRACE_FIXTURES } from './traceFixtures';

const FIXTURES = TRACE_FIXTURES;

function traceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return traceFiles(p);
    return /\.(json|jsonl|json\.gz|jsonl\.gz)$/.test(name) ? [p] : [];
  });
}

/** Streams a file, merging continuations into what was handed over before; counts merge duplicates. */
async function streamCollect(file: string, opts: ReadTracesOptions = {}) {
  const traces: Trace[] = [];
  const at = new Map<string, number>();
  const infos: TraceHandover[] = [];
  let mergeDuplicates = 0;
  const result = await readTraces(file, {
    ...opts,
    onTrace: async (trace, info) => {
      infos.push(info);
      await Promise.resolve();
      const i = at.get(trace.traceId);
      if (info.continuation) {
        assert.ok(i !== undefined, `continuation of an unknown trace ${trace.traceId}`);
        const merged = mergeTrace(traces[i], trace);
        mergeDuplicates += merged.duplicates;
        traces[i] = merged.trace;
        return;
      }
      if (i === undefined) at.set(trace.traceId, traces.length);
      traces.push(trace);
    },
  });
  assert.deepEqual(result.traces, [], 'streaming mode keeps no trace');
  return { ...result, traces, infos, duplicateSpans: result.duplicateSpans + mergeDuplicates };
}

/** Order-free comparison (streaming hands Langfuse exports over in file order, batch in time order). */
const sorted = (ts: readonly Trace[]) => [...ts].sort((a, b) => (a.traceId < b.traceId ? -1 : a.traceId > b.traceId ? 1 : JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));

const line = (o: Record<string, unknown>) => `${JSON.stringify(o)}\n`;
const T0 = Date.UTC(2025, 5, 1);

/**
 * JSONL spans of `n` traces of 5 spans (a root, llm and tool calls), `active` traces interleaved
 * at a time, span by span; one duplicate span (an exporter retry) in every 50th trace, an untimed
 * span in every 70th.
 */
function interleaved(n: number, active: number): string {
  const spansOf = (t: number): string[] => {
    const base = T0 + t * 1000;
    const out = [line({ trace_id: `t${t}`, span_id: 'root', name: 'agent', kind: 'agent', start: base, end: base + 900, trace_name: `run ${t}`, trace_attributes: { user: `u${t % 7}` } })];
    for (let i = 1; i < 5; i++) {
      const untimed = t % 70 === 0 && i === 3;
      out.push(line({
        trace_id: `t${t}`, span_id: `s${i}`, parent_id: 'root', name: i % 2 ? 'chat' : 'lookup', kind: i % 2 ? 'llm' : 'tool',
        ...(untimed ? {} : { start: base + i * 100, end: base + i * 100 + 50 }),
        ...(i % 2 ? { model: 'gpt-4o-mini', input_tokens: 100 + t, output_tokens: 10 } : { tool_name: 'lookup', tool_arguments: { q: t } }),
        input: `question ${t}.${i}`, output: `answer ${t}.${i}`,
      }));
    }
    if (t % 50 === 0) out.splice(3, 0, out[2]!);
    return out;
  };
  const lines: string[] = [];
  const queues: string[][] = [];
  let next = 0;
  while (next < n || queues.length > 0) {
    while (queues.length < active && next < n) queues.push(spansOf(next++));
    for (const q of queues) lines.push(q.shift()!);
    for (let i = queues.length - 1; i >= 0; i--) if (queues[i]!.length === 0) queues.splice(i, 1);
  }
  return lines.join('');
}

describe('readTraces streaming mode', () => {
  const files = traceFiles(FIXTURES);

  test('finds the fixture files', () => {
    assert.ok(files.length >= 25, `${files.length} fixture files`);
  });

  for (const file of files) {
    test(`stream and collect == batch: ${path.relative(FIXTURES, file)}`, async () => {
      let batch: Awaited<ReturnType<typeof readTraces>>;
      try {
        batch = await readTraces(file);
      } catch (err) {
        // Not a trace file (a .truth.json): streaming fails the same way.
        await assert.rejects(streamCollect(file), { message: (err as Error).message });
        return;
      }
      for (const flushWindow of [undefined, { spans: 1, traces: 1 }]) {
        const streamed = await streamCollect(file, { flushWindow });
        assert.equal(streamed.format, batch.format);
        assert.equal(streamed.traces.length, batch.traces.length);
        if (flushWindow === undefined) {
          assert.equal(streamed.duplicateSpans, batch.duplicateSpans);
          assert.deepStrictEqual(sorted(streamed.traces), sorted(batch.traces));
        } else {
          // The smallest window hands traces over mid-file; merged, the spans are the batch ones.
          assert.equal(streamed.duplicateSpans, batch.duplicateSpans);
          const byId = new Map(batch.traces.map((t) => [t.traceId, t]));
          for (const t of streamed.traces) assert.deepStrictEqual(t.spans.map((s) => s.spanId).sort(), byId.get(t.traceId)!.spans.map((s) => s.spanId).sort());
        }
      }
    });
  }

  test('interleaved JSONL spans: handed over while reading, each trace exactly the batch one, no continuation', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'interleaved.jsonl');
    writeFileSync(file, interleaved(3000, 20));
    const batch = await readTraces(file);
    assert.equal(batch.traces.length, 3000);
    assert.equal(batch.duplicateSpans, 60);
    const streamed = await streamCollect(file, { flushWindow: { spans: 500, traces: 100 } });
    // When the first trace arrives (the progress reports the fraction of bytes read).
    let fractionAtFirst: number | undefined;
    let fraction = 0;
    await readTraces(file, {
      flushWindow: { spans: 500, traces: 100 },
      progress: (p) => { if (p.fraction !== undefined) fraction = p.fraction; },
      onTrace: () => { fractionAtFirst ??= fraction; },
    });
    assert.ok(fractionAtFirst !== undefined && fractionAtFirst < 0.2, `first trace handed over at ${fractionAtFirst}`);
    assert.ok(streamed.infos.every((i) => !i.continuation && i.format === 'jsonl'));
    assert.equal(streamed.duplicateSpans, batch.duplicateSpans);
    assert.deepStrictEqual(sorted(streamed.traces), sorted(batch.traces));
    // Each trace once; the order is the batch one within each flushed group (a trace idle later comes later).
    assert.equal(new Set(streamed.traces.map((t) => t.traceId)).size, 3000);
  });

  test('late spans: handed over again as continuations; merged, they give the batch trace', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'late.jsonl');
    const late = [
      // t3: a late tool span; t4: a late retry of an early span (a duplicate across the flush); t5 both, twice.
      line({ trace_id: 't3', span_id: 'late1', parent_id: 'root', name: 'lookup', kind: 'tool', tool_name: 'lookup', start: T0 + 3000 + 450, end: T0 + 3000 + 460 }),
      line({ trace_id: 't4', span_id: 's1', parent_id: 'root', name: 'retry copy', kind: 'llm', start: T0 + 4000 + 100 }),
      line({ trace_id: 't5', span_id: 'late1', parent_id: 'root', name: 'chat', kind: 'llm', model: 'gpt-4o-mini', input_tokens: 5, output_tokens: 5, start: T0 + 5000 + 950, end: T0 + 5000 + 990 }),
      line({ trace_id: 't5', span_id: 's2', parent_id: 'root', name: 'retry copy', kind: 'tool', start: T0 + 5000 + 200 }),
    ];
    writeFileSync(file, interleaved(600, 5) + late.slice(0, 2).join('') + interleaved(300, 5).replace(/"t(\d+)"/g, '"u$1"') + late.slice(2).join(''));
    const batch = await readTraces(file);
    const streamed = await streamCollect(file, { flushWindow: { spans: 200, traces: 40 } });
    const continued = streamed.infos.filter((i) => i.continuation).length;
    assert.equal(continued, 3);
    assert.equal(streamed.traces.length, batch.traces.length);
    assert.equal(streamed.duplicateSpans, batch.duplicateSpans);
    assert.deepStrictEqual(sorted(streamed.traces), sorted(batch.traces));
  });
});

describe('TracemineDb.importTraces streams', () => {
  test('a generated file of 3,000 interleaved traces (with late spans): stored traces equal a batch read', async (t) => {
    const dir = tempDir(t);
    const file = path.join(dir, 'import.jsonl');
    const late = line({ trace_id: 't7', span_id: 'late', parent_id: 'root', name: 'chat', kind: 'llm', model: 'gpt-4o-mini', input_tokens: 3, output_tokens: 4, start: T0 + 7000 + 950, end: T0 + 7000 + 999 })
      + line({ trace_id: 't8', span_id: 's1', parent_id: 'root', name: 'retry copy', kind: 'llm', start: T0 + 8000 + 100 });
    // The late spans come after 2,500 other traces (> the default window of 1,000).
    writeFileSync(file, interleaved(2500, 10) + late + interleaved(500, 10).replace(/"t(\d+)"/g, '"v$1"'));
    const batch = await readTraces(file);
    const db = await TracemineDb.open();
    const checked: string[] = [];
    const result = await db.importTraces(file, { check: (t) => { checked.push(t.traceId); return []; } });
    assert.equal(result.format, 'jsonl');
    assert.equal(result.traces.length, 3000);
    assert.equal(result.spans, batch.traces.reduce((n, t) => n + t.spans.length, 0));
    assert.equal(result.duplicateSpans, batch.duplicateSpans);
    assert.equal(result.replaced, 0);
    assert.equal(checked.filter((id) => id === 't7').length, 2, 'a continued trace is checked again');
    const table = pricingTable();
    const want = new Map(batch.traces.map((t) => [t.traceId, priceTrace(t, table)]));
    const listed = db.listTraces();
    assert.deepStrictEqual(listed.map((t) => t.id), result.traces.map((t) => t.id));
    for (const summary of result.traces) {
      const stored = db.fullTrace(summary.id)!;
      assert.deepStrictEqual(stored, want.get(summary.traceId), summary.traceId);
      assert.deepStrictEqual(db.getTrace(summary.id), { ...summary, violations: 0, injections: 0 });
    }
    // Re-import: the same file's traces are replaced, not added.
    const again = await db.importTraces(file);
    assert.equal(again.replaced, 3000);
    assert.equal(db.listTraces().length, 3000);
    db.close();
  });

  test('a malformed line at the end of the file, or a cancellation mid-file, leaves the database as it was', async (t) => {
    const dir = tempDir(t);
    const good = path.join(dir, 'good.jsonl');
    writeFileSync(good, interleaved(2000, 10));
    const db = await TracemineDb.open();
    await db.importTraces(good);
    const before = JSON.stringify(db.listTraces().map((t) => [t, db.fullTrace(t.id)]));
    // The same file, rewritten with a bad last line: the re-import fails after thousands of traces were written.
    writeFileSync(good, `${interleaved(2000, 10)}{"trace_id": "t1", "name": 5}\n`);
    await assert.rejects(db.importTraces(good), (err: unknown) => err instanceof ImportError && /:10041:/.test(String(err)));
    assert.equal(JSON.stringify(db.listTraces().map((t) => [t, db.fullTrace(t.id)])), before);
    const ac = new AbortController();
    await assert.rejects(db.importTraces(good, { signal: ac.signal, progress: (p) => { if ((p.fraction ?? 0) > 0.5) ac.abort(); } }), CancelledError);
    assert.equal(JSON.stringify(db.listTraces().map((t) => [t, db.fullTrace(t.id)])), before);
    db.close();
  });
});
