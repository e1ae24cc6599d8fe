/**
 * The one error type a provider call throws, whatever went wrong: an HTTP status from the
 * endpoint, a network failure, a per-call timeout or a cancelled run. The retry policy
 * (retry.ts) decides from `kind` and `status`; messages never contain the API key.
 */

export type CallErrorKind = 'http' | 'network' | 'timeout' | 'aborted';

/** Response headers as far as retries care (the Fetch `Headers` shape). */
export interface HeaderLookup {
  get(name: string): string | null;
}

export class ProviderCallError extends Error {
  constructor(
    message: string,
    readonly kind: CallErrorKind,
    /** HTTP status, for `http`. */
    readonly status?: number,
    /** Response headers, for `http` (Retry-After). */
    readonly headers?: HeaderLookup,
  ) {
    super(message);
    this.name = 'ProviderCallError';
  }
}

/** The error a cancelled run rejects with. */
export function abortError(): ProviderCallError {
  return new ProviderCallError('The eval run was cancelled.', 'aborted');
}

export function isAborted(err: unknown): boolean {
  return err instanceof ProviderCallError && err.kind === 'aborted';
}
