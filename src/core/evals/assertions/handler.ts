/**
 * The shape every assertion type implements. A handler grades the *positive* form of its type
 * (`contains`, never `not-contains`); negation, weights and metrics are applied by `grade.ts`.
 */
import type { AssertionContext, AssertionSpec } from '../types';

/** What a handler decides about one output, before negation and weighting. */
export interface Outcome {
  readonly pass: boolean;
  /** 0..1. */
  readonly score: number;
  readonly reason: string;
  /** Could not be evaluated (bad value, judge failure): never flipped by `not-`. */
  readonly error?: boolean;
  /** USD spent on judge calls, when the judge reported a cost. */
  readonly judgeCostUsd?: number;
}

export interface AssertionHandler {
  /** A message when the spec's value (or threshold) has the wrong shape, else undefined. */
  validate(spec: AssertionSpec): string | undefined;
  grade(spec: AssertionSpec, ctx: AssertionContext): Outcome | Promise<Outcome>;
  /** Needs `ctx.judge`. */
  readonly modelGraded?: boolean;
}

/** A pass/fail outcome scored 1 or 0. */
export function verdict(pass: boolean, reason: string): Outcome {
  return { pass, score: pass ? 1 : 0, reason };
}

/** An outcome for an assertion that could not be evaluated. */
export function failure(reason: string, judgeCostUsd?: number): Outcome {
  return judgeCostUsd === undefined
    ? { pass: false, score: 0, reason, error: true }
    : { pass: false, score: 0, reason, error: true, judgeCostUsd };
}

/** Validates an optional threshold: a finite number within [min, max]. */
export function checkThreshold(spec: AssertionSpec, min = 0, max = Number.POSITIVE_INFINITY): string | undefined {
  const t = spec.threshold;
  if (t === undefined) return undefined;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < min || t > max) {
    return `threshold must be a number${max === Number.POSITIVE_INFINITY ? ` >= ${min}` : ` from ${min} to ${max}`}`;
  }
  return undefined;
}

/** Shortens text quoted in a reason. */
export function quote(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ');
  return JSON.stringify(flat.length > max ? `${flat.slice(0, max - 1)}…` : flat);
}
