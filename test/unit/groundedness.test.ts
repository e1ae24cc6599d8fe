/**
 * Groundedness of answers (src/core/traces/screening/groundedness.ts): supported, paraphrased,
 * wrong-number and hallucinated answers against their sources; the sentence splitter, tokens and
 * numbers it relies on; a trace's final answer and sources; the stored check; the judged variant.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Judge } from '../../src/core/evals/types';
import {
  contentTokens, groundedness, groundednessChecks, judgeGroundedness, numbersIn, splitSentences, traceGroundedness,
} from '../../src/core/traces/screening';
import { readTraces } from '../../src/core/traces/readTraces';
import type { Span, Trace } from '../../src/core/traces/types';
import { traceFixture } from './traceFixtures';

const HOTEL = 'Hotel Le Marais is a boutique hotel in Paris. It has a rating of 4.2 and rooms cost 180 euros per night. '
  + 'Guests praise the free breakfast and the quiet courtyard. Check-in starts at 3 PM.';
const FLIGHT = '{"flight_number": "HAT001", "origin": "JFK", "destination": "SEA", "price": 1,250, "status": "available"}';

describe('groundedness', () => {
  test('an answer that restates the source is supported', () => {
    const g = groundedness('Hotel Le Marais is a boutique hotel in Paris. Rooms cost 180 euros per night.', [HOTEL]);
    assert.equal(g.score, 1);
    assert.deepEqual(g.unsupported, []);
    assert.deepEqual(g.sentences.map((s) => [s.supported, s.bestSource]), [[true, 0], [true, 0]]);
  });

  test('a paraphrase with other word forms and order is supported', () => {
    const g = groundedness('The breakfast is free, guests praised it, and the courtyard is quiet.', [HOTEL]);
    assert.equal(g.sentences[0]!.supported, true, JSON.stringify(g.sentences[0]));
    assert.ok(g.sentences[0]!.overlap >= 0.6);
  });

  test('a number absent from every source makes its sentence unsupported, however good the overlap', () => {
    const g = groundedness('Rooms at Hotel Le Marais cost 210 euros per night.', [HOTEL]);
    assert.equal(g.score, 0);
    assert.deepEqual(g.sentences[0]!.missingNumbers, ['210']);
    assert.ok(g.sentences[0]!.overlap >= 0.6, 'the words match; the number does not');
    assert.deepEqual(g.unsupported, ['Rooms at Hotel Le Marais cost 210 euros per night.']);
  });

  test('numbers match whatever their writing: thousands separators, leading and trailing zeros', () => {
    assert.deepEqual(numbersIn('$30,000 on 2024-05-01 at 09:30, rating 4.20, 1,083 ft'), ['30000', '2024', '5', '1', '9', '30', '4.2', '1083']);
    const g = groundedness('The transfer of 30000 dollars is due on May 1.', ['Transfer amount: $30,000.00, due 2024-05-01.']);
    assert.deepEqual(g.sentences[0]!.missingNumbers, undefined);
  });

  test('a hallucinated sentence is unsupported and lowers the score', () => {
    const g = groundedness(
      'Hotel Le Marais is a boutique hotel in Paris. It also has a rooftop swimming pool and a Michelin-starred restaurant.',
      [HOTEL, FLIGHT],
    );
    assert.equal(g.score, 0.5);
    assert.deepEqual(g.unsupported, ['It also has a rooftop swimming pool and a Michelin-starred restaurant.']);
  });

  test('words scattered over a long source do not support a sentence: only a window counts', () => {
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `lorem${i}`).join(' ');
    const long = `The museum ${filler(200)} opens ${filler(200)} every Monday ${filler(200)} at dawn.`;
    assert.equal(groundedness('The museum opens every Monday at dawn.', [long]).sentences[0]!.supported, false);
    assert.equal(groundedness('The museum opens every Monday at dawn.', ['The museum opens every Monday at dawn.']).score, 1);
  });

  test('questions, courtesy and sentences without content are not counted', () => {
    const g = groundedness('Sure! Hotel Le Marais is in Paris. Is there anything else I can help with? Have a great trip!', [HOTEL]);
    assert.equal(g.score, 1);
    assert.deepEqual(g.sentences.map((s) => s.counted), [false, true, false, false]);
    assert.equal(groundedness('OK.', [HOTEL]).score, 1);
  });

  test('JSON sources are read as their keys and values', () => {
    const g = groundedness('Flight HAT001 from JFK to SEA is available for 1250.', [FLIGHT.replace('1,250', '1250')]);
    assert.equal(g.score, 1, JSON.stringify(g.sentences));
  });
});

describe('text pieces', () => {
  test('sentences split after . ! ? but not after abbreviations, initials or inside numbers', () => {
    assert.deepEqual(splitSentences('Dr. Smith paid $3.50 on Jan. 5. It was late! Was it? J. R. R. Tolkien wrote it.\n- a list item'), [
      'Dr. Smith paid $3.50 on Jan. 5.', 'It was late!', 'Was it?', 'J. R. R. Tolkien wrote it.', 'a list item',
    ]);
  });

  test('content tokens drop stop words and numbers and meet across word forms', () => {
    assert.deepEqual(contentTokens('The guests praised the rooms'), contentTokens('guest praises room'));
    assert.deepEqual(contentTokens('It is 42 and it was'), []);
  });
});

// --- traces ---------------------------------------------------------------------------------

function span(spanId: string, seq: number, kind: Span['kind'], extra: Partial<Span> = {}): Span {
  return { traceId: 'g1', spanId, seq, name: spanId, kind, status: 'ok', attributes: {}, ...extra };
}

function ragTrace(answer: string): Trace {
  return {
    traceId: 'g1', name: 'rag', attributes: {},
    spans: [
      span('root', 0, 'agent', { output: 'root output, not the answer' }),
      span('ret', 1, 'retriever', { parentSpanId: 'root', documents: [{ content: HOTEL }] }),
      span('tool', 2, 'tool', { parentSpanId: 'root', toolName: 'get_flight', toolResult: FLIGHT }),
      span('llm1', 3, 'llm', { parentSpanId: 'root', outputMessages: [{ role: 'assistant', content: 'Let me look that up.' }] }),
      span('llm2', 4, 'llm', { parentSpanId: 'root', inputMessages: [{ role: 'tool', content: '{"weather": "sunny"}' }], outputMessages: [{ role: 'assistant', content: answer }] }),
    ],
  };
}

describe('traceGroundedness', () => {
  test('checks the last assistant message against the documents and tool results', () => {
    const g = traceGroundedness(ragTrace('Hotel Le Marais has a rating of 4.2. The weather is sunny.'))!;
    assert.equal(g.spanId, 'llm2');
    assert.equal(g.sources.length, 3);
    assert.equal(g.score, 1);
  });

  test('falls back to the root span output, and is undefined without sources or an answer', () => {
    const rootOnly: Trace = {
      traceId: 'g2', name: 'x', attributes: {},
      spans: [span('r', 0, 'chain', { output: 'Rooms cost 180 euros per night.' }), span('d', 1, 'retriever', { parentSpanId: 'r', documents: [{ content: HOTEL }] })],
    };
    assert.deepEqual([traceGroundedness(rootOnly)!.spanId, traceGroundedness(rootOnly)!.score], ['r', 1]);
    assert.equal(traceGroundedness({ ...rootOnly, spans: [rootOnly.spans[0]!] }), undefined);
    assert.equal(traceGroundedness({ ...rootOnly, spans: [rootOnly.spans[1]!] }), undefined);
    const emptyTool = { ...rootOnly, spans: [rootOnly.spans[0]!, span('t', 1, 'tool', { toolResult: '{}' })] };
    assert.equal(traceGroundedness(emptyTool), undefined, 'a source without words or numbers is no source');
  });

  test('an ungrounded final answer becomes a groundedness check on its span', () => {
    assert.deepEqual(groundednessChecks(ragTrace('Hotel Le Marais is in Paris.')), []);
    const [check] = groundednessChecks(ragTrace('Hotel Le Marais is in Paris. The flight costs 990 dollars.'));
    assert.equal(check!.kind, 'groundedness');
    assert.equal(check!.spanId, 'llm2');
    assert.equal(check!.score, 0.5);
    assert.deepEqual(check!.data!.missingNumbers, ['990']);
    assert.match(check!.message, /1 of 2 sentences/);
  });

  test('runs on the τ-bench airline trajectories: a score for each that has tool results', async () => {
    const { traces } = await readTraces(traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz'));
    const results = traces.map((t) => traceGroundedness(t)).filter((g) => g !== undefined);
    assert.ok(results.length > 50, `${results.length} of ${traces.length}`);
    for (const g of results) assert.ok(g.score >= 0 && g.score <= 1 && g.sources.length > 0);
  });
});

describe('judgeGroundedness', () => {
  test('numbers the sources, asks for JSON and reads the verdict', async () => {
    let sent = '';
    const judge: Judge = {
      complete: async (messages) => {
        sent = messages[1]!.content;
        return { text: '```json\n{"score": 0.5, "unsupported": ["The flight costs 990 dollars."], "reason": "price not in sources"}\n```' };
      },
    };
    const v = await judgeGroundedness('Hotel Le Marais is in Paris. The flight costs 990 dollars.', [HOTEL, FLIGHT], judge);
    assert.deepEqual(v, { score: 0.5, grounded: false, unsupported: ['The flight costs 990 dollars.'], reason: 'price not in sources' });
    assert.match(sent, /\[Source 1\]\nHotel Le Marais/);
    assert.match(sent, /\[Source 2\]\n\{"flight_number"/);
    assert.match(sent, /ANSWER:\nHotel Le Marais is in Paris/);
    const grounded = await judgeGroundedness('x', [HOTEL], { complete: async () => ({ text: '{"score": 1, "unsupported": []}' }) });
    assert.equal(grounded.grounded, true);
    await assert.rejects(judgeGroundedness('x', [HOTEL], { complete: async () => ({ text: 'looks fine' }) }), /could not read/);
  });
});
