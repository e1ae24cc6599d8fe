/**
 * An EventSource decorator that keeps only some activities: the log "projected" onto them.
 * Cases left with no events disappear. Composes with any EventSource, so filters stack without the
 * algorithms knowing. The optional attribute queries are forwarded when the inner source has them.
 */
import type { EventSource, MinedCase } from './eventSource';

export function projectEventSource(source: EventSource, keep: ReadonlySet<string>): EventSource {
  // Attribute queries are forwarded unchanged: an event attribute still counts for its case when
  // the event carrying it was projected away.
  const casesWithAttribute = source.casesWithAttribute?.bind(source);
  const eventAttributeTotals = source.eventAttributeTotals?.bind(source);
  return {
    ...(casesWithAttribute && { casesWithAttribute }),
    ...(eventAttributeTotals && { eventAttributeTotals }),
    async *cases(signal?: AbortSignal): AsyncIterable<MinedCase> {
      for await (const c of source.cases(signal)) {
        const events = c.events.filter((e) => keep.has(e.activity));
        if (events.length > 0) yield { caseId: c.caseId, events };
      }
    },
    async counts() {
      let cases = 0;
      let events = 0;
      for await (const c of this.cases()) {
        cases++;
        events += c.events.length;
      }
      return { cases, events };
    },
    hasTimestamps: () => source.hasTimestamps(),
  };
}
