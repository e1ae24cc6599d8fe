import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SpanHead } from '../../src/protocol/traceReview';
import { barExtent, buildTimeline, move } from '../../webview/traceReview/timelineModel';

function span(spanId: string, parentSpanId: string | undefined, seq: number, start?: number, end?: number, extra: Partial<SpanHead> = {}): SpanHead {
  return { traceId: 't', spanId, parentSpanId, seq, name: spanId, kind: 'span', start, end, status: 'ok', ...extra };
}

// agent(0-100) ├ llm1(0-30) ├ tool(30-60, error) └ llm2(60-100)   and a second root `late` (10-40)
const timed = [
  span('agent', undefined, 0, 0, 100, { kind: 'agent' }),
  span('llm2', 'agent', 3, 60, 100, { kind: 'llm' }),
  span('tool', 'agent', 2, 30, 60, { kind: 'tool', status: 'error' }),
  span('llm1', 'agent', 1, 0, 30, { kind: 'llm' }),
  span('late', undefined, 4, 10, 40),
];

describe('timeline model', () => {
  it('orders rows parent first, children by start, with depths', () => {
    const t = buildTimeline(timed);
    assert.deepEqual(t.rows.map((r) => [r.span.spanId, r.depth]), [['agent', 0], ['llm1', 1], ['tool', 1], ['llm2', 1], ['late', 0]]);
    assert.deepEqual(t.steps, ['agent', 'llm1', 'late', 'tool', 'llm2']);
    assert.equal(t.timed, true);
    assert.deepEqual(t.domain, [0, 100]);
    assert.deepEqual([...t.criticalPath], ['agent', 'llm2']);
    assert.deepEqual(barExtent(t, timed[2]!), [30, 60]);
  });

  it('steps in time order, into children, out to parents, to the next error', () => {
    const t = buildTimeline(timed);
    assert.equal(move(t, undefined, 'next'), 'agent');
    assert.equal(move(t, 'agent', 'next'), 'llm1');
    assert.equal(move(t, 'llm2', 'next'), 'llm2', 'stays on the last step');
    assert.equal(move(t, 'llm1', 'prev'), 'agent');
    assert.equal(move(t, 'agent', 'child'), 'llm1');
    assert.equal(move(t, 'llm2', 'parent'), 'agent');
    assert.equal(move(t, 'agent', 'parent'), 'agent', 'a root has no parent');
    assert.equal(move(t, 'agent', 'nextError'), 'tool');
    assert.equal(move(t, 'tool', 'nextError'), 'tool', 'wraps around to itself when it is the only error');
    assert.equal(move(t, 'agent', 'nextFlagged', new Set(['late'])), 'late');
    assert.equal(move(t, 'tool', 'last'), 'llm2');
  });

  it('lays untimed transcripts out by step, a parent spanning its descendants', () => {
    const untimed = [span('conv', undefined, 0), span('u1', 'conv', 1), span('a1', 'conv', 2), span('t1', 'a1', 3), span('a2', 'conv', 4)];
    const t = buildTimeline(untimed);
    assert.equal(t.timed, false);
    assert.deepEqual(t.domain, [0, 5]);
    assert.deepEqual(barExtent(t, untimed[0]!), [0, 5]);
    assert.deepEqual(barExtent(t, untimed[2]!), [2, 4]);
    assert.deepEqual(barExtent(t, untimed[4]!), [4, 5]);
    assert.equal(t.criticalPath.size, 0);
  });

  it('survives hostile structure: parent cycles, unknown parents, self-parents, deep chains', () => {
    const weird = [span('a', 'b', 0, 0, 1), span('b', 'a', 1, 0, 1), span('c', 'nowhere', 2, 0, 1), span('d', 'd', 3, 0, 1)];
    const t = buildTimeline(weird);
    assert.deepEqual(t.rows.map((r) => r.span.spanId).sort(), ['a', 'b', 'c', 'd']);
    const deep = Array.from({ length: 10_000 }, (_, i) => span(`s${i}`, i ? `s${i - 1}` : undefined, i, i, 20_000 - i));
    const d = buildTimeline(deep);
    assert.equal(d.rows.length, 10_000);
    assert.equal(d.rows.at(-1)!.depth, 9_999);
    assert.equal(d.criticalPath.size, 10_000);
  });
});
