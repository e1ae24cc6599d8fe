/**
 * Well-formed tool calls: `is-valid-openai-tools-call` (every tool call in the response) and
 * `is-valid-openai-function-call` (the single legacy function call: the first tool call, or an
 * output that is a JSON `{name, arguments}` object). A call is well formed when its name is a
 * non-empty string and its arguments are a JSON object. When the value lists the tools (OpenAI
 * `[{type: 'function', function: {name, parameters}}]` or bare `[{name, parameters}]`, inline or
 * `file://`), the name must be one of them and the arguments must match its `parameters` schema.
 */
import type { AssertionContext, AssertionSpec, ToolCallOut } from '../types';
import { failure, verdict, type AssertionHandler, type Outcome } from './handler';
import { checkSchema } from './schema';
import { isPlainObject, loadStructured } from './values';

interface ToolDef {
  readonly name: string;
  readonly parameters?: unknown;
}

/** Reads a tools list in OpenAI tools or functions shape; a message when it is neither. */
export function readToolDefs(value: unknown): ToolDef[] | string {
  const list = isPlainObject(value) && Array.isArray(value.tools) ? value.tools : value;
  if (!Array.isArray(list)) return 'the value must be a list of tools';
  const out: ToolDef[] = [];
  for (const item of list) {
    const fn = isPlainObject(item) && isPlainObject(item.function) ? item.function : item;
    if (!isPlainObject(fn) || typeof fn.name !== 'string' || fn.name === '') return 'every tool needs a name';
    out.push({ name: fn.name, parameters: fn.parameters });
  }
  return out;
}

function validateTools(spec: AssertionSpec): string | undefined {
  const v = spec.value;
  if (v === undefined || v === null || typeof v === 'string') return undefined;
  const defs = readToolDefs(v);
  return typeof defs === 'string' ? `${spec.type}: ${defs}` : undefined;
}

/** Problems with one call, empty when it is well formed (and matches `defs` when given). */
function callProblems(call: ToolCallOut, defs: readonly ToolDef[] | undefined): string[] {
  if (typeof call.name !== 'string' || call.name === '') return ['a call has no name'];
  let args: unknown;
  try {
    args = JSON.parse(call.arguments) as unknown;
  } catch {
    return [`${call.name}: arguments are not valid JSON`];
  }
  if (!isPlainObject(args)) return [`${call.name}: arguments are not a JSON object`];
  if (!defs) return [];
  const def = defs.find((d) => d.name === call.name);
  if (!def) return [`${call.name}: not one of the tools (${defs.map((d) => d.name).join(', ')})`];
  if (def.parameters === undefined) return [];
  const check = checkSchema(def.parameters, args);
  return check.ok ? [] : [`${call.name}: ${check.errors}`];
}

async function gradeCalls(spec: AssertionSpec, ctx: AssertionContext, calls: readonly ToolCallOut[]): Promise<Outcome> {
  let defs: ToolDef[] | undefined;
  if (spec.value !== undefined && spec.value !== null) {
    try {
      const read = readToolDefs(await loadStructured(spec.value, ctx));
      if (typeof read === 'string') return failure(`${spec.type}: ${read}`);
      defs = read;
    } catch (err) {
      return failure(err instanceof Error ? err.message : String(err));
    }
  }
  try {
    const problems = calls.flatMap((c) => callProblems(c, defs));
    const names = calls.map((c) => c.name).join(', ');
    return problems.length === 0
      ? verdict(true, `${calls.length} well-formed tool call(s): ${names}`)
      : verdict(false, problems.join('; '));
  } catch (err) {
    return failure(err instanceof Error ? err.message : String(err)); // a tool's schema does not compile
  }
}

/** `is-valid-openai-tools-call`. */
export const isValidToolsCall: AssertionHandler = {
  validate: validateTools,
  grade(spec, ctx) {
    const calls = ctx.response.toolCalls;
    if (calls.length === 0) return verdict(false, 'The model made no tool calls');
    return gradeCalls(spec, ctx, calls);
  },
};

/** `is-valid-openai-function-call`. */
export const isValidFunctionCall: AssertionHandler = {
  validate: validateTools,
  grade(spec, ctx) {
    const call = ctx.response.toolCalls[0] ?? functionCallInOutput(ctx.output);
    if (!call) return verdict(false, 'The model made no function call');
    return gradeCalls(spec, ctx, [call]);
  },
};

/** A legacy `{ "name": …, "arguments": … }` function call written as the output text. */
function functionCallInOutput(output: string): ToolCallOut | undefined {
  try {
    const v = JSON.parse(output) as unknown;
    if (!isPlainObject(v) || typeof v.name !== 'string') return undefined;
    const args = typeof v.arguments === 'string' ? v.arguments : JSON.stringify(v.arguments ?? null);
    return { name: v.name, arguments: args };
  } catch {
    return undefined;
  }
}
