/**
 * requireBefore: `{tool, before: {tool?, spanName?, kind?}, perAction?}`. Every call of a tool
 * matching `tool` must come after (in step order, same trace) a step matching every criterion
 * `before` gives: `tool` (a tool call of that tool), `spanName` (the step's span name; for a
 * pending call its tool name), `kind` (the span kind; tool calls are `tool`). A step never
 * satisfies its own requirement. With `perAction: true` each preceding step authorises one call
 * (an approval per action); by default any earlier matching step will do.
 */
import { globsAt } from '../specError';
import type { Step } from '../traceView';
import type { Finding, RequireBeforeSpec, RuleCheck } from '../types';

function describeBefore(b: RequireBeforeSpec['before']): string {
  const parts: string[] = [];
  if (b.kind !== undefined) parts.push(`a ${b.kind} step`);
  if (b.tool !== undefined) parts.push(`a call of ${[b.tool].flat().join(' or ')}`);
  if (b.spanName !== undefined) parts.push(`a step named ${[b.spanName].flat().join(' or ')}`);
  return parts.join(', ') || 'a step';
}

export function compileRequireBefore(spec: RequireBeforeSpec): RuleCheck {
  const target = globsAt(spec.tool, ['requireBefore', 'tool']);
  const b = spec.before;
  const tool = b.tool !== undefined ? globsAt(b.tool, ['requireBefore', 'before', 'tool']) : undefined;
  const name = b.spanName !== undefined ? globsAt(b.spanName, ['requireBefore', 'before', 'spanName']) : undefined;
  const satisfies = (s: Step) =>
    (b.kind === undefined || s.kind === b.kind) && (!tool || (s.tool !== undefined && tool(s.tool))) && (!name || name(s.name));
  const what = describeBefore(b);
  return (steps) => {
    const out: Finding[] = [];
    const available: string[] = [];
    let next = 0;
    let last: string | undefined;
    for (const s of steps) {
      if (s.tool !== undefined && target(s.tool)) {
        if (spec.perAction === true) {
          const used = next < available.length ? available[next++] : undefined;
          if (used === undefined) out.push({ spanId: s.spanId, message: last === undefined ? `${s.tool} called without ${what} before it` : `${s.tool} called without its own ${what} before it: the one before (${last}) authorised an earlier call`, ...(last !== undefined ? { relatedSpanIds: [last] } : {}) });
        } else if (last === undefined) out.push({ spanId: s.spanId, message: `${s.tool} called without ${what} before it` });
      }
      if (satisfies(s)) {
        available.push(s.spanId);
        last = s.spanId;
      }
    }
    return out;
  };
}
