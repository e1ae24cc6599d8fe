/** Public surface of the database layer. */
export { TracemineDb, type TraceImportOptions, type TraceImportResult, type TraceChecker } from './tracemineDb';
export { annotationsToJsonl, validateAnnotation, type Annotation, type AnnotationInput, type Verdict } from './annotationStore';
export type { TraceFilter } from './traceStore';
export { SqlJsEventSource } from './sqlJsEventSource';
export { SCHEMA_VERSION } from './schema';
export { defaultWasmPath } from './sqlJs';
export type { LogWriter, NewLog } from './logWriter';
export type {
  OpenOptions, LogSummary, LogFormat, AttributeType, TypedAttribute, CaseEventRow, AttributeKeyInfo, AttributeValueCount,
} from './types';
export { writeFileAtomic } from './atomicWrite';
export { textHash, type PromptVersionRun, type EvalRunRecord, type EvalRunStatus, type StoredSample, type CaseContext } from './evalStore';
