/** The judge-agreement report: counts, kappa and its reading, rates, disagreements, and escaping of untrusted text. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calibrate, type Label } from '../../src/core/evals/calibration';
import { agreementMarkdown, escapeMarkdownText, kappaReading } from '../../src/core/evals/calibrationReport';

const AT = '2025-03-01T09:30:00Z';
const label = (id: string, caseId: string, l: 'pass' | 'fail', output = `output of ${id}`): Label => ({ id, caseId, output, label: l, labelledAt: AT });

describe('agreementMarkdown', () => {
  // Judge rows, human columns: tp 6, fp 2, fn 1, tn 11 (n = 20).
  const labels: Label[] = [];
  const verdicts = new Map<string, boolean>();
  const add = (k: number, human: 'pass' | 'fail', judge: boolean) => {
    for (let i = 0; i < k; i++) {
      const id = `${human}-${judge ? 'p' : 'f'}-${i}`;
      labels.push(label(id, `case-${id}`, human));
      verdicts.set(id, judge);
    }
  };
  add(6, 'pass', true);
  add(2, 'fail', true);
  add(1, 'pass', false);
  add(11, 'fail', false);
  verdicts.set('never-labelled', true);
  labels.push(label('from-another-run', 'c-x', 'pass'));
  const result = calibrate(labels, verdicts);
  const outputs = new Map(labels.map((l) => [l.id, l.output!]));
  const md = agreementMarkdown(result, {
    assertionType: 'llm-rubric', suite: 'evals/support.eval.yaml', run: { id: 'run-1', startedAt: AT },
    judgePrompt: 'evals/rubric.prompt', labelsFile: 'evals/rubric.labels.jsonl', outputs,
  });

  it('shows n and the 2×2 table with counts and totals', () => {
    assert.ok(md.includes('Items with both a human label and a judge verdict: **20**.'));
    assert.ok(md.includes('| **judge: pass** | 6 | 2 | 8 |'), md);
    assert.ok(md.includes('| **judge: fail** | 1 | 11 | 12 |'));
    assert.ok(md.includes('| **total** | 7 | 13 | 20 |'));
  });

  it("gives Cohen's kappa with its reading, observed and chance agreement, TPR and TNR with counts", () => {
    // po = 17/20 = 0.85; pe = 0.4·0.35 + 0.6·0.65 = 0.53; κ = 0.32/0.47 = 0.6809
    assert.ok(Math.abs(result.kappa - 0.32 / 0.47) < 1e-12);
    assert.ok(md.includes("| Cohen's kappa | 0.68 (substantial, Landis & Koch) |"), md);
    assert.ok(md.includes('| observed agreement | 85% (17 of 20) |'));
    assert.ok(md.includes('| agreement expected by chance | 53% |'));
    assert.ok(md.includes('| true-positive rate (judge passes what the human passed) | 85.7% (6 of 7) |'));
    assert.ok(md.includes('| true-negative rate (judge fails what the human failed) | 84.6% (11 of 13) |'));
  });

  it('lists the disagreements by kind, with case, both verdicts and an output excerpt', () => {
    assert.ok(md.includes('## Disagreements (3)'));
    assert.ok(md.includes('### Judge passed, human failed (2)'));
    assert.ok(md.includes('### Judge failed, human passed (1)'));
    assert.ok(md.includes('| case\\-pass\\-f\\-0 | pass | fail | output of pass\\-f\\-0 |'), md);
    assert.ok(md.includes('| case\\-fail\\-p\\-1 | fail | pass | output of fail\\-p\\-1 |'));
  });

  it('reports what could not be compared, and names the run, prompt and labels file', () => {
    assert.ok(md.includes('- Graded by the judge but not labelled: 1 item.'));
    assert.ok(md.includes('- Labelled but without a judge verdict here: 1 item'));
    assert.ok(md.includes('Judge prompt: evals\\/rubric\\.prompt'));
    assert.ok(md.includes('Human labels: evals\\/rubric\\.labels\\.jsonl'));
    assert.ok(md.includes('Judge verdicts from run run\\-1 (2025\\-03\\-01T09\\:30\\:00Z)'), md);
  });

  it('escapes hostile output, case ids and paths: no HTML, links, table breaks or line breaks survive', () => {
    const evil = [
      '<script>alert(1)</script> <img src=x onerror=alert(2)>',
      '| injected | cell |',
      '# heading\n\n- list\n> quote',
      '[click](javascript:alert(3)) ![x](https://evil.example/t.png) https://evil.example/a?b=c www.evil.example <https://evil.example>',
      '&lt;b&gt; &#x3C;script&#x3E; `code` **bold** _em_ ~~del~~ \\',
      'right\u202Eto-left\u200Bzero\u0000nul\u2028sep',
    ].join('\n');
    const labels2: Label[] = [label('x1', '<b>case|1</b>', 'fail', evil)];
    const r = calibrate(labels2, new Map([['x1', true]]));
    const out = agreementMarkdown(r, {
      assertionType: 'llm-rubric<i>', suite: '[s](http://evil)', judgePrompt: '<x>.prompt', labelsFile: '|a|', outputs: new Map([['x1', evil]]), excerptChars: 10_000,
    });
    for (const bad of ['\u202E', '\u200B', '\u0000', '\u2028']) assert.ok(!out.includes(bad), `${JSON.stringify(bad)} survived`);
    // Outside backslash escapes, nothing but the table's own pipes is punctuation: no tag, entity,
    // link, emphasis or code span can start anywhere in a line made of untrusted text.
    const unescaped = (line: string) => line.replace(/\\[!-/:-@[-`{-~]/g, '');
    for (const prefix of ['# Judge agreement: ', '- Suite: ', '- Judge prompt: ', '- Human labels: ']) {
      const line = out.split('\n').find((l) => l.startsWith(prefix));
      assert.ok(line, prefix);
      assert.doesNotMatch(unescaped(line.slice(prefix.length)), /[!-/:-@[-`{-~]/, line);
    }
    const row = out.split('\n').find((l) => l.startsWith('| \\<b\\>case'));
    assert.ok(row, out);
    assert.doesNotMatch(unescaped(row).replace(/^\| | \| | \|$/g, ''), /[!-/:-@[-`{-~]/, row);
    assert.equal(unescaped(row).split('|').length - 1, 5, 'one row of four cells');
    assert.ok(row.includes('\\<script\\>alert\\(1\\)\\<\\/script\\>'));
    assert.ok(row.includes('\\| injected \\| cell \\|'));
    assert.ok(row.includes('\\\\ rightto\\-leftzeronul sep |'), row);
  });

  it('cuts long outputs by code points and marks the cut', () => {
    const long = `${'😀'.repeat(300)}`;
    const r = calibrate([label('l1', 'c', 'pass', long)], new Map([['l1', false]]));
    const out = agreementMarkdown(r, { assertionType: 'factuality', outputs: new Map([['l1', long]]), excerptChars: 50 });
    const row = out.split('\n').find((l) => l.startsWith('| c |'))!;
    assert.ok(row.includes(`${'😀'.repeat(49)}…`), row);
    assert.ok(!row.includes('😀'.repeat(50)));
    assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/.test(row), 'no lone surrogate');
    assert.ok(out.includes('the built\\-in factuality prompt'));
  });

  it('says when there is nothing to compare, and warns about degenerate tables', () => {
    const empty = agreementMarkdown(calibrate([], new Map([['a', true]])), { assertionType: 'llm-rubric' });
    assert.ok(empty.includes('judge verdict: **0**'));
    assert.ok(empty.includes('Nothing to compare yet'));
    assert.ok(!empty.includes('Cohen'));
    assert.ok(empty.includes('- Graded by the judge but not labelled: 1 item.'));

    const allPass = calibrate([label('a', 'c1', 'pass'), label('b', 'c2', 'pass')], new Map([['a', true], ['b', true]]));
    const md1 = agreementMarkdown(allPass, { assertionType: 'llm-rubric' });
    assert.ok(md1.includes('kappa is 1 by convention'));
    assert.ok(md1.includes('n/a (the human failed none)'));
    assert.ok(md1.includes('None: the judge agrees with every human label.'));

    const judgeConstant = calibrate([label('a', 'c1', 'pass'), label('b', 'c2', 'fail')], new Map([['a', true], ['b', true]]));
    const md2 = agreementMarkdown(judgeConstant, { assertionType: 'llm-rubric' });
    assert.ok(md2.includes('| Cohen\'s kappa | 0.00 (slight, Landis & Koch) |'), md2);
    assert.ok(md2.includes('The judge gave every item the same verdict (pass)'));
    assert.ok(md2.includes('imprecise'));
  });
});

describe('kappaReading (Landis & Koch 1977)', () => {
  it('reads the bands on the value as shown', () => {
    assert.equal(kappaReading(-0.1), 'poor');
    assert.equal(kappaReading(-0.004), 'slight', 'shown as 0.00');
    assert.equal(kappaReading(0), 'slight');
    assert.equal(kappaReading(0.2), 'slight');
    assert.equal(kappaReading(0.204), 'slight', 'shown as 0.20');
    assert.equal(kappaReading(0.21), 'fair');
    assert.equal(kappaReading(0.4), 'fair');
    assert.equal(kappaReading(0.41), 'moderate');
    assert.equal(kappaReading(0.6), 'moderate');
    assert.equal(kappaReading(0.61), 'substantial');
    assert.equal(kappaReading(0.8), 'substantial');
    assert.equal(kappaReading(0.81), 'almost perfect');
    assert.equal(kappaReading(1), 'almost perfect');
    assert.equal(kappaReading(Number.NaN), 'undefined');
  });
});

describe('escapeMarkdownText', () => {
  it('escapes every ASCII punctuation character and folds whitespace', () => {
    assert.equal(escapeMarkdownText('a|b\n<img>'), 'a\\|b \\<img\\>');
    assert.equal(escapeMarkdownText('  x\t\r\n y  '), 'x y');
    const punct = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
    assert.equal(escapeMarkdownText(punct), [...punct].map((c) => `\\${c}`).join(''));
    assert.equal(escapeMarkdownText('abcdef', 4), 'abc…');
    assert.equal(escapeMarkdownText('abcd', 4), 'abcd');
  });
});
