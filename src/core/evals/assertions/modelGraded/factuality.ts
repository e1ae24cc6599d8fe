/**
 * `factuality`: the judge places the output against a reference answer in one of OpenAI evals'
 * fact categories A–E. Value: the reference text, or `{reference, passCategories}`; by default
 * A, B, C and E pass and D (disagreement) fails. Score 1 when passing, else 0.
 */
import { type AssertionHandler } from '../handler';
import { FACTUALITY_PROMPT } from '../judgePrompts';
import { asText, isPlainObject } from '../values';
import { JudgeAnswerError, judgeMessages, readReason, userInput, withJudge } from './judgeSession';

export type FactCategory = 'A' | 'B' | 'C' | 'D' | 'E';
const CATEGORIES: readonly FactCategory[] = ['A', 'B', 'C', 'D', 'E'];
const DEFAULT_PASS: readonly FactCategory[] = ['A', 'B', 'C', 'E'];

const LABEL: Record<FactCategory, string> = {
  A: 'subset of the reference, consistent',
  B: 'superset of the reference, consistent',
  C: 'same details as the reference',
  D: 'disagrees with the reference',
  E: 'differs only in ways that do not matter for factuality',
};

function readValue(value: unknown): { reference: string; passing: readonly FactCategory[] } | string {
  const reference = isPlainObject(value) ? asText(value.reference) : asText(value);
  if (reference === undefined || reference.trim() === '') return 'factuality needs the reference answer (or {reference, passCategories})';
  const raw = isPlainObject(value) ? value.passCategories : undefined;
  if (raw === undefined) return { reference, passing: DEFAULT_PASS };
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((c) => typeof c === 'string' && CATEGORIES.includes(c.toUpperCase() as FactCategory))) {
    return 'passCategories must be a non-empty list of A, B, C, D, E';
  }
  return { reference, passing: raw.map((c) => (c as string).toUpperCase() as FactCategory) };
}

/** The category letter in a judge answer (`"A"`, `"(A)"`, `"A."`, `"a"`); undefined if none. */
export function readCategory(v: unknown): FactCategory | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^\s*\(?([A-Ea-e])\)?(?:[.:\s]|$)/.exec(v);
  return m ? (m[1]!.toUpperCase() as FactCategory) : undefined;
}

export const factuality: AssertionHandler = {
  modelGraded: true,
  validate(spec) {
    const r = readValue(spec.value);
    return typeof r === 'string' ? r : undefined;
  },
  grade: (spec, ctx) => withJudge(ctx, async (session) => {
    const { reference, passing } = readValue(spec.value) as { reference: string; passing: readonly FactCategory[] };
    const messages = await judgeMessages(spec, FACTUALITY_PROMPT, { output: ctx.output, reference, input: userInput(ctx) }, ctx);
    const answer = await session.askObject(messages);
    const category = readCategory(answer.category);
    if (!category) throw new JudgeAnswerError(JSON.stringify(answer), 'no category A–E');
    const pass = passing.includes(category);
    return { pass, score: pass ? 1 : 0, reason: `(${category}) ${LABEL[category]}: ${readReason(answer)}` };
  }),
};
