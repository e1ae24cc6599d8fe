/**
 * Validation of filter stacks arriving from outside the core: a webview message or an analysis
 * file a colleague committed. Returns the filters or a message saying which one is wrong and why.
 */
import type { CaseFilter } from './types';

type Result = { ok: true; filters: CaseFilter[] } | { ok: false; error: string };

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isStrArr = (v: unknown): v is string[] => Array.isArray(v) && v.every(isStr);

function check(f: Record<string, unknown>): string | undefined {
  switch (f.kind) {
    case 'timeframe':
      if (!['contained', 'intersecting', 'started'].includes(f.mode as string)) return 'mode must be contained, intersecting or started';
      if (!isNum(f.from) || !isNum(f.to)) return 'from and to must be epoch milliseconds';
      return f.from <= f.to ? undefined : 'from must not be after to';
    case 'attribute':
      if (f.scope !== 'event' && f.scope !== 'case') return 'scope must be event or case';
      if (!isStr(f.key) || f.key.length === 0) return 'key must be a non-empty string';
      if (!isStrArr(f.values)) return 'values must be a list of strings';
      return f.mode === 'include' || f.mode === 'exclude' ? undefined : 'mode must be include or exclude';
    case 'variants':
      if (f.mode === 'top') return Number.isInteger(f.count) && (f.count as number) >= 1 ? undefined : 'count must be a positive integer';
      if (f.mode === 'coverage') return isNum(f.percent) && f.percent > 0 && f.percent <= 100 ? undefined : 'percent must be in (0, 100]';
      if (f.mode === 'list') return Array.isArray(f.variants) && f.variants.every(isStrArr) ? undefined : 'variants must be lists of activities';
      return 'mode must be top, coverage or list';
    case 'activity':
      if (!isStr(f.activity)) return 'activity must be a string';
      return ['through', 'notThrough', 'startsWith', 'endsWith'].includes(f.mode as string) ? undefined : 'mode must be through, notThrough, startsWith or endsWith';
    case 'edge':
      if (!isStr(f.source) || !isStr(f.target)) return 'source and target must be strings';
      return f.mode === 'through' || f.mode === 'notThrough' ? undefined : 'mode must be through or notThrough';
    case 'duration':
      if (f.minMs !== undefined && !isNum(f.minMs)) return 'minMs must be a number';
      if (f.maxMs !== undefined && !isNum(f.maxMs)) return 'maxMs must be a number';
      if (f.minMs === undefined && f.maxMs === undefined) return 'give minMs, maxMs or both';
      return isNum(f.minMs) && isNum(f.maxMs) && f.minMs > f.maxMs ? 'minMs must not exceed maxMs' : undefined;
    case 'startActivities':
    case 'endActivities':
      return isStrArr(f.activities) && f.activities.length > 0 ? undefined : 'activities must be a non-empty list of strings';
    default:
      return `unknown filter kind ${JSON.stringify(f.kind)}`;
  }
}

export function validateFilters(raw: unknown): Result {
  if (!Array.isArray(raw)) return { ok: false, error: 'filters must be a list' };
  if (raw.length > 100) return { ok: false, error: 'at most 100 filters' };
  for (let i = 0; i < raw.length; i++) {
    const f = raw[i] as unknown;
    if (typeof f !== 'object' || f === null || Array.isArray(f)) return { ok: false, error: `filter ${i + 1}: must be an object` };
    const problem = check(f as Record<string, unknown>);
    if (problem) return { ok: false, error: `filter ${i + 1} (${String((f as Record<string, unknown>).kind)}): ${problem}` };
  }
  return { ok: true, filters: raw as CaseFilter[] };
}
