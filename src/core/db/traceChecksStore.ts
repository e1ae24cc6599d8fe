/**
 * Check findings per trace (table `trace_checks`, schema version 4): replaced as a whole when a
 * trace is checked again, read with the trace for the reviewer and the list.
 */
import type { Database, SqlValue } from 'sql.js';
import type { CheckKind, CheckSeverity, TraceCheck } from '../traces/checks';

const nul = (v: unknown): SqlValue => (v === undefined ? null : (v as SqlValue));

/** The statement that stores one finding, with `checkRow` giving its parameters. */
export const INSERT_CHECK_SQL = `INSERT INTO trace_checks (trace_row_id, kind, rule_id, severity, span_id, acting_span_id, message, score, data_json)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export function checkRow(traceRowId: number, c: TraceCheck): SqlValue[] {
  return [traceRowId, c.kind, c.ruleId, c.severity, nul(c.spanId), nul(c.actingSpanId), c.message, nul(c.score),
    c.data === undefined ? null : JSON.stringify(c.data)];
}

/** Replaces the stored findings of one trace (inside the caller's transaction). */
export function replaceTraceChecks(db: Database, traceRowId: number, checks: readonly TraceCheck[]): void {
  db.run('DELETE FROM trace_checks WHERE trace_row_id = ?', [traceRowId]);
  if (checks.length === 0) return;
  const st = db.prepare(INSERT_CHECK_SQL);
  try {
    for (const c of checks) st.run(checkRow(traceRowId, c));
  } finally {
    st.free();
  }
}

function toCheck(r: unknown[]): TraceCheck {
  const [kind, ruleId, severity, spanId, acting, message, score, data] = r;
  return {
    kind: String(kind) as CheckKind,
    ruleId: String(ruleId),
    severity: String(severity) as CheckSeverity,
    ...(spanId !== null ? { spanId: String(spanId) } : {}),
    ...(acting !== null ? { actingSpanId: String(acting) } : {}),
    message: String(message),
    ...(score !== null ? { score: Number(score) } : {}),
    ...(typeof data === 'string' ? { data: JSON.parse(data) as Record<string, unknown> } : {}),
  };
}

const COLUMNS = 'kind, rule_id, severity, span_id, acting_span_id, message, score, data_json';

/** The findings of one trace, in the order they were stored. */
export function traceChecks(db: Database, traceRowId: number): TraceCheck[] {
  const r = db.exec(`SELECT ${COLUMNS} FROM trace_checks WHERE trace_row_id = ? ORDER BY id`, [traceRowId])[0];
  return (r?.values ?? []).map(toCheck);
}

/** Findings of many traces at once, by trace row id (for reports over a file). */
export function checksByTrace(db: Database, sourcePath?: string): Map<number, TraceCheck[]> {
  const where = sourcePath === undefined ? '' : ' WHERE trace_row_id IN (SELECT id FROM traces WHERE source_path = ?)';
  const r = db.exec(`SELECT trace_row_id, ${COLUMNS} FROM trace_checks${where} ORDER BY id`, sourcePath === undefined ? [] : [sourcePath])[0];
  const out = new Map<number, TraceCheck[]>();
  for (const row of r?.values ?? []) {
    const id = Number(row[0]);
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push(toCheck(row.slice(1)));
  }
  return out;
}
