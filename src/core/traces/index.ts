/** Public surface of the agent-trace layer: readers, pricing, summaries, conversion to an event log. */
export type { Span, SpanKind, SpanStatus, ToolCall, TraceMessage, RetrievedDocument, Trace, TraceSummary, TraceFormat } from './types';
export { readTraces, type ReadTracesOptions, type ReadTracesResult } from './readTraces';
export { guessTraceFormat, sniffTraceFile, TRACE_FORMATS, type TraceFileSniff } from './detect';
export {
  DEFAULT_PRICING, PRICES_AS_OF, PRICING_SOURCES, costOf, normalizeModelName, priceOf, priceTokens, pricingTable,
  type ModelPrice, type PricingTable,
} from './pricing';
export { summarizeTrace, summarizeTraces, priceTrace, priceSpans, quantile, type TracesSummary, type SummaryPlace } from './summary';
export { SPAN_BODY_KEYS, splitSpan, type SpanBody, type SpanBodyKey, type SpanHead } from './spanParts';
export { tracesToEventLog, spanActivity, type TraceActivity, type TracesToEventLogOptions } from './toEventLog';
export { countedLlmCalls } from './llmCalls';
export { toMessages, toMessage } from './messages';
export { countChecks, type TraceCheck, type CheckKind, type CheckSeverity, type CheckCounts } from './checks';
export { findDefinitions, templateLiterals, templateMatchScore, bestPromptMatch, type DefinitionHit } from './codeLinks';
export { traceToTestCase, traceInput, toolPath, addCaseToJsonl, type DatasetCase, type ReviewForCase } from './toTestCase';
export * from './policy';
export { buildTraceChecker, checkTraceAll, policyRuleLines, type TraceCheckOptions, type GroundednessMode } from './traceChecker';
export * from './screening';
export { outcomeMarkdown } from './outcomeMarkdown';
