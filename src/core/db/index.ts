/** Public surface of the database layer. */
export { TracemineDb } from './tracemineDb';
export { SqlJsEventSource } from './sqlJsEventSource';
export { SCHEMA_VERSION } from './schema';
export { defaultWasmPath } from './sqlJs';
export type { LogWriter, NewLog, StoredEvent, LogTotals } from './logWriter';
export type {
  OpenOptions, LogSummary, LogFormat, AttributeType, TypedAttribute, CaseEventRow, AttributeKeyInfo, AttributeValueCount,
} from './types';
