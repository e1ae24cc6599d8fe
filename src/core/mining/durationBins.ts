/**
 * Histogram of durations: equal-width bins from the shortest to the longest duration, with
 * integral bounds (ms). At most 20 bins (fewer when the range is under 20 ms; one when all
 * durations are equal). Bins are [from, to), the last one closed. Data in, data out.
 */
export interface DurationBin {
  /** Inclusive lower bound, ms. */
  readonly fromMs: number;
  /** Exclusive upper bound, ms (inclusive for the last bin). */
  readonly toMs: number;
  readonly cases: number;
}

const BINS = 20;

/** Undefined for no durations. */
export function durationBins(durations: readonly number[]): DurationBin[] | undefined {
  if (durations.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const d of durations) {
    if (d < min) min = d;
    if (d > max) max = d;
  }
  if (min === max) return [{ fromMs: min, toMs: max, cases: durations.length }];
  const width = Math.ceil((max - min) / BINS);
  const count = Math.min(BINS, Math.floor((max - min) / width) + 1);
  const bins = Array.from({ length: count }, (_, i) => ({ fromMs: min + i * width, toMs: min + (i + 1) * width, cases: 0 }));
  for (const d of durations) bins[Math.min(count - 1, Math.floor((d - min) / width))]!.cases++;
  return bins;
}

