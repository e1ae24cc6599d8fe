/**
 * Per-call checks: maxToolCallsPerTool (loop detection) and requireToolSuccess.
 *
 * - maxToolCallsPerTool: `n` or `{max, tools?, sameArguments?}`. A tool (matching `tools`, default
 *   every tool) called more than `max` times in a trace is one violation, on the first call over
 *   the limit, naming every call of it. With `sameArguments: true` only repeats of the same call
 *   count (same tool, same arguments text once whitespace is dropped): the agent asking the same
 *   thing again and again.
 * - requireToolSuccess: `true` or `{tools?, errorPattern?}` (`false`: off). Every call (matching `tools`) whose
 *   span status is `error` is a violation, and so is one whose result matches `errorPattern` (a
 *   case-insensitive regular expression, for sources that report failures only in the result
 *   text, e.g. τ-bench's "Error: …" replies). Pending calls (no result) are not judged.
 */
import { globsAt, regexAt } from '../specError';
import type { Step } from '../traceView';
import type { Finding, MaxToolCallsSpec, RequireToolSuccessSpec, RuleCheck } from '../types';
import { excerpt } from '../text';

export function compileMaxToolCallsPerTool(spec: number | MaxToolCallsSpec): RuleCheck {
  const { max, tools, sameArguments = false } = typeof spec === 'number' ? { max: spec } as MaxToolCallsSpec : spec;
  const matches = tools !== undefined ? globsAt(tools, ['maxToolCallsPerTool', 'tools']) : () => true;
  return (steps) => {
    const calls = new Map<string, Step[]>();
    for (const s of steps) {
      if (s.tool === undefined || !matches(s.tool)) continue;
      const key = sameArguments ? `${s.tool}\u0000${(s.toolArguments ?? '').replace(/\s+/g, '')}` : s.tool;
      const list = calls.get(key);
      if (list) list.push(s);
      else calls.set(key, [s]);
    }
    const out: Finding[] = [];
    for (const list of calls.values()) {
      if (list.length <= max) continue;
      const s = list[max]!;
      const what = sameArguments ? `${s.tool} called ${list.length} times with the same arguments` : `${s.tool} called ${list.length} times`;
      out.push({ spanId: s.spanId, relatedSpanIds: list.map((c) => c.spanId), message: `${what}, more than the ${max} allowed (a loop?)` });
    }
    return out;
  };
}

export function compileRequireToolSuccess(spec: boolean | RequireToolSuccessSpec): RuleCheck {
  if (spec === false) return () => [];
  const o: RequireToolSuccessSpec = spec === true ? {} : spec;
  const matches = o.tools !== undefined ? globsAt(o.tools, ['requireToolSuccess', 'tools']) : () => true;
  const pattern = o.errorPattern !== undefined ? regexAt(o.errorPattern, ['requireToolSuccess', 'errorPattern']) : undefined;
  return (steps) => {
    const out: Finding[] = [];
    for (const s of steps) {
      if (s.tool === undefined || s.pending || !matches(s.tool)) continue;
      if (s.status === 'error') {
        out.push({ spanId: s.spanId, message: `${s.tool} failed${s.span.statusMessage ? `: ${excerpt(s.span.statusMessage)}` : ''}` });
      } else if (pattern && s.toolResult !== undefined && pattern.test(s.toolResult)) {
        out.push({ spanId: s.spanId, message: `${s.tool} failed: its result says "${excerpt(s.toolResult)}"` });
      }
    }
    return out;
  };
}
