/**
 * Applies a filter stack to an EventSource: the result is an EventSource decorator yielding only
 * the cases that pass every filter, in the inner source's order, with their events unchanged.
 * Filters apply in stack order (logical AND); order only matters for the variants filter, which
 * ranks the variants of the cases that passed the filters before it.
 *
 * The selection (variant rankings, attribute queries) is worked out on first use and kept: the
 * inner source is assumed not to change. counts() and hasTimestamps() describe the filtered cases
 * (one pass, kept too; none when the inner source is fully timed); with no case left,
 * hasTimestamps() is the inner source's answer. The optional attribute queries
 * (casesWithAttribute, eventAttributeTotals) are forwarded. An attribute filter over a source that
 * cannot answer attribute queries throws at once.
 */
import type { EventSource, MinedCase } from '../mining/eventSource';
import { attributePredicate, checkAttributeSupport } from './attributeFilter';
import { casePredicate, type CasePredicate } from './casePredicates';
import type { CaseFilter } from './types';
import { variantPredicate } from './variantFilter';

async function* passing(source: EventSource, predicates: readonly CasePredicate[], signal?: AbortSignal): AsyncIterable<MinedCase> {
  for await (const c of source.cases(signal)) if (predicates.every((p) => p(c))) yield c;
}

/** One predicate per filter, each built on the cases passing the ones before it. */
async function buildPredicates(source: EventSource, filters: readonly CaseFilter[], signal?: AbortSignal): Promise<CasePredicate[]> {
  const predicates: CasePredicate[] = [];
  for (const f of filters) {
    if (f.kind === 'variants') predicates.push(await variantPredicate(f, passing(source, [...predicates], signal), signal));
    else if (f.kind === 'attribute') predicates.push(await attributePredicate(f, source));
    else predicates.push(casePredicate(f));
  }
  return predicates;
}

export function applyFilters(source: EventSource, filters: readonly CaseFilter[]): EventSource {
  if (filters.length === 0) return source;
  const stack = [...filters];
  for (const f of stack) if (f.kind === 'attribute') checkAttributeSupport(source, f);
  let predicates: CasePredicate[] | undefined;
  let summary: { cases: number; events: number; allTimed: boolean } | undefined;
  const casesWithAttribute = source.casesWithAttribute?.bind(source);
  const eventAttributeTotals = source.eventAttributeTotals?.bind(source);

  async function* cases(signal?: AbortSignal): AsyncIterable<MinedCase> {
    predicates ??= await buildPredicates(source, stack, signal);
    yield* passing(source, predicates, signal);
  }

  async function summarise() {
    if (!summary) {
      let n = 0;
      let events = 0;
      let allTimed = true;
      for await (const c of cases()) {
        n++;
        events += c.events.length;
        if (allTimed && c.events.some((e) => e.time === undefined)) allTimed = false;
      }
      summary = { cases: n, events, allTimed };
    }
    return summary;
  }

  return {
    ...(casesWithAttribute && { casesWithAttribute }),
    ...(eventAttributeTotals && { eventAttributeTotals }),
    cases,
    async counts() {
      const s = await summarise();
      return { cases: s.cases, events: s.events };
    },
    async hasTimestamps() {
      // A subset of a fully timed log is fully timed: only an untimed source needs the pass.
      if (await source.hasTimestamps()) return true;
      const s = await summarise();
      return s.cases > 0 && s.allTimed;
    },
  };
}
