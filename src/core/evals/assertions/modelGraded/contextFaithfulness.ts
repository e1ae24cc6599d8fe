/**
 * `context-faithfulness`: does the output stick to the context it was given? The judge lists the
 * output's claims and marks each supported or not; score = supported / total (1 when the output
 * makes no claims). Context: `vars.context` (text or list of texts), else the value. Passes when
 * the score is at least the threshold (default 0.7).
 */
import type { AssertionContext } from '../../types';
import { checkThreshold, failure, type AssertionHandler } from '../handler';
import { CONTEXT_FAITHFULNESS_PROMPT } from '../judgePrompts';
import { asText, asTextList, isPlainObject } from '../values';
import { JudgeAnswerError, judgeMessages, readBool, readReason, userInput, withJudge } from './judgeSession';

export const DEFAULT_FAITHFULNESS_THRESHOLD = 0.7;

/** Context text from a value: a text, or a list of texts joined by blank lines. */
function contextText(v: unknown): string | undefined {
  const list = Array.isArray(v) ? asTextList(v) : undefined;
  const text = list ? list.join('\n\n') : asText(v);
  return text !== undefined && text.trim() !== '' ? text : undefined;
}

function findContext(spec: { value?: unknown }, ctx: AssertionContext): string | undefined {
  return contextText(ctx.vars.context) ?? contextText(spec.value);
}

export const contextFaithfulness: AssertionHandler = {
  modelGraded: true,
  validate(spec) {
    if (spec.value !== undefined && contextText(spec.value) === undefined) return 'context-faithfulness value must be the context text (or a list of texts)';
    return checkThreshold(spec, 0, 1);
  },
  grade(spec, ctx) {
    const context = findContext(spec, ctx);
    if (context === undefined) return failure('No context: set vars.context or the assertion value');
    return withJudge(ctx, async (session) => {
      const vars = { output: ctx.output, context, input: userInput(ctx) };
      const answer = await session.askObject(await judgeMessages(spec, CONTEXT_FAITHFULNESS_PROMPT, vars, ctx));
      if (!Array.isArray(answer.claims)) throw new JudgeAnswerError(JSON.stringify(answer), 'no claims list');
      const verdicts = answer.claims.map((c) => (isPlainObject(c) ? readBool(c.supported) : undefined));
      if (verdicts.some((v) => v === undefined)) throw new JudgeAnswerError(JSON.stringify(answer), 'a claim without supported: true/false');
      const supported = verdicts.filter((v) => v).length;
      const total = verdicts.length;
      const score = total === 0 ? 1 : supported / total;
      const min = spec.threshold ?? DEFAULT_FAITHFULNESS_THRESHOLD;
      const unsupported = answer.claims
        .filter((c, i) => !verdicts[i] && isPlainObject(c) && typeof c.claim === 'string')
        .map((c) => (c as { claim: string }).claim);
      const detail = unsupported.length > 0 ? ` Unsupported: ${unsupported.join('; ')}.` : '';
      return {
        pass: score >= min,
        score,
        reason: `${supported}/${total} claims supported by the context (${score.toFixed(2)} ${score >= min ? '>=' : '<'} ${min}).${detail} ${readReason(answer)}`,
      };
    });
  },
};
