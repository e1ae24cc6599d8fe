/**
 * `answer-relevance`: is the output an answer to what the user asked? promptfoo generates
 * questions from the output and compares their embeddings with the query; Tracemine needs no
 * embedding endpoint, so the judge writes those questions itself, compares them with the user's
 * question (`vars.query`, else the last user message) and rates relevance 0..1. Passes when the
 * rating is at least the threshold (default 0.7).
 */
import type { AssertionContext } from '../../types';
import { checkThreshold, type AssertionHandler } from '../handler';
import { ANSWER_RELEVANCE_PROMPT } from '../judgePrompts';
import { JudgeAnswerError, judgeMessages, readReason, readScore, userInput, withJudge } from './judgeSession';

export const DEFAULT_RELEVANCE_THRESHOLD = 0.7;

function question(ctx: AssertionContext): string {
  return typeof ctx.vars.query === 'string' ? ctx.vars.query : userInput(ctx);
}

export const answerRelevance: AssertionHandler = {
  modelGraded: true,
  validate: (spec) => checkThreshold(spec, 0, 1),
  grade: (spec, ctx) => withJudge(ctx, async (session) => {
    const messages = await judgeMessages(spec, ANSWER_RELEVANCE_PROMPT, { output: ctx.output, input: question(ctx) }, ctx);
    const answer = await session.askObject(messages);
    const score = readScore(answer.score);
    if (score === undefined) throw new JudgeAnswerError(JSON.stringify(answer), 'no score');
    const min = spec.threshold ?? DEFAULT_RELEVANCE_THRESHOLD;
    return { pass: score >= min, score, reason: `Relevance ${score.toFixed(2)} ${score >= min ? '>=' : '<'} ${min}: ${readReason(answer)}` };
  }),
};
