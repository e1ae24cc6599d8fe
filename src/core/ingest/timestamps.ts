/**
 * Timestamp parsing and the record of how a file's timestamps were interpreted.
 *
 * Accepted text forms (all to epoch milliseconds, sub-millisecond digits truncated):
 *   ISO 8601 / XES dates  2010-12-30T14:32:00.000+01:00, ...Z, 2011-10-11 13:45:40.276000+02:00
 *   slashed (Disco)       2014/10/22 11:15:41.000
 *   date only             2014-10-22 (midnight)
 *   epoch numbers         1617181920 (seconds) or 1617181920000 (milliseconds)
 * Text without a UTC offset is read as UTC; the interpretation says so. For numbers the unit is
 * decided once per field from the first value: |v| >= 1e11 means milliseconds (1e11 s would be
 * the year 5138; 1e11 ms is March 1973), else seconds.
 */

import { detachString } from './detachString';

export type TimestampFormat =
  | 'iso-offset' | 'iso-utc' | 'iso-local' | 'slashed-offset' | 'slashed-local' | 'date-only' | 'epoch-seconds' | 'epoch-milliseconds';

const FORMAT_LABEL: Record<TimestampFormat, string> = {
  'iso-offset': 'ISO 8601 with UTC offset',
  'iso-utc': 'ISO 8601 in UTC (Z)',
  'iso-local': 'ISO 8601 without offset (read as UTC)',
  'slashed-offset': 'yyyy/mm/dd hh:mm:ss with UTC offset',
  'slashed-local': 'yyyy/mm/dd hh:mm:ss without offset (read as UTC)',
  'date-only': 'date only (midnight UTC)',
  'epoch-seconds': 'Unix epoch seconds',
  'epoch-milliseconds': 'Unix epoch milliseconds',
};

const WITHOUT_OFFSET: ReadonlySet<TimestampFormat> = new Set(['iso-local', 'slashed-local', 'date-only']);

export interface ParsedTimestamp {
  readonly time: number;
  readonly format: TimestampFormat;
}

const DATE_TIME = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to y-mo-d in the proleptic Gregorian calendar (as Date.UTC counts). */
function daysFromCivil(y: number, mo: number, d: number): number {
  const yy = mo <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Value of the 2 ASCII digits at `at`, or -1 when one of them is not a digit. */
function digits2(t: string, at: number): number {
  const a = t.charCodeAt(at) - 48, b = t.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function digits4(t: string, at: number): number {
  const a = digits2(t, at), b = digits2(t, at + 2);
  return a >= 0 && b >= 0 ? a * 100 + b : -1;
}

/** The last valid date `fastDateTime` read and its day number: consecutive timestamps share dates. */
let lastY = -1, lastMo = -1, lastD = -1, lastDays = 0;

/** Scratch result of `fastDateTime`, so the common case allocates nothing. */
const fast = { time: 0, format: 'iso-offset' as TimestampFormat };

/**
 * The common XES/CSV forms without a regular expression: `yyyy-mm-ddThh:mm:ss`, optional
 * `.fraction`, then nothing, `Z` or `±hh:mm`, no surrounding whitespace. Fills `fast` and returns
 * true only for text in exactly that shape that is a valid date; anything else (including invalid
 * dates) returns false and is left to the general parser, so both always agree.
 */
function fastDateTime(t: string): boolean {
  const n = t.length;
  if (n < 19 || t.charCodeAt(4) !== 45 || t.charCodeAt(7) !== 45 || t.charCodeAt(13) !== 58 || t.charCodeAt(16) !== 58) return false;
  const sep = t.charCodeAt(10);
  if (sep !== 84 && sep !== 32) return false; // 'T' or ' '
  const y = digits4(t, 0), mo = digits2(t, 5), d = digits2(t, 8), h = digits2(t, 11), mi = digits2(t, 14), s = digits2(t, 17);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59) return false;
  let days: number;
  if (y === lastY && mo === lastMo && d === lastD) {
    days = lastDays;
  } else {
    const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
    if (d > (mo === 2 && leap ? 29 : DAYS_IN_MONTH[mo - 1]!)) return false;
    days = daysFromCivil(y, mo, d);
    lastY = y;
    lastMo = mo;
    lastD = d;
    lastDays = days;
  }
  let i = 19;
  let ms = 0;
  if (i < n && t.charCodeAt(i) === 46) { // '.'
    i++;
    const from = i;
    while (i < n) {
      const c = t.charCodeAt(i) - 48;
      if (c < 0 || c > 9) break;
      if (i - from < 3) ms = ms * 10 + c;
      i++;
    }
    if (i === from) return false;
    for (let k = Math.min(i - from, 3); k < 3; k++) ms *= 10;
  }
  let offsetMin = 0;
  if (i === n) {
    fast.format = 'iso-local';
  } else if (i === n - 1 && t.charCodeAt(i) === 90) { // 'Z'
    fast.format = 'iso-utc';
  } else if (i === n - 6 && (t.charCodeAt(i) === 43 || t.charCodeAt(i) === 45) && t.charCodeAt(i + 3) === 58) {
    const oh = digits2(t, i + 1), om = digits2(t, i + 4);
    if (oh < 0 || oh > 18 || om < 0 || om > 59) return false;
    offsetMin = (t.charCodeAt(i) === 45 ? -1 : 1) * (oh * 60 + om);
    fast.format = 'iso-offset';
  } else {
    return false;
  }
  fast.time = days * 86_400_000 + ((h * 60 + mi) * 60 + s) * 1000 + ms - offsetMin * 60_000;
  return true;
}

/** Parses one date/time text (not epoch numbers). Undefined when it is not a valid date. */
export function parseDateTime(text: string): ParsedTimestamp | undefined {
  if (fastDateTime(text)) return { time: fast.time, format: fast.format };
  return parseDateTimeGeneral(text);
}

function parseDateTimeGeneral(text: string): ParsedTimestamp | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, ys, sep, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds);
  const h = hs === undefined ? 0 : Number(hs), mi = mis === undefined ? 0 : Number(mis), s = ss === undefined ? 0 : Number(ss);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const check = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  check.setUTCFullYear(y); // Date.UTC alone would map years 0..99 to 1900..1999
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined; // e.g. 2021-02-30
  const local = check.getTime();
  let offsetMin = 0;
  let format: TimestampFormat;
  if (zone === undefined) {
    format = hs === undefined ? 'date-only' : sep === '/' ? 'slashed-local' : 'iso-local';
  } else if (zone.toUpperCase() === 'Z') {
    format = sep === '/' ? 'slashed-offset' : 'iso-utc';
  } else {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2)), om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 18 || om > 59) return undefined;
    offsetMin = sign * (oh * 60 + om);
    format = sep === '/' ? 'slashed-offset' : 'iso-offset';
  }
  return { time: local - offsetMin * 60_000, format };
}

export interface TimestampInterpretation {
  /** Forms seen, most frequent first, with one example each. */
  readonly formats: readonly { readonly format: TimestampFormat; readonly label: string; readonly count: number; readonly example: string }[];
  /** True when some values had no UTC offset and were read as UTC. */
  readonly assumedUtc: boolean;
  /** One human sentence, e.g. "ISO 8601 with UTC offset (8,577 values)". */
  readonly summary: string;
}

/**
 * Parses the timestamps of one field (a CSV column, or XES's time:timestamp) and remembers how:
 * which forms were seen, and the epoch unit once chosen.
 */
export class TimestampInterpreter {
  private epochUnit: 'epoch-seconds' | 'epoch-milliseconds' | undefined;
  private readonly seen = new Map<TimestampFormat, { count: number; example: string }>();
  /** The format counted last, so a column of one form skips the map lookup. */
  private lastFormat: TimestampFormat | undefined;
  private lastEntry: { count: number; example: string } | undefined;

  parse(text: string): number | undefined {
    const t = text.trim();
    if (fastDateTime(t)) {
      this.count(fast.format, t);
      return fast.time;
    }
    let parsed: ParsedTimestamp | undefined;
    if (NUMBER.test(t)) {
      const v = Number(t);
      if (!Number.isFinite(v)) return undefined;
      this.epochUnit ??= Math.abs(v) >= 1e11 ? 'epoch-milliseconds' : 'epoch-seconds';
      parsed = { time: Math.trunc(this.epochUnit === 'epoch-seconds' ? v * 1000 : v), format: this.epochUnit };
    } else {
      parsed = parseDateTimeGeneral(t);
    }
    if (!parsed || !Number.isFinite(parsed.time) || Math.abs(parsed.time) > 8.64e15) return undefined;
    this.count(parsed.format, t);
    return parsed.time;
  }

  private count(format: TimestampFormat, text: string): void {
    if (this.lastFormat === format) {
      this.lastEntry!.count++;
      return;
    }
    let s = this.seen.get(format);
    if (s) s.count++;
    else this.seen.set(format, (s = { count: 1, example: detachString(text) }));
    this.lastFormat = format;
    this.lastEntry = s;
  }

  interpretation(): TimestampInterpretation {
    const formats = [...this.seen.entries()]
      .map(([format, s]) => ({ format, label: FORMAT_LABEL[format], count: s.count, example: s.example }))
      .sort((a, b) => b.count - a.count);
    const assumedUtc = formats.some((f) => WITHOUT_OFFSET.has(f.format));
    const summary = formats.length === 0
      ? 'no timestamps'
      : formats.map((f) => `${f.label} (${f.count.toLocaleString('en-US')} values, e.g. ${f.example})`).join('; ')
        + (assumedUtc ? '. Values without a UTC offset were read as UTC.' : '');
    return { formats, assumedUtc, summary };
  }
}
