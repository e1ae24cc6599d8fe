/**
 * Helpers for the editor: which cases run against a prompt file, which case is under the cursor,
 * and where the suite of a prompt lives.
 */
import * as nodePath from 'node:path';
import type { EvalCase, EvalSuite } from '../types';
import { caseEndLines } from './spans';

/**
 * The cases that run against `prompt`: a prompt file path (absolute, or relative to the suite)
 * or a prompt id. Every case runs against every prompt of its suite, so this is all of the
 * suite's cases when the prompt is one of the suite's, else none.
 */
export function casesForPrompt(suite: EvalSuite, prompt: string): readonly EvalCase[] {
  const wanted = normalise(prompt);
  const dir = suite.path === undefined ? undefined : nodePath.dirname(suite.path);
  const matches = suite.prompts.some((p) => {
    if (p.id === prompt) return true;
    if (p.path === undefined) return false;
    if (normalise(p.path) === wanted) return true;
    return dir !== undefined && normalise(nodePath.resolve(dir, p.path)) === normalise(nodePath.resolve(dir, prompt));
  });
  return matches ? suite.cases : [];
}

function normalise(p: string): string {
  return nodePath.normalize(p).replace(/\\/g, '/');
}

/**
 * The case written at 1-based `line` of the suite file: the inline case whose text spans the
 * line. Cases read from a `file://` case file all carry the reference's line, so on such a line
 * (several cases) and outside every case the answer is undefined.
 */
export function findCaseAtLine(suite: EvalSuite, line: number): EvalCase | undefined {
  const ends = caseEndLines(suite);
  // Without recorded ends (a suite built elsewhere), a case spans up to the next case's line.
  const starts = ends ? [] : [...new Set(suite.cases.map((c) => c.line).filter((l): l is number => l !== undefined))].sort((a, b) => a - b);
  const hits: EvalCase[] = [];
  suite.cases.forEach((c, i) => {
    if (c.line === undefined || c.line > line) return;
    let end: number;
    if (ends) end = ends[i] ?? c.line; // no recorded end: a case from a case file, on its reference line only
    else {
      const next = starts[upperBound(starts, c.line)];
      end = next === undefined ? Infinity : next - 1;
    }
    if (line <= end) hits.push(c);
  });
  return hits.length === 1 ? hits[0] : undefined;
}

/** Index of the first element greater than `x` in sorted `a`. */
function upperBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Suite files Tracemine looks for beside `prompt.prompt`: `prompt.eval.yaml`, `prompt.eval.yml`. */
export function suitePathsForPrompt(promptPath: string): string[] {
  const dir = nodePath.dirname(promptPath);
  const stem = nodePath.basename(promptPath).replace(/\.(prompt|prompty)$/i, '');
  return [nodePath.join(dir, `${stem}.eval.yaml`), nodePath.join(dir, `${stem}.eval.yml`)];
}

/** Whether a file name is an eval suite: `*.eval.yaml|yml` or `promptfooconfig.yaml|yml|json`. */
export function isSuiteFile(path: string): boolean {
  const base = nodePath.basename(path).toLowerCase();
  return base.endsWith('.eval.yaml') || base.endsWith('.eval.yml') || PROMPTFOO_CONFIG_RE.test(base);
}

export const PROMPTFOO_CONFIG_RE = /^promptfooconfig\.(ya?ml|json)$/i;
