/** Judge calibration: the labels file, seeded sampling for labelling, and agreement with the judge. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  LabelsError, calibrate, labelsPathFor, parseLabels, sampleForLabelling, serializeLabels, type Label, type LabellingCandidate,
} from '../../src/core/evals/calibration';
import { cohensKappa } from '../../src/core/evals/stats';

const AT = '2025-03-01T09:30:00Z';

describe('labels file', () => {
  const labels: Label[] = [
    { id: 'run1:c2:0', caseId: 'c2', runId: 'run1', output: 'Refund issued.\nThanks', label: 'pass', labeller: 'ana', labelledAt: AT, note: 'polite "enough"' },
    { id: 'run1:c1:0', caseId: 'c1', outputHash: 'ab12', label: 'fail', labelledAt: '2025-03-01' },
    { id: 'run1:c1:1', caseId: 'c1', output: 'ünïcødé ✓', label: 'pass', labelledAt: '2025-03-01T10:00:00.123+01:00' },
  ];

  it('round-trips, one JSON object a line, sorted by case then id, keys in a fixed order', () => {
    const text = serializeLabels(labels);
    const lines = text.split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '', 'ends with a newline');
    assert.deepEqual(lines.slice(0, 3).map((l) => (JSON.parse(l) as Label).id), ['run1:c1:0', 'run1:c1:1', 'run1:c2:0']);
    assert.equal(lines[2], JSON.stringify({
      id: 'run1:c2:0', caseId: 'c2', runId: 'run1', output: 'Refund issued.\nThanks', label: 'pass', labeller: 'ana', labelledAt: AT, note: 'polite "enough"',
    }));
    const back = parseLabels(text);
    assert.deepEqual(back, [labels[1], labels[2], labels[0]]);
    assert.equal(serializeLabels(back), text, 'stable');
    assert.equal(serializeLabels([...labels].reverse()), text, 'independent of input order');
    assert.equal(serializeLabels([]), '');
  });

  it('accepts CRLF, a BOM and blank lines', () => {
    const text = `\uFEFF${serializeLabels(labels).replace(/\n/g, '\r\n')}\r\n\r\n`;
    assert.deepEqual(parseLabels(text), parseLabels(serializeLabels(labels)));
  });

  it('reports every bad line with its number and the path', () => {
    const text = [
      JSON.stringify({ id: 'a', caseId: 'c1', output: 'x', label: 'pass', labelledAt: AT }),
      '',
      '{"id": "b", "caseId": "c1", ',
      JSON.stringify({ id: 'c', caseId: 'c1', output: 'x', labelledAt: AT }),
      JSON.stringify({ id: 'a', caseId: 'c2', output: 'y', label: 'fail', labelledAt: AT }),
      JSON.stringify({ id: 'd', caseId: 'c1', label: 'PASS', labelledAt: 'yesterday', notes: 'typo' }),
      '[1, 2]',
      JSON.stringify({ id: '', caseId: 3, output: 'x', label: 'fail', labelledAt: AT }),
    ].join('\n');
    assert.throws(() => parseLabels(text, 'prompts/judge.labels.jsonl'), (e: unknown) => {
      assert.ok(e instanceof LabelsError);
      assert.equal(e.path, 'prompts/judge.labels.jsonl');
      assert.deepEqual([...new Set(e.problems.map((p) => p.line))], [3, 4, 5, 6, 7, 8]);
      const at = (line: number) => e.problems.filter((p) => p.line === line).map((p) => p.message).join(' | ');
      assert.match(at(3), /not valid JSON/);
      assert.match(at(4), /missing "label"/);
      assert.match(at(5), /duplicate id "a" \(first on line 1\)/);
      assert.match(at(6), /unknown key "notes"/);
      assert.match(at(6), /"label" should be "pass" or "fail", got "PASS"/);
      assert.match(at(6), /needs "output" or "outputHash"/);
      assert.match(at(6), /"labelledAt" should be an ISO 8601 date, got "yesterday"/);
      assert.match(at(7), /expected a JSON object per line/);
      assert.match(at(8), /"id" should be a non-empty string/);
      assert.match(at(8), /"caseId" should be a non-empty string, got 3/);
      assert.match(e.message, /^prompts\/judge\.labels\.jsonl:3: not valid JSON/);
      return true;
    });
  });

  it('lives beside the judge prompt', () => {
    assert.equal(labelsPathFor('prompts/rubric.prompt'), 'prompts/rubric.labels.jsonl');
    assert.equal(labelsPathFor('prompts/v1.2/judge'), 'prompts/v1.2/judge.labels.jsonl');
    assert.equal(labelsPathFor('.judge'), '.judge.labels.jsonl');
  });
});

describe('sampleForLabelling', () => {
  // 20 items: the judge passed 17 and failed 3.
  const items: LabellingCandidate[] = Array.from({ length: 20 }, (_, i) => ({
    id: `item-${String(i).padStart(2, '0')}`, caseId: `c${i % 7}`, input: `question ${i}`, output: `answer ${i}`, judgeVerdict: i % 7 !== 3,
  }));
  const verdictOf = new Map(items.map((i) => [i.id, i.judgeVerdict]));

  it('is deterministic for a seed and independent of input order', () => {
    const one = sampleForLabelling(items, 6, 42);
    assert.deepEqual(sampleForLabelling(items, 6, 42), one);
    assert.deepEqual(sampleForLabelling([...items].reverse(), 6, 42), one);
    assert.deepEqual(sampleForLabelling(items, 6, 'release-7'), sampleForLabelling(items, 6, 'release-7'));
    assert.notDeepEqual(sampleForLabelling(items, 6, 43).map((x) => x.id), one.map((x) => x.id));
    assert.equal(new Set(one.map((x) => x.id)).size, 6);
  });

  it('hides the judge verdict', () => {
    for (const x of sampleForLabelling(items, 20, 1)) {
      assert.deepEqual(Object.keys(x).sort(), ['caseId', 'id', 'input', 'output']);
      const src = items.find((i) => i.id === x.id)!;
      assert.deepEqual(x, { id: src.id, caseId: src.caseId, input: src.input, output: src.output });
    }
    const noInput = sampleForLabelling([{ id: 'z', caseId: 'c', output: 'o', judgeVerdict: false }], 1, 1);
    assert.deepEqual(noInput, [{ id: 'z', caseId: 'c', output: 'o' }]);
  });

  it('shows both verdicts whenever it can, for many seeds', () => {
    for (let seed = 0; seed < 50; seed++) {
      const picked = sampleForLabelling(items, 2, seed).map((x) => verdictOf.get(x.id));
      assert.deepEqual(picked.sort(), [false, true], `seed ${seed}`);
      const five = sampleForLabelling(items, 5, seed).map((x) => verdictOf.get(x.id)!);
      // Proportional, the rarer verdict rounded up: ⌈5 · 3/20⌉ = 1 fail, 4 passes.
      assert.deepEqual([five.filter(Boolean).length, five.filter((v) => !v).length], [4, 1], `seed ${seed}`);
    }
    const ten = sampleForLabelling(items, 10, 3).map((x) => verdictOf.get(x.id)!);
    assert.equal(ten.filter((v) => !v).length, 2, '⌈10 · 3/20⌉ = ⌈1.5⌉');
    const nineteen = sampleForLabelling(items, 19, 3).map((x) => verdictOf.get(x.id)!);
    assert.equal(nineteen.filter((v) => !v).length, 3, 'capped at the 3 fails there are');
  });

  it('handles edge sizes', () => {
    assert.deepEqual(sampleForLabelling(items, 0, 1), []);
    assert.equal(sampleForLabelling(items, 1, 1).length, 1);
    assert.deepEqual(sampleForLabelling(items, 99, 1).map((x) => x.id).sort(), items.map((i) => i.id));
    const onlyPasses = items.filter((i) => i.judgeVerdict);
    assert.equal(sampleForLabelling(onlyPasses, 4, 1).length, 4);
    assert.deepEqual(sampleForLabelling([], 4, 1), []);
    assert.throws(() => sampleForLabelling(items, -1, 1), RangeError);
    assert.throws(() => sampleForLabelling(items, 1.5, 1), RangeError);
  });
});

describe('calibrate', () => {
  it("matches Wikipedia's Cohen's kappa example (20/5/10/15 → κ = 0.4) and lists the disagreements", () => {
    // Wikipedia, "Cohen's kappa", simple example: 50 proposals; A (here the judge) and B (the
    // human) both say yes to 20 and no to 15; A yes / B no 5; A no / B yes 10. pₒ = 35/50 = 0.7;
    // A says yes to 25/50, B to 30/50, so pₑ = 0.5·0.6 + 0.5·0.4 = 0.5 and κ = (0.7 − 0.5)/(1 − 0.5) = 0.4.
    const labels: Label[] = [];
    const verdicts = new Map<string, boolean>();
    const add = (count: number, human: boolean, judge: boolean, tag: string) => {
      for (let i = 0; i < count; i++) {
        const id = `${tag}-${i}`;
        labels.push({ id, caseId: `case-${tag}`, output: 'o', label: human ? 'pass' : 'fail', labelledAt: AT });
        verdicts.set(id, judge);
      }
    };
    add(20, true, true, 'yy');
    add(5, false, true, 'jy-hn');
    add(10, true, false, 'jn-hy');
    add(15, false, false, 'nn');
    // Not counted: a judged item nobody labelled (twice), a labelled item the judge never saw.
    verdicts.set('unlabelled-1', true);
    verdicts.set('unlabelled-2', false);
    labels.push({ id: 'unjudged', caseId: 'case-x', output: 'o', label: 'pass', labelledAt: AT });

    const c = calibrate(labels, verdicts);
    assert.equal(c.n, 50);
    assert.deepEqual(c.confusion, { tp: 20, fp: 5, fn: 10, tn: 15 });
    assert.ok(Math.abs(c.kappa - 0.4) < 1e-12, String(c.kappa));
    assert.ok(Math.abs(c.observedAgreement - 0.7) < 1e-12);
    assert.ok(Math.abs(c.expectedAgreement - 0.5) < 1e-12);
    assert.ok(Math.abs(c.tpr - 20 / 30) < 1e-12);
    assert.ok(Math.abs(c.tnr - 15 / 20) < 1e-12);
    assert.deepEqual(c.kappa, cohensKappa(c.confusion).kappa);
    assert.equal(c.unlabeled, 2);
    assert.equal(c.unjudged, 1);
    assert.equal(c.disagreements.length, 15);
    assert.deepEqual(c.disagreements.slice(0, 2), [
      { id: 'jy-hn-0', caseId: 'case-jy-hn', human: 'fail', judge: 'pass' },
      { id: 'jy-hn-1', caseId: 'case-jy-hn', human: 'fail', judge: 'pass' },
    ]);
    assert.deepEqual(c.disagreements.map((d) => d.id), [
      ...Array.from({ length: 5 }, (_, i) => `jy-hn-${i}`),
      ...Array.from({ length: 10 }, (_, i) => `jn-hy-${i}`),
    ]);
    assert.ok(c.disagreements.slice(5).every((d) => d.human === 'pass' && d.judge === 'fail'));
  });

  it('works on a parsed labels file; nothing in common gives NaN kappa', () => {
    const text = serializeLabels([
      { id: 'a', caseId: 'c1', output: 'x', label: 'pass', labelledAt: AT },
      { id: 'b', caseId: 'c1', output: 'y', label: 'fail', labelledAt: AT },
    ]);
    const c = calibrate(parseLabels(text), new Map([['a', true], ['b', true]]));
    assert.deepEqual([c.n, c.confusion, c.disagreements], [2, { tp: 1, fp: 1, fn: 0, tn: 0 }, [{ id: 'b', caseId: 'c1', human: 'fail', judge: 'pass' }]]);
    const none = calibrate(parseLabels(text), new Map([['zz', true]]));
    assert.deepEqual([none.n, none.unlabeled, none.unjudged], [0, 1, 2]);
    assert.ok(Number.isNaN(none.kappa));
  });
});
