/** Number and duration formatting shared by the webview apps (units always shown). */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  const abs = Math.abs(ms);
  if (abs >= 365 * DAY) return `${(ms / (365 * DAY)).toFixed(1)} y`;
  if (abs >= 2 * DAY) return `${(ms / DAY).toFixed(1)} d`;
  if (abs >= 2 * HOUR) return `${(ms / HOUR).toFixed(1)} h`;
  if (abs >= 2 * MINUTE) return `${(ms / MINUTE).toFixed(1)} min`;
  if (abs >= SECOND) return `${(ms / SECOND).toFixed(1)} s`;
  return `${Math.round(ms)} ms`;
}

export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(fraction >= 0.1 ? 0 : 1)}%`;
}

/** "1 case", "2 cases", "1,000 events". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
