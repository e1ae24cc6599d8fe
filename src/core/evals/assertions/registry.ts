/** Every supported assertion type, by name (the positive form; `not-` is handled in `grade.ts`). */
import { toolCallArgs, toolCallSequence, toolCalled } from './agent';
import { CODE_ASSERTION_TYPES, rejectCode } from './code';
import type { AssertionHandler } from './handler';
import { containsJson, isJson } from './json';
import { answerRelevance } from './modelGraded/answerRelevance';
import { closedQa } from './modelGraded/closedQa';
import { contextFaithfulness } from './modelGraded/contextFaithfulness';
import { factuality } from './modelGraded/factuality';
import { llmRubric } from './modelGraded/llmRubric';
import { pairwise } from './modelGraded/pairwise';
import { cost, latency } from './runtime';
import { bleu, levenshtein, rougeN } from './similarity';
import {
  charCount, contains, containsAll, containsAny, equals, icontains, icontainsAll, icontainsAny, regex, startsWith, wordCount,
} from './text';
import { isValidFunctionCall, isValidToolsCall } from './toolCalls';

const HANDLERS: Readonly<Record<string, AssertionHandler>> = {
  equals,
  contains,
  icontains,
  'contains-any': containsAny,
  'contains-all': containsAll,
  'icontains-any': icontainsAny,
  'icontains-all': icontainsAll,
  'starts-with': startsWith,
  regex,
  'word-count': wordCount,
  'char-count': charCount,
  'is-json': isJson,
  'contains-json': containsJson,
  'is-valid-openai-tools-call': isValidToolsCall,
  'is-valid-openai-function-call': isValidFunctionCall,
  'tool-called': toolCalled,
  'tool-call-sequence': toolCallSequence,
  'tool-call-args': toolCallArgs,
  levenshtein,
  'rouge-n': rougeN,
  bleu,
  cost,
  latency,
  'llm-rubric': llmRubric,
  factuality,
  /** promptfoo's older name for `factuality`. */
  'model-graded-factuality': factuality,
  'model-graded-closedqa': closedQa,
  'answer-relevance': answerRelevance,
  'context-faithfulness': contextFaithfulness,
  pairwise,
};

/**
 * The supported assertion type names, without the `not-` prefix every one of them also accepts.
 * For suite validation and completion. `javascript`, `python` and `ruby` are not listed: they are
 * recognised only to be rejected (see `UNSUPPORTED_ASSERTION_TYPES`).
 */
export const ASSERTION_TYPES: readonly string[] = Object.freeze(Object.keys(HANDLERS));

/** Types Tracemine recognises but never runs, because they execute code from the suite. */
export const UNSUPPORTED_ASSERTION_TYPES: readonly string[] = CODE_ASSERTION_TYPES;

/** Types graded by the judge model. */
export const MODEL_GRADED_TYPES: readonly string[] = Object.freeze(
  ASSERTION_TYPES.filter((t) => HANDLERS[t]!.modelGraded === true),
);

/** The handler for a positive type name; undefined for unknown types. */
export function handlerFor(baseType: string): AssertionHandler | undefined {
  if (CODE_ASSERTION_TYPES.includes(baseType)) return rejectCode;
  return Object.hasOwn(HANDLERS, baseType) ? HANDLERS[baseType] : undefined;
}

/** Splits `not-contains` into `{ base: 'contains', negated: true }`. */
export function parseType(type: string): { readonly base: string; readonly negated: boolean } {
  return type.startsWith('not-') ? { base: type.slice(4), negated: true } : { base: type, negated: false };
}
