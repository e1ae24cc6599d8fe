import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ASSERTION_TYPES, MODEL_GRADED_TYPES, UNSUPPORTED_ASSERTION_TYPES, bleu, extractFirstJson, gradeAll, gradeAssertion,
  levenshtein, rougeN, validateAssertionSpec,
} from '../../src/core/evals/assertions';
import type { AssertionContext, AssertionSpec, ProviderResponse, ToolCallOut } from '../../src/core/evals/types';

interface Ctx {
  output?: string;
  toolCalls?: ToolCallOut[];
  response?: Partial<ProviderResponse>;
  vars?: Record<string, unknown>;
  files?: Record<string, string>;
}

function ctx(c: Ctx = {}): AssertionContext {
  const output = c.output ?? '';
  return {
    output,
    response: { output, toolCalls: c.toolCalls ?? [], model: 'test-model', latencyMs: 120, cached: false, costUsd: 0.002, ...c.response },
    vars: c.vars ?? {},
    prompt: [{ role: 'user', content: 'Question?' }],
    readFile: async (p) => {
      const text = c.files?.[p];
      if (text === undefined) throw new Error(`ENOENT: ${p}`);
      return text;
    },
  };
}

const call = (name: string, args: unknown): ToolCallOut => ({ name, arguments: typeof args === 'string' ? args : JSON.stringify(args) });

const weatherTools = [{
  type: 'function',
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city'] },
  },
}];

/** [type, value/threshold…, context, expected pass] — one passing and one failing row per type. */
const rows: { spec: AssertionSpec; c: Ctx; pass: boolean; note?: string }[] = [
  { spec: { type: 'equals', value: 'Paris' }, c: { output: 'Paris' }, pass: true },
  { spec: { type: 'equals', value: 'Paris' }, c: { output: 'Paris.' }, pass: false },
  { spec: { type: 'equals', value: 42 }, c: { output: '42' }, pass: true, note: 'numbers compare as text' },
  { spec: { type: 'equals', value: { a: 1, b: [1, 2] } }, c: { output: '{"b":[1,2],"a":1}' }, pass: true, note: 'JSON deep equal' },
  { spec: { type: 'equals', value: { a: 1 } }, c: { output: '{"a":1,"b":2}' }, pass: false },
  { spec: { type: 'equals', value: { a: 1 } }, c: { output: 'a=1' }, pass: false },
  { spec: { type: 'contains', value: 'Paris' }, c: { output: 'It is Paris.' }, pass: true },
  { spec: { type: 'contains', value: 'paris' }, c: { output: 'It is Paris.' }, pass: false },
  { spec: { type: 'icontains', value: 'paris' }, c: { output: 'It is PARIS.' }, pass: true },
  { spec: { type: 'icontains', value: 'lyon' }, c: { output: 'It is Paris.' }, pass: false },
  { spec: { type: 'contains-any', value: ['Lyon', 'Paris'] }, c: { output: 'Paris' }, pass: true },
  { spec: { type: 'contains-any', value: 'Lyon, Nice' }, c: { output: 'Paris' }, pass: false, note: 'comma-separated' },
  { spec: { type: 'contains-all', value: ['red', 'blue'] }, c: { output: 'red and blue' }, pass: true },
  { spec: { type: 'contains-all', value: ['red', 'green'] }, c: { output: 'red and blue' }, pass: false },
  { spec: { type: 'icontains-any', value: ['PARIS', 'LYON'] }, c: { output: 'paris' }, pass: true },
  { spec: { type: 'icontains-any', value: ['NICE'] }, c: { output: 'paris' }, pass: false },
  { spec: { type: 'icontains-all', value: ['RED', 'Blue'] }, c: { output: 'red, blue' }, pass: true },
  { spec: { type: 'icontains-all', value: ['RED', 'Green'] }, c: { output: 'red, blue' }, pass: false },
  { spec: { type: 'starts-with', value: 'Yes' }, c: { output: 'Yes, indeed' }, pass: true },
  { spec: { type: 'starts-with', value: 'Yes' }, c: { output: 'Well, yes' }, pass: false },
  { spec: { type: 'regex', value: '^\\d{3}-\\d{4}$' }, c: { output: '555-1234' }, pass: true },
  { spec: { type: 'regex', value: '^\\d{3}-\\d{4}$' }, c: { output: 'call 555-1234' }, pass: false },
  { spec: { type: 'word-count', value: 3 }, c: { output: ' one  two\nthree ' }, pass: true },
  { spec: { type: 'word-count', value: { min: 1, max: 2 } }, c: { output: 'one two three' }, pass: false },
  { spec: { type: 'word-count', value: { min: 2 } }, c: { output: 'one two three' }, pass: true },
  { spec: { type: 'char-count', value: { max: 5 } }, c: { output: 'héllo' }, pass: true },
  { spec: { type: 'char-count', value: 4 }, c: { output: 'hello' }, pass: false },
  { spec: { type: 'is-json' }, c: { output: '{"a": 1}' }, pass: true },
  { spec: { type: 'is-json' }, c: { output: '```json\n{"a": 1}\n```' }, pass: false, note: 'fenced JSON is not JSON' },
  { spec: { type: 'is-json', value: { type: 'object', required: ['a'] } }, c: { output: '{"a": 1}' }, pass: true },
  { spec: { type: 'is-json', value: { type: 'object', required: ['b'] } }, c: { output: '{"a": 1}' }, pass: false },
  { spec: { type: 'contains-json' }, c: { output: 'Here: ```json\n{"a": "}"}\n``` done' }, pass: true },
  { spec: { type: 'contains-json' }, c: { output: 'no json {here' }, pass: false },
  { spec: { type: 'contains-json', value: { type: 'array', minItems: 2 } }, c: { output: 'List: [1, 2] and {"x": 1}' }, pass: true },
  { spec: { type: 'contains-json', value: { type: 'array', minItems: 3 } }, c: { output: 'List: [1, 2]' }, pass: false },
  { spec: { type: 'is-valid-openai-tools-call' }, c: { toolCalls: [call('a', { x: 1 })] }, pass: true },
  { spec: { type: 'is-valid-openai-tools-call' }, c: { toolCalls: [call('a', '{"x": ')] }, pass: false, note: 'bad JSON args' },
  { spec: { type: 'is-valid-openai-tools-call' }, c: { output: 'hi' }, pass: false, note: 'no calls' },
  { spec: { type: 'is-valid-openai-tools-call', value: weatherTools }, c: { toolCalls: [call('get_weather', { city: 'Oslo', days: 2 })] }, pass: true },
  { spec: { type: 'is-valid-openai-tools-call', value: weatherTools }, c: { toolCalls: [call('get_weather', { days: 0 })] }, pass: false },
  { spec: { type: 'is-valid-openai-tools-call', value: weatherTools }, c: { toolCalls: [call('get_time', {})] }, pass: false, note: 'unknown tool' },
  { spec: { type: 'is-valid-openai-function-call', value: [{ name: 'get_weather', parameters: weatherTools[0]!.function.parameters }] }, c: { output: '{"name": "get_weather", "arguments": "{\\"city\\": \\"Rome\\"}"}' }, pass: true, note: 'legacy function call in the output' },
  { spec: { type: 'is-valid-openai-function-call', value: weatherTools }, c: { toolCalls: [call('get_weather', { city: 7 })] }, pass: false },
  { spec: { type: 'tool-called', value: 'search' }, c: { toolCalls: [call('plan', {}), call('search', {})] }, pass: true },
  { spec: { type: 'tool-called', value: 'search' }, c: { toolCalls: [call('plan', {})] }, pass: false },
  { spec: { type: 'tool-call-sequence', value: ['search', 'answer'] }, c: { toolCalls: [call('search', {}), call('read', {}), call('answer', {})] }, pass: true, note: 'subsequence by default' },
  { spec: { type: 'tool-call-sequence', value: ['answer', 'search'] }, c: { toolCalls: [call('search', {}), call('answer', {})] }, pass: false },
  { spec: { type: 'tool-call-sequence', value: { sequence: ['search', 'answer'], mode: 'exact' } }, c: { toolCalls: [call('search', {}), call('answer', {})] }, pass: true },
  { spec: { type: 'tool-call-sequence', value: { sequence: ['search', 'answer'], mode: 'exact' } }, c: { toolCalls: [call('search', {}), call('read', {}), call('answer', {})] }, pass: false },
  { spec: { type: 'tool-call-args', value: { name: 'book', arguments: { city: 'Oslo', guests: [{ age: 30 }] } } }, c: { toolCalls: [call('book', { city: 'Oslo', nights: 2, guests: [{ age: 30, name: 'A' }] })] }, pass: true },
  { spec: { type: 'tool-call-args', value: { name: 'book', arguments: { city: 'Oslo' } } }, c: { toolCalls: [call('book', { city: 'Bergen' })] }, pass: false },
  { spec: { type: 'tool-call-args', value: { name: 'book', arguments: '{"city": "Oslo"}' } }, c: { toolCalls: [call('other', { city: 'Oslo' })] }, pass: false, note: 'not called' },
  { spec: { type: 'levenshtein', value: 'kitten' }, c: { output: 'sitting' }, pass: true, note: 'distance 3 <= 5' },
  { spec: { type: 'levenshtein', value: 'kitten', threshold: 2 }, c: { output: 'sitting' }, pass: false },
  { spec: { type: 'rouge-n', value: 'the cat was under the bed' }, c: { output: 'the cat was found under the bed' }, pass: true },
  { spec: { type: 'rouge-n', value: { reference: 'the cat was under the bed', n: 2 }, threshold: 0.9 }, c: { output: 'the cat was found under the bed' }, pass: false },
  { spec: { type: 'bleu', value: 'The cat sat on the mat.' }, c: { output: 'The cat sat on the mat.' }, pass: true },
  { spec: { type: 'bleu', value: ['The cat sat on the mat.'] }, c: { output: 'A dog ran in the park.' }, pass: false },
  { spec: { type: 'cost', threshold: 0.01 }, c: {}, pass: true },
  { spec: { type: 'cost', threshold: 0.001 }, c: {}, pass: false },
  { spec: { type: 'latency', threshold: 500 }, c: {}, pass: true },
  { spec: { type: 'latency', threshold: 100 }, c: {}, pass: false },
];

describe('deterministic assertions', () => {
  for (const [i, row] of rows.entries()) {
    const label = `${row.spec.type} ${row.pass ? 'passes' : 'fails'}${row.note ? ` (${row.note})` : ''} #${i}`;
    it(label, async () => {
      const r = await gradeAssertion(row.spec, ctx(row.c));
      assert.equal(r.error, undefined, r.reason);
      assert.equal(r.pass, row.pass, r.reason);
      assert.equal(r.type, row.spec.type);
      assert.ok(r.reason.length > 0);
    });
  }

  it('covers every deterministic type with a passing and a failing row', () => {
    const deterministic = ASSERTION_TYPES.filter((t) => !MODEL_GRADED_TYPES.includes(t));
    for (const t of deterministic) {
      assert.ok(rows.some((r) => r.spec.type === t && r.pass), `${t} has a passing row`);
      assert.ok(rows.some((r) => r.spec.type === t && !r.pass), `${t} has a failing row`);
    }
  });

  it('every type accepts not-: pass flips and the score becomes 1 - score', async () => {
    for (const row of rows) {
      const neg = await gradeAssertion({ ...row.spec, type: `not-${row.spec.type}` }, ctx(row.c));
      const pos = await gradeAssertion(row.spec, ctx(row.c));
      assert.equal(neg.pass, !pos.pass, `not-${row.spec.type}`);
      assert.ok(Math.abs(neg.score - (1 - pos.score)) < 1e-12);
      assert.equal(neg.type, `not-${row.spec.type}`);
    }
  });
});

describe('scores and thresholds', () => {
  it('rouge-n and bleu report the metric as the score', async () => {
    const r = await gradeAssertion({ type: 'rouge-n', value: { reference: 'the cat was under the bed', n: 2 } }, ctx({ output: 'the cat was found under the bed' }));
    assert.equal(r.score, 0.8);
    assert.equal(r.pass, true, '0.8 >= default 0.75');
    const strict = await gradeAssertion({ type: 'rouge-n', value: 'the cat was under the bed', threshold: 1 }, ctx({ output: 'the cat under the bed' }));
    assert.equal(strict.score, 5 / 6);
    assert.equal(strict.pass, false);
    const b = await gradeAssertion({ type: 'bleu', value: 'the cat sat on the mat', threshold: 0.3 }, ctx({ output: 'the cat sat on a mat' }));
    assert.ok(b.score > 0.3 && b.score < 1, String(b.score));
    assert.equal(b.pass, true);
    const neg = await gradeAssertion({ type: 'not-bleu', value: 'the cat sat on the mat', threshold: 0.3 }, ctx({ output: 'the cat sat on a mat' }));
    assert.ok(Math.abs(neg.score - (1 - b.score)) < 1e-12);
    assert.equal(neg.pass, false);
  });

  it('levenshtein threshold is the largest passing distance', async () => {
    assert.equal((await gradeAssertion({ type: 'levenshtein', value: 'kitten', threshold: 3 }, ctx({ output: 'sitting' }))).pass, true);
    assert.equal((await gradeAssertion({ type: 'levenshtein', value: 'abcdefgh' }, ctx({ output: 'a' }))).pass, false, '7 > 5');
  });

  it('cost and latency thresholds are inclusive maxima', async () => {
    assert.equal((await gradeAssertion({ type: 'cost', threshold: 0.002 }, ctx())).pass, true);
    assert.equal((await gradeAssertion({ type: 'latency', threshold: 120 }, ctx())).pass, true);
  });
});

describe('errors are not failures', () => {
  it('unknown types are errors', async () => {
    const r = await gradeAssertion({ type: 'similar', value: 'x' }, ctx({ output: 'x' }));
    assert.equal(r.error, true);
    assert.equal(r.pass, false);
    assert.match(r.reason, /unknown assertion type "similar"/);
    assert.equal((await gradeAssertion({ type: 'not-nonsense' }, ctx())).error, true);
  });

  it('javascript and python are rejected, never run, even negated', async () => {
    for (const type of ['javascript', 'python', 'ruby', 'not-javascript']) {
      const r = await gradeAssertion({ type, value: 'process.exit(1)' }, ctx({ output: 'x' }));
      assert.equal(r.error, true);
      assert.equal(r.pass, false);
      assert.match(r.reason, /not supported: runs code/);
    }
    assert.deepEqual([...UNSUPPORTED_ASSERTION_TYPES], ['javascript', 'python', 'ruby']);
    assert.ok(!ASSERTION_TYPES.includes('javascript'));
  });

  it('unknown cost and cached latency are errors; negation does not flip errors', async () => {
    const cost = await gradeAssertion({ type: 'not-cost', threshold: 1 }, ctx({ response: { costUsd: undefined } }));
    assert.equal(cost.error, true);
    assert.equal(cost.pass, false);
    const lat = await gradeAssertion({ type: 'latency', threshold: 1000 }, ctx({ response: { cached: true } }));
    assert.equal(lat.error, true);
    assert.match(lat.reason, /cache/);
  });

  it('bad values are errors with the validation message', async () => {
    const r = await gradeAssertion({ type: 'contains-all', value: { a: 1 } }, ctx({ output: 'x' }));
    assert.equal(r.error, true);
    assert.match(r.reason, /list of texts/);
    const re = await gradeAssertion({ type: 'regex', value: '(' }, ctx({ output: 'x' }));
    assert.equal(re.error, true);
    assert.match(re.reason, /invalid regular expression/);
  });

  it('schema problems are errors (bad schema, unreadable file)', async () => {
    const bad = await gradeAssertion({ type: 'is-json', value: { type: 'no-such-type' } }, ctx({ output: '{}' }));
    assert.equal(bad.error, true);
    assert.match(bad.reason, /invalid JSON schema/);
    const missing = await gradeAssertion({ type: 'is-json', value: 'file://schemas/none.json' }, ctx({ output: '{}' }));
    assert.equal(missing.error, true);
    assert.match(missing.reason, /ENOENT/);
  });
});

describe('structured values from files', () => {
  it('reads a JSON schema (JSON or YAML) through ctx.readFile', async () => {
    const files = {
      'schemas/answer.json': JSON.stringify({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', required: ['answer'], properties: { answer: { type: 'string' } } }),
      'schemas/answer.yaml': 'type: object\nrequired: [answer]\n',
    };
    assert.equal((await gradeAssertion({ type: 'is-json', value: 'file://schemas/answer.json' }, ctx({ output: '{"answer":"x"}', files }))).pass, true);
    assert.equal((await gradeAssertion({ type: 'is-json', value: 'file://schemas/answer.json' }, ctx({ output: '{"answer":1}', files }))).pass, false);
    assert.equal((await gradeAssertion({ type: 'contains-json', value: 'file://schemas/answer.yaml' }, ctx({ output: 'ok: {"answer": 1}', files }))).pass, true);
  });

  it('reads the tool list for tools-call checks', async () => {
    const files = { 'tools.json': JSON.stringify(weatherTools) };
    const c = ctx({ toolCalls: [call('get_weather', { city: 'Oslo' })], files });
    assert.equal((await gradeAssertion({ type: 'is-valid-openai-tools-call', value: 'file://tools.json' }, c)).pass, true);
  });
});

describe('gradeAll', () => {
  it('weights scores, and weight 0 is informative only', async () => {
    const r = await gradeAll([
      { type: 'contains', value: 'a', weight: 3 },
      { type: 'contains', value: 'z', weight: 1 },
      { type: 'contains', value: 'y', weight: 0, metric: 'style' },
    ], ctx({ output: 'abc' }));
    assert.equal(r.score, 0.75);
    assert.equal(r.pass, false, 'the weight-1 failure fails the case');
    assert.deepEqual(r.assertions.map((a) => [a.pass, a.weight]), [[true, 3], [false, 1], [false, 0]]);
    assert.equal(r.assertions[2]!.metric, 'style');

    const informativeOnly = await gradeAll([
      { type: 'contains', value: 'a' },
      { type: 'contains', value: 'zzz', weight: 0 },
    ], ctx({ output: 'abc' }));
    assert.equal(informativeOnly.pass, true);
    assert.equal(informativeOnly.score, 1);
  });

  it('carries metric and line through, keeps order, and passes an empty list', async () => {
    const r = await gradeAll([
      { type: 'regex', value: 'b', metric: 'format', line: 12 },
      { type: 'equals', value: 'abc', line: 13 },
    ], ctx({ output: 'abc' }));
    assert.deepEqual(r.assertions.map((a) => [a.type, a.metric, a.line]), [['regex', 'format', 12], ['equals', undefined, 13]]);
    assert.deepEqual(await gradeAll([], ctx()), { assertions: [], pass: true, score: 1 });
  });

  it('an error fails the case', async () => {
    const r = await gradeAll([{ type: 'contains', value: 'a' }, { type: 'python', value: 'True' }], ctx({ output: 'a' }));
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.5);
  });
});

describe('validateAssertionSpec', () => {
  it('accepts good specs of every supported type', () => {
    for (const row of rows) assert.equal(validateAssertionSpec(row.spec), undefined, row.spec.type);
    assert.equal(validateAssertionSpec({ type: 'not-contains', value: 'x' }), undefined);
    assert.equal(validateAssertionSpec({ type: 'llm-rubric', value: 'is polite', threshold: 0.8 }), undefined);
    assert.equal(validateAssertionSpec({ type: 'pairwise', value: { other: 'b', criteria: 'shorter' } }), undefined);
  });

  it('describes bad shapes', () => {
    const cases: [AssertionSpec, RegExp][] = [
      [{ type: 'nope' }, /unknown assertion type/],
      [{ type: 'javascript', value: '1' }, /not supported: runs code/],
      [{ type: 'contains' }, /needs a text value/],
      [{ type: 'word-count', value: { min: 5, max: 2 } }, /min <= max/],
      [{ type: 'word-count', value: 'ten' }, /number or \{min, max\}/],
      [{ type: 'tool-call-sequence', value: { sequence: ['a'], mode: 'sometimes' } }, /mode must be/],
      [{ type: 'tool-call-args', value: { arguments: {} } }, /\{name, arguments\}/],
      [{ type: 'tool-called' }, /tool name/],
      [{ type: 'is-json', value: [1] }, /schema object/],
      [{ type: 'is-valid-openai-tools-call', value: [{ function: {} }] }, /needs a name/],
      [{ type: 'rouge-n', value: { reference: 'x', n: 0 } }, /integer from 1/],
      [{ type: 'rouge-n', value: 'x', threshold: 2 }, /threshold must be a number from 0 to 1/],
      [{ type: 'bleu' }, /reference/],
      [{ type: 'cost' }, /needs a threshold/],
      [{ type: 'contains', value: 'x', weight: -1 }, /weight must be/],
      [{ type: 'contains', value: 'x', rubricPrompt: 'p.txt' }, /only applies to model-graded/],
      [{ type: 'factuality', value: { reference: 'x', passCategories: ['F'] } }, /passCategories/],
      [{ type: 'llm-rubric' }, /needs a rubric/],
      [{ type: '' }, /needs a type/],
    ];
    for (const [spec, re] of cases) assert.match(validateAssertionSpec(spec) ?? '(valid)', re, JSON.stringify(spec));
  });

  it('lists the types once, without not- forms', () => {
    assert.equal(new Set(ASSERTION_TYPES).size, ASSERTION_TYPES.length);
    assert.ok(ASSERTION_TYPES.every((t) => !t.startsWith('not-')));
    for (const t of ['equals', 'tool-call-sequence', 'llm-rubric', 'pairwise', 'bleu']) assert.ok(ASSERTION_TYPES.includes(t));
    assert.deepEqual([...MODEL_GRADED_TYPES].sort(), ['answer-relevance', 'context-faithfulness', 'factuality', 'llm-rubric', 'model-graded-closedqa', 'model-graded-factuality', 'pairwise']);
  });
});

describe('metrics', () => {
  it('levenshtein: classic examples', () => {
    assert.equal(levenshtein('kitten', 'sitting'), 3);
    assert.equal(levenshtein('flaw', 'lawn'), 2);
    assert.equal(levenshtein('', 'abc'), 3);
    assert.equal(levenshtein('héllo', 'hello'), 1);
  });

  it('ROUGE-N recall: the reference/candidate example of Lin (2004)-style tutorials', () => {
    // Reference "the cat was under the bed", candidate "the cat was found under the bed":
    // ROUGE-1 recall 6/6, ROUGE-2 recall 4/5.
    assert.equal(rougeN('the cat was found under the bed', 'the cat was under the bed', 1), 1);
    assert.equal(rougeN('the cat was found under the bed', 'the cat was under the bed', 2), 0.8);
    assert.equal(rougeN('The CAT!', 'the cat', 1), 1, 'case and punctuation are normalised');
    assert.equal(rougeN('anything', '', 1), 0);
  });

  it("BLEU-4 reproduces NLTK's documented sentence_bleu example (0.5045666840058485)", () => {
    // https://www.nltk.org/api/nltk.translate.bleu_score.html — sentence_bleu([reference1,
    // reference2, reference3], hypothesis1) = 0.5045666840058485 (every n-gram order matches,
    // so smoothing does not apply).
    const hypothesis1 = 'It is a guide to action which ensures that the military always obeys the commands of the party';
    const reference1 = 'It is a guide to action that ensures that the military will forever heed Party commands';
    const reference2 = 'It is the guiding principle which guarantees the military forces always being under the command of the Party';
    const reference3 = 'It is the practical guide for the army always to heed the directions of the party';
    assert.ok(Math.abs(bleu(hypothesis1, [reference1, reference2, reference3]) - 0.5045666840058485) < 1e-12);
  });

  it('BLEU: identical text scores 1, brevity is penalised, smoothing keeps partial matches above 0', () => {
    assert.equal(bleu('the cat sat on the mat', ['the cat sat on the mat']), 1);
    const short = bleu('the cat sat', ['the cat sat on the mat']);
    assert.ok(short > 0 && short < 0.4, String(short));
    const noFourGram = bleu('the cat sat down', ['the cat sat up']);
    assert.ok(noFourGram > 0 && noFourGram < 1);
    assert.equal(bleu('', ['x']), 0);
  });

  it('extractFirstJson skips braces in prose and strings', () => {
    assert.deepEqual(extractFirstJson('use {braces} like [this]: {"a": "[}"} then [1]')?.value, { a: '[}' });
    assert.deepEqual(extractFirstJson('[1, {"b": 2}]')?.value, [1, { b: 2 }]);
    assert.equal(extractFirstJson('nothing { here'), undefined);
  });
});
