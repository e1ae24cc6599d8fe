/**
 * Tracemine's pure core: event-log database, importers and mining. No editor dependency: the
 * VS Code extension, the CLI and tests all use it through this module.
 */
export * from './db';
export * from './ingest';
export * from './mining';
export { CancelledError, throwIfCancelled, noProgress, type ProgressReport, type ProgressSink } from './progress';
