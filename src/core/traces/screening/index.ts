/**
 * Screening untrusted content in agent traces: the heuristic prompt-injection detector and its
 * rule set, trace screening (carrier and acting step), an optional model judge, the measurement
 * on a labelled set, and the groundedness of final answers. See docs/injection-screening.md.
 */
export { INJECTION_RULES, type InjectionRule, type RuleContext, type RuleMatch } from './injectionRules';
export {
  DEFAULT_THRESHOLD, EXCERPT_MAX, screenText, excerptAt,
  type InjectionHit, type ScreenOptions, type ScreenResult,
} from './injectionDetector';
export { normalizeText, isInvisible, type NormalizedText } from './normalize';
export { findHiddenText, type HiddenKind, type HiddenRun } from './hiddenText';
export { findEncodedPayloads, type EncodedPayload } from './encodedPayload';
export {
  screenTrace, untrustedContent, spansInOrder, hash53,
  type InjectionFlag, type ScreenTraceOptions, type UntrustedContent, type UntrustedSource,
} from './traceScreening';
export { judgeInjection, injectionJudgeMessages, INJECTION_JUDGE_SYSTEM, type InjectionVerdict } from './injectionJudge';
export {
  measureDetector, splitOf, parseLabelled,
  type Detector, type InjectionLabel, type LabelledItem, type Measurement, type Split,
} from './measure';
export {
  groundedness, traceGroundedness, DEFAULT_GROUNDEDNESS_THRESHOLD,
  type GroundednessOptions, type GroundednessResult, type SentenceSupport, type TraceGroundedness,
} from './groundedness';
export { judgeGroundedness, groundednessJudgeMessages, GROUNDEDNESS_JUDGE_SYSTEM, type JudgedGroundedness } from './groundednessJudge';
export { splitSentences, contentTokens, numbersIn, stem } from './textTokens';
export { injectionChecks, groundednessChecks, screeningChecker, type ScreeningCheckOptions } from './screeningChecks';
