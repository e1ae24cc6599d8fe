/**
 * Where each inline case ends, kept beside a loaded suite (the shared EvalCase has only its
 * first line). A WeakMap, so suites built elsewhere simply have no spans.
 */
import type { EvalSuite } from '../types';

const spans = new WeakMap<EvalSuite, readonly (number | undefined)[]>();

/** Records the last line of each case of `suite` (undefined for cases from other files). */
export function recordCaseSpans(suite: EvalSuite, endLines: readonly (number | undefined)[]): void {
  spans.set(suite, endLines);
}

/** The recorded last lines, index-aligned with suite.cases, if the loader recorded them. */
export function caseEndLines(suite: EvalSuite): readonly (number | undefined)[] | undefined {
  return spans.get(suite);
}
