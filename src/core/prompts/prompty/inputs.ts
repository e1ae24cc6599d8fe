/**
 * Input validation before rendering (spec §12.2): fill missing inputs from `default`, fail on a
 * missing required input, omit optional ones, pass undeclared inputs through, never use
 * `example` and never type-check.
 */
import type { PromptInput } from '../types';
import { PromptError } from '../types';

export function validatePromptyInputs(
  declared: readonly PromptInput[],
  inputs: Readonly<Record<string, unknown>>,
  path?: string,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...inputs };
  for (const p of declared) {
    if (p.name in out) continue;
    if (p.default !== undefined && p.default !== null) out[p.name] = p.default;
    else if (p.required) throw new PromptError(`Missing required input: ${p.name}`, path);
  }
  return out;
}
