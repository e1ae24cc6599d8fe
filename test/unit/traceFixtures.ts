/**
 * Test helpers for the agent-trace fixtures (test/fixtures/traces, copies of
 * /work/shared/data/traces; README.md there): paths, the raw JSON (for independent counts), and
 * the reference tables of SOURCES.md parsed so the published figures live in one place.
 */
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';

export const TRACE_FIXTURES = path.join(__dirname, '..', 'fixtures', 'traces');

export function traceFixture(...parts: string[]): string {
  return path.join(TRACE_FIXTURES, ...parts);
}

/** The file's text (gunzipped when it is gzip). */
export function fixtureText(file: string): string {
  const buf = readFileSync(file);
  return (buf[0] === 0x1f && buf[1] === 0x8b ? gunzipSync(buf) : buf).toString('utf8');
}

export function fixtureJson<T = unknown>(file: string): T {
  return JSON.parse(fixtureText(file)) as T;
}

export function fixtureFiles(dir: string, suffix: RegExp): string[] {
  return readdirSync(traceFixture(dir)).filter((f) => suffix.test(f)).sort().map((f) => traceFixture(dir, f));
}

const sources = () => readFileSync(traceFixture('SOURCES.md'), 'utf8');
const num = (s: string) => Number(s.replace(/,/g, ''));

/** SOURCES.md: the τ-bench airline row ("100 trajectories, 2,658 messages, 572 tool calls of 14 tools; reward 1 in 43"). */
export function airlineReference(): { trajectories: number; messages: number; toolCalls: number; tools: number; solved: number } {
  const m = /(\d[\d,]*) trajectories, (\d[\d,]*) messages, (\d[\d,]*) tool calls of (\d+) tools; reward 1 in (\d+)/.exec(sources());
  if (!m) throw new Error('SOURCES.md: airline figures not found');
  return { trajectories: num(m[1]!), messages: num(m[2]!), toolCalls: num(m[3]!), tools: num(m[4]!), solved: num(m[5]!) };
}

/** SOURCES.md: the retail row's line count. */
export function retailLines(): number {
  const m = /tau-bench-retail-few-shot\.jsonl \|[^|]*\| (\d+) lines/.exec(sources());
  if (!m) throw new Error('SOURCES.md: retail figure not found');
  return num(m[1]!);
}

/** SOURCES.md: Langfuse observations by type, per file (both names of a shared row). */
export function langfuseReference(): Map<string, { total: number; byType: Record<string, number> }> {
  const out = new Map<string, { total: number; byType: Record<string, number> }>();
  for (const line of sources().split('\n')) {
    const m = /^\| ([a-z0-9-]+(?:, [a-z0-9-]+)*) \| (\d+)(?: each)? \(([^)]*)\) \|$/.exec(line.trim());
    if (!m) continue;
    const byType: Record<string, number> = {};
    for (const part of m[3]!.split(',')) {
      const [type, n] = part.trim().split(/\s+/);
      byType[type!] = Number(n);
    }
    for (const name of m[1]!.split(', ')) out.set(name, { total: Number(m[2]), byType });
  }
  return out;
}

export interface TruthToolCall {
  readonly name: string;
  readonly args: unknown;
  readonly result: unknown;
}

export interface TruthTurn {
  readonly user_text: string | null;
  readonly final_text: string | null;
  readonly agents: readonly string[];
  readonly tool_calls: readonly TruthToolCall[];
  readonly tokens: { readonly input: number; readonly output: number };
  readonly llm_calls?: number;
}

export interface Truth {
  readonly turns: readonly TruthTurn[];
  readonly tokens: { readonly input: number; readonly output: number };
}
