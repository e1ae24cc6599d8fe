/**
 * Comparing two eval runs case by case: did the new prompt version (or model) fix cases, break
 * them, and is the difference more than sampling noise? Pure: the inputs are plain data built from
 * the workspace database (`runCasesFromSamples`) or from a results JSON file
 * (`runCasesFromResultsFile`); statistics come from stats.ts.
 *
 * Decisions:
 *
 * - **Pairing.** Cases are paired by a key of the case id plus, depending on `pairBy`, the prompt
 *   id and/or provider id. `'case'` pairs across prompt versions and models (the usual question:
 *   "v2 of the prompt" or "the other model" on the same cases). Without `pairBy`, a component is in
 *   the key exactly when some run has more than one value of it (a run with two prompts and one
 *   model pairs by `'case+prompt'`; one prompt and one model per run pairs by `'case'`). Two
 *   results with the same key in one run are an error, not pooled: pooling different prompts or
 *   models would hide the very difference being measured.
 * - **Samples.** An errored sample (the provider call failed; `error` set, or no verdict) is left
 *   out of pass rates and scores, as in aggregate.ts. A case's status follows aggregate.ts:
 *   `flaky` when graded samples both passed and failed, else `fail`, else `error` (nothing graded
 *   or some errored), else `pass`. Pass rate and its 95% Wilson interval are over graded samples
 *   (0 and [0, 1] when none); the mean score is undefined when none (or a graded score is missing).
 * - **Verdict per case** (for flips, McNemar and the case-level pass rates): the majority of
 *   graded samples — pass when strictly more passed than failed; a tie is not a pass. No graded
 *   sample: no verdict (the case is left out of McNemar and the case-level pass rates).
 * - **Flip.** `fixed` fail → pass, `broke` pass → fail, `same-pass`, `same-fail`, when both sides
 *   are clean: their graded samples all passed or all failed (errored samples aside, so 2 passes +
 *   1 errored call is a clean pass though its status is `error`). When either side is flaky or has
 *   no graded sample, the flip is `changed`: the direction is then in `passRateDelta`,
 *   `scoreDelta` and `regression`. (`flaky` → `flaky` is also `changed`.)
 * - **Regression beyond noise.** A case regresses when its majority verdict went pass → fail AND
 *   either (a) the 95% Wilson intervals of its pass rates do not overlap (after.high <
 *   before.low: `beyondNoise: true`), or (b) the sample counts are too small for any outcome to
 *   separate the intervals — i.e. even all-pass before vs all-fail after would overlap (Wilson of
 *   k/k vs 0/k overlaps up to 3 samples a side; e.g. `repeat: 1`). With enough samples to tell,
 *   overlapping intervals are noise and not a regression (4/5 → 2/5 is not; 5/5 → 0/5 is). A
 *   regression under (b) is marked `noisy: true` when either side is flaky (mixed samples); a
 *   clean single-sample pass → fail is a regression with `noisy: false`.
 * - **Totals** are over paired cases only, so before and after measure the same cases; new and
 *   removed cases are listed apart. Case-level pass rate = share of paired cases with a pass
 *   verdict among those with a verdict, with a Wilson interval; the pooled per-sample pass rate
 *   is given too. McNemar (stats.ts) on cases with a verdict on both sides: b = pass → fail (only
 *   the first run passed), c = fail → pass. Wilcoxon signed-rank (stats.ts) on after − before mean
 *   scores of cases with a mean score on both sides (`pairs` = cases used; the test's own `n`
 *   further drops zero differences).
 * - **Cost and latency.** A case's cost is the sum of its answered samples' provider cost (as in
 *   the results file; judge cost not included), undefined when any answered sample's cost is
 *   unknown; its latency is the mean over answered samples, undefined when any is unknown. Totals
 *   follow the same rule: one unknown case cost makes the side's total unknown, and an unknown
 *   side makes the delta unknown — never a silent 0.
 */
import type { StoredSample } from '../db/evalStore';
import { RESULTS_FORMAT, RESULTS_FORMAT_VERSION } from './runner/resultsFile';
import {
  mcnemar, mean, wilcoxonSignedRank, wilsonInterval, type McNemarResult, type WilcoxonResult,
} from './stats';

// ---------------------------------------------------------------------------------------------
// Input

/** One sample as a comparison needs it. */
export interface RunSample {
  /** Undefined = no verdict (errored). */
  readonly pass?: boolean;
  readonly score?: number;
  /** The provider call failed: no verdict whatever `pass` says. */
  readonly error?: string;
  /** Provider cost in USD; undefined = unknown price. */
  readonly costUsd?: number;
  readonly latencyMs?: number;
}

/** One case × prompt × provider of a run, with its samples. */
export interface RunCase {
  readonly caseId: string;
  readonly promptId: string;
  readonly providerId: string;
  readonly samples: readonly RunSample[];
}

/** A run as a comparison reads it. */
export interface RunCases {
  readonly runId?: string;
  readonly cases: readonly RunCase[];
}

/** The input could not be read as a run (a malformed results file, mixed runs). */
export class RunCasesError extends Error {
  override readonly name = 'RunCasesError';
}

/** Groups stored samples (one run's, e.g. `evalSamples(db, runId)`) into cases, in first-seen order. */
export function runCasesFromSamples(samples: readonly StoredSample[]): RunCases {
  const runIds = [...new Set(samples.map((s) => s.runId))];
  if (runIds.length > 1) throw new RunCasesError(`The samples belong to ${runIds.length} runs (${runIds.join(', ')}); compare one run with another.`);
  const groups = new Map<string, { caseId: string; promptId: string; providerId: string; samples: { n: number; s: RunSample }[] }>();
  for (const s of samples) {
    const k = JSON.stringify([s.caseId, s.promptId, s.providerId]);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { caseId: s.caseId, promptId: s.promptId, providerId: s.providerId, samples: [] }));
    g.samples.push({
      n: s.sample,
      s: {
        ...(s.pass !== undefined && { pass: s.pass }),
        ...(s.score !== undefined && { score: s.score }),
        ...(s.error !== undefined && { error: s.error }),
        ...(s.costUsd !== undefined && { costUsd: s.costUsd }),
        ...(s.latencyMs !== undefined && { latencyMs: s.latencyMs }),
      },
    });
  }
  return {
    ...(runIds[0] !== undefined && { runId: runIds[0] }),
    cases: [...groups.values()].map((g) => ({
      caseId: g.caseId, promptId: g.promptId, providerId: g.providerId,
      samples: g.samples.sort((x, y) => x.n - y.n).map((x) => x.s),
    })),
  };
}

const typeName = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a results JSON file (runner/resultsFile.ts): the parsed document, or its text. Validates
 * the shape and throws a `RunCasesError` naming the offending field (`cases[2].samples[0].pass`).
 * Only finished cases count; a cancelled run's `incomplete` entries are ignored.
 */
export function runCasesFromResultsFile(json: unknown): RunCases {
  let doc = json;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc) as unknown;
    } catch (err) {
      throw new RunCasesError(`Not a results file: the text is not JSON (${(err as Error).message}).`);
    }
  }
  const fail = (where: string, what: string, got: unknown): never => {
    throw new RunCasesError(`Malformed results file: ${where} should be ${what}, got ${typeName(got)}${typeof got === 'string' ? ` "${got.slice(0, 40)}"` : ''}.`);
  };
  if (!isObject(doc)) fail('the document', 'a JSON object', doc);
  const d = doc as Record<string, unknown>;
  if (d.format !== RESULTS_FORMAT) {
    throw new RunCasesError(`Not a Tracemine results file: "format" is ${JSON.stringify(d.format) ?? 'missing'}, expected "${RESULTS_FORMAT}".`);
  }
  if (typeof d.formatVersion !== 'number') fail('"formatVersion"', 'a number', d.formatVersion);
  if ((d.formatVersion as number) > RESULTS_FORMAT_VERSION) {
    throw new RunCasesError(`Results file format version ${String(d.formatVersion)} is newer than this version of Tracemine reads (${RESULTS_FORMAT_VERSION}).`);
  }
  if (d.runId !== undefined && typeof d.runId !== 'string') fail('"runId"', 'a string', d.runId);
  if (!Array.isArray(d.cases)) fail('"cases"', 'an array', d.cases);
  const optNumber = (o: Record<string, unknown>, key: string, where: string): number | undefined => {
    const v = o[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${where}.${key}`, 'a number', v);
    return v as number;
  };
  const str = (o: Record<string, unknown>, key: string, where: string): string => {
    const v = o[key];
    if (typeof v !== 'string') fail(`${where}.${key}`, 'a string', v);
    return v as string;
  };
  const cases = (d.cases as unknown[]).map((c, i): RunCase => {
    const where = `cases[${i}]`;
    if (!isObject(c)) fail(where, 'an object', c);
    const co = c as Record<string, unknown>;
    const caseId = str(co, 'caseId', where);
    const promptId = str(co, 'promptId', where);
    const providerId = str(co, 'providerId', where);
    if (!Array.isArray(co.samples)) fail(`${where}.samples`, 'an array', co.samples);
    const samples = (co.samples as unknown[]).map((s, j): RunSample => {
      const sw = `${where}.samples[${j}]`;
      if (!isObject(s)) fail(sw, 'an object', s);
      const so = s as Record<string, unknown>;
      if (so.error !== undefined && typeof so.error !== 'string') fail(`${sw}.error`, 'a string', so.error);
      if (so.error === undefined && typeof so.pass !== 'boolean') fail(`${sw}.pass`, 'a boolean', so.pass);
      const score = optNumber(so, 'score', sw);
      const costUsd = optNumber(so, 'costUsd', sw);
      const latencyMs = optNumber(so, 'latencyMs', sw);
      return {
        ...(typeof so.pass === 'boolean' && { pass: so.pass }),
        ...(score !== undefined && { score }),
        ...(typeof so.error === 'string' && { error: so.error }),
        ...(costUsd !== undefined && { costUsd }),
        ...(latencyMs !== undefined && { latencyMs }),
      };
    });
    return { caseId, promptId, providerId, samples };
  });
  return { ...(typeof d.runId === 'string' && { runId: d.runId }), cases };
}

// ---------------------------------------------------------------------------------------------
// Output

export type PairBy = 'case' | 'case+prompt' | 'case+provider' | 'full';
export type CaseStatus = 'pass' | 'fail' | 'error' | 'flaky';
export type Flip = 'fixed' | 'broke' | 'same-pass' | 'same-fail' | 'changed';

export interface CompareOptions {
  /** Default: prompt and/or provider join the key when some run has more than one of them. */
  readonly pairBy?: PairBy;
}

/** What identifies a pair: the case id plus the components `pairBy` includes. */
export interface CaseKey {
  readonly caseId: string;
  readonly promptId?: string;
  readonly providerId?: string;
}

/** One side (before or after) of a case. */
export interface SideSummary {
  readonly promptId: string;
  readonly providerId: string;
  readonly status: CaseStatus;
  /** Majority verdict of graded samples (tie = fail); undefined when none was graded. */
  readonly verdict?: 'pass' | 'fail';
  readonly passes: number;
  readonly fails: number;
  readonly errors: number;
  /** Graded samples. */
  readonly n: number;
  /** passes / n (0 when n = 0) with its 95% Wilson interval ([0, 1] when n = 0). */
  readonly passRate: number;
  readonly low: number;
  readonly high: number;
  /** Mean score of graded samples; undefined when none, or when a graded sample has no score. */
  readonly meanScore?: number;
  /** Provider cost, USD; undefined when unknown. */
  readonly costUsd?: number;
  /** Mean latency of answered samples; undefined when unknown. */
  readonly latencyMs?: number;
}

export interface CaseComparison extends CaseKey {
  readonly before: SideSummary;
  readonly after: SideSummary;
  readonly flip: Flip;
  /** Passed before, fails now, beyond noise (see the file header). */
  readonly regression: boolean;
  /** The Wilson intervals do not overlap, after below before. */
  readonly beyondNoise: boolean;
  /** A regression that is not beyond noise and has a flaky side. */
  readonly noisy: boolean;
  readonly passRateDelta: number;
  /** after.meanScore − before.meanScore; undefined when either is. */
  readonly scoreDelta?: number;
}

export interface UnpairedCase extends CaseKey {
  readonly side: SideSummary;
}

export interface RateSummary {
  readonly passes: number;
  readonly n: number;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
}

export interface KnownDelta {
  readonly before?: number;
  readonly after?: number;
  /** after − before; undefined when either is unknown. */
  readonly delta?: number;
}

export interface ComparisonTotals {
  readonly pairedCases: number;
  /** Case level: majority verdicts, cases with a verdict. */
  readonly before: RateSummary;
  readonly after: RateSummary;
  /** after.rate − before.rate (case level). */
  readonly delta: number;
  /** Pooled over graded samples of the paired cases. */
  readonly samplesBefore: RateSummary;
  readonly samplesAfter: RateSummary;
  readonly flips: Readonly<Record<Flip, number>>;
  readonly regressions: number;
  readonly mcnemar: McNemarResult & {
    /** Pass → fail. */
    readonly b: number;
    /** Fail → pass. */
    readonly c: number;
    readonly bothPass: number;
    readonly bothFail: number;
    /** Cases with a verdict on both sides. */
    readonly n: number;
  };
  readonly wilcoxon: WilcoxonResult & {
    /** Cases with a mean score on both sides (before dropping zero differences). */
    readonly pairs: number;
    /** Paired cases left out for a missing mean score. */
    readonly dropped: number;
  };
  readonly costUsd: KnownDelta;
  /** Mean latency per answered sample. */
  readonly latencyMs: KnownDelta;
}

export interface RunComparison {
  readonly pairBy: PairBy;
  readonly beforeRunId?: string;
  readonly afterRunId?: string;
  /** Paired cases, in the first run's order. */
  readonly cases: readonly CaseComparison[];
  readonly totals: ComparisonTotals;
  readonly fixed: readonly CaseKey[];
  readonly broke: readonly CaseKey[];
  readonly regressions: readonly CaseKey[];
  /** Only in the second run. */
  readonly newCases: readonly UnpairedCase[];
  /** Only in the first run. */
  readonly removedCases: readonly UnpairedCase[];
}

// ---------------------------------------------------------------------------------------------
// Comparison

function defaultPairBy(a: RunCases, b: RunCases): PairBy {
  const varies = (f: (c: RunCase) => string) => [a, b].some((r) => new Set(r.cases.map(f)).size > 1);
  const prompt = varies((c) => c.promptId);
  const provider = varies((c) => c.providerId);
  return prompt && provider ? 'full' : prompt ? 'case+prompt' : provider ? 'case+provider' : 'case';
}

function keyOf(c: RunCase, pairBy: PairBy): CaseKey {
  const withPrompt = pairBy === 'case+prompt' || pairBy === 'full';
  const withProvider = pairBy === 'case+provider' || pairBy === 'full';
  return { caseId: c.caseId, ...(withPrompt && { promptId: c.promptId }), ...(withProvider && { providerId: c.providerId }) };
}

const keyString = (k: CaseKey): string => JSON.stringify([k.caseId, k.promptId ?? null, k.providerId ?? null]);

function describeKey(k: CaseKey): string {
  return [`case "${k.caseId}"`, k.promptId !== undefined && `prompt "${k.promptId}"`, k.providerId !== undefined && `provider "${k.providerId}"`]
    .filter(Boolean).join(', ');
}

function indexRun(r: RunCases, pairBy: PairBy, which: string): Map<string, { key: CaseKey; c: RunCase }> {
  const out = new Map<string, { key: CaseKey; c: RunCase }>();
  for (const c of r.cases) {
    const key = keyOf(c, pairBy);
    const ks = keyString(key);
    const prev = out.get(ks);
    if (prev) {
      throw new RunCasesError(`The ${which} run has two results for ${describeKey(key)} (prompt "${prev.c.promptId}", provider "${prev.c.providerId}" and `
        + `prompt "${c.promptId}", provider "${c.providerId}"): pairing by '${pairBy}' cannot tell them apart; pair by 'case+prompt', 'case+provider' or 'full'.`);
    }
    out.set(ks, { key, c });
  }
  return out;
}

function isGraded(s: RunSample): boolean {
  return s.error === undefined && s.pass !== undefined;
}

/** Sum, or undefined when any value is. */
function knownSum(xs: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  for (const x of xs) {
    if (x === undefined) return undefined;
    sum += x;
  }
  return sum;
}

export function summarizeSide(c: RunCase): SideSummary {
  const graded = c.samples.filter(isGraded);
  const passes = graded.filter((s) => s.pass).length;
  const n = graded.length;
  const fails = n - passes;
  const errors = c.samples.length - n;
  const { low, high } = wilsonInterval(passes, n);
  const scores = graded.map((s) => s.score);
  const scoresKnown = n > 0 && scores.every((x) => x !== undefined);
  const answered = c.samples.filter((s) => s.error === undefined);
  const latencies = answered.map((s) => s.latencyMs);
  const latencyKnown = answered.length > 0 && latencies.every((l) => l !== undefined);
  const costUsd = knownSum(answered.map((s) => s.costUsd));
  const status: CaseStatus = passes > 0 && fails > 0 ? 'flaky' : fails > 0 ? 'fail' : errors > 0 || n === 0 ? 'error' : 'pass';
  return {
    promptId: c.promptId,
    providerId: c.providerId,
    status,
    ...(n > 0 && { verdict: passes > fails ? 'pass' : 'fail' }),
    passes, fails, errors, n,
    passRate: n > 0 ? passes / n : 0,
    low, high,
    ...(scoresKnown && { meanScore: mean(scores as number[]) }),
    ...(costUsd !== undefined && { costUsd }),
    ...(latencyKnown && { latencyMs: mean(latencies as number[]) }),
  };
}

function flipOf(before: SideSummary, after: SideSummary): Flip {
  // Clean: graded samples all agree (errored samples aside).
  const clean = (s: SideSummary): 'pass' | 'fail' | undefined => (s.n === 0 ? undefined : s.fails === 0 ? 'pass' : s.passes === 0 ? 'fail' : undefined);
  const b = clean(before);
  const a = clean(after);
  if (b === undefined || a === undefined) return 'changed';
  if (b === 'pass') return a === 'pass' ? 'same-pass' : 'broke';
  return a === 'pass' ? 'fixed' : 'same-fail';
}

/** The regression rule of the file header. */
function regressionOf(before: SideSummary, after: SideSummary): { regression: boolean; beyondNoise: boolean; noisy: boolean } {
  const beyondNoise = before.n > 0 && after.n > 0 && after.high < before.low;
  if (before.verdict !== 'pass' || after.verdict !== 'fail') return { regression: false, beyondNoise, noisy: false };
  if (beyondNoise) return { regression: true, beyondNoise, noisy: false };
  // Could any outcome at these sample counts have separated the intervals?
  const resolvable = wilsonInterval(before.n, before.n).low > wilsonInterval(0, after.n).high;
  if (resolvable) return { regression: false, beyondNoise, noisy: false };
  return { regression: true, beyondNoise, noisy: before.status === 'flaky' || after.status === 'flaky' };
}

function rate(passes: number, n: number): RateSummary {
  const { low, high } = wilsonInterval(passes, n);
  return { passes, n, rate: n > 0 ? passes / n : 0, low, high };
}

function knownDelta(before: number | undefined, after: number | undefined): KnownDelta {
  return {
    ...(before !== undefined && { before }),
    ...(after !== undefined && { after }),
    ...(before !== undefined && after !== undefined && { delta: after - before }),
  };
}

/** Mean latency per answered sample over cases; undefined when any answered sample's is unknown. */
function meanLatency(cases: readonly RunCase[]): number | undefined {
  const all: number[] = [];
  for (const c of cases) {
    for (const s of c.samples) {
      if (s.error !== undefined) continue;
      if (s.latencyMs === undefined) return undefined;
      all.push(s.latencyMs);
    }
  }
  return all.length > 0 ? mean(all) : undefined;
}

/** Compares run `a` (before) with run `b` (after). */
export function compareRuns(a: RunCases, b: RunCases, opts: CompareOptions = {}): RunComparison {
  const pairBy = opts.pairBy ?? defaultPairBy(a, b);
  const ia = indexRun(a, pairBy, 'first');
  const ib = indexRun(b, pairBy, 'second');

  const cases: CaseComparison[] = [];
  const pairedRaw: { before: RunCase; after: RunCase }[] = [];
  const removedCases: UnpairedCase[] = [];
  for (const [ks, { key, c }] of ia) {
    const other = ib.get(ks);
    const before = summarizeSide(c);
    if (!other) {
      removedCases.push({ ...key, side: before });
      continue;
    }
    const after = summarizeSide(other.c);
    pairedRaw.push({ before: c, after: other.c });
    cases.push({
      ...key,
      before,
      after,
      flip: flipOf(before, after),
      ...regressionOf(before, after),
      passRateDelta: after.passRate - before.passRate,
      ...(before.meanScore !== undefined && after.meanScore !== undefined && { scoreDelta: after.meanScore - before.meanScore }),
    });
  }
  const newCases: UnpairedCase[] = [];
  for (const [ks, { key, c }] of ib) if (!ia.has(ks)) newCases.push({ ...key, side: summarizeSide(c) });

  const keyOnly = (c: CaseComparison): CaseKey => ({
    caseId: c.caseId, ...(c.promptId !== undefined && { promptId: c.promptId }), ...(c.providerId !== undefined && { providerId: c.providerId }),
  });
  const flips: Record<Flip, number> = { 'fixed': 0, 'broke': 0, 'same-pass': 0, 'same-fail': 0, 'changed': 0 };
  for (const c of cases) flips[c.flip]++;

  // Case-level pass rates over cases with a verdict; McNemar over cases with a verdict on both sides.
  const withBefore = cases.filter((c) => c.before.verdict !== undefined);
  const withAfter = cases.filter((c) => c.after.verdict !== undefined);
  const both = cases.filter((c) => c.before.verdict !== undefined && c.after.verdict !== undefined);
  const count = (pred: (c: CaseComparison) => boolean) => both.filter(pred).length;
  const mb = count((c) => c.before.verdict === 'pass' && c.after.verdict === 'fail');
  const mc = count((c) => c.before.verdict === 'fail' && c.after.verdict === 'pass');
  const bothPass = count((c) => c.before.verdict === 'pass' && c.after.verdict === 'pass');
  const bothFail = count((c) => c.before.verdict === 'fail' && c.after.verdict === 'fail');
  const before = rate(withBefore.filter((c) => c.before.verdict === 'pass').length, withBefore.length);
  const after = rate(withAfter.filter((c) => c.after.verdict === 'pass').length, withAfter.length);

  const scored = cases.filter((c) => c.scoreDelta !== undefined);
  const wilcoxon = wilcoxonSignedRank(scored.map((c) => c.scoreDelta!));

  const sum = (f: (s: SideSummary) => number) => (sides: readonly SideSummary[]) => sides.reduce((acc, s) => acc + f(s), 0);
  const beforeSides = cases.map((c) => c.before);
  const afterSides = cases.map((c) => c.after);

  return {
    pairBy,
    ...(a.runId !== undefined && { beforeRunId: a.runId }),
    ...(b.runId !== undefined && { afterRunId: b.runId }),
    cases,
    totals: {
      pairedCases: cases.length,
      before,
      after,
      delta: after.rate - before.rate,
      samplesBefore: rate(sum((s) => s.passes)(beforeSides), sum((s) => s.n)(beforeSides)),
      samplesAfter: rate(sum((s) => s.passes)(afterSides), sum((s) => s.n)(afterSides)),
      flips,
      regressions: cases.filter((c) => c.regression).length,
      mcnemar: { ...mcnemar(mb, mc), b: mb, c: mc, bothPass, bothFail, n: both.length },
      wilcoxon: { ...wilcoxon, pairs: scored.length, dropped: cases.length - scored.length },
      costUsd: knownDelta(knownSum(beforeSides.map((s) => s.costUsd)), knownSum(afterSides.map((s) => s.costUsd))),
      latencyMs: knownDelta(meanLatency(pairedRaw.map((p) => p.before)), meanLatency(pairedRaw.map((p) => p.after))),
    },
    fixed: cases.filter((c) => c.flip === 'fixed').map(keyOnly),
    broke: cases.filter((c) => c.flip === 'broke').map(keyOnly),
    regressions: cases.filter((c) => c.regression).map(keyOnly),
    newCases,
    removedCases,
  };
}
