/**
 * Everything the process-map view shows, mined from one log under one filter stack: the DFG (of
 * the log projected onto the activity slider's activities), the variants, the case statistics, the
 * case list and, when the log's events carry `cost:usd`, the cost of each activity. The panel, the webview tests and the CLI all call this, so they agree.
 *
 * The unprojected results depend only on the filters; pass the previous result as `reuse` and they
 * are not mined again when only the activity slider moved.
 */
import { applyFilters } from '../filters/applyFilters';
import { describeFilter } from '../filters/describeFilter';
import type { CaseFilter } from '../filters/types';
import { discoverActivityCosts } from '../mining/activityCosts';
import { discoverCaseStatistics, type CaseStatistics } from '../mining/caseStatistics';
import { discoverDfg } from '../mining/dfg';
import type { EventSource } from '../mining/eventSource';
import { projectEventSource } from '../mining/projection';
import { selectActivities } from '../mining/simplifyMap';
import type { CostFigures, DirectlyFollowsGraph, Variant } from '../mining/types';
import { discoverVariants } from '../mining/variants';
import type { ProgressSink } from '../progress';

export interface ProcessMapRequest {
  readonly filters: readonly CaseFilter[];
  /** Activity slider, 0–100. */
  readonly activityPercent: number;
}

export interface FilteredMining {
  readonly filterKey: string;
  /** DFG of the filtered log with every activity. */
  readonly fullDfg: DirectlyFollowsGraph;
  readonly variants: Variant[];
  readonly statistics: CaseStatistics;
  /**
   * Per-activity cost of the filtered log (every activity, as `fullDfg`), when the log has the
   * event attribute `cost:usd` and the source answers the aggregate query; absent otherwise.
   */
  readonly cost?: CostFigures;
}

export interface ProcessMapData extends FilteredMining {
  /** DFG to draw: the filtered log projected onto the activities the slider keeps. */
  readonly dfg: DirectlyFollowsGraph;
  readonly filtered: { readonly cases: number; readonly events: number };
  readonly filterLabels: string[];
}

export async function mineProcessMap(
  source: EventSource,
  req: ProcessMapRequest,
  opts: { signal?: AbortSignal; progress?: ProgressSink; reuse?: FilteredMining } = {},
): Promise<ProcessMapData> {
  const { signal, progress } = opts;
  const filterKey = JSON.stringify(req.filters);
  const filtered = applyFilters(source, req.filters);
  let base = opts.reuse?.filterKey === filterKey ? opts.reuse : undefined;
  if (!base) {
    progress?.({ message: 'directly-follows graph' });
    const fullDfg = await discoverDfg(filtered, signal);
    progress?.({ message: 'variants', fraction: 0.4 });
    const variants = await discoverVariants(filtered, signal);
    progress?.({ message: 'statistics', fraction: 0.7 });
    const statistics = await discoverCaseStatistics(filtered, signal);
    // Filters keep or drop whole cases: the log's totals, restricted to the cases that passed.
    const cost = await discoverActivityCosts(filtered, fullDfg.activities,
      req.filters.length > 0 ? statistics.cases.map((c) => c.caseId) : undefined);
    base = cost ? { filterKey, fullDfg, variants, statistics, cost } : { filterKey, fullDfg, variants, statistics };
  }
  const keep = selectActivities(base.fullDfg, req.activityPercent);
  const dfg = keep.size >= base.fullDfg.activities.length ? base.fullDfg : await discoverDfg(projectEventSource(filtered, keep), signal);
  return {
    ...base,
    dfg,
    filtered: { cases: base.fullDfg.cases, events: base.fullDfg.events },
    filterLabels: req.filters.map(describeFilter),
  };
}
