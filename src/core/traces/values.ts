/**
 * Small value conversions shared by the trace readers: times (epoch ms from nanoseconds,
 * milliseconds, seconds or ISO 8601 text), counts (token numbers given as numbers or digit
 * strings), text (strings verbatim, anything else as its JSON text) and "maybe JSON" strings.
 *
 * Nothing here interprets text beyond parsing numbers, dates and JSON: strings are kept verbatim.
 */

/** Epoch-ms unit of a bare number: 'ns' (OTLP *UnixNano), 'ms', or 'auto' (by magnitude). */
export type TimeUnit = 'ns' | 'ms' | 'auto';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;
const DIGITS = /^-?\d+$/;
const DECIMAL = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

/**
 * ISO 8601 date-time text to epoch ms (fractions kept to the microsecond). Text without a zone
 * is read as UTC (Python's `isoformat()` of a naive UTC datetime, as Langfuse and the OTel SDK
 * write). Undefined when the text is not ISO 8601.
 */
export function parseIsoTime(text: string): number | undefined {
  const m = ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const base = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0));
  if (Number.isNaN(base)) return undefined;
  let ms = base + (frac ? Number(`0.${frac}`) * 1000 : 0);
  if (zone && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offset = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || 0);
    ms -= sign * offset * 60_000;
  }
  return ms;
}

function fromMagnitude(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return n * 1000; // seconds
  if (a < 1e14) return n; // milliseconds
  if (a < 1e17) return n / 1000; // microseconds
  return n / 1e6; // nanoseconds
}

/**
 * A time to epoch ms. Numbers and digit strings are read in `unit` (nanosecond digit strings
 * through BigInt, so no precision is lost before the division); other strings as ISO 8601.
 * `0`, "", null and undefined are "no time" (OTLP writes 0 for unset times).
 * Returns null when a value is present but not a time (the caller reports it).
 */
export function toEpochMs(v: unknown, unit: TimeUnit): number | undefined | null {
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (v === 0) return undefined;
    return unit === 'ns' ? v / 1e6 : unit === 'ms' ? v : fromMagnitude(v);
  }
  if (typeof v !== 'string') return null;
  const t = v.trim();
  if (DIGITS.test(t)) {
    const big = BigInt(t);
    if (big === 0n) return undefined;
    if (unit === 'ns' || (unit === 'auto' && (big >= 100_000_000_000_000_000n || big <= -100_000_000_000_000_000n))) {
      return Number(big / 1000n) / 1000;
    }
    return unit === 'ms' ? Number(big) : fromMagnitude(Number(big));
  }
  if (DECIMAL.test(t)) return unit === 'ms' ? Number(t) : unit === 'ns' ? Number(t) / 1e6 : fromMagnitude(Number(t));
  const iso = parseIsoTime(t);
  return iso === undefined ? null : iso;
}

/** A non-negative count (tokens) from a number or a digit string; undefined otherwise. */
export function toCount(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && /^\d+(?:\.0+)?$/.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** A finite number from a number or a numeric string; undefined otherwise. */
export function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && DECIMAL.test(v.trim())) return Number(v.trim());
  return undefined;
}

/** Strings verbatim; null/undefined → undefined; anything else as its JSON text. */
export function asText(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** A non-empty string, else undefined. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' || typeof v === 'bigint' ? String(v) : undefined;
}

/** The JSON value a string holds when it looks like a JSON object or array; else undefined. */
export function parseJsonText(v: unknown): unknown {
  if (typeof v !== 'string') return undefined;
  const t = v.trimStart();
  if (!(t.startsWith('{') || t.startsWith('['))) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

/** A plain object (not null, not an array). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Drops the keys whose value is undefined (so objects compare equal after a JSON round trip). */
export function compact<T extends object>(o: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as T;
}
