/** Judge prompt for `pairwise`: which of two responses to the same input is better? */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

/** Criteria used when the assertion gives none. */
export const DEFAULT_PAIRWISE_CRITERIA = 'Which response answers the input better: more correct, more helpful, more relevant?';

export const PAIRWISE_PROMPT: JudgePrompt = {
  id: 'pairwise',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Compare two responses to the same input.

<criteria>
{{rubric}}
</criteria>

<input>
{{input}}
</input>

<response_a>
{{outputA}}
</response_a>

<response_b>
{{outputB}}
</response_b>

Do not let the order of the responses or their length influence you. If neither is better, say tie.
Reply with JSON: {"reason": "<one or two sentences>", "winner": "A", "B" or "tie"}`,
};
