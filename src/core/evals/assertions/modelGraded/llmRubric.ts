/**
 * `llm-rubric`: the judge grades the output against a free-text rubric (the value) and answers
 * `{pass, score, reason}`. A missing `pass` is taken as score >= threshold (default 0.5); a
 * missing `score` as 1 or 0 from `pass`. With a threshold, passing also needs score >= threshold.
 */
import { checkThreshold, type AssertionHandler } from '../handler';
import { LLM_RUBRIC_PROMPT } from '../judgePrompts';
import { asText, isPlainObject } from '../values';
import { JudgeAnswerError, judgeMessages, readBool, readReason, readScore, userInput, withJudge } from './judgeSession';

/** The rubric text: a string, or a structured rubric written as JSON. */
export function rubricText(value: unknown): string | undefined {
  if (isPlainObject(value) || Array.isArray(value)) return JSON.stringify(value, null, 2);
  const t = asText(value);
  return t !== undefined && t.trim() !== '' ? t : undefined;
}

export const llmRubric: AssertionHandler = {
  modelGraded: true,
  validate: (spec) => (rubricText(spec.value) === undefined ? 'llm-rubric needs a rubric' : checkThreshold(spec, 0, 1)),
  grade: (spec, ctx) => withJudge(ctx, async (session) => {
    const vars = { output: ctx.output, rubric: rubricText(spec.value), input: userInput(ctx) };
    const answer = await session.askObject(await judgeMessages(spec, LLM_RUBRIC_PROMPT, vars, ctx));
    let pass = readBool(answer.pass);
    let score = readScore(answer.score);
    if (pass === undefined && score === undefined) throw new JudgeAnswerError(JSON.stringify(answer), 'no pass or score');
    score ??= pass ? 1 : 0;
    pass ??= score >= (spec.threshold ?? 0.5);
    if (spec.threshold !== undefined) pass = pass && score >= spec.threshold;
    return { pass, score, reason: readReason(answer) };
  }),
};
