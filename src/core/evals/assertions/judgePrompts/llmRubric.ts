/** Judge prompt for `llm-rubric`: does the output satisfy a free-text rubric? */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

export const LLM_RUBRIC_PROMPT: JudgePrompt = {
  id: 'llm-rubric',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Grade the output against the rubric.

<rubric>
{{rubric}}
</rubric>

<output>
{{output}}
</output>

Decide whether the output satisfies the rubric, and how well on a scale from 0 (not at all) to 1 (fully).
Reply with JSON: {"reason": "<one or two sentences>", "pass": true or false, "score": <number from 0 to 1>}`,
};
