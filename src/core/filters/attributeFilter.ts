/**
 * The attribute filter: cases having (include) or not having (exclude) a case attribute, or an
 * event attribute on at least one event, equal to one of the given values. The question is pushed
 * down to the source (EventSource.casesWithAttribute: SQL for stored logs); values are compared as
 * text in the source's forms (stored logs: see db/attributeQueries.ts, e.g. `true`, `9.6`, ISO
 * dates). A case without the attribute is kept by exclude and dropped by include.
 */
import type { EventSource } from '../mining/eventSource';
import type { CasePredicate } from './casePredicates';
import { describeFilter } from './describeFilter';
import type { AttributeFilter } from './types';

/** Throws when `source` cannot answer the attribute query this filter needs. */
export function checkAttributeSupport(source: EventSource, f: AttributeFilter): void {
  if (typeof source.casesWithAttribute !== 'function') {
    throw new Error(`Cannot apply the attribute filter "${describeFilter(f)}": this event source does not answer attribute queries (casesWithAttribute)`);
  }
}

export async function attributePredicate(f: AttributeFilter, source: EventSource): Promise<CasePredicate> {
  checkAttributeSupport(source, f);
  const ids = await source.casesWithAttribute!(f.scope, f.key, f.values);
  return f.mode === 'include' ? (c) => ids.has(c.caseId) : (c) => !ids.has(c.caseId);
}
