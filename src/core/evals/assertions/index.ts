/**
 * Assertions: grading a model output against a case's assertions (promptfoo vocabulary) —
 * deterministic checks, agent tool-call checks, reference similarity, and model-graded checks
 * through a judge. Pure: no I/O beyond `ctx.readFile` and `ctx.judge`.
 */
export { gradeAll, gradeAssertion, summarize, type GradedOutput } from './grade';
export { ASSERTION_TYPES, MODEL_GRADED_TYPES, UNSUPPORTED_ASSERTION_TYPES } from './registry';
export { validateAssertionSpec } from './validate';
export { fillTemplate, type TemplateVars } from './modelGraded/judgeSession';
export * as judgePrompts from './judgePrompts';
export { bleu } from './metrics/bleu';
export { levenshtein } from './metrics/levenshtein';
export { rougeN } from './metrics/rouge';
export { extractFirstJson, parseJudgeObject } from './jsonText';
