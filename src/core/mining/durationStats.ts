/**
 * Summary statistics of a list of durations (ms): count, mean, median (mean of the two middle
 * values for an even count, as numpy), min, max, total. Data in, data out.
 */
import type { DurationStats } from './types';

export function durationStats(values: ArrayLike<number>): DurationStats | undefined {
  const n = values.length;
  if (n === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  let total = 0;
  for (let i = 0; i < n; i++) total += sorted[i]!;
  const mid = n >> 1;
  const median = n % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { count: n, mean: total / n, median, min: sorted[0]!, max: sorted[n - 1]!, total };
}
