/**
 * Links from traces to the workspace (definition patterns per language, prompt-template matching)
 * and "add to eval dataset" (a reviewed trace as a test case, appended to a JSONL dataset).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { addCaseToJsonl, bestPromptMatch, findDefinitions, readTraces, templateMatchScore, traceToTestCase } from '../../src/core';
import { traceFixture } from './traceFixtures';

describe('findDefinitions', () => {
  test('finds definitions in Python, TypeScript, Go, Java and tool-name declarations, strongest first', () => {
    const py = 'import x\n\n@function_tool\ndef get_weather(city: str) -> str:\n    return x\n\nasync def book_reservation(a):\n    pass\n';
    assert.deepEqual(findDefinitions(py, 'get_weather').map((h) => [h.line, h.column, h.strength]), [[3, 4, 2]]);
    assert.deepEqual(findDefinitions(py, 'book_reservation').map((h) => h.line), [6]);
    const ts = "export async function getWeather(city: string) {}\nexport const lookup = tool({ name: 'lookup_order' });\nclass Planner {}\n";
    assert.deepEqual(findDefinitions(ts, 'getWeather').map((h) => h.strength), [2]);
    assert.deepEqual(findDefinitions(ts, 'lookup_order').map((h) => [h.line, h.strength]), [[1, 1]]);
    assert.deepEqual(findDefinitions(ts, 'Planner').map((h) => h.line), [2]);
    assert.deepEqual(findDefinitions('func (s *Server) Transfer(ctx context.Context) error {', 'Transfer').map((h) => h.strength), [2]);
    assert.deepEqual(findDefinitions('  public static Order cancelOrder(String id) {', 'cancelOrder').map((h) => h.strength), [2]);
    assert.deepEqual(findDefinitions('{"type": "function", "function": {"name": "send_email"}}', 'send_email').map((h) => h.strength), [1]);
  });

  test('a call or a mention is not a definition; names are matched exactly, never as regex', () => {
    assert.deepEqual(findDefinitions('result = get_weather("Paris")\n# get_weather is slow', 'get_weather'), []);
    assert.deepEqual(findDefinitions('def get_weather_v2(x):', 'get_weather'), []);
    assert.deepEqual(findDefinitions('def a(x):', 'a.*'), []);
    assert.deepEqual(findDefinitions('def x(): pass', '(?:x)'), []);
  });
});

describe('prompt template matching', () => {
  const template = readFileSync(path.join(__dirname, '..', '..', 'samples', 'prompts', 'support-triage.prompt'), 'utf8').replace(/^---[\s\S]*?\n---\n/, '');
  test('a rendered prompt matches its template; a different prompt does not', () => {
    const rendered = template.replace(/\{\{[^}]*\}\}/g, 'My order #123 never arrived and I want a refund');
    assert.ok(templateMatchScore(template, rendered) > 0.95);
    assert.ok(templateMatchScore(template, 'You are a helpful assistant. Answer briefly.') < 0.2);
    const best = bestPromptMatch([{ template: 'Translate {{text}} into French.' }, { template }], rendered);
    assert.equal(best?.candidate.template, template);
    assert.equal(bestPromptMatch([{ template: 'Translate {{text}} into French.' }], rendered), undefined);
  });
});

describe('traces as eval test cases', () => {
  test('a τ-bench trace becomes a case with its first user turn, the tool path and the review', async () => {
    const { traces } = await readTraces(traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz'));
    const t = traces.find((x) => x.spans.some((s) => s.toolName === 'cancel_reservation'))!;
    const pass = traceToTestCase(t, { path: 'traces/airline.json' }, { verdict: 'pass', labels: ['good'] });
    assert.equal(pass.id, `trace-${t.traceId}`);
    assert.equal(typeof pass.vars.input, 'string');
    const messages = pass.vars.messages as { role: string }[];
    assert.ok(messages.some((m) => m.role === 'system') && messages.some((m) => m.role === 'user'));
    assert.ok(!messages.some((m) => m.role === 'assistant'), 'only what went in before the agent answered');
    const seq = (pass.assert[0] as { value: { sequence: string[] } }).value.sequence;
    assert.ok(seq.includes('cancel_reservation'));
    assert.deepEqual(pass.metadata.labels, ['good']);
    assert.equal(pass.vars.task_id, t.attributes.task_id);

    const fail = traceToTestCase(t, { path: 'traces/airline.json' }, { verdict: 'fail', labels: [], comment: 'Must ask for confirmation before cancelling.' });
    assert.equal(fail.expected, 'Must ask for confirmation before cancelling.');
    assert.deepEqual(fail.assert, [{ type: 'llm-rubric', value: 'Must ask for confirmation before cancelling.' }]);
  });

  test('adding the same trace twice replaces its line; other lines are kept as they are', async () => {
    const { traces } = await readTraces(traceFixture('tau-bench-airline-gpt-4o.trials-0-1.json.gz'));
    const a = traceToTestCase(traces[0]!, { path: 'x' });
    const b = traceToTestCase(traces[1]!, { path: 'x' });
    let text = addCaseToJsonl('', a).text;
    text = addCaseToJsonl(text, b).text;
    text = '{"id":"hand-written","vars":{}}\nnot json\n' + text;
    const again = addCaseToJsonl(text, { ...a, expected: 'changed' });
    assert.equal(again.replaced, true);
    const lines = again.text.trim().split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[1], 'not json');
    assert.equal((JSON.parse(lines[2]!) as { expected?: string }).expected, 'changed');
  });
});
