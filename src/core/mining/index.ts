/** Public surface of the mining algorithms. */
export { discoverDfg } from './dfg';
export { discoverVariants, compareSequences } from './variants';
export { durationStats } from './durationStats';
export { projectEventSource } from './projection';
export { discoverCaseStatistics, type CaseStatistics, type CaseSummary, type ReworkStats } from './caseStatistics';
export { caseInterval, type CaseInterval } from './caseInterval';
export { compareNatural } from './naturalOrder';
export type { DurationBin } from './durationBins';
export type { Throughput, ThroughputBucket, ThroughputPoint } from './throughput';
export { START, END, edgeKey, mapEdges, selectActivities, selectPaths, type MapEdge } from './simplifyMap';
export type { EventSource, MinedCase, MinedEvent, Classifier, EventAttributeTotals, NumericTotal } from './eventSource';
export { COST_ATTRIBUTE, activityCosts, discoverActivityCosts } from './activityCosts';
export { CLASSIFIERS } from './eventSource';
export { MemoryEventSource, type EventColumns } from './memoryEventSource';
export type { ActivityCost, ActivityStats, CostFigures, DfgEdge, DirectlyFollowsGraph, DurationStats, Variant } from './types';
