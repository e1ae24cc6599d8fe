/**
 * Eval suites: the native `<name>.eval.yaml` format and promptfoo configs, loaded into the shared
 * EvalSuite contract (../types.ts) with lines for every case and assertion.
 */
export { loadSuite, detectSuiteFormat, type SuiteFormat } from './loadSuite';
export { loadNativeSuite, NATIVE_SUITE_SUFFIXES } from './native';
export { loadPromptfooConfig } from './promptfoo';
export { SuiteError, formatIssue, type SuiteIssue } from './errors';
export { suiteVersion } from './version';
export { casesForPrompt, findCaseAtLine, suitePathsForPrompt, isSuiteFile, PROMPTFOO_CONFIG_RE } from './editor';
export { EVAL_SUITE_SCHEMA_ID } from './schema';
export type { SuiteIO } from './files';
export { parseAssertionString } from './expectedSyntax';
