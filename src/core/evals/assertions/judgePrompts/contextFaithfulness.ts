/**
 * Judge prompt for `context-faithfulness`: list the output's claims and mark which the context
 * supports.
 */
import { GRADER_SYSTEM, type JudgePrompt } from './types';

export const CONTEXT_FAITHFULNESS_PROMPT: JudgePrompt = {
  id: 'context-faithfulness',
  version: 1,
  system: GRADER_SYSTEM,
  template: `Check whether an answer is faithful to the context it was given.

<context>
{{context}}
</context>

<question>
{{input}}
</question>

<answer>
{{output}}
</answer>

List every factual claim the answer makes. For each, say whether the context supports it (can be inferred from the context alone). Opinions, greetings and restated questions are not claims.
Reply with JSON: {"claims": [{"claim": "...", "supported": true or false}], "reason": "<one sentence>"}`,
};
