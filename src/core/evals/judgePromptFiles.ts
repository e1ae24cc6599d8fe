/**
 * The built-in judge prompts as workspace files the user can edit and version: one JSON chat
 * array per model-graded assertion type (`[{role: 'system', …}, {role: 'user', …}]`, the form a
 * suite's `rubricPrompt: file://…` accepts), with the placeholders left in place.
 */
import {
  ANSWER_RELEVANCE_PROMPT, CLOSED_QA_PROMPT, CONTEXT_FAITHFULNESS_PROMPT, FACTUALITY_PROMPT, LLM_RUBRIC_PROMPT, PAIRWISE_PROMPT,
  type JudgePrompt,
} from './assertions/judgePrompts';

const BY_TYPE: readonly (readonly [string, JudgePrompt])[] = [
  ['llm-rubric', LLM_RUBRIC_PROMPT],
  ['factuality', FACTUALITY_PROMPT],
  ['model-graded-closedqa', CLOSED_QA_PROMPT],
  ['answer-relevance', ANSWER_RELEVANCE_PROMPT],
  ['context-faithfulness', CONTEXT_FAITHFULNESS_PROMPT],
  ['pairwise', PAIRWISE_PROMPT],
];

export interface JudgePromptFile {
  readonly assertionType: string;
  readonly fileName: string;
  readonly text: string;
}

export function judgePromptFiles(): JudgePromptFile[] {
  return BY_TYPE.map(([type, p]) => ({
    assertionType: type,
    fileName: `${type}.judge.json`,
    text: `${JSON.stringify([{ role: 'system', content: p.system }, { role: 'user', content: p.template }], null, 2)}\n`,
  }));
}
