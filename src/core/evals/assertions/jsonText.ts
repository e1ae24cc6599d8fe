/**
 * Finding JSON inside model text: the first object or array embedded in prose or a code fence,
 * and a lenient reader for judge answers.
 */
import { isPlainObject } from './values';

/**
 * The first JSON object or array in `text` that parses, with its position; undefined when none.
 * Candidates start at each `{` or `[`; the matching close bracket is found by a scan that skips
 * string literals, so braces inside strings do not confuse it.
 */
export function extractFirstJson(text: string): { readonly value: unknown; readonly start: number; readonly end: number } | undefined {
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 0x7b && ch !== 0x5b) continue; // { [
    const end = closingBracket(text, i);
    if (end < 0) continue;
    try {
      return { value: JSON.parse(text.slice(i, end + 1)) as unknown, start: i, end: end + 1 };
    } catch {
      // Not JSON after all (e.g. `[see below]`): try the next candidate.
    }
  }
  return undefined;
}

/** Index of the bracket closing the one at `start`, or -1 (unbalanced or mismatched). */
function closingBracket(text: string, start: number): number {
  const stack: string[] = [];
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{') stack.push('}');
    else if (c === '[') stack.push(']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return -1;
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/**
 * A judge's JSON object answer, read leniently: the whole text, else the first JSON object in it
 * (inside a ```json fence or surrounded by prose). Undefined when there is none.
 */
export function parseJudgeObject(text: string): Record<string, unknown> | undefined {
  try {
    const whole = JSON.parse(text.trim()) as unknown;
    if (isPlainObject(whole)) return whole;
  } catch {
    // fall through to the embedded search
  }
  for (let from = 0; from < text.length;) {
    const found = extractFirstJson(text.slice(from));
    if (!found) return undefined;
    if (isPlainObject(found.value)) return found.value;
    from += found.end;
  }
  return undefined;
}
