/**
 * Retries for provider calls: exponential backoff with jitter on 408/409/429/5xx, network errors
 * and timeouts; never on other 4xx (a bad request stays bad) nor on a cancelled run.
 *
 * The wait before attempt n+1 is the server's `retry-after-ms`, else its `Retry-After` (seconds or
 * an HTTP date), else min(maxDelayMs, baseDelayMs · 2^(n−1)) scaled by a jitter in [0.5, 1) (half
 * fixed, half random, so retries spread out without collapsing to zero). A server-given wait
 * longer than `maxRetryAfterMs` is not waited for: the call fails with that error.
 *
 * Each attempt gets its own signal: the run's signal combined with `AbortSignal.timeout(timeoutMs)`,
 * so a timeout aborts the in-flight request (and is retried) while cancelling the run aborts it
 * for good. Waits between attempts end early when the run is cancelled.
 */
import { ProviderCallError, abortError, type HeaderLookup } from './errors';

export interface RetryOptions {
  /** Attempts in all, including the first; default 4. */
  readonly maxAttempts?: number;
  /** First backoff in ms; default 500. */
  readonly baseDelayMs?: number;
  /** Backoff cap in ms; default 8,000. */
  readonly maxDelayMs?: number;
  /** Longest server-requested wait honoured, in ms; default 60,000. */
  readonly maxRetryAfterMs?: number;
  /** Per-attempt timeout in ms; default 120,000. */
  readonly timeoutMs?: number;
  /** Jitter source in [0, 1); default Math.random. */
  readonly random?: () => number;
  /** Told before each wait (attempt that failed, its error, the wait). */
  readonly onRetry?: (attempt: number, err: ProviderCallError, delayMs: number) => void;
}

const DEFAULTS = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8_000, maxRetryAfterMs: 60_000, timeoutMs: 120_000 } as const;

/** Whether a failed call is worth another attempt. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ProviderCallError)) return false;
  switch (err.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'aborted':
      return false;
    case 'http': {
      const s = err.status ?? 0;
      return s === 408 || s === 409 || s === 429 || s >= 500;
    }
  }
}

/** The wait a response asks for, in ms (`retry-after-ms`, else `Retry-After`); undefined when none or unparsable. */
export function retryAfterMs(headers: HeaderLookup | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const ra = headers.get('retry-after');
  if (ra === null || ra.trim() === '') return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(ra)) return Math.max(0, Number(ra) * 1000);
  const date = Date.parse(ra);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with jitter for the wait after failed attempt `attempt` (1-based). */
export function backoffMs(attempt: number, opts: RetryOptions = {}): number {
  const base = opts.baseDelayMs ?? DEFAULTS.baseDelayMs;
  const cap = opts.maxDelayMs ?? DEFAULTS.maxDelayMs;
  const d = Math.min(cap, base * 2 ** (attempt - 1));
  return d * (0.5 + 0.5 * (opts.random ?? Math.random)());
}

/**
 * Runs `fn` until it succeeds, fails for good, or the attempts run out; rethrows the last error.
 * `fn` receives the attempt's signal and must pass it to the request.
 */
export async function withRetry<T>(fn: (signal: AbortSignal, attempt: number) => Promise<T>, opts: RetryOptions = {}, runSignal?: AbortSignal): Promise<T> {
  const maxAttempts = Math.max(1, opts.maxAttempts ?? DEFAULTS.maxAttempts);
  const timeoutMs = opts.timeoutMs ?? DEFAULTS.timeoutMs;
  for (let attempt = 1; ; attempt++) {
    if (runSignal?.aborted) throw abortError();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = runSignal ? AbortSignal.any([runSignal, timeout]) : timeout;
    let err: unknown;
    try {
      return await fn(signal, attempt);
    } catch (e) {
      err = e;
    }
    if (runSignal?.aborted) throw abortError();
    if (timeout.aborted && !(err instanceof ProviderCallError && err.kind === 'http')) {
      err = new ProviderCallError(`No answer within ${timeoutMs} ms.`, 'timeout');
    }
    if (attempt >= maxAttempts || !isRetryable(err)) throw err;
    const callErr = err as ProviderCallError;
    const asked = retryAfterMs(callErr.headers);
    if (asked !== undefined && asked > (opts.maxRetryAfterMs ?? DEFAULTS.maxRetryAfterMs)) throw err;
    const delay = asked ?? backoffMs(attempt, opts);
    opts.onRetry?.(attempt, callErr, delay);
    await sleep(delay, runSignal);
  }
}

/** Resolves after `ms`, or rejects with the abort error as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
