/**
 * JUnit XML for CI: one `<testsuite>` per prompt × provider, one `<testcase>` per case.
 *
 * A `fail` case gets `<failure type="fail">`, a `flaky` one `<failure type="flaky">` (mixed
 * samples fail a CI gate; the message gives the pass count), an `error` case `<error>`, and a case
 * the run did not finish (budget, cancellation) `<skipped>`. The failure text lists, per sample,
 * the failed assertions and their reasons (or the call's error). `time` is the samples' summed
 * latency in seconds. Text and attributes are XML-escaped, and characters XML 1.0 forbids
 * (control characters, lone surrogates) are replaced by U+FFFD.
 */
import type { CaseResult, SampleResult } from '../types';
import { writeFileAtomic } from './atomicWrite';
import type { IncompleteCase } from './run';

export interface JunitInput {
  readonly cases: readonly CaseResult[];
  readonly incomplete?: readonly IncompleteCase[];
  readonly cancelled?: boolean;
  readonly stoppedForBudget?: boolean;
}

// eslint-disable-next-line no-control-regex
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escaped for element text. */
export function xmlText(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped for a double- or single-quoted attribute (newlines and tabs kept as references). */
export function xmlAttr(s: string): string {
  return xmlText(s).replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

const secs = (samples: readonly SampleResult[]) => (samples.reduce((a, s) => a + (s.response?.latencyMs ?? 0), 0) / 1000).toFixed(3);

function sampleLines(c: CaseResult): string[] {
  const lines: string[] = [];
  for (const s of c.samples) {
    if (s.error !== undefined) lines.push(`sample ${s.sample + 1}: error: ${s.error}`);
    else if (!s.pass) {
      const failed = s.assertions.filter((a) => !a.pass);
      if (failed.length === 0) lines.push(`sample ${s.sample + 1}: failed (score ${s.score.toFixed(2)})`);
      for (const a of failed) lines.push(`sample ${s.sample + 1}: ${a.type}${a.line !== undefined ? ` (line ${a.line})` : ''}: ${a.reason}`);
    }
  }
  return lines;
}

function testcase(c: CaseResult): string {
  const head = `    <testcase name="${xmlAttr(c.caseId)}" classname="${xmlAttr(`${c.promptId}.${c.providerId}`)}" time="${secs(c.samples)}"`;
  const n = c.samples.length;
  const lines = sampleLines(c);
  const first = lines[0] ?? '';
  switch (c.status) {
    case 'pass':
      return `${head}/>`;
    case 'flaky':
      return `${head}>\n      <failure type="flaky" message="${xmlAttr(`flaky: ${c.passes}/${c.passes + c.fails} samples passed. ${first}`)}">${xmlText(lines.join('\n'))}</failure>\n    </testcase>`;
    case 'fail':
      return `${head}>\n      <failure type="fail" message="${xmlAttr(`${c.fails}/${n} samples failed. ${first}`)}">${xmlText(lines.join('\n'))}</failure>\n    </testcase>`;
    case 'error':
      return `${head}>\n      <error type="error" message="${xmlAttr(`${c.errors}/${n} calls errored. ${first}`)}">${xmlText(lines.join('\n'))}</error>\n    </testcase>`;
  }
}

export function junitXml(run: JunitInput, name = 'tracemine evals'): string {
  const groups = new Map<string, { promptId: string; providerId: string; cases: CaseResult[]; skipped: IncompleteCase[] }>();
  const group = (promptId: string, providerId: string) => {
    const k = JSON.stringify([promptId, providerId]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { promptId, providerId, cases: [], skipped: [] }));
    return g;
  };
  for (const c of run.cases) group(c.promptId, c.providerId).cases.push(c);
  for (const i of run.incomplete ?? []) group(i.promptId, i.providerId).skipped.push(i);
  const why = run.stoppedForBudget ? 'not run: the budget was reached' : run.cancelled ? 'not run: the run was cancelled' : 'not run';

  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  const suites: string[] = [];
  for (const g of groups.values()) {
    const f = g.cases.filter((c) => c.status === 'fail' || c.status === 'flaky').length;
    const e = g.cases.filter((c) => c.status === 'error').length;
    const t = g.cases.length + g.skipped.length;
    tests += t;
    failures += f;
    errors += e;
    skipped += g.skipped.length;
    const time = secs(g.cases.flatMap((c) => c.samples));
    const body = [
      ...g.cases.map(testcase),
      ...g.skipped.map((i) => `    <testcase name="${xmlAttr(i.caseId)}" classname="${xmlAttr(`${i.promptId}.${i.providerId}`)}" time="${secs(i.samples)}">\n      <skipped message="${xmlAttr(why)}"/>\n    </testcase>`),
    ];
    suites.push(`  <testsuite name="${xmlAttr(`${g.promptId} × ${g.providerId}`)}" tests="${t}" failures="${f}" errors="${e}" skipped="${g.skipped.length}" time="${time}">\n${body.join('\n')}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xmlAttr(name)}" tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}">\n${suites.join('\n')}${suites.length ? '\n' : ''}</testsuites>\n`;
}

/** Writes the JUnit file atomically. */
export function writeJunit(path: string, run: JunitInput, name?: string): Promise<void> {
  return writeFileAtomic(path, junitXml(run, name));
}
