/**
 * Jinja2 (Python) value semantics for the nunjucks renderer, so that the Prompty Jinja subset
 * (spec §5.5) renders as Jinja2 does, or fails loudly where it cannot:
 * - output: `True`/`False`/`None`, Python float repr; printing a list or dict (whose Python repr
 *   we do not reproduce) is an error;
 * - truthiness: empty lists and dicts are false;
 * - attribute access: an attribute of an undefined value is an error, negative indexes count
 *   from the end, only own keys of inputs are visible (no JS prototype), dicts have
 *   `items()/keys()/values()/get()`;
 * - `for` over a dict yields its keys; over None/numbers is an error;
 * - the subset's filters `default/upper/lower/join/length/trim` with Jinja2's semantics.
 */

/** A Jinja2-vs-nunjucks difference or a Jinja2 runtime error; the renderer adds the line. */
export class JinjaSubsetError extends Error {}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof String);
}

/** Python `repr(float)`: shortest round-trip digits, exponent form below 1e-4 or from 1e16. */
function pyNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  const [mantissa, exp] = n.toExponential().split('e') as [string, string];
  const e = Number(exp);
  if (e >= -4 && e < 16) return String(n);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** `str(value)` as Jinja2 prints it; undefined prints as empty (default `Undefined`). */
export function pyStr(v: unknown): string {
  if (v === undefined) return '';
  if (v === null) return 'None';
  if (typeof v === 'string') return v;
  if (v instanceof String) return v.toString(); // nunjucks SafeString (macro output)
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) throw new JinjaSubsetError('printing a list renders its Python repr in Jinja2, which this renderer does not reproduce; use `|join(", ")` or a `{% for %}` loop');
  if (typeof v === 'object') throw new JinjaSubsetError('printing a mapping renders its Python repr in Jinja2, which this renderer does not reproduce; print its fields instead');
  throw new JinjaSubsetError(`cannot print a ${typeof v} value`);
}

/** Python truthiness: empty list/dict are false (in JS they are true). */
export function pyTruthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  if (v instanceof String) return v.length > 0;
  return Boolean(v);
}

const FORBIDDEN_KEYS = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__']);

function dictMethod(obj: Record<string, unknown>, key: string): unknown {
  switch (key) {
    case 'items': return () => Object.entries(obj);
    case 'keys': return () => Object.keys(obj);
    case 'values': return () => Object.values(obj);
    case 'get': return (k: string, d: unknown = null) => (Object.hasOwn(obj, k) ? obj[k] : d);
    default: return undefined;
  }
}

/** `target.key` / `target[key]` with Jinja2's rules (see the module comment). */
export function pyGet(target: unknown, key: unknown, label: string): unknown {
  if (target === undefined) throw new JinjaSubsetError(`'${label}' is undefined`);
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new JinjaSubsetError(`access to '${key}' is not allowed in templates`);
  if (target === null) return undefined;
  if (typeof target === 'string' || target instanceof String || Array.isArray(target)) {
    const seq = target as ArrayLike<unknown>;
    if (typeof key !== 'number' || !Number.isInteger(key)) return undefined;
    const i = key < 0 ? seq.length + key : key;
    return i >= 0 && i < seq.length ? seq[i] : undefined;
  }
  if (typeof target === 'object') {
    const obj = target as Record<string, unknown>;
    const k = String(key);
    if (Object.hasOwn(obj, k)) {
      const v = obj[k];
      return typeof v === 'function' ? v.bind(obj) : v;
    }
    return dictMethod(obj, k);
  }
  return undefined;
}

/** The callee of `x.name(…)`: only dict methods, macros and functions from inputs can be called. */
export function pyCallable(v: unknown, label: string): unknown {
  if (typeof v === 'function') return v;
  throw new JinjaSubsetError(`'${label}' is not callable here (Python str/list methods are not available; use the subset's filters)`);
}

/** The iterable of a `{% for %}`: dict → keys, string → characters; None/number → error. */
export function pyIter(v: unknown, unpacks: boolean): unknown {
  if (v === undefined || Array.isArray(v)) return v;
  if (v === null) throw new JinjaSubsetError("'NoneType' object is not iterable");
  if (typeof v === 'string') return Array.from(v);
  if (isPlainObject(v)) {
    if (unpacks) throw new JinjaSubsetError('a dict iterates over its keys in Jinja2; loop over `dict.items()` to unpack key and value');
    return Object.keys(v);
  }
  if (typeof v === 'object') return v; // Map/Set/iterables: nunjucks converts them
  throw new JinjaSubsetError(`'${typeof v}' object is not iterable`);
}

function pyLen(v: unknown): number {
  if (v === undefined) return 0;
  if (typeof v === 'string' || v instanceof String || Array.isArray(v)) return (v as ArrayLike<unknown>).length;
  if (isPlainObject(v)) return Object.keys(v).length;
  throw new JinjaSubsetError(`object of type '${v === null ? 'NoneType' : typeof v}' has no len()`);
}

function pyItems(v: unknown): unknown[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return Array.from(v);
  if (Array.isArray(v)) return v;
  if (isPlainObject(v)) return Object.keys(v);
  throw new JinjaSubsetError(`'${v === null ? 'NoneType' : typeof v}' object is not iterable`);
}

function strip(s: string, chars?: unknown): string {
  if (chars === undefined || chars === null) return s.trim();
  const set = new Set(Array.from(String(chars)));
  const a = Array.from(s);
  let i = 0;
  let j = a.length;
  while (i < j && set.has(a[i]!)) i++;
  while (j > i && set.has(a[j - 1]!)) j--;
  return a.slice(i, j).join('');
}

const fDefault = (v: unknown, fallback: unknown = '', boolean: unknown = false): unknown =>
  v === undefined || (pyTruthy(boolean) && !pyTruthy(v)) ? fallback : v;

const fJoin = (v: unknown, sep: unknown = '', attribute?: unknown): string =>
  pyItems(v)
    .map((x) => pyStr(attribute === undefined || attribute === null ? x : pyGet(x, attribute, String(attribute))))
    .join(pyStr(sep));

/** The subset's filters (§5.5) with Jinja2 semantics, plus the `d`/`count` aliases and `safe`. */
export const JINJA_FILTERS: Readonly<Record<string, (...args: never[]) => unknown>> = {
  default: fDefault,
  d: fDefault,
  upper: (v: unknown) => pyStr(v).toUpperCase(),
  lower: (v: unknown) => pyStr(v).toLowerCase(),
  trim: (v: unknown, chars?: unknown) => strip(pyStr(v), chars),
  join: fJoin,
  length: pyLen,
  count: pyLen,
  safe: (v: unknown) => v,
};
