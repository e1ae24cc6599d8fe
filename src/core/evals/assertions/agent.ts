/**
 * Agent assertions over the response's tool calls: `tool-called` (a tool was called),
 * `tool-call-sequence` (tools called in an order) and `tool-call-args` (a call's arguments
 * contain the expected JSON).
 */
import type { AssertionSpec, ToolCallOut } from '../types';
import { deepSubset } from './deepMatch';
import { quote, verdict, type AssertionHandler } from './handler';
import { isPlainObject } from './values';

function calledNames(calls: readonly ToolCallOut[]): string {
  return calls.length === 0 ? 'no tools were called' : `called: ${calls.map((c) => c.name).join(', ')}`;
}

/** `tool-called`: value = the tool's name. */
export const toolCalled: AssertionHandler = {
  validate: (spec) => (typeof spec.value === 'string' && spec.value !== '' ? undefined : 'tool-called needs a tool name'),
  grade(spec, ctx) {
    const name = spec.value as string;
    const n = ctx.response.toolCalls.filter((c) => c.name === name).length;
    return verdict(n > 0, n > 0 ? `${name} was called ${n} time(s)` : `${name} was not called (${calledNames(ctx.response.toolCalls)})`);
  },
};

export type SequenceMode = 'exact' | 'subsequence';

/** The sequence and mode of a `tool-call-sequence` value, or a message. */
export function readSequence(value: unknown): { sequence: string[]; mode: SequenceMode } | string {
  const raw = isPlainObject(value) ? value.sequence : value;
  const mode = isPlainObject(value) && value.mode !== undefined ? value.mode : 'subsequence';
  if (mode !== 'exact' && mode !== 'subsequence') return 'mode must be exact or subsequence';
  if (!Array.isArray(raw) || raw.length === 0 || !raw.every((x) => typeof x === 'string' && x !== '')) {
    return 'tool-call-sequence needs a list of tool names (or {sequence, mode})';
  }
  return { sequence: raw as string[], mode };
}

/** Whether `needle` occurs in `hay` in order, gaps allowed. */
export function isSubsequence(needle: readonly string[], hay: readonly string[]): boolean {
  let i = 0;
  for (const h of hay) if (i < needle.length && h === needle[i]) i++;
  return i === needle.length;
}

/** `tool-call-sequence`: value = names, or {sequence, mode: exact | subsequence (default)}. */
export const toolCallSequence: AssertionHandler = {
  validate(spec: AssertionSpec) {
    const r = readSequence(spec.value);
    return typeof r === 'string' ? r : undefined;
  },
  grade(spec, ctx) {
    const { sequence, mode } = readSequence(spec.value) as { sequence: string[]; mode: SequenceMode };
    const names = ctx.response.toolCalls.map((c) => c.name);
    const ok = mode === 'exact'
      ? names.length === sequence.length && names.every((n, i) => n === sequence[i])
      : isSubsequence(sequence, names);
    const want = sequence.join(' → ');
    return verdict(ok, ok
      ? `Tools were called ${mode === 'exact' ? 'exactly as' : 'in the order'} ${want}`
      : `Expected ${mode === 'exact' ? 'exactly' : 'in order'} ${want}; ${calledNames(ctx.response.toolCalls)}`);
  },
};

/** The name and expected-argument subset of a `tool-call-args` value, or a message. */
function readArgsSpec(value: unknown): { name: string; args: Record<string, unknown> } | string {
  if (!isPlainObject(value) || typeof value.name !== 'string' || value.name === '') {
    return 'tool-call-args needs {name, arguments}';
  }
  let args: unknown = value.arguments ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args) as unknown;
    } catch {
      return 'tool-call-args arguments must be a JSON object';
    }
  }
  if (!isPlainObject(args)) return 'tool-call-args arguments must be a JSON object';
  return { name: value.name, args };
}

/**
 * `tool-call-args`: value = {name, arguments}. Passes when some call to `name` has arguments
 * that contain `arguments` as a subset (extra keys allowed; arrays compared element by element).
 */
export const toolCallArgs: AssertionHandler = {
  validate(spec) {
    const r = readArgsSpec(spec.value);
    return typeof r === 'string' ? r : undefined;
  },
  grade(spec, ctx) {
    const { name, args } = readArgsSpec(spec.value) as { name: string; args: Record<string, unknown> };
    const calls = ctx.response.toolCalls.filter((c) => c.name === name);
    if (calls.length === 0) return verdict(false, `${name} was not called (${calledNames(ctx.response.toolCalls)})`);
    for (const call of calls) {
      try {
        if (deepSubset(args, JSON.parse(call.arguments))) return verdict(true, `${name} was called with matching arguments`);
      } catch {
        // unparseable arguments never match
      }
    }
    return verdict(false, `No call to ${name} had arguments matching ${quote(JSON.stringify(args))}; got ${calls.map((c) => quote(c.arguments, 60)).join(', ')}`);
  },
};
