/**
 * Judge prompt for `answer-relevance`: the judge writes the questions the answer would suit,
 * compares them with the user's question, and rates relevance from 0 to 1 (no embeddings).
 */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

export const ANSWER_RELEVANCE_PROMPT: JudgePrompt = {
  id: 'answer-relevance',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Rate how relevant an answer is to the user's question.

<question>
{{input}}
</question>

<answer>
{{output}}
</answer>

First write up to three questions that this answer would be a good reply to. Then compare them with the user's question and rate the answer's relevance from 0 (unrelated or evasive) to 1 (directly answers the question). Do not judge correctness, only relevance.
Reply with JSON: {"questions": ["..."], "reason": "<one sentence>", "score": <number from 0 to 1>}`,
};
