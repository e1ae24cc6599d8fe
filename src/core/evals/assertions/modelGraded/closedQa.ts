/**
 * `model-graded-closedqa`: the judge says whether the output meets a criterion (the value),
 * Y or N. Score 1 for Y, 0 for N.
 */
import { type AssertionHandler } from '../handler';
import { CLOSED_QA_PROMPT } from '../judgePrompts';
import { parseJudgeObject } from '../jsonText';
import { JudgeAnswerError, judgeMessages, readBool, readReason, userInput, withJudge } from './judgeSession';
import { rubricText } from './llmRubric';

/** Y/N from a JSON `answer`, else from a bare Y or N on the answer's last line (the classic form). */
export function readYesNo(text: string): { yes: boolean; reason: string } | undefined {
  const obj = parseJudgeObject(text);
  if (obj) {
    const yes = readBool(obj.answer);
    return yes === undefined ? undefined : { yes, reason: readReason(obj) };
  }
  const lines = text.trim().split(/\r?\n/);
  const last = lines[lines.length - 1]!.trim().toUpperCase();
  if (last !== 'Y' && last !== 'N') return undefined;
  return { yes: last === 'Y', reason: lines.slice(0, -1).join(' ').trim() || 'The judge gave no reason' };
}

export const closedQa: AssertionHandler = {
  modelGraded: true,
  validate: (spec) => (rubricText(spec.value) === undefined ? 'model-graded-closedqa needs a criterion' : undefined),
  grade: (spec, ctx) => withJudge(ctx, async (session) => {
    const vars = { output: ctx.output, rubric: rubricText(spec.value), input: userInput(ctx) };
    const text = await session.ask(await judgeMessages(spec, CLOSED_QA_PROMPT, vars, ctx));
    const answer = readYesNo(text);
    if (!answer) throw new JudgeAnswerError(text, 'no Y/N answer');
    return { pass: answer.yes, score: answer.yes ? 1 : 0, reason: `${answer.yes ? 'Meets' : 'Does not meet'} the criterion: ${answer.reason}` };
  }),
};
