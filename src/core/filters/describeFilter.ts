/**
 * Short human labels for case filters, as the filter bar's chips show them: "through ‘check
 * ticket’", "started 2024-01-01 … 2024-02-01", "top 5 variants", "duration ≥ 2.0 d". Times are
 * UTC (dates alone when at midnight); durations take the largest unit (ms, s, min, h, d) that keeps
 * the value at least 1, with one decimal.
 */
import type { CaseFilter } from './types';

const q = (s: string): string => `‘${s}’`;

const UNITS: readonly [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000]];

export function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  for (const [unit, size] of UNITS) if (abs >= size) return `${(ms / size).toFixed(1)} ${unit}`;
  return `${Math.round(ms)} ms`;
}

export function formatTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  if (iso.endsWith(':00.000Z')) return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
  if (iso.endsWith('.000Z')) return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** ‘a’, ‘a’ or ‘b’, ‘a’, ‘b’ or ‘c’, then "one of N activities". */
function oneOf(activities: readonly string[]): string {
  if (activities.length > 3) return `one of ${activities.length} activities`;
  if (activities.length <= 1) return activities.map(q).join('') || 'nothing';
  return `${activities.slice(0, -1).map(q).join(', ')} or ${q(activities[activities.length - 1]!)}`;
}

function valueSet(values: readonly string[]): string {
  const shown = values.slice(0, 3).map(q);
  if (values.length > 3) shown.push(`… +${values.length - 3}`);
  return `{${shown.join(', ')}}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function describeFilter(f: CaseFilter): string {
  switch (f.kind) {
    case 'timeframe': {
      const verb = f.mode === 'contained' ? 'within' : f.mode === 'intersecting' ? 'intersecting' : 'started';
      return `${verb} ${formatTime(f.from)} … ${formatTime(f.to)}`;
    }
    case 'attribute': {
      const name = f.scope === 'case' ? `case ${f.key}` : f.key;
      if (f.values.length === 1) return `${name} ${f.mode === 'include' ? '=' : '≠'} ${q(f.values[0]!)}`;
      return `${name} ${f.mode === 'include' ? '∈' : '∉'} ${valueSet(f.values)}`;
    }
    case 'variants':
      if (f.mode === 'top') return `top ${plural(f.count, 'variant')}`;
      if (f.mode === 'coverage') return `variants covering ${f.percent} % of cases`;
      return plural(f.variants.length, 'selected variant');
    case 'activity': {
      const verb = { through: 'through', notThrough: 'not through', startsWith: 'starts with', endsWith: 'ends with' }[f.mode];
      return `${verb} ${q(f.activity)}`;
    }
    case 'edge':
      return `${f.mode === 'through' ? 'through' : 'not through'} ${q(f.source)} → ${q(f.target)}`;
    case 'duration':
      if (f.minMs !== undefined && f.maxMs !== undefined) return `duration ${formatDuration(f.minMs)} … ${formatDuration(f.maxMs)}`;
      if (f.minMs !== undefined) return `duration ≥ ${formatDuration(f.minMs)}`;
      if (f.maxMs !== undefined) return `duration ≤ ${formatDuration(f.maxMs)}`;
      return 'any duration';
    case 'startActivities':
      return `starts with ${oneOf(f.activities)}`;
    case 'endActivities':
      return `ends with ${oneOf(f.activities)}`;
  }
}
