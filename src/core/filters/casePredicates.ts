/**
 * The filters that judge one case on its own events: timeframe, activity, edge, duration and
 * start/end activities. Each becomes a predicate over a MinedCase. Time-based filters use the
 * case's interval (mining/caseInterval.ts); cases without timestamps never pass them.
 */
import { caseInterval } from '../mining/caseInterval';
import type { MinedCase } from '../mining/eventSource';
import type { ActivityFilter, DurationFilter, EdgeFilter, EndpointFilter, TimeframeFilter } from './types';

export type CasePredicate = (c: MinedCase) => boolean;

export type LocalFilter = TimeframeFilter | ActivityFilter | EdgeFilter | DurationFilter | EndpointFilter;

function timeframe(f: TimeframeFilter): CasePredicate {
  return (c) => {
    const iv = caseInterval(c.events);
    if (!iv) return false;
    switch (f.mode) {
      case 'contained': return f.from <= iv.first && iv.last <= f.to;
      case 'intersecting': return iv.first <= f.to && iv.last >= f.from;
      case 'started': return f.from <= iv.first && iv.first <= f.to;
    }
  };
}

function activity(f: ActivityFilter): CasePredicate {
  const a = f.activity;
  switch (f.mode) {
    case 'through': return (c) => c.events.some((e) => e.activity === a);
    case 'notThrough': return (c) => !c.events.some((e) => e.activity === a);
    case 'startsWith': return (c) => c.events.length > 0 && c.events[0]!.activity === a;
    case 'endsWith': return (c) => c.events.length > 0 && c.events[c.events.length - 1]!.activity === a;
  }
}

function hasEdge(c: MinedCase, source: string, target: string): boolean {
  const evs = c.events;
  for (let i = 1; i < evs.length; i++) if (evs[i - 1]!.activity === source && evs[i]!.activity === target) return true;
  return false;
}

function edge(f: EdgeFilter): CasePredicate {
  return f.mode === 'through' ? (c) => hasEdge(c, f.source, f.target) : (c) => !hasEdge(c, f.source, f.target);
}

function duration(f: DurationFilter): CasePredicate {
  return (c) => {
    const iv = caseInterval(c.events);
    if (!iv) return false;
    const d = iv.last - iv.first;
    return (f.minMs === undefined || d >= f.minMs) && (f.maxMs === undefined || d <= f.maxMs);
  };
}

function endpoint(f: EndpointFilter): CasePredicate {
  const set = new Set(f.activities);
  return f.kind === 'startActivities'
    ? (c) => c.events.length > 0 && set.has(c.events[0]!.activity)
    : (c) => c.events.length > 0 && set.has(c.events[c.events.length - 1]!.activity);
}

export function casePredicate(f: LocalFilter): CasePredicate {
  switch (f.kind) {
    case 'timeframe': return timeframe(f);
    case 'activity': return activity(f);
    case 'edge': return edge(f);
    case 'duration': return duration(f);
    case 'startActivities':
    case 'endActivities': return endpoint(f);
  }
}
