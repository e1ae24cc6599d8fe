/**
 * Throughput over time: cases started, cases ended and events per UTC day, ISO week (starting on
 * Monday) or calendar month; the finest unit giving at most 120 buckets over the span is chosen.
 * Buckets run contiguously from the first to the last, empty ones included. Data in, data out.
 */
export type ThroughputBucket = 'day' | 'week' | 'month';

export interface ThroughputPoint {
  /** Start of the bucket, epoch ms (UTC). */
  readonly time: number;
  readonly casesStarted: number;
  readonly casesEnded: number;
  /** Events whose timestamp (else start) falls in the bucket. */
  readonly events: number;
}

export interface Throughput {
  /** 'day' with no points when nothing has a timestamp. */
  readonly bucket: ThroughputBucket;
  readonly points: readonly ThroughputPoint[];
}

const MAX_POINTS = 120;
const DAY = 86_400_000;

/** First of a month, UTC (Date.UTC would map years 0-99 to 1900-1999). */
function monthStart(year: number, month: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, month, 1);
  return d.getTime();
}

/** Start of the UTC day, ISO week (Monday) or month containing `t`. */
export function bucketStart(t: number, bucket: ThroughputBucket): number {
  const day = Math.floor(t / DAY) * DAY;
  if (bucket === 'day') return day;
  if (bucket === 'week') return day - ((new Date(day).getUTCDay() + 6) % 7) * DAY;
  const d = new Date(t);
  return monthStart(d.getUTCFullYear(), d.getUTCMonth());
}

function nextBucket(start: number, bucket: ThroughputBucket): number {
  if (bucket === 'day') return start + DAY;
  if (bucket === 'week') return start + 7 * DAY;
  const d = new Date(start);
  return monthStart(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

function bucketCount(first: number, last: number, bucket: ThroughputBucket): number {
  const a = new Date(bucketStart(first, bucket));
  const b = new Date(bucketStart(last, bucket));
  if (bucket === 'month') return (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth() + 1;
  return Math.round((b.getTime() - a.getTime()) / (bucket === 'day' ? DAY : 7 * DAY)) + 1;
}

/** The finest bucket giving at most MAX_POINTS buckets between `first` and `last`. */
export function chooseBucket(first: number, last: number): ThroughputBucket {
  if (bucketCount(first, last, 'day') <= MAX_POINTS) return 'day';
  if (bucketCount(first, last, 'week') <= MAX_POINTS) return 'week';
  return 'month';
}

/**
 * `cases`: each case's first and last timestamp (absent when it has none); `eventTimes`: one
 * timestamp per timed event.
 */
export function throughput(cases: readonly { readonly first?: number; readonly last?: number }[], eventTimes: readonly number[]): Throughput {
  let first = Infinity;
  let last = -Infinity;
  for (const t of eventTimes) {
    if (t < first) first = t;
    if (t > last) last = t;
  }
  for (const c of cases) {
    if (c.first !== undefined && c.first < first) first = c.first;
    if (c.last !== undefined && c.last > last) last = c.last;
  }
  if (first === Infinity) return { bucket: 'day', points: [] };
  const bucket = chooseBucket(first, last);
  const index = new Map<number, number>();
  const points: { time: number; casesStarted: number; casesEnded: number; events: number }[] = [];
  for (let t = bucketStart(first, bucket); t <= last; t = nextBucket(t, bucket)) {
    index.set(t, points.length);
    points.push({ time: t, casesStarted: 0, casesEnded: 0, events: 0 });
  }
  const at = (t: number) => points[index.get(bucketStart(t, bucket))!]!;
  for (const t of eventTimes) at(t).events++;
  for (const c of cases) {
    if (c.first !== undefined) at(c.first).casesStarted++;
    if (c.last !== undefined) at(c.last).casesEnded++;
  }
  return { bucket, points };
}
