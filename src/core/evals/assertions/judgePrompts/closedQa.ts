/** Judge prompt for `model-graded-closedqa`: does the submission meet a criterion? (Y/N) */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

export const CLOSED_QA_PROMPT: JudgePrompt = {
  id: 'model-graded-closedqa',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Assess a submitted answer to a task against a criterion.

<task>
{{input}}
</task>

<submission>
{{output}}
</submission>

<criterion>
{{rubric}}
</criterion>

Does the submission meet the criterion? Reason step by step, then answer Y (yes) or N (no).
Reply with JSON: {"reason": "<your reasoning>", "answer": "Y" or "N"}`,
};
