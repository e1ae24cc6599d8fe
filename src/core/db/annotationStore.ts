/**
 * Reviewer annotations (table `annotations`, schema version 4): a verdict (pass/fail), labels and
 * a comment on a whole trace or on one step. Keyed by the trace's source file, its trace id and
 * the step's span id ('' for the trace itself), so a re-import of the same file keeps them.
 */
import type { Database } from 'sql.js';

export type Verdict = 'pass' | 'fail';

export interface Annotation {
  readonly sourcePath: string;
  readonly traceId: string;
  /** Undefined for an annotation of the whole trace. */
  readonly spanId?: string;
  readonly verdict?: Verdict;
  readonly labels: readonly string[];
  readonly comment?: string;
  readonly author?: string;
  /** ISO time of the last change. */
  readonly updatedAt: string;
}

export type AnnotationInput = Omit<Annotation, 'updatedAt'> & { readonly updatedAt?: string };

const LABEL_MAX = 100;
const COMMENT_MAX = 20_000;

/** Checks an annotation from a webview or a file; returns what is wrong, or undefined. */
export function validateAnnotation(a: AnnotationInput): string | undefined {
  if (a.verdict !== undefined && a.verdict !== 'pass' && a.verdict !== 'fail') return `verdict must be "pass" or "fail", not ${JSON.stringify(a.verdict)}`;
  if (!Array.isArray(a.labels) || a.labels.some((l) => typeof l !== 'string' || l.trim() === '' || l.length > LABEL_MAX)) {
    return `labels must be non-empty strings of at most ${LABEL_MAX} characters`;
  }
  if (a.comment !== undefined && (typeof a.comment !== 'string' || a.comment.length > COMMENT_MAX)) return `a comment is at most ${COMMENT_MAX} characters`;
  if (a.verdict === undefined && a.labels.length === 0 && (a.comment ?? '').trim() === '') return 'an annotation needs a verdict, a label or a comment';
  return undefined;
}

/** Inserts or replaces the annotation of (file, trace, step). */
export function upsertAnnotation(db: Database, a: AnnotationInput): Annotation {
  const problem = validateAnnotation(a);
  if (problem) throw new Error(`Invalid annotation: ${problem}`);
  const stored: Annotation = {
    sourcePath: a.sourcePath, traceId: a.traceId,
    ...(a.spanId ? { spanId: a.spanId } : {}),
    ...(a.verdict ? { verdict: a.verdict } : {}),
    labels: [...new Set(a.labels.map((l) => l.trim()))],
    ...(a.comment !== undefined && a.comment.trim() !== '' ? { comment: a.comment } : {}),
    ...(a.author ? { author: a.author } : {}),
    updatedAt: a.updatedAt ?? new Date().toISOString(),
  };
  db.run(`INSERT INTO annotations (source_path, trace_id, span_id, verdict, labels_json, comment, author, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (source_path, trace_id, span_id) DO UPDATE SET
      verdict = excluded.verdict, labels_json = excluded.labels_json, comment = excluded.comment,
      author = excluded.author, updated_at = excluded.updated_at`,
  [stored.sourcePath, stored.traceId, stored.spanId ?? '', stored.verdict ?? null, JSON.stringify(stored.labels),
    stored.comment ?? null, stored.author ?? null, stored.updatedAt]);
  return stored;
}

export function deleteAnnotation(db: Database, sourcePath: string, traceId: string, spanId?: string): boolean {
  db.run('DELETE FROM annotations WHERE source_path = ? AND trace_id = ? AND span_id = ?', [sourcePath, traceId, spanId ?? '']);
  return db.getRowsModified() > 0;
}

function toAnnotation(r: unknown[]): Annotation {
  const [sourcePath, traceId, spanId, verdict, labels, comment, author, updatedAt] = r;
  return {
    sourcePath: String(sourcePath), traceId: String(traceId),
    ...(spanId !== '' && spanId !== null ? { spanId: String(spanId) } : {}),
    ...(verdict !== null ? { verdict: String(verdict) as Verdict } : {}),
    labels: JSON.parse(String(labels)) as string[],
    ...(comment !== null ? { comment: String(comment) } : {}),
    ...(author !== null ? { author: String(author) } : {}),
    updatedAt: String(updatedAt),
  };
}

const COLUMNS = 'source_path, trace_id, span_id, verdict, labels_json, comment, author, updated_at';

/** Annotations, all or those of one source file / one trace; trace-level first, then by step. */
export function listAnnotations(db: Database, filter: { sourcePath?: string; traceId?: string } = {}): Annotation[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.sourcePath !== undefined) { where.push('source_path = ?'); params.push(filter.sourcePath); }
  if (filter.traceId !== undefined) { where.push('trace_id = ?'); params.push(filter.traceId); }
  const sql = `SELECT ${COLUMNS} FROM annotations${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY source_path, trace_id, span_id`;
  return (db.exec(sql, params)[0]?.values ?? []).map(toAnnotation);
}

/** One line per annotation, JSON Lines (the export format; docs/annotations.md). */
export function annotationsToJsonl(annotations: readonly Annotation[]): string {
  return annotations.map((a) => JSON.stringify({
    source: a.sourcePath, traceId: a.traceId, spanId: a.spanId ?? null, verdict: a.verdict ?? null,
    labels: a.labels, comment: a.comment ?? null, author: a.author ?? null, updatedAt: a.updatedAt,
  })).join('\n') + (annotations.length ? '\n' : '');
}
