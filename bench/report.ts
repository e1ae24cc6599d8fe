/** Small helpers shared by the benchmark sections: medians, target verdicts, number formats. */
import { performance } from 'node:perf_hooks';

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
export const ok = (pass: boolean): string => (pass ? 'yes' : 'NO');
export const int = (x: number): string => Math.round(x).toLocaleString('en-US');

/** `< 1 s: yes (0.42× target)`: the verdict against an upper bound and the measured/target ratio. */
export function vsTarget(value: number, target: number, unit: string): string {
  const ratio = value / target;
  return `< ${target.toLocaleString('en-US')} ${unit}: ${ok(value < target)} (${ratio >= 0.1 ? ratio.toFixed(2) : ratio.toPrecision(2)}× target)`;
}

/** Runs `fn` `runs` times; the wall time of each run in ms, the first run first. */
export async function timeRuns<T>(runs: number, fn: () => T | Promise<T>, check?: (value: T) => void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const value = await fn();
    times.push(performance.now() - t0);
    check?.(value);
  }
  return times;
}
