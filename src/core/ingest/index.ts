/** Public surface of the importers. */
export { importEventLog, guessFormat, defaultLogName, type ImportOptions, type ImportResult } from './importEventLog';
export { detectCsvMapping, guessColumns, sniffDelimiter, type CsvMapping, type CsvDetection } from './csvMapping';
export { ImportError, type ImportErrorDetails } from './importError';
export { qualityReportMarkdown, escapeMarkdown } from './qualityMarkdown';
export { formatQualitySummary, type QualityReport, type AttributeFillRate, type UnparseableTimestamp } from './quality';
export { parseDateTime, TimestampInterpreter, type TimestampFormat, type TimestampInterpretation, type ParsedTimestamp } from './timestamps';
