/**
 * promptfoo's one-line assertion syntax, used in CSV `__expected` columns:
 * `type:value`, `type(threshold):value`, `not-type:value`, bare `is-json`; `grade:` means
 * llm-rubric, `fn:`/`eval:` javascript, `file://x.js|.py` a code assertion; anything else is an
 * `equals` on the whole text. `contains-any`/`-all` values are comma-separated lists.
 * Which types exist is checked later by the assertions module; this only has to recognise the
 * prefixes, so it knows promptfoo's type names.
 */
import type { AssertionSpec } from '../types';

/** promptfoo's assertion type names (deterministic and model-graded), longest first when matched. */
export const PROMPTFOO_ASSERTION_TYPES: readonly string[] = [
  'equals', 'contains', 'icontains', 'regex', 'starts-with', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all',
  'is-json', 'contains-json', 'contains-html', 'is-html', 'is-sql', 'contains-sql', 'is-xml', 'contains-xml', 'is-refusal',
  'javascript', 'python', 'ruby', 'webhook', 'rouge-n', 'bleu', 'gleu', 'levenshtein', 'latency', 'meteor', 'perplexity',
  'perplexity-score', 'cost', 'finish-reason', 'is-valid-function-call', 'is-valid-openai-function-call', 'is-valid-openai-tools-call',
  'tool-call-f1', 'trace-span-count', 'trace-span-duration', 'trace-error-spans', 'skill-used', 'trajectory:tool-used',
  'trajectory:tool-args-match', 'trajectory:tool-sequence', 'trajectory:step-count', 'trajectory:goal-success', 'guardrails',
  'similar', 'classifier', 'moderation', 'llm-rubric', 'g-eval', 'answer-relevance', 'context-faithfulness', 'context-recall',
  'context-relevance', 'conversation-relevance', 'factuality', 'model-graded-closedqa', 'model-graded-factuality', 'pi',
  'select-best', 'max-score', 'word-count',
];

/** Types that take no value (may stand alone in a cell). */
const BARE_TYPES = new Set([
  'is-json', 'contains-json', 'is-html', 'contains-html', 'is-sql', 'contains-sql', 'is-xml', 'contains-xml', 'is-refusal',
  'is-valid-function-call', 'is-valid-openai-function-call', 'is-valid-openai-tools-call',
]);

const LIST_TYPES = new Set(['contains-any', 'contains-all', 'icontains-any', 'icontains-all']);

const ALIASES: Readonly<Record<string, string>> = { grade: 'llm-rubric', fn: 'javascript', eval: 'javascript' };

const PREFIXES = [...PROMPTFOO_ASSERTION_TYPES, ...Object.keys(ALIASES)].sort((a, b) => b.length - a.length);

/** One `__expected` cell → an assertion (without its line). */
export function parseAssertionString(text: string): AssertionSpec {
  const s = text.trim();
  if (s.startsWith('file://')) {
    const ext = s.slice(s.lastIndexOf('.')).toLowerCase().replace(/:.*$/, '');
    const type = ext === '.py' ? 'python' : ext === '.rb' ? 'ruby' : 'javascript';
    return { type, value: s };
  }
  const negated = s.startsWith('not-');
  const rest = negated ? s.slice(4) : s;
  for (const name of PREFIXES) {
    if (!rest.startsWith(name)) continue;
    const after = rest.slice(name.length);
    const type = (negated ? 'not-' : '') + (ALIASES[name] ?? name);
    if (after === '' && BARE_TYPES.has(name)) return { type };
    const m = /^(?:\(([^)]*)\))?:([\s\S]*)$/.exec(after);
    if (!m) continue;
    const threshold = m[1] !== undefined && m[1].trim() !== '' ? Number(m[1]) : undefined;
    if (threshold !== undefined && !Number.isFinite(threshold)) continue;
    const raw = m[2]!.trimStart();
    const value = LIST_TYPES.has(name) ? raw.split(',').map((v) => v.trim()).filter((v) => v !== '') : raw;
    return { type, ...(raw === '' && BARE_TYPES.has(name) ? {} : { value }), ...(threshold !== undefined && { threshold }) };
  }
  return { type: 'equals', value: text };
}
