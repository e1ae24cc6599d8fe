/**
 * Agent traces in the workspace database (schema version 3; docs/database-schema.md, "Agent
 * traces"): `traces` (one row per trace, with its totals), `spans` (one row per span: the
 * SpanHead, in `seq` order) and `span_bodies` (the SpanBody as JSON, one row per span that has
 * one). A trace's span list loads without bodies; a span's body loads when it is shown.
 *
 * TraceWriter appends inside a transaction someone else opened (TracemineDb.importTraces), with
 * row ids assigned here (max + 1) and prepared statements, like LogWriter.
 */
import type { Database, SqlValue, Statement } from 'sql.js';
import { splitSpan, type SpanBody, type SpanHead } from '../traces/spanParts';
import { summarizeTrace } from '../traces/summary';
import type { TraceCheck } from '../traces/checks';
import { INSERT_CHECK_SQL, checkRow } from './traceChecksStore';
import type { Span, SpanKind, SpanStatus, Trace, TraceFormat, TraceSummary } from '../traces/types';

function nextId(db: Database, table: string): number {
  return Number(db.exec(`SELECT COALESCE(MAX(id), 0) + 1 FROM ${table}`)[0]?.values[0]?.[0] ?? 1);
}

const SPAN_COLUMNS = `span_id, parent_span_id, seq, name, kind, start_time, end_time, status, status_message, agent_name,
  provider, request_model, response_model, input_tokens, output_tokens, cached_input_tokens, reasoning_tokens,
  cost_usd, cost_source, tool_name, tool_call_id, llm_call`;

const TRACE_COLUMNS = `id, trace_id, name, source_path, format, conversation_id, start_time, end_time, span_count, llm_calls,
  tool_calls, error_count, input_tokens, output_tokens, cost_usd, models_json, tools_json, agents_json, attributes_json`;

const nul = (v: unknown): SqlValue => (v === undefined ? null : (v as SqlValue));

export class TraceWriter {
  readonly firstTraceRowId: number;
  private nextTraceId: number;
  private nextSpanId: number;
  private readonly insertTrace: Statement;
  private readonly insertSpan: Statement;
  private readonly insertBody: Statement;
  private readonly insertCheck: Statement;
  private readonly importedAt = new Date().toISOString();

  constructor(private readonly db: Database) {
    this.nextTraceId = this.firstTraceRowId = nextId(db, 'traces');
    this.nextSpanId = nextId(db, 'spans');
    this.insertTrace = db.prepare(`INSERT INTO traces (id, trace_id, name, source_path, format, imported_at, conversation_id, start_time, end_time,
      span_count, llm_calls, tool_calls, error_count, input_tokens, output_tokens, cost_usd, models_json, tools_json, agents_json, attributes_json)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertSpan = db.prepare(`INSERT INTO spans (id, trace_row_id, ${SPAN_COLUMNS})
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertBody = db.prepare('INSERT INTO span_bodies (span_row_id, body_json) VALUES (?, ?)');
    this.insertCheck = db.prepare(INSERT_CHECK_SQL);
  }

  /** Stores the check findings of a trace this writer just added (one prepared statement for the whole import). */
  addChecks(traceRowId: number, checks: readonly TraceCheck[]): void {
    for (const c of checks) this.insertCheck.run(checkRow(traceRowId, c));
  }

  /** Stores one trace (already priced) and returns its list line. */
  add(trace: Trace, sourcePath: string, format: TraceFormat): TraceSummary {
    return this.write(this.nextTraceId++, trace, sourcePath, format);
  }

  /**
   * Replaces a trace this writer added (its row, spans, bodies and check findings) with a new
   * version under the same row id, e.g. merged with spans that came later in the file.
   */
  replace(traceRowId: number, trace: Trace, sourcePath: string, format: TraceFormat): TraceSummary {
    this.db.run('DELETE FROM span_bodies WHERE span_row_id IN (SELECT id FROM spans WHERE trace_row_id = ?)', [traceRowId]);
    this.db.run('DELETE FROM spans WHERE trace_row_id = ?', [traceRowId]);
    this.db.run('DELETE FROM trace_checks WHERE trace_row_id = ?', [traceRowId]);
    this.db.run('DELETE FROM traces WHERE id = ?', [traceRowId]);
    return this.write(traceRowId, trace, sourcePath, format);
  }

  private write(id: number, trace: Trace, sourcePath: string, format: TraceFormat): TraceSummary {
    const s = summarizeTrace(trace, { id, sourcePath, format });
    this.insertTrace.run([
      id, s.traceId, s.name, sourcePath, format, this.importedAt, nul(s.conversationId), nul(s.start), nul(s.end),
      s.spans, s.llmCalls, s.toolCalls, s.errors, nul(s.inputTokens), nul(s.outputTokens), nul(s.costUsd),
      JSON.stringify(s.models), JSON.stringify(s.tools), JSON.stringify(s.agents), JSON.stringify(s.attributes),
    ]);
    for (const span of trace.spans) {
      const spanRow = this.nextSpanId++;
      const { head, body } = splitSpan(span);
      this.insertSpan.run([
        spanRow, id, head.spanId, nul(head.parentSpanId), head.seq, head.name, head.kind, nul(head.start), nul(head.end), head.status,
        nul(head.statusMessage), nul(head.agentName), nul(head.provider), nul(head.requestModel), nul(head.responseModel),
        nul(head.inputTokens), nul(head.outputTokens), nul(head.cachedInputTokens), nul(head.reasoningTokens),
        nul(head.costUsd), nul(head.costSource), nul(head.toolName), nul(head.toolCallId),
        head.llmCall === undefined ? null : head.llmCall ? 1 : 0,
      ]);
      if (Object.keys(body).length > 0) this.insertBody.run([spanRow, JSON.stringify(body)]);
    }
    return s;
  }

  dispose(): void {
    for (const st of [this.insertTrace, this.insertSpan, this.insertBody, this.insertCheck]) {
      try { st.free(); } catch { /* database already closed */ }
    }
  }
}

export interface TraceFilter {
  /** Only the traces imported from this file (absolute path, as stored). */
  readonly sourcePath?: string;
  readonly format?: TraceFormat;
  readonly conversationId?: string;
  /** Case-insensitive substring of the trace's name or trace id. */
  readonly search?: string;
  /** Only traces with at least one error span. */
  readonly errorsOnly?: boolean;
  /** Only traces without any error span. */
  readonly okOnly?: boolean;
  /** Start time range (epoch ms, inclusive); untimed traces are left out when either is set. */
  readonly startFrom?: number;
  readonly startTo?: number;
  /** Exact model / tool / agent name used somewhere in the trace. */
  readonly model?: string;
  readonly tool?: string;
  readonly agent?: string;
  /** Cost bounds in USD; traces of unknown cost are left out when either is set. */
  readonly minCostUsd?: number;
  readonly maxCostUsd?: number;
  /** Duration bounds in ms; untimed traces are left out when either is set. */
  readonly minDurationMs?: number;
  readonly maxDurationMs?: number;
  /** Reviewer verdict on the whole trace. */
  readonly verdict?: 'pass' | 'fail' | 'unreviewed';
  /** Check results: with policy violations, with injection flags, with any finding, or clean. */
  readonly checks?: 'violations' | 'injections' | 'flagged' | 'clean';
  /** Only traces with a finding of this rule id. */
  readonly ruleId?: string;
  /** Case-insensitive text anywhere in the trace: span names, tools, messages, inputs, outputs. */
  readonly text?: string;
  readonly limit?: number;
  readonly offset?: number;
}

function parseJson<T>(v: unknown, fallback: T): T {
  if (typeof v !== 'string') return fallback;
  try {
    return JSON.parse(v) as T;
  } catch {
    return fallback;
  }
}

function toSummary(r: unknown[]): TraceSummary {
  const [id, traceId, name, sourcePath, format, conversationId, start, end, spans, llmCalls, toolCalls, errors, inTok, outTok, cost, models, tools, agents, attributes, violations, injections, verdict] = r;
  const n = (v: unknown) => (v === null || v === undefined ? undefined : Number(v));
  const s = n(start);
  const e = n(end);
  return {
    id: Number(id),
    traceId: String(traceId),
    name: String(name),
    sourcePath: String(sourcePath),
    format: String(format) as TraceFormat,
    ...(conversationId !== null && conversationId !== undefined ? { conversationId: String(conversationId) } : {}),
    ...(s !== undefined ? { start: s } : {}),
    ...(e !== undefined ? { end: e } : {}),
    ...(s !== undefined && e !== undefined ? { durationMs: e - s } : {}),
    spans: Number(spans),
    llmCalls: Number(llmCalls),
    toolCalls: Number(toolCalls),
    errors: Number(errors),
    ...(n(inTok) !== undefined ? { inputTokens: n(inTok)! } : {}),
    ...(n(outTok) !== undefined ? { outputTokens: n(outTok)! } : {}),
    ...(n(cost) !== undefined ? { costUsd: n(cost)! } : {}),
    models: parseJson<string[]>(models, []),
    tools: parseJson<string[]>(tools, []),
    agents: parseJson<string[]>(agents, []),
    attributes: parseJson<Record<string, unknown>>(attributes, {}),
    ...(violations !== undefined ? { violations: Number(violations), injections: Number(injections) } : {}),
    ...(verdict === 'pass' || verdict === 'fail' ? { verdict } : {}),
  };
}

/** The list columns plus check counts and the trace-level verdict (schema version 4). */
const LIST_COLUMNS = `${TRACE_COLUMNS},
  (SELECT COUNT(*) FROM trace_checks c WHERE c.trace_row_id = traces.id AND c.kind = 'violation'),
  (SELECT COUNT(*) FROM trace_checks c WHERE c.trace_row_id = traces.id AND c.kind = 'injection'),
  (SELECT a.verdict FROM annotations a WHERE a.source_path = traces.source_path AND a.trace_id = traces.trace_id AND a.span_id = '')`;

/** A name as it appears inside a stored JSON array of names. */
const jsonItem = (name: string) => JSON.stringify(name);
/** Text as it appears inside stored JSON strings (quotes, backslashes and controls escaped). */
const jsonText = (text: string) => JSON.stringify(text).slice(1, -1);

/** Trace list lines, in import order; `below` hides the rows of a running import. */
export function listTraces(db: Database, filter: TraceFilter = {}, below?: number): TraceSummary[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (below !== undefined) {
    where.push('id < ?');
    params.push(below);
  }
  if (filter.sourcePath !== undefined) {
    where.push('source_path = ?');
    params.push(filter.sourcePath);
  }
  if (filter.format !== undefined) {
    where.push('format = ?');
    params.push(filter.format);
  }
  if (filter.conversationId !== undefined) {
    where.push('conversation_id = ?');
    params.push(filter.conversationId);
  }
  if (filter.search !== undefined && filter.search !== '') {
    where.push("(instr(lower(name), lower(?)) > 0 OR instr(lower(trace_id), lower(?)) > 0)");
    params.push(filter.search, filter.search);
  }
  if (filter.errorsOnly) where.push('error_count > 0');
  if (filter.okOnly) where.push('error_count = 0');
  const bound = (sqlExpr: string, op: '>=' | '<=', v: number | undefined) => {
    if (v === undefined || !Number.isFinite(v)) return;
    where.push(`${sqlExpr} IS NOT NULL AND ${sqlExpr} ${op} ?`);
    params.push(v);
  };
  bound('start_time', '>=', filter.startFrom);
  bound('start_time', '<=', filter.startTo);
  bound('cost_usd', '>=', filter.minCostUsd);
  bound('cost_usd', '<=', filter.maxCostUsd);
  bound('(end_time - start_time)', '>=', filter.minDurationMs);
  bound('(end_time - start_time)', '<=', filter.maxDurationMs);
  for (const [col, v] of [['models_json', filter.model], ['tools_json', filter.tool], ['agents_json', filter.agent]] as const) {
    if (v === undefined || v === '') continue;
    where.push(`instr(${col}, ?) > 0`);
    params.push(jsonItem(v));
  }
  const trace = "a.source_path = traces.source_path AND a.trace_id = traces.trace_id AND a.span_id = ''";
  if (filter.verdict === 'pass' || filter.verdict === 'fail') {
    where.push(`EXISTS (SELECT 1 FROM annotations a WHERE ${trace} AND a.verdict = ?)`);
    params.push(filter.verdict);
  } else if (filter.verdict === 'unreviewed') {
    where.push(`NOT EXISTS (SELECT 1 FROM annotations a WHERE ${trace} AND a.verdict IS NOT NULL)`);
  }
  const has = (cond: string) => `EXISTS (SELECT 1 FROM trace_checks c WHERE c.trace_row_id = traces.id${cond})`;
  if (filter.checks === 'violations') where.push(has(" AND c.kind = 'violation'"));
  else if (filter.checks === 'injections') where.push(has(" AND c.kind = 'injection'"));
  else if (filter.checks === 'flagged') where.push(has(''));
  else if (filter.checks === 'clean') where.push(`NOT ${has('')}`);
  if (filter.ruleId !== undefined && filter.ruleId !== '') {
    where.push(has(' AND c.rule_id = ?'));
    params.push(filter.ruleId);
  }
  if (filter.text !== undefined && filter.text.trim() !== '') {
    const t = filter.text.trim();
    where.push(`(instr(lower(name), lower(?)) > 0 OR EXISTS (SELECT 1 FROM spans s LEFT JOIN span_bodies b ON b.span_row_id = s.id
      WHERE s.trace_row_id = traces.id AND (instr(lower(s.name), lower(?)) > 0 OR instr(lower(COALESCE(s.tool_name, '')), lower(?)) > 0
        OR instr(lower(COALESCE(b.body_json, '')), lower(?)) > 0)))`);
    params.push(t, t, t, jsonText(t));
  }
  let sql = `SELECT ${LIST_COLUMNS} FROM traces${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY id`;
  if (filter.limit !== undefined) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(filter.limit, filter.offset ?? 0);
  }
  return (db.exec(sql, params)[0]?.values ?? []).map(toSummary);
}

export function getTrace(db: Database, traceRowId: number): TraceSummary | undefined {
  const row = db.exec(`SELECT ${LIST_COLUMNS} FROM traces WHERE id = ?`, [traceRowId])[0]?.values[0];
  return row ? toSummary(row) : undefined;
}

function toHead(traceId: string, r: unknown[]): SpanHead {
  const [spanId, parent, seq, name, kind, start, end, status, statusMessage, agent, provider, reqModel, resModel, inTok, outTok, cached, reasoning, cost, costSource, toolName, toolCallId, llmCall] = r;
  const head: Record<string, unknown> = { traceId, spanId: String(spanId) };
  const opt = (k: string, v: unknown, f: (x: unknown) => unknown = String) => {
    if (v !== null && v !== undefined) head[k] = f(v);
  };
  opt('parentSpanId', parent);
  head.seq = Number(seq);
  head.name = String(name);
  head.kind = String(kind) as SpanKind;
  opt('start', start, Number);
  opt('end', end, Number);
  head.status = String(status) as SpanStatus;
  opt('statusMessage', statusMessage);
  opt('agentName', agent);
  opt('provider', provider);
  opt('requestModel', reqModel);
  opt('responseModel', resModel);
  opt('inputTokens', inTok, Number);
  opt('outputTokens', outTok, Number);
  opt('cachedInputTokens', cached, Number);
  opt('reasoningTokens', reasoning, Number);
  opt('costUsd', cost, Number);
  opt('costSource', costSource);
  opt('toolName', toolName);
  opt('toolCallId', toolCallId);
  opt('llmCall', llmCall, (v) => Number(v) === 1);
  return head as unknown as SpanHead;
}

/** A trace's spans without their bodies, in `seq` order; [] for an unknown trace. */
export function traceSpans(db: Database, traceRowId: number): SpanHead[] {
  const traceId = db.exec('SELECT trace_id FROM traces WHERE id = ?', [traceRowId])[0]?.values[0]?.[0];
  if (traceId === undefined) return [];
  const r = db.exec(`SELECT ${SPAN_COLUMNS} FROM spans WHERE trace_row_id = ? ORDER BY seq`, [traceRowId])[0];
  return (r?.values ?? []).map((row) => toHead(String(traceId), row));
}

/** One span's body; {} when it has none; undefined when there is no such span. */
export function spanBody(db: Database, traceRowId: number, spanId: string): SpanBody | undefined {
  const r = db.exec(
    `SELECT s.id, b.body_json FROM spans s LEFT JOIN span_bodies b ON b.span_row_id = s.id WHERE s.trace_row_id = ? AND s.span_id = ?`,
    [traceRowId, spanId],
  )[0]?.values[0];
  if (!r) return undefined;
  return parseJson<SpanBody>(r[1], {});
}

/**
 * A stored trace in full (heads and bodies merged, trace attributes), for the checks; undefined
 * for an unknown row id.
 */
export function fullTrace(db: Database, traceRowId: number): Trace | undefined {
  const t = db.exec('SELECT trace_id, name, conversation_id, attributes_json FROM traces WHERE id = ?', [traceRowId])[0]?.values[0];
  if (!t) return undefined;
  const traceId = String(t[0]);
  const r = db.exec(`SELECT ${SPAN_COLUMNS}, b.body_json FROM spans s LEFT JOIN span_bodies b ON b.span_row_id = s.id
    WHERE s.trace_row_id = ? ORDER BY s.seq`, [traceRowId])[0];
  const spans: Span[] = (r?.values ?? []).map((row) => {
    const head = toHead(traceId, row.slice(0, -1));
    const body = parseJson<SpanBody>(row[row.length - 1], {});
    return { attributes: {}, ...head, ...body } as Span;
  });
  return {
    traceId, name: String(t[1]),
    ...(t[2] !== null ? { conversationId: String(t[2]) } : {}),
    attributes: parseJson<Record<string, unknown>>(t[3], {}),
    spans,
  };
}

/**
 * Steps of one trace whose name, tool or body (messages, tool arguments and results, documents,
 * input/output, attributes) contains `text`, case-insensitively (ASCII case folding), in seq order.
 */
export function searchTraceSpans(db: Database, traceRowId: number, text: string, limit = 10_000): string[] {
  const t = text.trim();
  if (t === '') return [];
  const r = db.exec(`SELECT s.span_id FROM spans s LEFT JOIN span_bodies b ON b.span_row_id = s.id
    WHERE s.trace_row_id = ? AND (instr(lower(s.name), lower(?)) > 0 OR instr(lower(COALESCE(s.tool_name, '')), lower(?)) > 0
      OR instr(lower(COALESCE(b.body_json, '')), lower(?)) > 0)
    ORDER BY s.seq LIMIT ?`, [traceRowId, t, t, jsonText(t), limit])[0];
  return (r?.values ?? []).map((v) => String(v[0]));
}

/** Row ids of the stored traces, optionally of one source file, in import order. */
export function traceRowIds(db: Database, sourcePath?: string): number[] {
  const r = sourcePath === undefined
    ? db.exec('SELECT id FROM traces ORDER BY id')[0]
    : db.exec('SELECT id FROM traces WHERE source_path = ? ORDER BY id', [sourcePath])[0];
  return (r?.values ?? []).map((v) => Number(v[0]));
}

/** Deletes the traces of one source file (all their spans and bodies); returns how many traces. */
export function deleteTraceRows(db: Database, sourcePath: string): number {
  const n = Number(db.exec('SELECT COUNT(*) FROM traces WHERE source_path = ?', [sourcePath])[0]?.values[0]?.[0] ?? 0);
  if (n === 0) return 0;
  const traceIds = 'SELECT id FROM traces WHERE source_path = ?1';
  db.run(`DELETE FROM span_bodies WHERE span_row_id IN (SELECT id FROM spans WHERE trace_row_id IN (${traceIds}))`, [sourcePath]);
  db.run(`DELETE FROM spans WHERE trace_row_id IN (${traceIds})`, [sourcePath]);
  db.run(`DELETE FROM trace_checks WHERE trace_row_id IN (${traceIds})`, [sourcePath]);
  db.run('DELETE FROM traces WHERE source_path = ?', [sourcePath]);
  return n;
}
