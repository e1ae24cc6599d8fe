/**
 * The typed message protocol between the extension host and the eval-comparison webview ("Compare
 * versions" / "Compare runs" of prompt evals). The host sends one finished `RunComparison`
 * (core/evals/compare.ts) with a label for each side; the webview renders it and asks the host to
 * open diffs of a case's outputs or to reveal a case in its suite. Messages from the webview are
 * validated on the host with `parseEvalCompareMessage`: anything unknown, malformed or oversized
 * is dropped (undefined), never half-accepted.
 */
import type { RunComparison } from '../core/evals/compare';

export const EVAL_COMPARE_VIEW_TYPE = 'tracemine.evalCompare';

/** One side of the comparison as the header shows it ("prompt v1", "run 2025-05-01 10:02"). */
export interface EvalCompareSide {
  readonly label: string;
  /** A second line: run id, model, file path. */
  readonly detail?: string;
}

/** Which diff a row asks for: the two runs' outputs, or the after run's output vs the expected one. */
export const DIFF_KINDS = ['output-vs-output', 'output-vs-expected'] as const;
export type DiffKind = (typeof DIFF_KINDS)[number];

/** Row filters of the case table. */
export const CASE_FILTERS = ['all', 'changed', 'regressions', 'fixed', 'broke'] as const;
export type CaseFilter = (typeof CASE_FILTERS)[number];

/** Sortable columns of the case table. */
export const SORT_KEYS = ['case', 'before', 'after', 'flip', 'regression', 'passRateDelta', 'scoreDelta', 'costDelta', 'latencyDelta'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** What the webview keeps across hide/show (VS Code's webview state). */
export interface EvalCompareState {
  readonly filter: CaseFilter;
  /** Undefined: the comparison's own order (the first run's). */
  readonly sort?: SortKey;
  readonly descending: boolean;
}

// Host → webview
export type HostToEvalCompare =
  | {
    readonly type: 'load'; readonly title: string;
    readonly before: EvalCompareSide; readonly after: EvalCompareSide;
    readonly comparison: RunComparison;
  }
  | { readonly type: 'error'; readonly message: string };

// Webview → host
export type EvalCompareToHost =
  | { readonly type: 'ready' }
  /** Open a diff for one paired case; the key is the pair's (prompt/provider only when the pairing uses them). */
  | { readonly type: 'openDiff'; readonly caseId: string; readonly promptId?: string; readonly providerId?: string; readonly which: DiffKind }
  /** Reveal the case in its suite's dataset. */
  | { readonly type: 'openCase'; readonly caseId: string };

/** Longest id (case, prompt, provider) accepted from the webview. */
export const MAX_ID_LENGTH = 1000;

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;

/** True when `m` has no key outside `allowed`. */
function onlyKeys(m: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(m).every((k) => allowed.includes(k));
}

/** Validates a message from the webview: the typed message, or undefined when it is anything else. */
export function parseEvalCompareMessage(raw: unknown): EvalCompareToHost | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return onlyKeys(m, ['type']) ? { type: 'ready' } : undefined;
    case 'openCase':
      return onlyKeys(m, ['type', 'caseId']) && isId(m.caseId) ? { type: 'openCase', caseId: m.caseId } : undefined;
    case 'openDiff': {
      if (!onlyKeys(m, ['type', 'caseId', 'promptId', 'providerId', 'which'])) return undefined;
      if (!isId(m.caseId)) return undefined;
      if (m.promptId !== undefined && !isId(m.promptId)) return undefined;
      if (m.providerId !== undefined && !isId(m.providerId)) return undefined;
      if (!(DIFF_KINDS as readonly unknown[]).includes(m.which)) return undefined;
      return {
        type: 'openDiff', caseId: m.caseId,
        ...(m.promptId !== undefined && { promptId: m.promptId }),
        ...(m.providerId !== undefined && { providerId: m.providerId }),
        which: m.which as DiffKind,
      };
    }
    default:
      return undefined;
  }
}

export function isEvalCompareState(v: unknown): v is EvalCompareState {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const s = v as Record<string, unknown>;
  return (CASE_FILTERS as readonly unknown[]).includes(s.filter)
    && (s.sort === undefined || (SORT_KEYS as readonly unknown[]).includes(s.sort))
    && typeof s.descending === 'boolean';
}
