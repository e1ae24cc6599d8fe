/**
 * A policy file that cannot be used: YAML/JSON syntax, a schema error, a duplicate rule id, a bad
 * regular expression or glob. Carries the file, the 1-based line and column and the key path
 * (`rules[2].requireConfirmation.confirmation`) so editors can put a squiggle on it.
 */
import type { KeyPath } from './specError';

export interface PolicyErrorPlace {
  readonly path?: string;
  /** 1-based. */
  readonly line?: number;
  /** 1-based. */
  readonly column?: number;
  readonly keyPath?: string;
}

/** `rules[2].requireConfirmation.tools[0]`. */
export function formatKeyPath(keyPath: KeyPath): string {
  let out = '';
  for (const k of keyPath) out += typeof k === 'number' ? `[${k}]` : out === '' ? k : `.${k}`;
  return out;
}

export class PolicyError extends Error {
  readonly path?: string;
  readonly line?: number;
  readonly column?: number;
  readonly keyPath?: string;

  constructor(readonly reason: string, place: PolicyErrorPlace = {}) {
    const where = [place.path ?? 'policy', place.line !== undefined ? `${place.line}` : undefined, place.line !== undefined && place.column !== undefined ? `${place.column}` : undefined]
      .filter((p) => p !== undefined).join(':');
    super(`${where}: ${place.keyPath ? `${place.keyPath}: ` : ''}${reason}`);
    this.name = 'PolicyError';
    if (place.path !== undefined) this.path = place.path;
    if (place.line !== undefined) this.line = place.line;
    if (place.column !== undefined) this.column = place.column;
    if (place.keyPath !== undefined) this.keyPath = place.keyPath;
  }
}
