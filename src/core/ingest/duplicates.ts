/**
 * The quality report's duplicate events, counted from compact per-event columns: events that
 * repeat an earlier event of the same case with the same activity and the same timestamp (events
 * without a timestamp never count). In each group of k equal events, k - 1 are duplicates: what
 * `SELECT SUM(n - 1) FROM (SELECT COUNT(*) n … GROUP BY case, activity, timestamp)` gives.
 *
 * Work: one counting sort of the events by case (skipped when each case's events are together
 * already), then per case a sort by timestamp only when the case is not in time order.
 */

/** Growable (case, activity, timestamp) columns for DuplicateCounter; activities as small ids. */
export class DuplicateCounter {
  private caseOf = new Int32Array(1 << 12);
  private activity = new Int32Array(1 << 12);
  private time = new Float64Array(1 << 12);
  private readonly activityIds = new Map<string, number>();
  private n = 0;
  private cases = 0;

  /** Records one event of case `caseHandle` (0, 1, 2… in order of first appearance). */
  add(caseHandle: number, activity: string, time: number | undefined): void {
    const i = this.n;
    if (i === this.caseOf.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T): T => {
        const b = new (a.constructor as { new (len: number): T })(a.length * 2);
        b.set(a);
        return b;
      };
      this.caseOf = grow(this.caseOf);
      this.activity = grow(this.activity);
      this.time = grow(this.time);
    }
    let a = this.activityIds.get(activity);
    if (a === undefined) this.activityIds.set(activity, (a = this.activityIds.size));
    this.caseOf[i] = caseHandle;
    this.activity[i] = a;
    this.time[i] = time ?? NaN;
    if (caseHandle >= this.cases) this.cases = caseHandle + 1;
    this.n = i + 1;
  }

  count(): number {
    return countDuplicateEvents(this.n, this.cases, this.caseOf, this.activity, this.time);
  }
}

/**
 * Duplicate events among `n` events, event i being of case caseOf[i] (0 <= caseOf[i] < cases),
 * with activity id activity[i] and timestamp time[i] (NaN: none), in file order.
 */
export function countDuplicateEvents(n: number, cases: number, caseOf: Int32Array, activity: Int32Array, time: Float64Array): number {
  // Group the events by case, keeping file order within a case.
  const start = new Int32Array(cases + 1);
  let grouped = true;
  for (let i = 0; i < n; i++) {
    start[caseOf[i]! + 1]!++;
    if (i > 0 && caseOf[i]! < caseOf[i - 1]!) grouped = false;
  }
  for (let c = 0; c < cases; c++) start[c + 1]! += start[c]!;
  let order: Int32Array | undefined;
  if (!grouped) {
    order = new Int32Array(n);
    const next = start.slice(0, cases);
    for (let i = 0; i < n; i++) order[next[caseOf[i]!]!++] = i;
  }
  let duplicates = 0;
  const byTime: number[] = [];
  const seen = new Set<number>();
  for (let c = 0; c < cases; c++) {
    const from = start[c]!;
    const to = start[c + 1]!;
    if (to - from < 2) continue;
    // The case's timed events, in time order (a stable sort only when the file had them out of order).
    byTime.length = 0;
    let sorted = true;
    for (let k = from; k < to; k++) {
      const i = order ? order[k]! : k;
      const t = time[i]!;
      if (t !== t) continue;
      if (byTime.length > 0 && t < time[byTime[byTime.length - 1]!]!) sorted = false;
      byTime.push(i);
    }
    if (!sorted) byTime.sort((x, y) => time[x]! - time[y]!);
    // Equal timestamps are now adjacent: count the activities repeated within each run.
    for (let k = 0; k < byTime.length;) {
      const t = time[byTime[k]!]!;
      let end = k + 1;
      while (end < byTime.length && time[byTime[end]!] === t) end++;
      if (end - k > 1) {
        seen.clear();
        for (let j = k; j < end; j++) {
          const a = activity[byTime[j]!]!;
          if (seen.has(a)) duplicates++;
          else seen.add(a);
        }
      }
      k = end;
    }
  }
  return duplicates;
}
