/**
 * `runEval`: every sample of the plan (prompt × provider × case × repeat) is rendered, called and
 * graded, and results stream out through hooks as they arrive; the promise resolves with all of
 * them in plan order.
 *
 * A sample: render the prompt with the case's variables (once per prompt × case) → answer from
 * the on-disk cache when the cache mode allows and a response is stored → else, if the budget
 * allows, call the provider through the limiter with retries → grade with the injected `grade`.
 * A call that fails after retries makes an errored sample (not a failed one); so does a render
 * failure. A grade that throws makes a failed sample with one `error: true` assertion result.
 * When a case has all its samples it is aggregated (aggregate.ts) and reported with `onCase`.
 *
 * Work starts in plan order, at most `concurrency` samples at once (the suite's `concurrency`,
 * else `deps.concurrency`, else 4); a sample holds its slot while it is graded, so judge calls
 * count against the same limit.
 *
 * Budget: when spend (provider calls plus `judgeCostUsd` of assertions) reaches
 * `suite.budgetUsd`, no new provider call starts; calls in flight finish; cache hits are still
 * served. The result says `stoppedForBudget`. Cancellation (`hooks.signal`): nothing new starts,
 * in-flight calls are aborted, and the promise resolves with what finished and `cancelled: true`.
 * Cases left unfinished either way are listed in `incomplete` with the samples they did get.
 *
 * Keys come from `deps.apiKeyFor` (once per provider) and go only into the request's header.
 * A hook that throws does not disturb the run; its first error is rethrown when the run is over.
 */
import type OpenAI from 'openai';
import { randomUUID } from 'node:crypto';
import type { PricingTable } from '../../traces/pricing';
import type {
  AssertionContext, AssertionResult, AssertionSpec, CaseResult, ChatMessage, Judge, PromptRef, ProviderResponse, ProviderSpec, SampleResult,
} from '../types';
import { aggregateCase } from './aggregate';
import { Budget } from './budget';
import { ResponseCache, cacheKey, shouldCache, type CacheMode } from './cache';
import { callProvider, makeClient } from './callProvider';
import { sha256 } from './canonicalJson';
import { abortError, isAborted } from './errors';
import { Limiter } from './limiter';
import { planWork, type EvalPlan, type WorkUnit } from './plan';
import { withRetry, type RetryOptions } from './retry';

export type { EvalPlan } from './plan';

export interface GradeOutcome {
  readonly assertions: readonly AssertionResult[];
  readonly pass: boolean;
  readonly score: number;
}

export interface EvalDeps {
  /** The prompt rendered with a case's variables. */
  render(prompt: PromptRef, vars: Readonly<Record<string, unknown>>): Promise<readonly ChatMessage[]>;
  /** Grades one output with a case's assertions (the assertions module). */
  grade(specs: readonly AssertionSpec[], ctx: AssertionContext): Promise<GradeOutcome>;
  /** The API key for a provider; undefined for endpoints that need none. */
  apiKeyFor(provider: ProviderSpec): Promise<string | undefined>;
  /** Response cache directory; no caching without one. */
  readonly cacheDir?: string;
  /** Default 'auto' (temperature 0 only). */
  readonly cacheMode?: CacheMode;
  readonly judge?: Judge;
  /** Endpoint for providers without a baseUrl. */
  readonly defaultBaseUrl?: string;
  /** Concurrency when the suite sets none; default 4. */
  readonly concurrency?: number;
  readonly retry?: RetryOptions;
  /** Stream answers (SSE); default false. */
  readonly stream?: boolean;
  readonly pricing?: PricingTable;
  /** For assertions that read files relative to the suite. */
  readonly readFile?: (relPath: string) => Promise<string>;
  /** Content hash of a prompt (e.g. of its file's text); default sha256 of inline `raw`. */
  promptHash?(prompt: PromptRef): Promise<string | undefined>;
}

export interface SampleWhere {
  readonly caseId: string;
  readonly promptId: string;
  readonly providerId: string;
}

export interface EvalHooks {
  /** Before any work: the run's id, start time, prompts (with content hashes) and samples to run. */
  onStart?(info: { readonly runId: string; readonly startedAt: string; readonly prompts: readonly PromptInfo[]; readonly total: number }): void;
  onSample?(sample: SampleResult, where: SampleWhere): void;
  onCase?(result: CaseResult): void;
  /** Samples finished out of samples to run (kept samples are not counted). */
  onProgress?(done: number, total: number): void;
  readonly signal?: AbortSignal;
}

export interface IncompleteCase extends SampleWhere {
  /** Samples that finished before the run stopped. */
  readonly samples: readonly SampleResult[];
}

export interface PromptInfo {
  readonly id: string;
  readonly label?: string;
  readonly path?: string;
  readonly hash?: string;
}

export interface EvalRunResult {
  readonly runId: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** Finished cases, in plan order. */
  readonly cases: readonly CaseResult[];
  /** Cases the run stopped before finishing (budget or cancellation). */
  readonly incomplete: readonly IncompleteCase[];
  readonly cancelled: boolean;
  readonly stoppedForBudget: boolean;
  /** Provider and judge spend; calls of unknown price are not in it. */
  readonly spentUsd: number;
  /** What cache hits would have cost. */
  readonly savedUsd: number;
  readonly unknownCostCalls: number;
  /** Provider calls that went out (each counted once, however many retries). */
  readonly calls: number;
  readonly retries: number;
  readonly cacheHits: number;
  readonly prompts: readonly PromptInfo[];
}

const DEFAULT_CONCURRENCY = 4;

export async function runEval(plan: EvalPlan, deps: EvalDeps, hooks: EvalHooks = {}): Promise<EvalRunResult> {
  const startedAt = new Date().toISOString();
  const runId = plan.runId ?? randomUUID();
  const { suite } = plan;
  const units = planWork(plan);
  const signal = hooks.signal;
  const limiter = new Limiter(suite.concurrency ?? deps.concurrency ?? DEFAULT_CONCURRENCY, signal);
  const budget = new Budget(suite.budgetUsd);
  const cache = deps.cacheDir !== undefined ? new ResponseCache(deps.cacheDir) : undefined;
  const cacheMode = deps.cacheMode ?? 'auto';

  let stoppedForBudget = false;
  let savedUsd = 0;
  let calls = 0;
  let retries = 0;
  let cacheHits = 0;
  let done = 0;
  const total = units.reduce((n, u) => n + u.todo.length, 0);

  const rendered = new Map<string, Promise<readonly ChatMessage[]>>();
  const renderFor = (u: WorkUnit) => {
    const k = JSON.stringify([u.prompt.id, u.testCase.id]);
    let p = rendered.get(k);
    if (!p) rendered.set(k, (p = deps.render(u.prompt, u.testCase.vars)));
    return p;
  };
  const keys = new Map<string, Promise<string | undefined>>();
  const clients = new Map<string, Promise<OpenAI>>();
  const clientFor = (provider: ProviderSpec, baseUrl: string) => {
    let c = clients.get(provider.id);
    if (!c) {
      let k = keys.get(provider.id);
      if (!k) keys.set(provider.id, (k = deps.apiKeyFor(provider)));
      clients.set(provider.id, (c = k.then((key) => makeClient(baseUrl, key))));
    }
    return c;
  };

  // A hook that throws must not lose the sample it was told about: the first such error is
  // rethrown once the run is over.
  let hookError: { error: unknown } | undefined;
  const safely = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      hookError ??= { error };
    }
  };

  const collected = new Map<string, SampleResult[]>(units.map((u) => [u.key, [...u.kept]]));
  const finished = new Map<string, CaseResult>();
  const where = (u: WorkUnit): SampleWhere => ({ caseId: u.testCase.id, promptId: u.prompt.id, providerId: u.provider.id });
  const complete = (u: WorkUnit) => {
    const c = aggregateCase(where(u), collected.get(u.key)!);
    finished.set(u.key, c);
    safely(() => hooks.onCase?.(c));
  };
  const record = (u: WorkUnit, s: SampleResult) => {
    const list = collected.get(u.key)!;
    list.push(s);
    done++;
    safely(() => hooks.onSample?.(s, where(u)));
    safely(() => hooks.onProgress?.(done, total));
    if (list.length === u.samples) complete(u);
  };

  /** The provider's response for one sample: from the cache, or a call; undefined when the budget forbids a call. */
  const respond = async (u: WorkUnit, sample: number, messages: readonly ChatMessage[]): Promise<ProviderResponse | undefined> => {
    const baseUrl = u.provider.baseUrl ?? deps.defaultBaseUrl;
    if (baseUrl === undefined) throw new Error(`Provider ${u.provider.id} has no baseUrl and no default endpoint is set.`);
    const tools = Array.isArray(u.provider.params.tools) ? (u.provider.params.tools as unknown[]) : undefined;
    const useCache = cache !== undefined && shouldCache(cacheMode, u.provider.params);
    const key = useCache ? cacheKey({ baseUrl, model: u.provider.model, params: u.provider.params, messages, tools, sample }) : '';
    if (useCache) {
      const hit = await cache.get(key);
      if (hit) {
        cacheHits++;
        savedUsd += hit.savedUsd;
        return hit.response;
      }
    }
    if (!budget.canStart()) {
      stoppedForBudget = true;
      return undefined;
    }
    const client = await clientFor(u.provider, baseUrl);
    calls++;
    const retry: RetryOptions = { ...deps.retry, onRetry: (a, e, d) => { retries++; deps.retry?.onRetry?.(a, e, d); } };
    const response = await withRetry(
      (attemptSignal) => callProvider({ baseUrl, model: u.provider.model, params: u.provider.params, messages, stream: deps.stream, signal: attemptSignal, pricing: deps.pricing, client }),
      retry,
      signal,
    );
    budget.add(response.costUsd);
    if (useCache) await cache.set(key, response).catch(() => undefined);
    return response;
  };

  /** One sample, start to finish; records nothing when the budget forbids its call, rejects when cancelled. */
  const runSample = async (u: WorkUnit, sample: number): Promise<void> => {
    if (signal?.aborted) throw abortError();
    let messages: readonly ChatMessage[];
    try {
      messages = await renderFor(u);
    } catch (err) {
      record(u, { sample, error: `Could not render prompt ${u.prompt.id}: ${messageOf(err)}`, assertions: [], pass: false, score: 0 });
      return;
    }
    let response: ProviderResponse | undefined;
    try {
      response = await respond(u, sample, messages);
    } catch (err) {
      if (isAborted(err) || signal?.aborted) throw abortError();
      record(u, { sample, error: messageOf(err), assertions: [], pass: false, score: 0 });
      return;
    }
    if (!response) return;
    const ctx: AssertionContext = {
      output: response.output, response, vars: u.testCase.vars, prompt: messages,
      ...(deps.judge && { judge: deps.judge }), ...(signal && { signal }), ...(deps.readFile && { readFile: deps.readFile }),
    };
    let graded: GradeOutcome;
    try {
      graded = await deps.grade(u.testCase.assert, ctx);
    } catch (err) {
      if (signal?.aborted) throw abortError();
      graded = { pass: false, score: 0, assertions: [{ type: 'grade', pass: false, score: 0, reason: `Grading failed: ${messageOf(err)}`, weight: 1, error: true }] };
    }
    for (const a of graded.assertions) if (a.judgeCostUsd !== undefined) budget.add(a.judgeCostUsd);
    record(u, { sample, response, assertions: graded.assertions, pass: graded.pass, score: graded.score });
  };

  const prompts = await Promise.all(
    [...new Map(units.map((u) => [u.prompt.id, u.prompt])).values()].map(async (p): Promise<PromptInfo> => {
      const hash = deps.promptHash ? await Promise.resolve().then(() => deps.promptHash!(p)).catch(() => undefined) : p.raw !== undefined ? sha256(p.raw) : undefined;
      return { id: p.id, ...(p.label !== undefined && { label: p.label }), ...(p.path !== undefined && { path: p.path }), ...(hash !== undefined && { hash }) };
    }),
  );

  hooks.onStart?.({ runId, startedAt, prompts, total });

  // Cases with nothing left to call (all kept) are complete from the start.
  for (const u of units) if (u.todo.length === 0) complete(u);
  hooks.onProgress?.(0, total);

  const tasks: Promise<unknown>[] = [];
  for (const u of units) {
    for (const sample of u.todo) tasks.push(limiter.run(() => runSample(u, sample)));
  }
  await Promise.allSettled(tasks);
  if (hookError) throw hookError.error;

  return {
    runId,
    startedAt,
    finishedAt: new Date().toISOString(),
    cases: units.flatMap((u) => finished.get(u.key) ?? []),
    incomplete: units.filter((u) => !finished.has(u.key)).map((u) => ({ ...where(u), samples: [...collected.get(u.key)!].sort((a, b) => a.sample - b.sample) })),
    cancelled: signal?.aborted ?? false,
    stoppedForBudget,
    spentUsd: budget.spentUsd,
    savedUsd,
    unknownCostCalls: budget.unknownCostCalls,
    calls,
    retries,
    cacheHits,
    prompts,
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
