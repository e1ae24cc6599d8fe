/**
 * Eval results in the workspace database (schema version 4; docs/database-schema.md): a run, the
 * prompt texts it used (by content hash: the prompt's version), and every sample with its output,
 * tokens, cost, latency and each assertion's verdict and reason. Written case by case as results
 * arrive, so an interrupted run keeps what finished.
 */
import { createHash } from 'node:crypto';
import type { Database, SqlValue } from 'sql.js';
import type { AssertionResult, CaseResult, SampleResult, ToolCallOut } from '../evals/types';

export type EvalRunStatus = 'running' | 'done' | 'cancelled' | 'budget' | 'failed';

export interface EvalRunRecord {
  readonly id: string;
  readonly suitePath: string;
  readonly suiteVersion: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly status: EvalRunStatus;
  readonly label?: string;
  readonly gitCommit?: string;
  readonly summary?: Readonly<Record<string, unknown>>;
}

/** One stored sample, as the editor and comparisons read it. */
export interface StoredSample {
  readonly runId: string;
  readonly caseId: string;
  readonly caseLine?: number;
  readonly promptId: string;
  readonly promptHash?: string;
  readonly providerId: string;
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly sample: number;
  readonly output?: string;
  readonly toolCalls: readonly ToolCallOut[];
  readonly inputTokens?: number;
  readonly outputTokens?: number;
  readonly costUsd?: number;
  readonly latencyMs?: number;
  readonly cached: boolean;
  readonly error?: string;
  readonly pass?: boolean;
  readonly score?: number;
  readonly assertions: readonly AssertionResult[];
}

/** sha-256 (hex) of a text with normalised line endings: a prompt's version id. */
export function textHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n')).digest('hex');
}

const nul = (v: unknown): SqlValue => (v === undefined ? null : (v as SqlValue));

export function storePromptText(db: Database, text: string): string {
  const hash = textHash(text);
  db.run('INSERT OR IGNORE INTO prompt_texts (hash, text) VALUES (?, ?)', [hash, text]);
  return hash;
}

export function promptText(db: Database, hash: string): string | undefined {
  const v = db.exec('SELECT text FROM prompt_texts WHERE hash = ?', [hash])[0]?.values[0]?.[0];
  return typeof v === 'string' ? v : undefined;
}

export function insertEvalRun(db: Database, run: EvalRunRecord): void {
  db.run(`INSERT INTO eval_runs (id, suite_path, suite_version, started_at, finished_at, status, label, git_commit, summary_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  [run.id, run.suitePath, run.suiteVersion, run.startedAt, nul(run.finishedAt), run.status, nul(run.label), nul(run.gitCommit),
    run.summary === undefined ? null : JSON.stringify(run.summary)]);
}

export function finishEvalRun(db: Database, id: string, status: EvalRunStatus, summary?: Readonly<Record<string, unknown>>): void {
  db.run('UPDATE eval_runs SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?',
    [status, new Date().toISOString(), summary === undefined ? null : JSON.stringify(summary), id]);
}

export interface CaseContext {
  readonly caseLine?: number;
  /** Hash from storePromptText of the prompt's text as used. */
  readonly promptHash?: string;
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** Stores a case's samples (replacing samples of the same run/case/prompt/provider: "retry errored" rewrites them). */
export function storeCaseResult(db: Database, runId: string, r: CaseResult, ctx: CaseContext): void {
  db.run('DELETE FROM eval_samples WHERE run_id = ? AND case_id = ? AND prompt_id = ? AND provider_id = ?', [runId, r.caseId, r.promptId, r.providerId]);
  const st = db.prepare(`INSERT INTO eval_samples (run_id, case_id, case_line, prompt_id, prompt_hash, provider_id, model, params_json, sample,
    output, tool_calls_json, input_tokens, output_tokens, cost_usd, latency_ms, cached, error, pass, score, assertions_json)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  try {
    for (const s of r.samples) st.run(sampleRow(runId, r, ctx, s));
  } finally {
    st.free();
  }
}

function sampleRow(runId: string, r: CaseResult, ctx: CaseContext, s: SampleResult): SqlValue[] {
  const res = s.response;
  return [
    runId, r.caseId, nul(ctx.caseLine), r.promptId, nul(ctx.promptHash), r.providerId, res?.model ?? ctx.model, JSON.stringify(ctx.params), s.sample,
    nul(res?.output), JSON.stringify(res?.toolCalls ?? []), nul(res?.inputTokens), nul(res?.outputTokens), nul(res?.costUsd), nul(res?.latencyMs),
    res?.cached ? 1 : 0, nul(s.error), s.error !== undefined ? null : s.pass ? 1 : 0, s.error !== undefined ? null : s.score,
    JSON.stringify(s.assertions),
  ];
}

const RUN_COLUMNS = 'id, suite_path, suite_version, started_at, finished_at, status, label, git_commit, summary_json';

function toRun(r: unknown[]): EvalRunRecord {
  const [id, suitePath, suiteVersion, startedAt, finishedAt, status, label, gitCommit, summary] = r;
  return {
    id: String(id), suitePath: String(suitePath), suiteVersion: String(suiteVersion), startedAt: String(startedAt),
    ...(finishedAt !== null ? { finishedAt: String(finishedAt) } : {}),
    status: String(status) as EvalRunStatus,
    ...(label !== null ? { label: String(label) } : {}),
    ...(gitCommit !== null ? { gitCommit: String(gitCommit) } : {}),
    ...(typeof summary === 'string' ? { summary: JSON.parse(summary) as Record<string, unknown> } : {}),
  };
}

/** Runs, newest first; of one suite file when given. */
export function listEvalRuns(db: Database, suitePath?: string): EvalRunRecord[] {
  const r = suitePath === undefined
    ? db.exec(`SELECT ${RUN_COLUMNS} FROM eval_runs ORDER BY started_at DESC, rowid DESC`)[0]
    : db.exec(`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE suite_path = ? ORDER BY started_at DESC, rowid DESC`, [suitePath])[0];
  return (r?.values ?? []).map(toRun);
}

export function getEvalRun(db: Database, id: string): EvalRunRecord | undefined {
  const row = db.exec(`SELECT ${RUN_COLUMNS} FROM eval_runs WHERE id = ?`, [id])[0]?.values[0];
  return row ? toRun(row) : undefined;
}

const SAMPLE_COLUMNS = `run_id, case_id, case_line, prompt_id, prompt_hash, provider_id, model, params_json, sample, output, tool_calls_json,
  input_tokens, output_tokens, cost_usd, latency_ms, cached, error, pass, score, assertions_json`;

function toSample(r: unknown[]): StoredSample {
  const [runId, caseId, caseLine, promptId, promptHash, providerId, model, params, sample, output, toolCalls, inTok, outTok, cost, latency, cached, error, pass, score, assertions] = r;
  const n = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  return {
    runId: String(runId), caseId: String(caseId), ...(n(caseLine) !== undefined ? { caseLine: n(caseLine)! } : {}),
    promptId: String(promptId), ...(promptHash !== null ? { promptHash: String(promptHash) } : {}),
    providerId: String(providerId), model: String(model), params: JSON.parse(String(params)) as Record<string, unknown>, sample: Number(sample),
    ...(output !== null ? { output: String(output) } : {}),
    toolCalls: JSON.parse(String(toolCalls ?? '[]')) as ToolCallOut[],
    ...(n(inTok) !== undefined ? { inputTokens: n(inTok)! } : {}),
    ...(n(outTok) !== undefined ? { outputTokens: n(outTok)! } : {}),
    ...(n(cost) !== undefined ? { costUsd: n(cost)! } : {}),
    ...(n(latency) !== undefined ? { latencyMs: n(latency)! } : {}),
    cached: Number(cached) === 1,
    ...(error !== null ? { error: String(error) } : {}),
    ...(pass !== null ? { pass: Number(pass) === 1 } : {}),
    ...(n(score) !== undefined ? { score: n(score)! } : {}),
    assertions: JSON.parse(String(assertions)) as AssertionResult[],
  };
}

/** A run's samples in case order (by line), then prompt, provider and sample number. */
export function evalSamples(db: Database, runId: string): StoredSample[] {
  const r = db.exec(`SELECT ${SAMPLE_COLUMNS} FROM eval_samples WHERE run_id = ? ORDER BY COALESCE(case_line, 0), case_id, prompt_id, provider_id, sample`, [runId])[0];
  return (r?.values ?? []).map(toSample);
}

export function deleteEvalRun(db: Database, id: string): void {
  db.run('DELETE FROM eval_samples WHERE run_id = ?', [id]);
  db.run('DELETE FROM eval_runs WHERE id = ?', [id]);
}

/** One prompt version as eval runs used it: the prompt's text hash in one run, with that run's verdicts. */
export interface PromptVersionRun {
  readonly promptId: string;
  readonly promptHash: string;
  readonly runId: string;
  readonly suitePath: string;
  readonly startedAt: string;
  readonly passes: number;
  /** Graded samples (errored ones left out). */
  readonly graded: number;
  readonly costUsd?: number;
}

/** Every (prompt, version, run) in the database, oldest run first. */
export function promptVersionRuns(db: Database): PromptVersionRun[] {
  const r = db.exec(`SELECT s.prompt_id, s.prompt_hash, s.run_id, r.suite_path, r.started_at,
      SUM(CASE WHEN s.pass = 1 THEN 1 ELSE 0 END), COUNT(s.pass), SUM(s.cost_usd), COUNT(*) - COUNT(s.cost_usd)
    FROM eval_samples s JOIN eval_runs r ON r.id = s.run_id
    WHERE s.prompt_hash IS NOT NULL
    GROUP BY s.prompt_id, s.prompt_hash, s.run_id
    ORDER BY r.started_at, r.rowid`)[0];
  return (r?.values ?? []).map(([promptId, hash, runId, suitePath, startedAt, passes, graded, cost, unknownCost]) => ({
    promptId: String(promptId), promptHash: String(hash), runId: String(runId), suitePath: String(suitePath), startedAt: String(startedAt),
    passes: Number(passes), graded: Number(graded),
    ...(Number(unknownCost) === 0 && cost !== null ? { costUsd: Number(cost) } : {}),
  }));
}
