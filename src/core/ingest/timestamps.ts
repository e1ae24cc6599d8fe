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

/** Parses one date/time text (not epoch numbers). Undefined when it is not a valid date. */
export function parseDateTime(text: string): ParsedTimestamp | undefined {
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

  parse(text: string): number | undefined {
    const t = text.trim();
    let parsed: ParsedTimestamp | undefined;
    if (NUMBER.test(t)) {
      const v = Number(t);
      if (!Number.isFinite(v)) return undefined;
      this.epochUnit ??= Math.abs(v) >= 1e11 ? 'epoch-milliseconds' : 'epoch-seconds';
      parsed = { time: Math.trunc(this.epochUnit === 'epoch-seconds' ? v * 1000 : v), format: this.epochUnit };
    } else {
      parsed = parseDateTime(t);
    }
    if (!parsed || !Number.isFinite(parsed.time) || Math.abs(parsed.time) > 8.64e15) return undefined;
    const s = this.seen.get(parsed.format);
    if (s) s.count++;
    else this.seen.set(parsed.format, { count: 1, example: t });
    return parsed.time;
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
