/**
 * parseDateTime reads the common forms (yyyy-mm-ddThh:mm:ss[.fff][Z|±hh:mm]) without its regular
 * expression. This checks the fast path against the general reading, kept here as the reference
 * (the regular expression and Date arithmetic parseDateTime used before), on seeded random text
 * around those forms: valid and invalid dates, leap years, years 0000–9999, offsets, fractions.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TimestampInterpreter, parseDateTime, type ParsedTimestamp } from '../../src/core';

const DATE_TIME = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

function reference(text: string): ParsedTimestamp | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, ys, sep, mos, ds, hs, mis, ss, frac, zone] = m;
  const y = Number(ys), mo = Number(mos), d = Number(ds);
  const h = hs === undefined ? 0 : Number(hs), mi = mis === undefined ? 0 : Number(mis), s = ss === undefined ? 0 : Number(ss);
  const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const check = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, ms));
  check.setUTCFullYear(y);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return undefined;
  if (zone === undefined) return { time: check.getTime(), format: hs === undefined ? 'date-only' : sep === '/' ? 'slashed-local' : 'iso-local' };
  if (zone.toUpperCase() === 'Z') return { time: check.getTime(), format: sep === '/' ? 'slashed-offset' : 'iso-utc' };
  const digits = zone.slice(1).replace(':', '');
  const oh = Number(digits.slice(0, 2)), om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (oh > 18 || om > 59) return undefined;
  return { time: check.getTime() - (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000, format: sep === '/' ? 'slashed-offset' : 'iso-offset' };
}

test('the fast path reads exactly what the general parser reads', () => {
  let seed = 7;
  const random = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return Math.floor((seed / 0x80000000) * n);
  };
  const pick = <T>(xs: readonly T[]): T => xs[random(xs.length)]!;
  const two = (n: number) => String(n).padStart(2, '0');
  const years = ['0000', '0001', '0099', '0400', '1600', '1700', '1900', '1969', '1970', '2000', '2011', '2024', '2100', '9999'];
  let fast = 0;
  for (let i = 0; i < 100_000; i++) {
    const year = random(4) === 0 ? String(random(10_000)).padStart(4, '0') : pick(years);
    const text = `${pick(['', ' '])}${year}${pick(['-', '-', '-', '/'])}${two(random(14))}-${two(random(32))}${pick(['T', 'T', ' ', 't'])}`
      + `${two(random(25))}:${two(random(61))}:${two(random(61))}${pick(['', '', '.', '.5', '.12', '.123', '.1234567', ',25'])}`
      + `${pick(['', 'Z', 'Z', 'z', '+01:00', '+02:00', '-05:30', '+18:00', '+19:00', '+10:60', '+0100', ' Z', '+01', '-00:00', '+1:00'])}${pick(['', '', ' ', 'x'])}`;
    const expected = reference(text);
    assert.deepEqual(parseDateTime(text), expected, text);
    if (expected && text === text.trim() && /T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$/.test(text)) fast++;
  }
  assert.ok(fast > 2_000, `the fast path's forms were well represented (${fast})`);
});

test('TimestampInterpreter counts fast-path forms like the others', () => {
  const t = new TimestampInterpreter();
  for (const s of ['2021-03-04T05:06:07Z', '2021-03-04T05:06:07.5+01:00', '2021-03-04T05:06:07', ' 2021-03-04T05:06:07Z ', '2021-03-04 05:06', '2021-02-29T00:00:00Z']) t.parse(s);
  assert.deepEqual(t.interpretation().formats.map((f) => [f.format, f.count, f.example]), [
    ['iso-utc', 2, '2021-03-04T05:06:07Z'], ['iso-local', 2, '2021-03-04T05:06:07'], ['iso-offset', 1, '2021-03-04T05:06:07.5+01:00'],
  ]);
});
