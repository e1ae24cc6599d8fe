/**
 * Tracemine's pure core: event-log database, importers and mining. No editor dependency: the
 * VS Code extension, the CLI and tests all use it through this module.
 */
export * from './db';
export * from './ingest';
export * from './mining';
export * from './filters';
export * from './traces';
export { CancelledError, throwIfCancelled, noProgress, type ProgressReport, type ProgressSink } from './progress';
export { mineProcessMap, type ProcessMapData, type ProcessMapRequest, type FilteredMining } from './analysis/mineProcessMap';
export * from './analysis/analysisFile';
export { validateFilters } from './filters/validate';
export * from './prompts';
export type * from './evals/types';
export { runSuiteFile, summarizeRun, type SuiteRunIo, type SuiteRunOptions, type SuiteRunSummary, type ResultSink } from './evals/evaluate';
export { toChatMessages } from './evals/chat';
export * from './evals/suite';
export { ASSERTION_TYPES, MODEL_GRADED_TYPES, gradeAll, validateAssertionSpec } from './evals/assertions';
export { wilsonInterval, mcnemar, wilcoxonSignedRank, cohensKappa } from './evals/stats';
