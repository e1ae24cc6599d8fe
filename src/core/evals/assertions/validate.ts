/** Static checks of an assertion as written in a suite, before anything runs. */
import type { AssertionSpec } from '../types';
import { codeRejection } from './code';
import { handlerFor, parseType, UNSUPPORTED_ASSERTION_TYPES } from './registry';

/**
 * A message describing what is wrong with `spec` (unknown type, a type that runs code, a value
 * or threshold of the wrong shape, a bad weight or metric), or undefined when it can be graded.
 */
export function validateAssertionSpec(spec: AssertionSpec): string | undefined {
  if (typeof spec.type !== 'string' || spec.type === '') return 'an assertion needs a type';
  const { base, negated } = parseType(spec.type);
  if (UNSUPPORTED_ASSERTION_TYPES.includes(base)) return codeRejection(base);
  const handler = handlerFor(base);
  if (!handler) return `unknown assertion type "${spec.type}"`;
  if (spec.weight !== undefined && (typeof spec.weight !== 'number' || !Number.isFinite(spec.weight) || spec.weight < 0)) {
    return 'weight must be a number >= 0';
  }
  if (spec.threshold !== undefined && (typeof spec.threshold !== 'number' || !Number.isFinite(spec.threshold))) {
    return 'threshold must be a number';
  }
  if (spec.metric !== undefined && typeof spec.metric !== 'string') return 'metric must be text';
  if (spec.rubricPrompt !== undefined && (typeof spec.rubricPrompt !== 'string' || !handler.modelGraded)) {
    return handler.modelGraded ? 'rubricPrompt must be a file path' : `rubricPrompt only applies to model-graded assertions, not ${spec.type}`;
  }
  return handler.validate(negated ? { ...spec, type: base } : spec);
}
