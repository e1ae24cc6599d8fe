/**
 * Long work, wrapped once: a cancellable progress notification whose cancel button aborts the
 * core's AbortSignal, and whose bar follows the core's `fraction` reports. Cancellation returns
 * `undefined` quietly; other errors propagate to the caller.
 */
import * as vscode from 'vscode';
import { CancelledError, type ProgressSink } from '../core/progress';

export async function withCancellableProgress<T>(
  title: string,
  work: (progress: ProgressSink, signal: AbortSignal) => Promise<T>,
): Promise<T | undefined> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title, cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const sub = token.onCancellationRequested(() => controller.abort());
      let reported = 0;
      const sink: ProgressSink = (r) => {
        const fraction = r.fraction === undefined ? undefined : Math.min(1, Math.max(0, r.fraction));
        const increment = fraction === undefined ? undefined : Math.max(0, fraction * 100 - reported);
        if (fraction !== undefined) reported = Math.max(reported, fraction * 100);
        progress.report({ message: r.message, increment });
      };
      try {
        return await work(sink, controller.signal);
      } catch (err) {
        if (err instanceof CancelledError || controller.signal.aborted) return undefined;
        throw err;
      } finally {
        sub.dispose();
      }
    },
  );
}
