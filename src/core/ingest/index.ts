/** Public surface of the importers. */
export {
  importEventLog, loadEventLog, guessFormat, defaultLogName, type ImportOptions, type ImportResult, type LoadResult, type MemoryLogSummary,
} from './importEventLog';
export { MemoryLog } from './memoryLog';
export type { LogSink, StoredEvent, LogTotals } from './logSink';
export { detectJsonlMapping, guessJsonlFields, type JsonlMapping, type JsonlDetection } from './jsonlMapping';
export { listOcelObjectTypes, type OcelEncoding } from './ocel';
export type { OcelObjectTypeSummary } from './ocelFlatten';
export { detectCsvMapping, guessColumns, sniffDelimiter, type CsvMapping, type CsvDetection } from './csvMapping';
export { ImportError, type ImportErrorDetails } from './importError';
export { qualityReportMarkdown, escapeMarkdown } from './qualityMarkdown';
export { formatQualitySummary, type QualityReport, type AttributeFillRate, type UnparseableTimestamp } from './quality';
export { parseDateTime, TimestampInterpreter, type TimestampFormat, type TimestampInterpretation, type ParsedTimestamp } from './timestamps';
export { diffSchemas, describeSchemaChanges, previousImportOf, FILL_RATE_THRESHOLD, type SchemaChanges } from './schemaChanges';
