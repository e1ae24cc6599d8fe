/**
 * `javascript`, `python` and `ruby` assertions run code from the suite. Tracemine never runs them: a
 * suite opened from a workspace must not execute arbitrary code while grading. They are
 * recognised so the reason is clear, and always grade as errors.
 */
import { failure, type AssertionHandler } from './handler';

/** Types that are recognised but never executed. */
export const CODE_ASSERTION_TYPES: readonly string[] = ['javascript', 'python', 'ruby'];

export function codeRejection(type: string): string {
  return `${type} assertions are not supported: runs code. Use a deterministic or model-graded assertion instead`;
}

export const rejectCode: AssertionHandler = {
  validate: () => undefined,
  grade: (spec) => failure(codeRejection(spec.type.replace(/^not-/, ''))),
};
