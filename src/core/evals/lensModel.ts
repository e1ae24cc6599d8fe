/**
 * What the editor's CodeLens shows for eval results, as plain data: the summary above a prompt or
 * suite, whether "Re-run failed" / "Retry errored calls" apply, and the verdict above each case.
 * Pure (no editor), so it can be unit-tested and benchmarked; codicons such as `$(pass)` are plain
 * text that VS Code renders.
 *
 * Cost: O(cases + results × samples × assertions): results are indexed by case id once.
 */
import type { CaseResult, EvalSuite } from './types';

/** The CodeLens of one case of a suite. */
export interface CaseLens {
  readonly caseId: string;
  /** 1-based line of the case in the suite file (the editor's Range line is `line - 1`). */
  readonly line: number;
  readonly title: string;
}

/** The CodeLens of a suite file, apart from the constant "Run all cases". */
export interface SuiteLenses {
  /** The results summary; undefined when there are no results. */
  readonly summary?: string;
  /** Some case failed or is flaky: offer "Re-run failed". */
  readonly canRerunFailed: boolean;
  /** Some sample errored: offer "Retry errored calls". */
  readonly canRetryErrored: boolean;
  /** One lens per case that has a line, in suite order. */
  readonly cases: CaseLens[];
}

const ICON: Record<CaseResult['status'], string> = { pass: '$(pass)', fail: '$(error)', flaky: '$(warning)', error: '$(alert)' };
export const RUNNING_TITLE = '$(sync~spin) running…';
export const NOT_RUN_TITLE = '$(circle-outline) not run';

const pct = (x: number) => `${Math.round(x * 100)}%`;
const usd = (x: number) => `$${x < 0.01 ? x.toFixed(4) : x.toFixed(2)}`;

/** Every reason a case did not pass (errored calls, failed weighted assertions), deduplicated, in order. */
export function failedReasons(c: CaseResult): string[] {
  const out: string[] = [];
  for (const s of c.samples) {
    if (s.error) out.push(`error: ${s.error}`);
    for (const a of s.assertions) if (!a.pass && a.weight > 0) out.push(`${a.type}: ${a.reason}`);
  }
  return [...new Set(out)];
}

/** The first reason of failedReasons(c) without building the list. */
function firstFailedReason(c: CaseResult): string {
  for (const s of c.samples) {
    if (s.error) return `error: ${s.error}`;
    for (const a of s.assertions) if (!a.pass && a.weight > 0) return `${a.type}: ${a.reason}`;
  }
  return '';
}

/** One result's verdict, e.g. `$(error) fail 1/3 (6%–79%) — contains: expected "x"`. */
export function verdictText(c: CaseResult): string {
  const n = c.passes + c.fails;
  const rate = n > 1 ? ` ${c.passes}/${n} (${pct(c.passRateLow)}–${pct(c.passRateHigh)})` : '';
  const why = c.status === 'pass' ? '' : ` — ${firstFailedReason(c).slice(0, 90)}`;
  return `${ICON[c.status]} ${c.status}${rate}${why}`;
}

/** The summary of a run, e.g. `last run: 5/6 cases pass · 83% of samples · $0.0123 · 640 ms/call`. */
export function summaryTitle(results: readonly CaseResult[], running: boolean): string {
  let passingCases = 0;
  let samples = 0;
  let passes = 0;
  let costs = 0;
  let knownCosts = 0;
  let costSum = 0;
  let calls = 0;
  let latencySum = 0;
  for (const c of results) {
    if (c.status === 'pass') passingCases++;
    samples += c.passes + c.fails;
    passes += c.passes;
    for (const s of c.samples) {
      costs++;
      const r = s.response;
      if (r?.costUsd !== undefined) {
        knownCosts++;
        costSum += r.costUsd;
      }
      if (r && !r.cached) {
        calls++;
        latencySum += r.latencyMs;
      }
    }
  }
  const parts = [
    `${running ? 'running · ' : 'last run: '}${passingCases}/${results.length} cases pass`,
    samples ? `${pct(passes / samples)} of samples` : '',
    knownCosts ? `${usd(costSum)}${knownCosts < costs ? '+' : ''}` : 'cost unknown',
    calls ? `${Math.round(latencySum / calls)} ms/call` : '',
  ];
  return parts.filter(Boolean).join(' · ');
}

/** Results grouped by case id, each group in the order given. */
export function indexResults(results: readonly CaseResult[]): Map<string, CaseResult[]> {
  const byCase = new Map<string, CaseResult[]>();
  for (const r of results) {
    const group = byCase.get(r.caseId);
    if (group) group.push(r);
    else byCase.set(r.caseId, [r]);
  }
  return byCase;
}

/**
 * The lens summary above a prompt file: undefined when there are no results. `running` is the
 * run's state ("running · " instead of "last run: ").
 */
export function promptLensSummary(results: readonly CaseResult[] | undefined, running = false): string | undefined {
  return results && results.length ? summaryTitle(results, running) : undefined;
}

/**
 * The CodeLens of a suite file given the latest results (undefined: none yet) and whether that
 * run is still going. A case with results shows each result's verdict (one per prompt ×
 * provider, two spaces apart); without, "running…" while a run is going, else "not run".
 * `suite` undefined (it failed to load): the summary and flags only, no case lenses.
 */
export function suiteLenses(suite: Pick<EvalSuite, 'cases'> | undefined, results: readonly CaseResult[] | undefined, running: boolean): SuiteLenses {
  const has = results !== undefined && results.length > 0;
  let canRerunFailed = false;
  let canRetryErrored = false;
  if (has) {
    for (const c of results) {
      if (c.status === 'fail' || c.status === 'flaky') canRerunFailed = true;
      if (c.errors > 0) canRetryErrored = true;
    }
  }
  const byCase = has ? indexResults(results) : undefined;
  const empty = running ? RUNNING_TITLE : NOT_RUN_TITLE;
  const cases: CaseLens[] = [];
  for (const c of suite?.cases ?? []) {
    if (c.line === undefined) continue;
    const res = byCase?.get(c.id);
    cases.push({ caseId: c.id, line: c.line, title: res ? res.map(verdictText).join('  ') : empty });
  }
  return { ...(has ? { summary: summaryTitle(results, running) } : {}), canRerunFailed, canRetryErrored, cases };
}
