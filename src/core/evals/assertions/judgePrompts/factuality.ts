/**
 * Judge prompt for `factuality`: the five categories of OpenAI evals' fact-checking template
 * (submission vs expert answer), asked for as JSON.
 */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

export const FACTUALITY_PROMPT: JudgePrompt = {
  id: 'factuality',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Compare the factual content of a submitted answer with an expert answer to the same question. Ignore differences in style, grammar, punctuation and length.

<question>
{{input}}
</question>

<expert>
{{reference}}
</expert>

<submission>
{{output}}
</submission>

Choose exactly one category:
(A) The submission is a subset of the expert answer and fully consistent with it.
(B) The submission is a superset of the expert answer and fully consistent with it.
(C) The submission contains all the same details as the expert answer.
(D) The submission and the expert answer disagree.
(E) The answers differ, but the differences do not matter for factuality.

Reply with JSON: {"reason": "<one or two sentences>", "category": "A", "B", "C", "D" or "E"}`,
};
