/**
 * Data shapes produced by the mining core. Plain JSON-serialisable objects: the process-map
 * webview receives them unchanged through the message protocol, and `tracemine mine --json`
 * prints them.
 */

/** Summary statistics of a set of durations, in milliseconds. */
export interface DurationStats {
  readonly count: number;
  readonly mean: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly total: number;
}

export interface ActivityStats {
  readonly activity: string;
  /** Number of events with this activity. */
  readonly events: number;
  /** Number of cases with at least one event of this activity. */
  readonly cases: number;
}

/** Cost of one activity's events (see activityCosts.ts); unknown costs are counted, never summed as 0. */
export interface ActivityCost {
  readonly activity: string;
  /** Sum of the known costs, USD (0 when none is known: then `known` is 0 too). */
  readonly totalUsd: number;
  /** Mean over the events whose cost is known; absent when none is. */
  readonly meanUsd?: number;
  /** Events with a known cost. */
  readonly known: number;
  /** Events without one. */
  readonly unknown: number;
}

/** Per-activity cost figures of a mined log, from the numeric event attribute `key`. */
export interface CostFigures {
  /** The event attribute read (`cost:usd`). */
  readonly key: string;
  readonly totalUsd: number;
  readonly known: number;
  readonly unknown: number;
  /** In the order of the activities they were computed for (the DFG's: most events first). */
  readonly activities: readonly ActivityCost[];
}

export interface DfgEdge {
  readonly source: string;
  readonly target: string;
  /** How often `target` directly follows `source` (PM4Py's DFG value). */
  readonly frequency: number;
  /** Number of cases in which the pair occurs at least once. */
  readonly cases: number;
  /** Time between the two events; undefined when the log has no timestamps. */
  readonly duration?: DurationStats;
}

export interface Variant {
  /** Activities of the variant, in order. */
  readonly activities: readonly string[];
  readonly cases: number;
  /** Share of all cases, in [0, 1]. */
  readonly coverage: number;
}

/** A directly-follows graph with frequency and (when timestamps exist) performance annotations. */
export interface DirectlyFollowsGraph {
  readonly cases: number;
  readonly events: number;
  readonly activities: readonly ActivityStats[];
  readonly edges: readonly DfgEdge[];
  /** Activity → number of cases starting with it. */
  readonly start: Readonly<Record<string, number>>;
  /** Activity → number of cases ending with it. */
  readonly end: Readonly<Record<string, number>>;
  readonly hasTimestamps: boolean;
}
