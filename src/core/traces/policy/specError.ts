/**
 * Errors found while compiling a rule (a bad regular expression or glob), located by key path
 * inside the rule; parsePolicy turns them into PolicyErrors with the file's line. Also the
 * compile helpers that raise them.
 */
import { GlobError, compileGlobs, type NameMatcher } from './glob';
import type { Globs } from './types';

export type KeyPath = readonly (string | number)[];

export class SpecError extends Error {
  constructor(readonly keyPath: KeyPath, message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

/** A case-insensitive RegExp from a policy string, or a SpecError at `keyPath`. */
export function regexAt(source: string, keyPath: KeyPath): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (err) {
    throw new SpecError(keyPath, `bad regular expression: ${(err as Error).message}`);
  }
}

/** A name matcher from one glob or a list, or a SpecError at the offending item. */
export function globsAt(globs: Globs, keyPath: KeyPath): NameMatcher {
  const list = typeof globs === 'string' ? [globs] : globs;
  list.forEach((g, i) => {
    try {
      compileGlobs(g);
    } catch (err) {
      if (err instanceof GlobError) throw new SpecError(typeof globs === 'string' ? keyPath : [...keyPath, i], err.message);
      throw err;
    }
  });
  return compileGlobs(list);
}

/** One glob or a list, as a list (for messages). */
export const globList = (globs: Globs): readonly string[] => (typeof globs === 'string' ? [globs] : globs);
