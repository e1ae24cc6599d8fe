/**
 * Talking to the judge for model-graded assertions: building the messages (built-in prompt, or
 * the suite's `rubricPrompt` file), asking, reading a JSON answer leniently, and adding up what
 * the judge calls cost.
 */
import type { AssertionContext, AssertionSpec, ChatMessage, Judge } from '../../types';
import { failure, quote, type Outcome } from '../handler';
import type { JudgePrompt } from '../judgePrompts';
import { parseJudgeObject } from '../jsonText';
import { isPlainObject } from '../values';

/** Values for the template placeholders; a missing one becomes the empty string. */
export interface TemplateVars {
  readonly output?: string;
  readonly rubric?: string;
  readonly reference?: string;
  readonly input?: string;
  readonly context?: string;
  readonly outputA?: string;
  readonly outputB?: string;
}

const PLACEHOLDER = /\{\{\s*(output|rubric|reference|input|context|outputA|outputB)\s*\}\}/g;

/** Substitutes placeholders in one pass: text inserted for one is never expanded again. */
export function fillTemplate(template: string, vars: TemplateVars): string {
  return template.replace(PLACEHOLDER, (_m, key: keyof TemplateVars) => vars[key] ?? '');
}

/** The judge's answer could not be read; carries the judge's text for the reason. */
export class JudgeAnswerError extends Error {
  constructor(readonly answer: string, detail = 'not the JSON asked for') {
    super(`Could not read the judge's answer (${detail}): ${quote(answer, 400)}`);
    this.name = 'JudgeAnswerError';
  }
}

/**
 * The messages for one judge call. With `spec.rubricPrompt`, the file (read through
 * `ctx.readFile`; a `file://` prefix is allowed) replaces the built-in prompt: a JSON array of
 * `{role, content}` messages, or plain text sent as one user message.
 */
export async function judgeMessages(
  spec: AssertionSpec, prompt: JudgePrompt, vars: TemplateVars, ctx: AssertionContext,
): Promise<ChatMessage[]> {
  if (spec.rubricPrompt === undefined) {
    return [{ role: 'system', content: prompt.system }, { role: 'user', content: fillTemplate(prompt.template, vars) }];
  }
  const path = spec.rubricPrompt.replace(/^file:\/\//, '');
  if (!ctx.readFile) throw new Error(`cannot read the rubric prompt ${path}: no file access in this context`);
  const text = await ctx.readFile(path);
  const chat = asChat(text);
  return chat
    ? chat.map((m) => ({ role: m.role, content: fillTemplate(m.content, vars) }))
    : [{ role: 'user', content: fillTemplate(text, vars) }];
}

function asChat(text: string): ChatMessage[] | undefined {
  if (!text.trimStart().startsWith('[')) return undefined;
  try {
    const v = JSON.parse(text) as unknown;
    const roles = ['system', 'user', 'assistant'];
    if (Array.isArray(v) && v.length > 0
      && v.every((m) => isPlainObject(m) && roles.includes(m.role as string) && typeof m.content === 'string')) {
      return v as ChatMessage[];
    }
  } catch {
    // plain text after all
  }
  return undefined;
}

/** One assertion's judge calls, with their total cost. */
export class JudgeSession {
  private spent = 0;
  private priced = false;

  constructor(private readonly judge: Judge, private readonly signal?: AbortSignal) {}

  /** USD over all calls so far; undefined when no call reported a cost. */
  get costUsd(): number | undefined {
    return this.priced ? this.spent : undefined;
  }

  async ask(messages: readonly ChatMessage[]): Promise<string> {
    const answer = await this.judge.complete(messages, { signal: this.signal, json: true });
    if (typeof answer.costUsd === 'number') {
      this.spent += answer.costUsd;
      this.priced = true;
    }
    return answer.text;
  }

  /** Asks and reads the answer as a JSON object (lenient); throws `JudgeAnswerError`. */
  async askObject(messages: readonly ChatMessage[]): Promise<Record<string, unknown>> {
    const text = await this.ask(messages);
    const obj = parseJudgeObject(text);
    if (!obj) throw new JudgeAnswerError(text);
    return obj;
  }
}

/**
 * Runs a model-graded assertion's body with a session, turning failures into error outcomes
 * (judge call failed, answer unreadable) and attaching the judges' cost. An abort is rethrown.
 */
export async function withJudge(
  ctx: AssertionContext, body: (session: JudgeSession) => Promise<Outcome>,
): Promise<Outcome> {
  const session = new JudgeSession(ctx.judge!, ctx.signal);
  try {
    const outcome = await body(session);
    const costUsd = session.costUsd;
    return costUsd === undefined ? outcome : { ...outcome, judgeCostUsd: costUsd };
  } catch (err) {
    if (ctx.signal?.aborted) throw err;
    if (err instanceof JudgeAnswerError) return failure(err.message, session.costUsd);
    return failure(`Judge call failed: ${err instanceof Error ? err.message : String(err)}`, session.costUsd);
  }
}

/** The user's input for {{input}}: the last user message, else `vars.query`, else the whole prompt. */
export function userInput(ctx: AssertionContext): string {
  for (let i = ctx.prompt.length - 1; i >= 0; i--) {
    if (ctx.prompt[i]!.role === 'user') return ctx.prompt[i]!.content;
  }
  if (typeof ctx.vars.query === 'string') return ctx.vars.query;
  return ctx.prompt.map((m) => m.content).join('\n\n');
}

/** A 0..1 score from a judge's JSON (number or numeric string, clamped); undefined if absent. */
export function readScore(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? Math.min(1, Math.max(0, n)) : undefined;
}

/** A boolean from a judge's JSON (`true`, `"true"`, `"yes"`…); undefined if absent. */
export function readBool(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', 'yes', 'y', 'pass'].includes(s)) return true;
    if (['false', 'no', 'n', 'fail'].includes(s)) return false;
  }
  return undefined;
}

/** The judge's `reason` text, or a fallback. */
export function readReason(obj: Record<string, unknown>): string {
  return typeof obj.reason === 'string' && obj.reason.trim() !== '' ? obj.reason.trim() : 'The judge gave no reason';
}
