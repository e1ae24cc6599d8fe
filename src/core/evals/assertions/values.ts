/**
 * Reading assertion values as written in suites (YAML/JSON): text, lists of text, and structured
 * values (schemas, tool lists) that may live in a workspace file (`file://path`).
 */
import { parse as parseYaml } from 'yaml';
import type { AssertionContext } from '../types';

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string, or a number/boolean written without quotes in YAML, as text; else undefined. */
export function asText(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** A list of texts: an array of scalars, or one comma-separated string (promptfoo's shorthand). */
export function asTextList(v: unknown): string[] | undefined {
  if (typeof v === 'string') {
    const parts = v.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
    return parts.length > 0 ? parts : undefined;
  }
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const out: string[] = [];
  for (const item of v) {
    const t = asText(item);
    if (t === undefined) return undefined;
    out.push(t);
  }
  return out;
}

const FILE_PREFIX = 'file://';

/**
 * A structured value: objects and arrays as they are; a `file://path` string read through
 * `ctx.readFile` and parsed (JSON, else YAML); any other string parsed as YAML (JSON is YAML).
 * Throws with a readable message when the file cannot be read or parsed.
 */
export async function loadStructured(value: unknown, ctx: AssertionContext): Promise<unknown> {
  if (typeof value !== 'string') return value;
  let text = value;
  let where = 'the value';
  if (value.startsWith(FILE_PREFIX)) {
    const path = value.slice(FILE_PREFIX.length);
    if (!ctx.readFile) throw new Error(`cannot read ${path}: no file access in this context`);
    text = await ctx.readFile(path);
    where = path;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return parseYaml(text) as unknown;
    } catch (err) {
      throw new Error(`${where} is neither JSON nor YAML: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
}
