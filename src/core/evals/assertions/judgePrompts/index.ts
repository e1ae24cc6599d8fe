/** The built-in judge prompts, by assertion type. */
export { ANSWER_RELEVANCE_PROMPT } from './answerRelevance';
export { CLOSED_QA_PROMPT } from './closedQa';
export { CONTEXT_FAITHFULNESS_PROMPT } from './contextFaithfulness';
export { FACTUALITY_PROMPT } from './factuality';
export { LLM_RUBRIC_PROMPT } from './llmRubric';
export { DEFAULT_PAIRWISE_CRITERIA, PAIRWISE_PROMPT } from './pairwise';
export { GRADER_SYSTEM, type JudgePrompt } from './types';
