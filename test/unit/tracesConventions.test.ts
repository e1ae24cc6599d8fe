/**
 * Attribute conventions the real fixtures do not cover, on small OTLP documents written from the
 * specifications: OpenInference (flattened messages with tool calls, token counts, retrieval
 * documents, session id), GenAI span events (the older message events), typed values (kvlist,
 * array, int as number), base64 ids, enum names, error status. Plus the log records of a real
 * ADK recording (content elided by the recorder) attached to their span verbatim.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { readTraces } from '../../src/core';
import { tempDir } from './eventlogFixtures';
import { traceFixture } from './traceFixtures';

const str = (key: string, v: string) => ({ key, value: { stringValue: v } });
const int = (key: string, v: number | string) => ({ key, value: { intValue: v } });

function otlp(spans: unknown[]): string {
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [str('service.name', 'svc')] }, scopeSpans: [{ scope: { name: 'test' }, spans }] }] });
}

const T = '0af7651916cd43dd8448eb211c80319c';

describe('conventions', () => {
  test('OpenInference: flattened messages and tool calls, tokens, documents, session id', async (t) => {
    const file = path.join(tempDir(t), 'oi.json');
    writeFileSync(file, otlp([
      {
        traceId: T, spanId: 'b7ad6b7169203331', name: 'ChatCompletion', kind: 'SPAN_KIND_CLIENT',
        startTimeUnixNano: 1_700_000_000_000_000_000, endTimeUnixNano: '1700000000500000000',
        attributes: [
          str('openinference.span.kind', 'LLM'), str('llm.model_name', 'gpt-4o-2024-08-06'), str('llm.provider', 'openai'),
          int('llm.token_count.prompt', 120), int('llm.token_count.completion', '30'), int('llm.token_count.prompt_details.cache_read', 100),
          str('llm.input_messages.0.message.role', 'system'), str('llm.input_messages.0.message.content', 'Be brief.'),
          str('llm.input_messages.1.message.role', 'user'),
          str('llm.input_messages.1.message.contents.0.message_content.type', 'text'),
          str('llm.input_messages.1.message.contents.0.message_content.text', 'Weather in Oslo?'),
          str('llm.output_messages.0.message.role', 'assistant'),
          str('llm.output_messages.0.message.tool_calls.0.tool_call.id', 'call_1'),
          str('llm.output_messages.0.message.tool_calls.0.tool_call.function.name', 'get_weather'),
          str('llm.output_messages.0.message.tool_calls.0.tool_call.function.arguments', '{"city":"Oslo"}'),
          str('session.id', 'sess-9'),
          str('input.value', '{"raw": true}'),
        ],
      },
      {
        traceId: T, spanId: 'c7ad6b7169203331', parentSpanId: 'b7ad6b7169203331', name: 'get_weather', kind: 1,
        startTimeUnixNano: '1700000000600000000', endTimeUnixNano: '1700000000700000000',
        attributes: [str('openinference.span.kind', 'TOOL'), str('tool.name', 'get_weather'), str('input.value', '{"city":"Oslo"}'), str('output.value', 'rain')],
        status: { code: 'STATUS_CODE_ERROR', message: 'upstream 503' },
      },
      {
        traceId: T, spanId: 'd7ad6b7169203331', name: 'retrieve', startTimeUnixNano: '1700000000800000000', endTimeUnixNano: '1700000000900000000',
        attributes: [
          str('openinference.span.kind', 'RETRIEVER'), str('retrieval.documents.0.document.id', 'doc-1'),
          str('retrieval.documents.0.document.content', 'Oslo is rainy.'), { key: 'retrieval.documents.0.document.score', value: { doubleValue: 0.87 } },
          { key: 'tags', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '9007199254740993' }] } } },
          { key: 'meta', value: { kvlistValue: { values: [str('k', 'v'), { key: 'ok', value: { boolValue: true } }] } } },
        ],
      },
    ]));
    const { traces } = await readTraces(file);
    const [llm, tool, retr] = traces[0]!.spans;
    assert.equal(traces[0]!.conversationId, 'sess-9');
    assert.deepEqual(traces[0]!.attributes, { 'service.name': 'svc' });
    assert.equal(llm!.kind, 'llm');
    assert.deepEqual([llm!.requestModel, llm!.provider, llm!.inputTokens, llm!.outputTokens, llm!.cachedInputTokens], ['gpt-4o-2024-08-06', 'openai', 120, 30, 100]);
    assert.deepEqual(llm!.inputMessages, [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Weather in Oslo?' }]);
    assert.deepEqual(llm!.outputMessages, [{ role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Oslo"}' }] }]);
    assert.equal(llm!.input, undefined, 'input.value is not repeated when there are messages');
    assert.equal(llm!.attributes['input.value'], '{"raw": true}', 'but kept among the attributes');
    assert.equal(llm!.attributes['otel.span_kind'], 'client');
    assert.equal(llm!.start, 1_700_000_000_000);
    assert.deepEqual([tool!.kind, tool!.toolName, tool!.toolArguments, tool!.toolResult, tool!.status, tool!.statusMessage], ['tool', 'get_weather', '{"city":"Oslo"}', 'rain', 'error', 'upstream 503']);
    assert.deepEqual(retr!.documents, [{ id: 'doc-1', content: 'Oslo is rainy.', score: 0.87 }]);
    assert.deepEqual(retr!.attributes.tags, ['a', '9007199254740993']);
    assert.deepEqual(retr!.attributes.meta, { k: 'v', ok: true });
  });

  test('GenAI: messages as span events; base64 ids; system instructions', async (t) => {
    const file = path.join(tempDir(t), 'events.json');
    const b64Trace = Buffer.from(T, 'hex').toString('base64');
    const b64Span = Buffer.from('b7ad6b7169203331', 'hex').toString('base64');
    writeFileSync(file, otlp([{
      traceId: b64Trace, spanId: b64Span, name: 'chat claude', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000001000000000',
      attributes: [str('gen_ai.operation.name', 'chat'), str('gen_ai.system', 'anthropic'), str('gen_ai.request.model', 'claude-3-5-haiku-20241022'),
        str('gen_ai.system_instructions', '[{"type":"text","content":"You are terse."}]')],
      events: [
        { name: 'gen_ai.user.message', timeUnixNano: '1700000000000000001', attributes: [str('content', 'Hello <b>there</b>')] },
        { name: 'gen_ai.choice', timeUnixNano: '1700000000900000000', attributes: [{ key: 'message', value: { kvlistValue: { values: [str('role', 'assistant'), str('content', 'Hi.')] } } }, int('index', 0)] },
      ],
    }]));
    const { traces } = await readTraces(file);
    const s = traces[0]!.spans[0]!;
    assert.equal(traces[0]!.traceId, T);
    assert.equal(s.spanId, 'b7ad6b7169203331');
    assert.deepEqual(s.inputMessages, [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'Hello <b>there</b>' }]);
    assert.deepEqual(s.outputMessages, [{ role: 'assistant', content: 'Hi.' }]);
    assert.equal((s.attributes['otel.events'] as unknown[]).length, 2, 'events are kept too');
  });

  test('log records linked to a span carry its message events (ADK recording, content elided at source: kept verbatim)', async () => {
    const { traces } = await readTraces(traceFixture('otlp', 'adk_py__v1_default__S1.json'));
    const gen = traces[0]!.spans.find((s) => s.name.startsWith('generate_content'))!;
    assert.deepEqual(gen.inputMessages?.map((m) => [m.role, m.content]), [['system', '<elided>'], ['user', '<elided>']]);
    assert.deepEqual(gen.outputMessages?.map((m) => [m.role, m.content]), [['assistant', '<elided>']]);
  });

  test('Langfuse: level ERROR is an error, EVENT a point span, the legacy usage object, an array of exports', async (t) => {
    const file = path.join(tempDir(t), 'lf.json');
    const obs = (id: string, extra: Record<string, unknown>) => ({ id, traceId: 'tr1', parentObservationId: null, name: id, startTime: '2025-01-01T00:00:00.000Z', endTime: '2025-01-01T00:00:01.000Z', level: 'DEFAULT', ...extra });
    writeFileSync(file, JSON.stringify([{
      trace: { id: 'tr1', name: 'run', sessionId: 's1', tags: ['x'] },
      observations: [
        obs('g', { type: 'GENERATION', model: 'gpt-4o', usage: { input: 10, output: 5, unit: 'TOKENS' }, level: 'ERROR', statusMessage: 'rate limited', costDetails: {} }),
        obs('e', { type: 'EVENT', parentObservationId: 'g', endTime: null }),
      ],
    }]));
    const { format, traces } = await readTraces(file);
    assert.equal(format, 'langfuse');
    const [g, e] = traces[0]!.spans;
    assert.deepEqual([g!.status, g!.statusMessage, g!.inputTokens, g!.outputTokens, g!.costUsd], ['error', 'rate limited', 10, 5, undefined]);
    assert.deepEqual([e!.kind, e!.end, e!.parentSpanId], ['span', undefined, 'g']);
    assert.deepEqual([traces[0]!.conversationId, traces[0]!.attributes.tags], ['s1', ['x']]);
  });

  test('OTLP: a JSON array of export requests', async (t) => {
    const file = path.join(tempDir(t), 'arr.json');
    const one = (id: string) => JSON.parse(otlp([{ traceId: id, spanId: 'b7ad6b7169203331', name: 'x', startTimeUnixNano: '1700000000000000000', endTimeUnixNano: '1700000000000000001' }])) as unknown;
    writeFileSync(file, JSON.stringify([one(T), one('1af7651916cd43dd8448eb211c80319c')], null, 1));
    const { format, traces } = await readTraces(file);
    assert.equal(format, 'otlp');
    assert.equal(traces.length, 2);
  });
});
