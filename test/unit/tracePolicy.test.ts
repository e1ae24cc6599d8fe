/**
 * Policy-based path checks of agent traces (src/core/traces/policy, docs/trace-policy.md): the
 * policy file (schema, errors with lines), globs, each rule type on a violating and a clean trace
 * built here, scopes and severities, the counts and the outcome split, and the τ-bench airline
 * policy (samples/traces/airline.policy.yaml) on the τ-bench transcripts: the in-repo sample, and
 * the shared data set's copy where it is present (skipped visibly where not).
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import { readTraces } from '../../src/core/traces/readTraces';
import type { Span, SpanKind, Trace, TraceMessage } from '../../src/core/traces/types';
import {
  DEFAULT_CONFIRMATION, POLICY_SCHEMA_ID, PolicyError, checkTrace, checkTraces, compileGlobs, globToRegExp, isPolicyFile,
  outcomeByPath, parsePolicy, summarizeViolations, traceView, violationsToChecks, type Policy, type Violation,
} from '../../src/core/traces/policy';

// ---------------------------------------------------------------------------------------------
// Trace builders

type SpanInit = Partial<Omit<Span, 'traceId' | 'seq'>> & { kind: SpanKind };

/** A trace from span fields: ids s0, s1… unless given, seq in list order, status ok. */
function mkTrace(traceId: string, inits: readonly SpanInit[], attributes: Record<string, unknown> = {}): Trace {
  const spans: Span[] = inits.map((s, i) => ({
    traceId, seq: i, spanId: s.spanId ?? `s${i}`, name: s.name ?? s.toolName ?? s.kind, status: 'ok', attributes: {},
    ...(s.kind === 'llm' && s.llmCall === undefined ? { llmCall: true } : {}), ...s,
  }));
  return { traceId, name: traceId, attributes, spans };
}

const tool = (toolName: string, extra: Partial<SpanInit> = {}): SpanInit => ({ kind: 'tool', toolName, ...extra });

/** Transcript items in the chat reader's shape (chatReader.ts): ids m0, m1…, tool replies under their call. */
type Item = { user: string } | { say: string } | { call: string; args?: Record<string, unknown>; result?: string };
function chat(traceId: string, items: readonly Item[], attributes: Record<string, unknown> = {}): Trace {
  const inits: SpanInit[] = [];
  let lastAssistant = '';
  for (const it of items) {
    const spanId = `m${inits.length}`;
    if ('user' in it) inits.push({ spanId, kind: 'message', name: 'user', inputMessages: [{ role: 'user', content: it.user }] });
    else if ('say' in it) {
      inits.push({ spanId, kind: 'llm', name: 'assistant', outputMessages: [{ role: 'assistant', content: it.say }] });
      lastAssistant = spanId;
    } else {
      const args = JSON.stringify(it.args ?? {});
      inits.push({ spanId, kind: 'llm', name: 'assistant', outputMessages: [{ role: 'assistant', content: '', toolCalls: [{ id: `c${spanId}`, name: it.call, arguments: args }] }] });
      lastAssistant = spanId;
      inits.push({ spanId: `m${inits.length}`, parentSpanId: lastAssistant, kind: 'tool', name: it.call, toolName: it.call, toolCallId: `c${spanId}`, toolArguments: args, toolResult: it.result ?? '{}', status: 'unset' });
    }
  }
  return mkTrace(traceId, inits, attributes);
}

const policy = (yaml: string) => parsePolicy(yaml, 'test.policy.yaml');
const rule = (body: string, id = 'r') => policy(`rules:\n  - id: ${id}\n${body.replace(/^/gm, '    ')}\n`);
const ids = (vs: readonly Violation[]) => vs.map((v) => v.spanId);

function policyError(text: string, path = 'p.policy.yaml'): PolicyError {
  try {
    parsePolicy(text, path);
  } catch (err) {
    assert.ok(err instanceof PolicyError, String(err));
    return err;
  }
  assert.fail('expected a PolicyError');
}

// ---------------------------------------------------------------------------------------------

describe('policy file', () => {
  test('a minimal policy: defaults, description, path', () => {
    const p = parsePolicy('version: 1\ndescription: d\nrules:\n  - id: no-delete\n    forbidTools: delete_*\n', 'a.policy.yaml');
    assert.equal(p.path, 'a.policy.yaml');
    assert.equal(p.description, 'd');
    assert.equal(p.rules.length, 1);
    assert.deepEqual({ id: p.rules[0]!.id, type: p.rules[0]!.type, severity: p.rules[0]!.severity }, { id: 'no-delete', type: 'forbidTools', severity: 'error' });
  });

  test('JSON policies read the same, with lines in their errors', () => {
    const p = parsePolicy(JSON.stringify({ rules: [{ id: 'x', severity: 'info', maxSteps: { max: 3, count: 'toolCalls' } }] }), 'p.json');
    assert.deepEqual({ type: p.rules[0]!.type, severity: p.rules[0]!.severity }, { type: 'maxSteps', severity: 'info' });
    const e = policyError('{\n  "rules": [\n    {\n      "id": "x",\n      "maxStep": 3\n    }\n  ]\n}\n', 'p.json');
    assert.equal(e.line, 5);
    assert.equal(e.keyPath, 'rules[0].maxStep');
    assert.match(e.reason, /unknown key "maxStep" \(did you mean "maxSteps"\?\)/);
  });

  test('an empty rule list is a valid policy that finds nothing', () => {
    const p = parsePolicy('rules: []\n');
    assert.deepEqual(checkTrace(mkTrace('t', [tool('anything')]), p), []);
  });

  test('unknown rule key: line, column, key path and a suggestion', () => {
    const e = policyError([
      'rules:',
      '  - id: a',
      '    forbidTools: [x]',
      '  - id: b',
      '    allowTool:',
      '      - agent: "*"',
      '        tools: [y]',
    ].join('\n'));
    assert.equal(e.line, 5);
    assert.equal(e.column, 5);
    assert.equal(e.keyPath, 'rules[1].allowTool');
    assert.match(e.reason, /unknown key "allowTool" \(did you mean "allowTools"\?\)/);
    assert.equal(e.message, `p.policy.yaml:5:5: rules[1].allowTool: ${e.reason}`);
  });

  test('unknown keys inside a rule type and at the top level', () => {
    const inner = policyError('rules:\n  - id: a\n    requireConfirmation:\n      tools: [book_*]\n      perActoin: false\n');
    assert.deepEqual([inner.line, inner.keyPath], [5, 'rules[0].requireConfirmation.perActoin']);
    assert.match(inner.reason, /did you mean "perAction"/);
    const top = policyError('rule:\n  - id: a\n');
    assert.equal(top.line, 1);
    assert.match(top.reason, /unknown key "rule" \(did you mean "rules"\?\)/);
  });

  test('bad regular expressions are reported on their line', () => {
    const e = policyError('rules:\n  - id: a\n    requireConfirmation:\n      tools: [book_*]\n      confirmation: "(yes"\n');
    assert.deepEqual([e.line, e.keyPath], [5, 'rules[0].requireConfirmation.confirmation']);
    assert.match(e.reason, /bad regular expression/);
    const p = policyError('rules:\n  - id: a\n    requireToolSuccess: { errorPattern: "[" }\n');
    assert.deepEqual([p.line, p.keyPath], [3, 'rules[0].requireToolSuccess.errorPattern']);
  });

  test('duplicate ids: the second one, naming the first', () => {
    const e = policyError('rules:\n  - id: same\n    forbidTools: a\n  - id: other\n    forbidTools: b\n  - id: same\n    forbidTools: c\n');
    assert.deepEqual([e.line, e.keyPath], [6, 'rules[2].id']);
    assert.match(e.reason, /duplicate rule id "same": rules\[0\] \(line 2\) has it too/);
  });

  test('a rule needs exactly one rule type', () => {
    const none = policyError('rules:\n  - id: a\n    severity: warning\n');
    assert.deepEqual([none.line, none.keyPath], [2, 'rules[0]']);
    assert.match(none.reason, /has no rule type: give one of allowTools, forbidTools/);
    const two = policyError('rules:\n  - id: a\n    forbidTools: x\n    maxSteps: 3\n');
    assert.deepEqual([two.line, two.keyPath], [4, 'rules[0].maxSteps']);
    assert.match(two.reason, /2 rule types \(forbidTools, maxSteps\)/);
  });

  test('schema errors in words: types, enums, required keys, empty lists, version', () => {
    const cases: [string, number, string, RegExp][] = [
      ['rules:\n  - id: a\n    maxSteps: ten\n', 3, 'rules[0].maxSteps', /must be integer or object/],
      ['rules:\n  - id: a\n    severity: fatal\n    maxSteps: 3\n', 3, 'rules[0].severity', /must be one of: "error", "warning", "info"/],
      ['rules:\n  - id: a\n    requireBefore:\n      tool: x\n', 3, 'rules[0].requireBefore', /missing required key "before"/],
      ['rules:\n  - id: a\n    forbidTools: []\n', 3, 'rules[0].forbidTools', /must not be empty/],
      ['rules:\n  - id: a\n    maxTokens: { max: -1 }\n', 3, 'rules[0].maxTokens.max', /must be >= 0/],
      ['rules:\n  - forbidTools: x\n', 2, 'rules[0]', /missing required key "id"/],
      ['rules:\n  - id: "has space"\n    forbidTools: x\n', 2, 'rules[0].id', /must match/],
      ['version: 2\nrules: []\n', 1, 'version', /must be 1/],
      ['description: x\n', 1, '', /missing required key "rules"/],
    ];
    for (const [text, line, keyPath, reason] of cases) {
      const e = policyError(text);
      assert.equal(e.line, line, text);
      assert.equal(e.keyPath ?? '', keyPath, text);
      assert.match(e.reason, reason, text);
    }
  });

  test('bad globs, YAML syntax and empty files', () => {
    const g = policyError('rules:\n  - id: a\n    allowTools:\n      - agent: "*"\n        tools: [ok, "update_["]\n');
    assert.deepEqual([g.line, g.keyPath], [5, 'rules[0].allowTools[0].tools[1]']);
    assert.match(g.reason, /bad glob "update_\["/);
    const y = policyError('rules:\n  - id: a\n    forbidTools: [x\n  - id: b\n');
    assert.ok(y.line !== undefined && y.line >= 3, String(y.line));
    const dup = policyError('rules: []\nrules: []\n');
    assert.equal(dup.line, 2);
    assert.match(policyError('').reason, /empty policy/);
    assert.match(policyError('# only a comment\n').reason, /empty policy/);
  });

  test('the published schema is draft-07 with its $id, compiles, and accepts the sample policy', async () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'trace-policy.schema.json'), 'utf8'));
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.$id, POLICY_SCHEMA_ID);
    const validate = new Ajv({ strict: false }).compile(schema);
    const { parse } = await import('yaml');
    const sample = parse(readFileSync(join(__dirname, '..', '..', 'samples', 'traces', 'airline.policy.yaml'), 'utf8'));
    assert.ok(validate(sample), JSON.stringify(validate.errors));
    assert.equal(validate({ rules: [{ id: 'a' }] }), false, 'no rule type');
    assert.equal(validate({ rules: [{ id: 'a', forbidTools: 'x', maxSteps: 1 }] }), false, 'two rule types');
  });

  test('policy file names', () => {
    for (const p of ['.tracemine/policy.yaml', 'ws/.tracemine/policy.json', 'samples/traces/airline.policy.yaml', 'C:\\ws\\x.policy.yml']) assert.ok(isPolicyFile(p), p);
    for (const p of ['policy.yaml', 'x.policy.txt', 'airline.yaml', '.tracemine/other.yaml']) assert.ok(!isPolicyFile(p), p);
  });
});

describe('globs', () => {
  test('stars, question marks, classes, alternatives, literals', () => {
    const m = (g: string, name: string) => globToRegExp(g).test(name);
    assert.ok(m('update_reservation_*', 'update_reservation_flights'));
    assert.ok(!m('update_reservation_*', 'book_reservation'));
    assert.ok(m('*_reservation', 'book_reservation') && m('**', 'x'));
    assert.ok(m('get_?', 'get_a') && !m('get_?', 'get_ab'));
    assert.ok(m('tool[12]', 'tool1') && !m('tool[12]', 'tool3') && m('tool[!12]', 'tool3') && m('v[a-c]', 'vb'));
    assert.ok(m('{book,cancel}_reservation', 'cancel_reservation') && !m('{book,cancel}_reservation', 'get_reservation'));
    assert.ok(m('a.b+c(d)', 'a.b+c(d)') && !m('a.b', 'axb'), 'regex characters are literal');
    assert.ok(m('x\\*', 'x*') && !m('x\\*', 'xy'), 'escaped star');
    assert.ok(!m('Search', 'search'), 'case-sensitive');
  });

  test('matchers: lists, and `*` matching steps without a name', () => {
    const any = compileGlobs('*');
    assert.ok(any(undefined) && any('x'));
    const some = compileGlobs(['a', 'b_*']);
    assert.ok(some('a') && some('b_c') && !some('c') && !some(undefined));
  });
});

describe('allowTools and forbidTools', () => {
  const multiAgent = mkTrace('t', [
    { spanId: 'p', kind: 'agent', agentName: 'planner' },
    tool('search_web', { spanId: 'p1', parentSpanId: 'p' }),
    tool('delete_file', { spanId: 'p2', parentSpanId: 'p' }),
    { spanId: 'w', kind: 'agent', agentName: 'writer' },
    tool('write_file', { spanId: 'w1', parentSpanId: 'w' }),
  ]);

  test('per agent: a tool not listed for its agent, and an agent no entry covers', () => {
    const p = rule('allowTools:\n  - agent: planner\n    tools: [search_*]');
    const v = checkTrace(multiAgent, p);
    assert.deepEqual(ids(v), ['p2', 'w1']);
    assert.match(v[0]!.message, /delete_file is not an allowed tool for agent "planner"/);
    assert.match(v[1]!.message, /write_file called by agent "writer", which no allowTools entry covers/);
    assert.deepEqual({ ruleId: v[0]!.ruleId, ruleType: v[0]!.ruleType, severity: v[0]!.severity, traceId: v[0]!.traceId }, { ruleId: 'r', ruleType: 'allowTools', severity: 'error', traceId: 't' });
  });

  test('entries add up; `*` covers every agent; a clean trace', () => {
    const p = rule('allowTools:\n  - agent: planner\n    tools: [search_*]\n  - agent: "*"\n    tools: ["{write,delete}_file"]');
    assert.deepEqual(checkTrace(multiAgent, p), []);
    const strict = rule('allowTools:\n  - agent: "*"\n    tools: [search_web, write_file]');
    assert.deepEqual(ids(checkTrace(multiAgent, strict)), ['p2']);
  });

  test('forbidden tools, named with the pattern', () => {
    const p = rule('forbidTools: [delete_*, drop_table]');
    const v = checkTrace(multiAgent, p);
    assert.deepEqual(ids(v), ['p2']);
    assert.match(v[0]!.message, /delete_file is a forbidden tool \(forbidTools: delete_\*, drop_table\)/);
    assert.deepEqual(checkTrace(mkTrace('clean', [tool('search_web'), tool('write_file')]), p), []);
  });

  test('tool calls no tool span answers are checked too', () => {
    const t = mkTrace('t', [{ spanId: 'l', kind: 'llm', outputMessages: [{ role: 'assistant', content: '', toolCalls: [{ name: 'delete_file', arguments: '{}' }] }] }]);
    const steps = traceView(t).steps;
    assert.deepEqual(steps.map((s) => [s.spanId, s.kind, s.tool, s.pending ?? false]), [['l', 'llm', undefined, false], ['l', 'tool', 'delete_file', true]]);
    assert.deepEqual(ids(checkTrace(t, rule('forbidTools: delete_*'))), ['l']);
  });
});

describe('requireBefore', () => {
  const p = rule('requireBefore:\n  tool: delete_*\n  before: { kind: guardrail, spanName: human-approval }');

  test('a call without the required step before it', () => {
    const v = checkTrace(mkTrace('t', [tool('read_file'), tool('delete_file')]), p);
    assert.deepEqual(ids(v), ['s1']);
    assert.match(v[0]!.message, /delete_file called without a guardrail step, a step named human-approval before it/);
  });

  test('the step after the call does not count; before it does', () => {
    assert.equal(checkTrace(mkTrace('t', [tool('delete_file'), { kind: 'guardrail', name: 'human-approval' }]), p).length, 1);
    assert.deepEqual(checkTrace(mkTrace('t', [{ kind: 'guardrail', name: 'human-approval' }, tool('delete_file'), tool('delete_dir')]), p), []);
    assert.equal(checkTrace(mkTrace('t', [{ kind: 'guardrail', name: 'other-check' }, tool('delete_file')]), p).length, 1, 'every criterion must match');
  });

  test('perAction: one approval per call; a tool as the required step', () => {
    const per = rule('requireBefore:\n  tool: delete_*\n  before: { spanName: human-approval }\n  perAction: true');
    const v = checkTrace(mkTrace('t', [{ kind: 'guardrail', name: 'human-approval' }, tool('delete_file'), tool('delete_dir')]), per);
    assert.deepEqual(ids(v), ['s2']);
    assert.deepEqual(v[0]!.relatedSpanIds, ['s0']);
    const backup = rule('requireBefore:\n  tool: [drop_*]\n  before: { tool: backup_* }');
    assert.deepEqual(checkTrace(mkTrace('t', [tool('backup_db'), tool('drop_table')]), backup), []);
    assert.equal(checkTrace(mkTrace('t', [tool('drop_table'), tool('backup_db')]), backup).length, 1);
    const self = rule('requireBefore:\n  tool: drop_*\n  before: { kind: tool }');
    assert.equal(checkTrace(mkTrace('t', [tool('drop_table')]), self).length, 1, 'a call does not satisfy its own requirement');
  });
});

describe('requireConfirmation', () => {
  const p = rule('requireConfirmation:\n  tools: [book_reservation, cancel_reservation, update_reservation_*]');
  const stated = { say: 'To confirm: cancel reservation ABC123 (JFK to SEA, economy). Shall I proceed?' };
  const cancel = (id = 'ABC123') => ({ call: 'cancel_reservation', args: { reservation_id: id, reason: 'change of plan' } });

  test('stated, confirmed, done: clean', () => {
    const t = chat('t', [{ user: 'Please cancel ABC123.' }, stated, { user: 'Yes, please.' }, cancel()]);
    assert.deepEqual(checkTrace(t, p), []);
  });

  test('no confirmation, or no user message at all', () => {
    const t = chat('t', [{ user: 'Please cancel ABC123.' }, stated, { user: 'Hmm, what does it cost?' }, cancel()]);
    const v = checkTrace(t, p);
    assert.deepEqual(ids(v), ['m4']);
    assert.match(v[0]!.message, /cancel_reservation called without user confirmation: the last user message before it \(m2: "Hmm, what does it cost\?"\) is not a confirmation/);
    const bare = checkTrace(chat('t', [cancel()]), p);
    assert.match(bare[0]!.message, /no user message before it/);
  });

  test('one confirmation authorises one action (perAction), unless perAction is false', () => {
    const t = chat('t', [stated, { user: 'yes' }, cancel('ABC123'), cancel('XYZ789')]);
    const v = checkTrace(t, p);
    assert.deepEqual(ids(v), ['m5']);
    assert.match(v[0]!.message, /called without a confirmation of its own: the user's confirmation \(m1\) was used by cancel_reservation \(m3\)/);
    assert.deepEqual(v[0]!.relatedSpanIds, ['m1', 'm3']);
    const lenient = rule('requireConfirmation:\n  tools: [cancel_*]\n  perAction: false');
    assert.deepEqual(checkTrace(t, lenient), []);
  });

  test('reads in between neither use nor withdraw a confirmation; a new user message does', () => {
    const reads = chat('t', [stated, { user: 'Yes' }, { call: 'get_reservation_details', args: { reservation_id: 'ABC123' } }, { call: 'calculate' }, cancel()]);
    assert.deepEqual(checkTrace(reads, p), []);
    const withdrawn = chat('t', [stated, { user: 'Yes' }, { user: 'Actually, wait: use my other card.' }, cancel()]);
    assert.equal(checkTrace(withdrawn, p).length, 1);
  });

  test('the statement must state the action (arguments or action words)', () => {
    const offTopic = chat('t', [{ say: 'Would you like travel insurance for $30?' }, { user: 'Yes' }, { call: 'book_reservation', args: { flights: [{ flight_number: 'HAT136' }], insurance: 'no' } }]);
    const v = checkTrace(offTopic, p);
    assert.deepEqual(ids(v), ['m3']);
    assert.match(v[0]!.message, /book_reservation called after a confirmation \(m1\) of an assistant message \(m0: "Would you like travel insurance for \$30\?"\) that does not state the action: it names none of the call's arguments nor "book…", "reservation…"/);
    assert.deepEqual(v[0]!.relatedSpanIds, ['m0', 'm1']);
    const byArgument = chat('t', [{ say: 'Flight HAT136 on May 20, total $255. OK?' }, { user: 'Yes' }, { call: 'book_reservation', args: { flights: [{ flight_number: 'HAT136' }] } }]);
    assert.deepEqual(checkTrace(byArgument, p), []);
    const byWord = chat('t', [{ say: 'Shall I go ahead with the booking?' }, { user: 'Yes' }, { call: 'book_reservation', args: { flights: [{ flight_number: 'HAT136' }] } }]);
    assert.deepEqual(checkTrace(byWord, p), [], '"book" matches "booking"');
    const noStatement = rule('requireConfirmation:\n  tools: [book_*]\n  requireStatement: false');
    assert.deepEqual(checkTrace(offTopic, noStatement), []);
    const words = rule('requireConfirmation:\n  tools: [book_*]\n  actionWords: [insurance]');
    assert.deepEqual(checkTrace(offTopic, words), []);
    const none = checkTrace(chat('t', [{ user: 'yes' }, cancel()]), p);
    assert.match(none[0]!.message, /that no assistant message stating the action came before/);
  });

  test('the default confirmation: a sentence starting with yes / proceed / go ahead…', () => {
    const re = new RegExp(DEFAULT_CONFIRMATION, 'i');
    for (const ok of ['Yes', 'yes, please', 'Y', 'Yep.', 'Confirmed', 'I confirm.', 'Proceed', 'Please proceed with the booking.', 'Go ahead', 'That sounds good. Yes, please go ahead.', 'Everything looks perfect! Please proceed.']) assert.ok(re.test(ok), ok);
    for (const no of ['no', 'Can you proceed?', 'yesterday I flew', 'I said yes before', 'Let us go with option 1.']) assert.ok(!re.test(no), no);
  });

  test('a custom confirmation expression (case-insensitive)', () => {
    const custom = rule('requireConfirmation:\n  tools: [cancel_*]\n  confirmation: "^\\\\s*CONFIRM\\\\b"');
    assert.equal(checkTrace(chat('t', [stated, { user: 'yes' }, cancel()]), custom).length, 1);
    assert.deepEqual(checkTrace(chat('t', [stated, { user: 'confirm' }, cancel()]), custom), []);
  });

  test('traces with LLM inputs instead of message spans: the new user turns of each call', () => {
    const sys: TraceMessage = { role: 'system', content: 'You are an airline agent.' };
    const ask: TraceMessage = { role: 'user', content: 'Cancel ABC123 please.' };
    const statement: TraceMessage = { role: 'assistant', content: 'Cancel reservation ABC123 now? Please confirm.' };
    const calls = [{ id: 'c1', name: 'cancel_reservation', arguments: '{"reservation_id":"ABC123"}' }];
    const build = (answer: string) => mkTrace('t', [
      { spanId: 'a', kind: 'llm', inputMessages: [sys, ask], outputMessages: [statement] },
      { spanId: 'b', kind: 'llm', inputMessages: [sys, ask, statement, { role: 'user', content: answer }], outputMessages: [{ role: 'assistant', content: '', toolCalls: calls }] },
    ]);
    const steps = traceView(build('yes')).steps;
    assert.deepEqual(steps.map((s) => s.turns.map((t) => `${t.role}: ${t.text}`)), [['user: Cancel ABC123 please.', `assistant: ${statement.content}`], ['user: yes'], []]);
    assert.deepEqual(steps[2]!.pending, true);
    assert.deepEqual(checkTrace(build('yes'), p), []);
    assert.deepEqual(ids(checkTrace(build('no, wait'), p)), ['b']);
  });

  test('a tool reply sent as role user (Gemini) is not the user speaking', () => {
    const t = mkTrace('t', [
      { spanId: 'a', kind: 'llm', inputMessages: [{ role: 'user', content: 'cancel ABC123' }], outputMessages: [{ role: 'assistant', content: 'Cancel reservation ABC123?' }] },
      { spanId: 'b', kind: 'llm', inputMessages: [{ role: 'user', content: 'cancel ABC123' }, { role: 'model', content: 'Cancel reservation ABC123?' }, { role: 'user', content: 'yes' }, { role: 'user', content: '{"ok":true}', toolCallId: 'g1' }], outputMessages: [{ role: 'model', content: '', toolCalls: [{ name: 'cancel_reservation', arguments: '{"reservation_id":"ABC123"}' }] }] },
    ]);
    assert.deepEqual(traceView(t).steps[1]!.turns, [{ role: 'user', text: 'yes' }]);
    assert.deepEqual(checkTrace(t, p), []);
  });
});

describe('budgets', () => {
  const calls = mkTrace('t', [
    { kind: 'agent', agentName: 'a', start: 0, end: 1500 },
    { kind: 'llm', llmCall: false, inputTokens: 90, outputTokens: 30, start: 10, end: 600 },
    { kind: 'llm', inputTokens: 60, outputTokens: 10, costUsd: 0.006, start: 20, end: 500 },
    tool('search', { start: 600, end: 700 }),
    { kind: 'llm', inputTokens: 30, outputTokens: 20, costUsd: 0.005, start: 700, end: 1400 },
  ]);

  test('maxSteps: spans, LLM calls (wrappers not counted), tool calls', () => {
    const spans = checkTrace(calls, rule('maxSteps: 3'));
    assert.deepEqual(ids(spans), ['s3']);
    assert.match(spans[0]!.message, /5 spans, more than the 3 allowed \(the limit was passed at s3\)/);
    assert.deepEqual(checkTrace(calls, rule('maxSteps: { max: 2, count: llmCalls }')), []);
    assert.deepEqual(ids(checkTrace(calls, rule('maxSteps: { max: 1, count: llmCalls }'))), ['s4']);
    assert.deepEqual(ids(checkTrace(calls, rule('maxSteps: { max: 0, count: toolCalls }'))), ['s3']);
    assert.deepEqual(checkTrace(calls, rule('maxSteps: 5')), []);
  });

  test('maxTokens: total, input, output; counted calls only', () => {
    const total = checkTrace(calls, rule('maxTokens: 100'));
    assert.deepEqual(ids(total), ['s4']);
    assert.match(total[0]!.message, /120 tokens, more than the 100 allowed/);
    assert.deepEqual(checkTrace(calls, rule('maxTokens: 120')), []);
    assert.deepEqual(ids(checkTrace(calls, rule('maxTokens: { max: 60, count: input }'))), ['s4']);
    assert.deepEqual(checkTrace(calls, rule('maxTokens: { max: 30, count: output }')), []);
  });

  test('maxCostUsd: known costs, unknown ones named', () => {
    const v = checkTrace(calls, rule('maxCostUsd: 0.01'));
    assert.deepEqual(ids(v), ['s4']);
    assert.match(v[0]!.message, /cost \$0\.011, more than the \$0\.01 allowed/);
    assert.deepEqual(checkTrace(calls, rule('maxCostUsd: 0.02')), []);
    const partial = mkTrace('t', [{ kind: 'llm', costUsd: 0.5 }, { kind: 'llm' }, { kind: 'llm', costUsd: 0.6 }]);
    assert.match(checkTrace(partial, rule('maxCostUsd: 1'))[0]!.message, /1 LLM call report no cost/);
  });

  test('maxLatencyMs: timed traces only', () => {
    const v = checkTrace(calls, rule('maxLatencyMs: 1000'));
    assert.deepEqual(ids(v), ['s0']);
    assert.match(v[0]!.message, /took 1\.5 s, more than the 1 s allowed/);
    assert.deepEqual(checkTrace(calls, rule('maxLatencyMs: 1500')), []);
    assert.deepEqual(checkTrace(chat('t', [{ user: 'hi' }, { say: 'hello' }]), rule('maxLatencyMs: 0')), []);
  });
});

describe('maxToolCallsPerTool and requireToolSuccess', () => {
  test('loops: calls per tool, or repeats of the same call', () => {
    const t = mkTrace('t', [tool('search', { toolArguments: '{"q":"a"}' }), tool('search', { toolArguments: '{"q": "a"}' }), tool('search', { toolArguments: '{"q":"b"}' }), tool('think')]);
    const v = checkTrace(t, rule('maxToolCallsPerTool: 2'));
    assert.deepEqual(ids(v), ['s2']);
    assert.deepEqual(v[0]!.relatedSpanIds, ['s0', 's1', 's2']);
    assert.match(v[0]!.message, /search called 3 times, more than the 2 allowed/);
    assert.deepEqual(checkTrace(t, rule('maxToolCallsPerTool: 3')), []);
    const same = checkTrace(t, rule('maxToolCallsPerTool: { max: 1, sameArguments: true }'));
    assert.deepEqual(ids(same), ['s1']);
    assert.match(same[0]!.message, /search called 2 times with the same arguments/);
    assert.deepEqual(checkTrace(t, rule('maxToolCallsPerTool: { max: 1, tools: [think] }')), []);
  });

  test('failed calls: span status, or a result matching errorPattern', () => {
    const t = mkTrace('t', [tool('pay', { status: 'error', statusMessage: 'card declined' }), tool('book', { status: 'unset', toolResult: 'Error: no seats' }), tool('look', { toolResult: 'fine' })]);
    const plain = checkTrace(t, rule('requireToolSuccess: true'));
    assert.deepEqual(ids(plain), ['s0']);
    assert.match(plain[0]!.message, /pay failed: card declined/);
    const text = checkTrace(t, rule('requireToolSuccess: { errorPattern: "^error\\\\b" }'));
    assert.deepEqual(ids(text), ['s0', 's1']);
    assert.match(text[1]!.message, /book failed: its result says "Error: no seats"/);
    assert.deepEqual(ids(checkTrace(t, rule('requireToolSuccess: { tools: [book], errorPattern: "^Error" }'))), ['s1']);
    assert.deepEqual(checkTrace(t, rule('requireToolSuccess: false')), []);
  });
});

describe('scopes, severities, counts', () => {
  test('severity is carried into violations (default error)', () => {
    const p = policy('rules:\n  - id: w\n    severity: warning\n    forbidTools: x\n  - id: e\n    forbidTools: x\n');
    assert.deepEqual(checkTrace(mkTrace('t', [tool('x')]), p).map((v) => [v.ruleId, v.severity]), [['w', 'warning'], ['e', 'error']]);
  });

  test('appliesTo: trace attributes, trace names, agents', () => {
    const p = rule('appliesTo: { attributes: { domain: air*, trial: 0 } }\nforbidTools: x');
    assert.equal(checkTrace(mkTrace('t', [tool('x')], { domain: 'airline', trial: 0 }), p).length, 1);
    assert.equal(checkTrace(mkTrace('t', [tool('x')], { domain: 'retail', trial: 0 }), p).length, 0);
    assert.equal(checkTrace(mkTrace('t', [tool('x')], { domain: 'airline', trial: 1 }), p).length, 0);
    assert.equal(checkTrace(mkTrace('t', [tool('x')], { domain: 'airline', trial: '0' }), p).length, 1, 'numbers compare by text too');
    const has = rule("appliesTo: { attributes: { task_id: '*' } }\nforbidTools: x");
    assert.equal(checkTrace(mkTrace('t', [tool('x')], { task_id: 7 }), has).length, 1);
    assert.equal(checkTrace(mkTrace('t', [tool('x')], {}), has).length, 0, "'*' needs the attribute to be there");
    const named = rule('appliesTo: { traceName: "prod-*" }\nforbidTools: x');
    assert.equal(checkTrace(mkTrace('prod-1', [tool('x')]), named).length, 1);
    assert.equal(checkTrace(mkTrace('dev-1', [tool('x')]), named).length, 0);
    const agent = rule('appliesTo: { agent: planner }\nmaxSteps: { max: 0, count: toolCalls }');
    const t = mkTrace('t', [{ spanId: 'w', kind: 'agent', agentName: 'writer' }, tool('x', { parentSpanId: 'w' }), { spanId: 'p', kind: 'agent', agentName: 'planner' }, tool('y', { parentSpanId: 'p' })]);
    assert.deepEqual(ids(checkTrace(t, agent)), ['s3']);
  });

  test('summarizeViolations: per rule (policy order, zeros kept), per severity, traces', () => {
    const p = policy('rules:\n  - id: no-x\n    forbidTools: x\n  - id: few\n    severity: warning\n    maxSteps: 1\n  - id: unused\n    forbidTools: zzz\n');
    const traces = [mkTrace('a', [tool('x'), tool('x')]), mkTrace('b', [tool('y')]), mkTrace('c', [tool('x')])];
    const results = checkTraces(traces, p);
    const s = summarizeViolations(results, p);
    assert.deepEqual({ traces: s.traces, violatingTraces: s.violatingTraces, violations: s.violations, bySeverity: s.bySeverity }, { traces: 3, violatingTraces: 2, violations: 4, bySeverity: { error: 3, warning: 1, info: 0 } });
    assert.deepEqual(s.byRule.map((r) => [r.ruleId, r.ruleType, r.violations, r.traces]), [['no-x', 'forbidTools', 3, 2], ['few', 'maxSteps', 1, 1], ['unused', 'forbidTools', 0, 0]]);
    const bare = summarizeViolations([...results.values()]);
    assert.deepEqual(bare.byRule.map((r) => r.ruleId), ['few', 'no-x']);
    assert.equal(summarizeViolations(Object.fromEntries(results)).violations, 4);
  });

  test('violations as stored check findings', () => {
    const v = checkTrace(chat('t', [{ call: 'cancel_reservation' }]), rule('requireConfirmation: { tools: [cancel_*] }'));
    assert.deepEqual(violationsToChecks(v), [{ kind: 'violation', ruleId: 'r', severity: 'error', spanId: 'm1', message: v[0]!.message, data: { ruleType: 'requireConfirmation' } }]);
  });
});

describe('outcomeByPath', () => {
  const v = (traceId: string, severity: Violation['severity'] = 'error'): Violation => ({ ruleId: 'r', ruleType: 'forbidTools', severity, message: 'm', traceId });
  const traces = [
    mkTrace('t1', [tool('a'), tool('b')], { reward: 1 }),
    mkTrace('t2', [tool('a'), tool('b')], { reward: 0 }),
    mkTrace('t3', [tool('a'), { kind: 'llm', requestModel: 'gpt-4o' }], { reward: 1 }),
    mkTrace('t4', [tool('a'), tool('b')], { reward: 0.5 }),
    mkTrace('t5', [tool('a')], { info: { score: '1' } }),
  ];
  const violations = new Map([['t2', [v('t2')]], ['t3', [v('t3', 'warning')]]]);

  test('success rates with and without violations, and per variant', () => {
    const o = outcomeByPath(traces, violations);
    assert.deepEqual(o.withViolations, { traces: 2, withOutcome: 2, successes: 1, rate: 0.5 });
    assert.deepEqual(o.withoutViolations, { traces: 3, withOutcome: 2, successes: 1, rate: 0.5 });
    assert.deepEqual(o.perVariant, [
      { variant: ['a', 'b'], traces: 3, withOutcome: 3, successes: 1, rate: 1 / 3, violatingTraces: 1 },
      { variant: ['a'], traces: 1, withOutcome: 0, successes: 0, violatingTraces: 0 },
      { variant: ['a', 'LLM: gpt-4o'], traces: 1, withOutcome: 1, successes: 1, rate: 1, violatingTraces: 1 },
    ]);
  });

  test('threshold, outcome attribute (dotted), severity floor, tool-only variants', () => {
    const o = outcomeByPath(traces, Object.fromEntries(violations), { successThreshold: 0.5, minSeverity: 'error', kinds: ['tool'] });
    assert.deepEqual(o.withViolations, { traces: 1, withOutcome: 1, successes: 0, rate: 0 });
    assert.deepEqual(o.withoutViolations, { traces: 4, withOutcome: 3, successes: 3, rate: 1 });
    assert.deepEqual(o.perVariant.map((p) => [p.variant.join('>'), p.traces]), [['a>b', 3], ['a', 2]]);
    const dotted = outcomeByPath(traces, new Map(), { outcomeAttribute: 'info.score' });
    assert.deepEqual(dotted.withoutViolations, { traces: 5, withOutcome: 1, successes: 1, rate: 1 });
    assert.deepEqual(dotted.withViolations, { traces: 0, withOutcome: 0, successes: 0 });
  });
});

// ---------------------------------------------------------------------------------------------
// τ-bench airline: the sample policy on real transcripts

const SAMPLE_POLICY = join(__dirname, '..', '..', 'samples', 'traces', 'airline.policy.yaml');
const SAMPLE_AIRLINE = join(__dirname, '..', '..', 'samples', 'traces', 'tau-bench-airline-gpt-4o.trials-0-1.json');
const SHARED_DIR = process.env.TRACEMINE_SHARED_DATA
  ? join(process.env.TRACEMINE_SHARED_DATA, 'traces')
  : join(__dirname, '..', '..', '..', 'shared', 'data', 'traces');
const SHARED_AIRLINE = join(SHARED_DIR, 'tau-bench-airline-gpt-4o.trials-0-1.json');

/**
 * The figures of samples/traces/airline.policy.yaml on the 100 airline trajectories (reward 1 in
 * 43), as reported in docs/trace-policy.md. Per rule: [violations, traces].
 */
const AIRLINE_FIGURES = {
  violatingTraces: 51,
  byRule: {
    'confirm-before-write': [58, 28], 'airline-tools-only': [0, 0], 'no-admin-tools': [0, 0], 'human-handoff': [22, 22],
    'tool-errors': [33, 16], 'repeated-call': [2, 2], 'write-retries': [6, 6], 'conversation-length': [3, 3],
    'cost-budget': [0, 0], 'token-budget': [0, 0], 'latency-budget': [0, 0],
  } as Record<string, [number, number]>,
  /** Errors only (the confirmation rule): success rate with / without. */
  errors: { with: { traces: 28, successes: 6 }, without: { traces: 72, successes: 37 } },
  /** Errors and warnings. */
  warnings: { with: { traces: 34, successes: 8 }, without: { traces: 66, successes: 35 } },
};

async function checkAirline(file: string): Promise<{ traces: Trace[]; policy: Policy; results: Map<string, Violation[]> }> {
  const policy = parsePolicy(readFileSync(SAMPLE_POLICY, 'utf8'), SAMPLE_POLICY);
  const { traces } = await readTraces(file);
  return { traces, policy, results: checkTraces(traces, policy) };
}

function assertAirlineFigures(traces: readonly Trace[], policy: Policy, results: Map<string, Violation[]>): void {
  assert.equal(traces.length, 100);
  const s = summarizeViolations(results, policy);
  assert.equal(s.violatingTraces, AIRLINE_FIGURES.violatingTraces);
  assert.deepEqual(Object.fromEntries(s.byRule.map((r) => [r.ruleId, [r.violations, r.traces]])), AIRLINE_FIGURES.byRule);
  for (const [minSeverity, want] of [['error', AIRLINE_FIGURES.errors], ['warning', AIRLINE_FIGURES.warnings]] as const) {
    const o = outcomeByPath(traces, results, { minSeverity });
    assert.deepEqual({ traces: o.withViolations.traces, successes: o.withViolations.successes }, want.with, minSeverity);
    assert.deepEqual({ traces: o.withoutViolations.traces, successes: o.withoutViolations.successes }, want.without, minSeverity);
  }
}

describe('τ-bench airline policy (samples/traces)', () => {
  test('the published figures on the in-repo transcripts', async () => {
    const { traces, policy, results } = await checkAirline(SAMPLE_AIRLINE);
    assertAirlineFigures(traces, policy, results);
  });

  test('known cases: a clean re-confirmed retry, a confirmation used twice, a withdrawn one', async () => {
    const { results } = await checkAirline(SAMPLE_AIRLINE);
    const confirm = (id: string) => (results.get(id) ?? []).filter((v) => v.ruleId === 'confirm-before-write');
    // task 0, trial 0: booking fails, the agent states the new total and the user confirms again.
    assert.deepEqual(confirm('task-0-trial-0'), []);
    // task 14, trial 0: one "yes" for a flight change and a baggage change.
    const twice = confirm('task-14-trial-0');
    assert.deepEqual(twice.map((v) => [v.spanId, v.relatedSpanIds]), [['m27', ['m23', 'm25']]]);
    assert.match(twice[0]!.message, /^update_reservation_baggages called without a confirmation of its own/);
    // task 13, trial 0: the user keeps correcting the agent, who keeps calling the write tool.
    assert.ok(confirm('task-13-trial-0').length >= 5);
    // Every violation names a tool span of the trace.
    for (const [traceId, list] of results) for (const v of list) if (v.spanId !== undefined) assert.match(v.spanId, /^m\d+$/, traceId);
  });
});

describe('policies on the other in-repo samples (OTLP, Langfuse)', () => {
  const sample = (f: string) => join(__dirname, '..', '..', 'samples', 'traces', f);

  test('Google ADK tool loop (OTLP): agents from ancestors, wrappers not counted twice', async () => {
    const { traces } = await readTraces(sample('adk-weather-tool-loop.otlp.json'));
    const p = policy([
      'rules:',
      '  - id: weather-only',
      '    allowTools: [{ agent: weather_agent, tools: [get_weather] }]',
      '  - id: three-calls',
      '    maxSteps: { max: 3, count: llmCalls }',
      '  - id: tokens',
      '    maxTokens: 100',
      '  - id: weather-first',
      '    requireBefore: { tool: get_time, before: { tool: get_weather } }',
    ].join('\n'));
    const v = checkTrace(traces[0]!, p);
    assert.deepEqual(v.map((x) => x.ruleId), ['weather-only', 'tokens']);
    assert.match(v[0]!.message, /get_time is not an allowed tool for agent "weather_agent"/);
    assert.match(v[1]!.message, /^144 tokens, more than the 100 allowed/);
  });

  test('OpenAI Agents SDK (Langfuse): cost and latency budgets', async () => {
    const { traces } = await readTraces(sample('openai-agents.langfuse.json'));
    const p = policy('rules:\n  - id: cost\n    maxCostUsd: 0.0005\n  - id: latency\n    maxLatencyMs: 2000\n  - id: roomy\n    maxLatencyMs: 5000\n');
    const v = checkTrace(traces[0]!, p);
    assert.deepEqual(v.map((x) => x.ruleId), ['cost', 'latency']);
    assert.match(v[0]!.message, /cost \$0\.0006, more than the \$0\.0005 allowed/);
    assert.match(v[1]!.message, /took 2\.19 s, more than the 2 s allowed/);
  });
});

describe('τ-bench airline policy on the shared data set', { skip: existsSync(SHARED_AIRLINE) ? false : `shared data not found at ${SHARED_DIR}` }, () => {
  test('the same figures on /work/shared/data/traces', async () => {
    const { traces, policy, results } = await checkAirline(SHARED_AIRLINE);
    assertAirlineFigures(traces, policy, results);
  });
});
