/**
 * A concurrency limiter: at most `max` tasks run at once; the others wait in FIFO order on a
 * promise (no polling, no busy-waiting). When the limiter's signal aborts, every waiting task
 * rejects with the abort error without ever running, and so does any task queued later; running
 * tasks are left to notice the signal themselves. One listener on the signal, however many tasks
 * wait.
 */
import { abortError } from './errors';

interface Waiter {
  readonly start: () => void;
  readonly cancel: () => void;
}

export class Limiter {
  private running = 0;
  private readonly queue: Waiter[] = [];

  constructor(readonly max: number, private readonly signal?: AbortSignal) {
    if (!(max >= 1)) throw new RangeError(`concurrency must be at least 1, got ${max}`);
    signal?.addEventListener('abort', () => {
      for (const w of this.queue.splice(0)) w.cancel();
    }, { once: true });
  }

  /** Tasks running now. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get pending(): number {
    return this.queue.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.signal?.aborted) return Promise.reject(abortError());
    if (this.running < this.max) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({
        start: () => {
          this.running++;
          resolve();
        },
        cancel: () => reject(abortError()),
      });
    });
  }

  private release(): void {
    this.running--;
    this.queue.shift()?.start();
  }
}
