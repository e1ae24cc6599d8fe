/**
 * `pairwise`: is the output better than another output (the value: its text, or
 * `{other, criteria}`)? The judge is asked twice, with the two responses in both orders, to
 * cancel position bias; a verdict counts only when both orders agree, otherwise it is a tie.
 * Score: win 1, tie 0.5, loss 0. Passes when score >= threshold (default 0.5: not worse).
 */
import { checkThreshold, type AssertionHandler } from '../handler';
import { DEFAULT_PAIRWISE_CRITERIA, PAIRWISE_PROMPT } from '../judgePrompts';
import { asText, isPlainObject } from '../values';
import { JudgeAnswerError, judgeMessages, readReason, userInput, withJudge } from './judgeSession';

export type Verdict = 'win' | 'loss' | 'tie';

function readValue(value: unknown): { other: string; criteria: string } | string {
  const other = isPlainObject(value) ? asText(value.other) : asText(value);
  if (other === undefined) return 'pairwise needs the other output (or {other, criteria})';
  const criteria = isPlainObject(value) && value.criteria !== undefined ? asText(value.criteria) : DEFAULT_PAIRWISE_CRITERIA;
  if (criteria === undefined) return 'pairwise criteria must be text';
  return { other, criteria };
}

/** `"A"`, `"B"` or `"tie"` (any case, optional "Response " prefix); undefined otherwise. */
export function readWinner(v: unknown): 'A' | 'B' | 'tie' | undefined {
  if (typeof v !== 'string') return undefined;
  const s = v.trim().toLowerCase().replace(/^response\s*/, '');
  if (s === 'a') return 'A';
  if (s === 'b') return 'B';
  if (s === 'tie' || s === 'equal' || s === 'none') return 'tie';
  return undefined;
}

/** The output's verdict from one answer; `outputFirst` = the output was response A. */
function asOutput(winner: 'A' | 'B' | 'tie', outputFirst: boolean): Verdict {
  if (winner === 'tie') return 'tie';
  return (winner === 'A') === outputFirst ? 'win' : 'loss';
}

/** Combines the two orders (the output was A first, then B): agreement counts, else a tie. */
export function combineVerdicts(first: 'A' | 'B' | 'tie', second: 'A' | 'B' | 'tie'): Verdict {
  const a = asOutput(first, true);
  return a === asOutput(second, false) ? a : 'tie';
}

const SCORE: Record<Verdict, number> = { win: 1, tie: 0.5, loss: 0 };

export const pairwise: AssertionHandler = {
  modelGraded: true,
  validate(spec) {
    const r = readValue(spec.value);
    return typeof r === 'string' ? r : checkThreshold(spec, 0, 1);
  },
  grade: (spec, ctx) => withJudge(ctx, async (session) => {
    const { other, criteria } = readValue(spec.value) as { other: string; criteria: string };
    const base = { output: ctx.output, rubric: criteria, input: userInput(ctx) };
    const ask = async (outputA: string, outputB: string) => {
      const answer = await session.askObject(await judgeMessages(spec, PAIRWISE_PROMPT, { ...base, outputA, outputB }, ctx));
      const winner = readWinner(answer.winner);
      if (!winner) throw new JudgeAnswerError(JSON.stringify(answer), 'no winner A, B or tie');
      return { winner, reason: readReason(answer) };
    };
    const [first, second] = await Promise.all([ask(ctx.output, other), ask(other, ctx.output)]);
    const result = combineVerdicts(first.winner, second.winner);
    const score = SCORE[result];
    const min = spec.threshold ?? 0.5;
    const agreed = asOutput(first.winner, true) === asOutput(second.winner, false);
    const how = agreed
      ? 'both orders agree'
      : `the orders disagree (output as A: ${asOutput(first.winner, true)}, output as B: ${asOutput(second.winner, false)}), so it is a tie`;
    return { pass: score >= min, score, reason: `Pairwise ${result}: ${how}. ${first.reason}` };
  }),
};
