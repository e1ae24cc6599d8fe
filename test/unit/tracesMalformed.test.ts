/**
 * Malformed and unusual trace input: every format's errors name the file, the line (and column
 * for JSON syntax) and the field; big integers stay exact; Tracemine's generic span JSONL
 * (docs/trace-jsonl.md) is read field by field.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { ImportError, guessTraceFormat, readTraces } from '../../src/core';
import { LosslessJsonParser, parseLossless } from '../../src/core/traces/losslessJson';
import { JsonSyntaxError } from '../../src/core/ingest/jsonStream';
import { tempDir } from './eventlogFixtures';
import { fixtureText, traceFixture } from './traceFixtures';

function write(dir: string, name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

async function importError(file: string): Promise<ImportError> {
  try {
    await readTraces(file);
  } catch (err) {
    assert.ok(err instanceof ImportError, `an ImportError, got ${String(err)}`);
    assert.equal(err.file, file);
    return err;
  }
  assert.fail('expected an ImportError');
}

describe('malformed input → ImportError with position and field', () => {
  test('truncated documents of every format', async (t) => {
    const dir = tempDir(t);
    for (const src of [
      traceFixture('otlp', 'adk_py__v1_default__S1.json'),
      traceFixture('any-agent', 'OPENAI_trace.json'),
      traceFixture('langfuse', 'autogen-2025-06-06.trace.json'),
    ]) {
      const text = fixtureText(src);
      const cut = text.slice(0, Math.floor(text.length / 2));
      const f = write(dir, `cut-${path.basename(src)}`, cut);
      const err = await importError(f);
      assert.equal(err.line, cut.split('\n').length, `${path.basename(src)}: the error is at the end of what is there`);
      assert.ok(err.column !== undefined);
    }
  });

  test('OTLP: a bad status code, a missing span id', async (t) => {
    const dir = tempDir(t);
    const base = fixtureText(traceFixture('otlp', 'hand__duplicate_span_ids.json'));
    let err = await importError(write(dir, 'status.json', base.replace('"kind": 3,', '"kind": 3, "status": {"code": "BROKEN"},')));
    assert.equal(err.field, 'resourceSpans[0].scopeSpans[0].spans[1].status.code');
    err = await importError(write(dir, 'nospan.json', base.replace('"spanId": "eb86921785ed9606",', '')));
    assert.equal(err.field, 'resourceSpans[0].scopeSpans[0].spans[0].spanId');
    assert.equal(err.line, 3);
  });

  test('OTLP in JSON Lines (the Collector file exporter): one request per line, errors at their line', async (t) => {
    const dir = tempDir(t);
    const a = JSON.stringify(JSON.parse(fixtureText(traceFixture('otlp', 'hand__deprecated_aliases.json'))));
    const b = JSON.stringify(JSON.parse(fixtureText(traceFixture('otlp', 'hand__duplicate_span_ids.json'))));
    const ok = await readTraces(write(dir, 'export.jsonl', `${a}\n${b}\n`));
    assert.equal(ok.format, 'otlp');
    assert.equal(ok.traces.length, 2);
    const err = await importError(write(dir, 'bad.jsonl', `${a}\n${b.replace('"stringValue":"gpt-4.1-mini"', '"stringValue":42')}\n`));
    assert.equal(err.line, 2);
    assert.match(err.field!, /attributes\[2\]\.value\.stringValue$/);
  });

  test('OpenTelemetry SDK JSON: a missing context, a bad time', async (t) => {
    const dir = tempDir(t);
    const raw = JSON.parse(fixtureText(traceFixture('any-agent', 'OPENAI_trace.json'))) as { spans: Record<string, unknown>[] };
    const noContext = structuredClone(raw);
    delete noContext.spans[2]!.context;
    let err = await importError(write(dir, 'noctx.json', JSON.stringify(noContext, null, 1)));
    assert.equal(err.field, 'spans[2].context');
    const badTime = structuredClone(raw);
    badTime.spans[1]!.start_time = 'soon';
    err = await importError(write(dir, 'time.json', JSON.stringify(badTime, null, 1)));
    assert.equal(err.field, 'spans[1].start_time');
    const lines = JSON.stringify(badTime, null, 1).split('\n');
    const spanStart = lines.findIndex((l, i) => i > 0 && l === '  {' && lines.slice(0, i).filter((x) => x === '  {').length === 1) + 1;
    assert.equal(err.line, spanStart, 'the line where spans[1] starts');
  });

  test('Langfuse: an observation without id, a bad startTime, at the observation\'s line', async (t) => {
    const dir = tempDir(t);
    const text = fixtureText(traceFixture('langfuse', 'autogen-2025-06-06.trace.json'));
    const raw = JSON.parse(text) as { observations: Record<string, unknown>[] };
    raw.observations[1]!.startTime = 'yesterday';
    const pretty = JSON.stringify(raw, null, 2);
    const err = await importError(write(dir, 'lf.json', pretty));
    assert.equal(err.field, 'observations[1].startTime');
    // The export repeats its observations inside `trace`; the top-level copy is the later one.
    const prettyLines = pretty.split('\n');
    const idLine = prettyLines.map((l, i) => (l.includes(`"id": "${String(raw.observations[1]!.id)}"`) ? i : -1)).filter((i) => i >= 0).at(-1)!;
    assert.equal(err.line, idLine, 'the observation starts on the line before its id');
    delete raw.observations[0]!.id;
    const err2 = await importError(write(dir, 'lf2.json', JSON.stringify(raw, null, 2)));
    assert.equal(err2.field, 'observations[0].id');
  });

  test('chat transcripts: wrong types name the message field and the line', async (t) => {
    const dir = tempDir(t);
    const ok = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: 'hello' }] });
    let err = await importError(write(dir, 'c.jsonl', `${ok}\n${ok}\n${JSON.stringify({ messages: [{ role: 'user', content: 'x' }, { role: 'assistant', content: 42 }] })}\n`));
    assert.equal(err.line, 3);
    assert.equal(err.field, 'messages[1].content');
    err = await importError(write(dir, 'd.jsonl', `${ok}\n${JSON.stringify({ messages: 'not a list' })}\n`));
    assert.deepEqual([err.line, err.field], [2, 'messages']);
    err = await importError(write(dir, 'e.json', JSON.stringify([{ task_id: 1, traj: [{ role: 'assistant', tool_calls: [{ id: 'a', function: {} }] }] }], null, 2)));
    assert.equal(err.field, '[0].traj[0].tool_calls[0].function.name');
  });

  test('not a trace file', async (t) => {
    const dir = tempDir(t);
    const err = await importError(write(dir, 'log.csv', 'case,activity\n1,a\n'));
    assert.match(err.reason, /not a trace file/);
    const err2 = await importError(write(dir, 'other.json', '{"hello": [1, 2, 3]}'));
    assert.match(err2.reason, /keys \(hello\) match no trace format/);
  });
});

describe('big integers stay exact', () => {
  test('integers beyond 2^53 arrive as their decimal text; others as numbers', () => {
    assert.deepEqual(parseLossless('{"a": 39712373237291850001929057769826244787, "b": 12, "c": 1.5e300, "d": "9999999999999999999"}'),
      { a: '39712373237291850001929057769826244787', b: 12, c: 1.5e300, d: '9999999999999999999' });
    assert.deepEqual(parseLossless('[-9007199254740993, 9007199254740991]'), ['-9007199254740993', 9007199254740991]);
  });

  test('streamed across chunk boundaries, with syntax errors at their original column', () => {
    const text = '{"ids": [123456789012345678901, 7], "x": 1 2}';
    for (let cut = 1; cut < text.length; cut += 3) {
      const values: unknown[] = [];
      const p = new LosslessJsonParser(2, { value: (_p, v) => values.push(v) });
      assert.throws(() => {
        p.write(text.slice(0, cut));
        p.write(text.slice(cut));
        p.end();
      }, (err: unknown) => err instanceof JsonSyntaxError && err.line === 1 && err.column === text.indexOf(' 2}') + 2);
      assert.deepEqual(values.slice(0, 2), ['123456789012345678901', 7]);
    }
  });
});

describe('Tracemine span JSONL (docs/trace-jsonl.md)', () => {
  const lines = [
    { trace_id: 'run-1', span_id: 'a', name: 'support agent', kind: 'agent', agent: 'support', start: '2025-05-01T10:00:00Z', end: '2025-05-01T10:00:05.250Z', trace_name: 'refund request', trace_attributes: { customer: 'c-42' } },
    { trace_id: 'run-1', span_id: 'b', parent_id: 'a', name: 'chat', model: 'gpt-4o-mini', input_tokens: 1200, output_tokens: 80, start: 1746093600100, end: 1746093601100, input: [{ role: 'user', content: 'Refund order 7?' }], output: [{ role: 'assistant', content: '', tool_calls: [{ id: 't1', type: 'function', function: { name: 'lookup_order', arguments: '{"id":7}' } }] }] },
    { trace_id: 'run-1', span_id: 'c', parent_id: 'a', name: 'lookup_order', tool_name: 'lookup_order', tool_call_id: 't1', tool_arguments: { id: 7 }, tool_result: { status: 'shipped' }, start: '2025-05-01T10:00:01.200Z', end: '2025-05-01T10:00:01.300Z', status: 'error', status_message: 'timeout', region: 'eu' },
    { trace_id: 'run-1', span_id: 'd', parent_id: 'a', name: 'answer', kind: 'llm', model: 'claude-sonnet-4-20250514', input_tokens: 1500, output_tokens: 60, cost_usd: 0.01, start: '2025-05-01T10:00:02Z', end: '2025-05-01T10:00:05Z', output: 'It shipped; no refund.' },
  ];

  test('fields to span fields; kinds inferred; trace name and attributes', async (t) => {
    const file = write(tempDir(t), 'run.jsonl', `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    assert.equal(await guessTraceFormat(file), 'jsonl');
    const { traces } = await readTraces(file);
    assert.equal(traces.length, 1);
    const tr = traces[0]!;
    assert.equal(tr.name, 'refund request');
    assert.deepEqual(tr.attributes, { customer: 'c-42' });
    const [a, b, c, d] = tr.spans;
    assert.deepEqual([a!.spanId, b!.spanId, c!.spanId, d!.spanId], ['a', 'b', 'c', 'd']);
    assert.equal(a!.end! - a!.start!, 5250);
    assert.equal(b!.kind, 'llm');
    assert.equal(b!.start, 1746093600100);
    assert.equal(b!.inputMessages![0]!.content, 'Refund order 7?');
    assert.equal(b!.outputMessages![0]!.toolCalls![0]!.name, 'lookup_order');
    assert.equal(c!.kind, 'tool');
    assert.equal(c!.toolArguments, '{"id":7}');
    assert.equal(c!.toolResult, '{"status":"shipped"}');
    assert.deepEqual([c!.status, c!.statusMessage], ['error', 'timeout']);
    assert.equal(c!.attributes.region, 'eu', 'unknown fields are kept as attributes');
    assert.deepEqual([d!.costUsd, d!.costSource, d!.output], [0.01, 'trace', 'It shipped; no refund.']);
    assert.deepEqual([b!.llmCall, d!.llmCall], [true, true]);
  });

  test('wrong types: line and field', async (t) => {
    const dir = tempDir(t);
    const bad = (i: number, patch: Record<string, unknown>) => lines.map((l, k) => JSON.stringify(k === i ? { ...l, ...patch } : l)).join('\n');
    const cases: [number, Record<string, unknown>, string][] = [
      [1, { kind: 'robot' }, 'kind'],
      [2, { input_tokens: -3 }, 'input_tokens'],
      [3, { start: 'noon' }, 'start'],
      [0, { trace_id: null }, 'trace_id'],
      [1, { input_messages: [{ nope: 1 }] }, 'input_messages[0]'],
      [2, { status: 'failed' }, 'status'],
    ];
    for (const [i, patch, field] of cases) {
      const err = await importError(write(dir, `bad-${field.replace(/\W/g, '')}.jsonl`, bad(i, patch)));
      assert.deepEqual([err.line, err.field], [i + 1, field]);
    }
  });
});
