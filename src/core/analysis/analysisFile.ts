/**
 * Analysis files (`*.tracemine.json`): which log, the filter stack, the slider positions and the
 * view, saved as small, stable, diff-friendly JSON so an analysis can be committed, reviewed and
 * re-opened by a colleague or after new data arrives. Schema: schemas/analysis.schema.json.
 *
 * The log is referenced by its source file, relative to the analysis file's folder (POSIX
 * separators), so the file works in every clone of the repository.
 */
import * as path from 'node:path';
import type { CaseFilter } from '../filters/types';
import { validateFilters } from '../filters/validate';
import { CLASSIFIERS, type Classifier } from '../mining/eventSource';

export const ANALYSIS_FILE_SUFFIX = '.tracemine.json';
export const ANALYSIS_SCHEMA_ID = 'https://tracemine.dev/schemas/analysis-1.json';

export interface Analysis {
  readonly version: 1;
  readonly log: {
    /** Source file of the log, relative to the analysis file's folder. */
    readonly source: string;
    readonly name?: string;
  };
  /** 'cost' (per-activity cost, agent logs with `cost:usd`) since Tracemine's cost view; older files never have it. */
  readonly view: 'frequency' | 'performance' | 'cost';
  readonly activityPercent: number;
  readonly pathPercent: number;
  readonly filters: readonly CaseFilter[];
  /** Absent means 'activity'. */
  readonly classifier?: Classifier;
}

export class AnalysisFileError extends Error {
  constructor(readonly file: string, readonly field: string, reason: string) {
    super(`${file}: ${field}: ${reason}`);
    this.name = 'AnalysisFileError';
  }
}

/** Stable JSON: fixed key order, two-space indent, trailing newline. */
export function serializeAnalysis(a: Analysis): string {
  const ordered = {
    $schema: ANALYSIS_SCHEMA_ID,
    version: a.version,
    log: a.log.name === undefined ? { source: a.log.source } : { source: a.log.source, name: a.log.name },
    view: a.view,
    activityPercent: a.activityPercent,
    pathPercent: a.pathPercent,
    filters: a.filters,
    ...(a.classifier && a.classifier !== 'activity' ? { classifier: a.classifier } : {}),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

export function parseAnalysis(text: string, file: string): Analysis {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new AnalysisFileError(file, '(file)', `not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AnalysisFileError(file, '(file)', 'must be a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.version !== 1) throw new AnalysisFileError(file, 'version', `must be 1 (got ${JSON.stringify(o.version)})`);
  const log = o.log as Record<string, unknown> | undefined;
  if (typeof log !== 'object' || log === null || typeof log.source !== 'string' || log.source.length === 0) {
    throw new AnalysisFileError(file, 'log.source', 'must name the log file, relative to this file');
  }
  if (log.name !== undefined && typeof log.name !== 'string') throw new AnalysisFileError(file, 'log.name', 'must be a string');
  const view = o.view ?? 'frequency';
  if (view !== 'frequency' && view !== 'performance' && view !== 'cost') throw new AnalysisFileError(file, 'view', 'must be "frequency", "performance" or "cost"');
  const percent = (key: 'activityPercent' | 'pathPercent'): number => {
    const v = o[key] ?? 100;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new AnalysisFileError(file, key, 'must be a number from 0 to 100');
    return v;
  };
  const filters = validateFilters(o.filters ?? []);
  if (!filters.ok) throw new AnalysisFileError(file, 'filters', filters.error);
  if (o.classifier !== undefined && !CLASSIFIERS.includes(o.classifier as Classifier)) {
    throw new AnalysisFileError(file, 'classifier', `must be one of ${CLASSIFIERS.map((c) => `"${c}"`).join(', ')}`);
  }
  return {
    version: 1,
    log: { source: log.source, ...(typeof log.name === 'string' ? { name: log.name } : {}) },
    view,
    activityPercent: percent('activityPercent'),
    pathPercent: percent('pathPercent'),
    filters: filters.filters,
    ...(o.classifier === 'activity+lifecycle' ? { classifier: 'activity+lifecycle' as const } : {}),
  };
}

/** The log's path as stored in an analysis file saved at `analysisFile`. */
export function relativeLogSource(analysisFile: string, logPath: string): string {
  return path.relative(path.dirname(analysisFile), logPath).split(path.sep).join('/');
}

/** The absolute path of the log an analysis file at `analysisFile` refers to. */
export function resolveLogSource(analysisFile: string, source: string): string {
  return path.resolve(path.dirname(analysisFile), ...source.split('/'));
}
