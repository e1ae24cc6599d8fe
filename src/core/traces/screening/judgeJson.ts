/**
 * Reading a judge model's JSON answer leniently: the whole text, else the first `{…}` that
 * parses (models wrap JSON in prose or code fences). Strings inside the object may contain braces.
 */

/** The answer's first JSON object, or undefined. */
export function readJudgeObject(text: string): Record<string, unknown> | undefined {
  const whole = tryObject(text.trim());
  if (whole) return whole;
  for (let start = text.indexOf('{'); start >= 0; start = text.indexOf('{', start + 1)) {
    const end = closingBrace(text, start);
    if (end < 0) continue;
    const obj = tryObject(text.slice(start, end + 1));
    if (obj) return obj;
  }
  return undefined;
}

function tryObject(s: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(s) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Index of the `}` closing the `{` at `start` (string literals skipped), or -1. */
function closingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i;
  }
  return -1;
}

/** A boolean from a judge's JSON (`true`, `"yes"`, `"true"`, 1); undefined when absent or unclear. */
export function judgeBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v === 1 ? true : v === 0 ? false : undefined;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'y', '1'].includes(s)) return true;
    if (['false', 'no', 'n', '0'].includes(s)) return false;
  }
  return undefined;
}

/** A number in [0, 1] from a judge's JSON (number or numeric string, clamped); undefined when absent. */
export function judgeScore(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined;
}
