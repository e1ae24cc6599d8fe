/**
 * allowTools and forbidTools: which tools may be called at all.
 *
 * - `forbidTools: [globs]`: every tool call (tool span, or pending call) whose tool matches is a
 *   violation.
 * - `allowTools: [{agent, tools}]`: a tool call is allowed when an entry whose `agent` glob
 *   matches the call's agent lists it (entries matching the same agent add up; `*` matches every
 *   agent, steps without an agent included). A call whose agent no entry covers is a violation
 *   too: an allowlist that silently lets unknown agents through would not be one.
 */
import { globList, globsAt } from '../specError';
import type { NameMatcher } from '../glob';
import type { AllowToolsEntry, Finding, Globs, RuleCheck } from '../types';
import type { Step } from '../traceView';

const agentLabel = (s: Step) => (s.agent !== undefined ? `agent "${s.agent}"` : 'a step without an agent');

export function compileForbidTools(globs: Globs): RuleCheck {
  const forbidden = globsAt(globs, ['forbidTools']);
  const shown = globList(globs).join(', ');
  return (steps) => {
    const out: Finding[] = [];
    for (const s of steps) {
      if (s.tool !== undefined && forbidden(s.tool)) out.push({ spanId: s.spanId, message: `${s.tool} is a forbidden tool (forbidTools: ${shown})` });
    }
    return out;
  };
}

export function compileAllowTools(entries: readonly AllowToolsEntry[]): RuleCheck {
  const compiled: { agent: NameMatcher; tools: NameMatcher }[] = entries.map((e, i) => ({
    agent: globsAt(e.agent, ['allowTools', i, 'agent']),
    tools: globsAt(e.tools, ['allowTools', i, 'tools']),
  }));
  // The entries of each agent, worked out once per agent name (names are few).
  const byAgent = new Map<string | undefined, typeof compiled>();
  const entriesOf = (agent: string | undefined) => {
    let list = byAgent.get(agent);
    if (!list) byAgent.set(agent, (list = compiled.filter((c) => c.agent(agent))));
    return list;
  };
  return (steps) => {
    const out: Finding[] = [];
    for (const s of steps) {
      if (s.tool === undefined) continue;
      const mine = entriesOf(s.agent);
      if (mine.length === 0) out.push({ spanId: s.spanId, message: `${s.tool} called by ${agentLabel(s)}, which no allowTools entry covers` });
      else if (!mine.some((c) => c.tools(s.tool))) out.push({ spanId: s.spanId, message: `${s.tool} is not an allowed tool for ${agentLabel(s)}` });
    }
    return out;
  };
}
