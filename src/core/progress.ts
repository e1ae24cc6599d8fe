/**
 * Progress and cancellation for long core work, without any editor dependency.
 * The VS Code layer adapts `window.withProgress` to these; the CLI prints them.
 */
export interface ProgressReport {
  /** Short human text, e.g. "Parsing events". */
  readonly message?: string;
  /** Fraction done in [0, 1] when known. */
  readonly fraction?: number;
}

export type ProgressSink = (report: ProgressReport) => void;

/** Thrown when an AbortSignal cancels work; callers treat it as "nothing happened". */
export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

export const noProgress: ProgressSink = () => undefined;
