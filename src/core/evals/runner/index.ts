/** The eval runner: plan → calls (cache, retries, limiter, budget) → graded, aggregated cases → results files. */
export { runEval, type EvalDeps, type EvalHooks, type EvalRunResult, type GradeOutcome, type IncompleteCase, type PromptInfo, type SampleWhere } from './run';
export { planWork, unitKey, type EvalPlan, type WorkUnit } from './plan';
export { estimateEval, type PlanEstimate } from './estimate';
export { providerJudge, type ProviderJudgeOptions } from './judge';
export { callProvider, makeClient, toOpenAiMessage, type ProviderCall } from './callProvider';
export { withRetry, isRetryable, retryAfterMs, backoffMs, sleep, type RetryOptions } from './retry';
export { ResponseCache, cacheKey, shouldCache, type CacheMode, type CacheRequest, type CacheHit } from './cache';
export { Limiter } from './limiter';
export { Budget, estimateCall, estimateTokens, sumEstimates, DEFAULT_OUTPUT_TOKENS, type CallEstimate, type RunEstimate } from './budget';
export { aggregateCase } from './aggregate';
export { ProviderCallError, abortError, isAborted, type CallErrorKind } from './errors';
export { ResultsFileWriter, resultsDocument, caseEntry, providerEntry, RESULTS_FORMAT, RESULTS_FORMAT_VERSION, type ResultsHeader, type ResultsStatus } from './resultsFile';
export { junitXml, writeJunit, xmlAttr, xmlText, type JunitInput } from './junit';
export { canonicalJson, sha256 } from './canonicalJson';
export { writeFileAtomic } from './atomicWrite';
