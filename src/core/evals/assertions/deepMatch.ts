/** Structural comparison of JSON values: exact equality and "expected is a subset of actual". */
import { isPlainObject } from './values';

/** JSON deep equality: same keys (order ignored), same array order, primitives by `===`. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a)) {
    if (!isPlainObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Whether `expected` matches `actual` as a subset: every key of an expected object must be
 * present in the actual object with a matching value (extra actual keys are fine); arrays must
 * have the same length and match element by element; primitives must be equal.
 */
export function deepSubset(expected: unknown, actual: unknown): boolean {
  if (isPlainObject(expected)) {
    return isPlainObject(actual)
      && Object.keys(expected).every((k) => Object.hasOwn(actual, k) && deepSubset(expected[k], actual[k]));
  }
  if (Array.isArray(expected)) {
    return Array.isArray(actual) && expected.length === actual.length && expected.every((x, i) => deepSubset(x, actual[i]));
  }
  return expected === actual;
}
