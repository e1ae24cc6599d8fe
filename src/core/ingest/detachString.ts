/**
 * A copy of `s` that shares no memory with the text it was cut from.
 *
 * V8 represents a slice of 13 or more characters as a view into its parent string, which keeps the
 * whole parent (for a streaming reader: a whole input chunk of some 100 KB) alive as long as the
 * slice lives. Strings a reader keeps beyond the chunk they came from (case ids, activity names,
 * examples in the quality report) go through here. Concatenating forces a fresh flat string; the
 * slice then refers to that copy only.
 */
export function detachString(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}
