/**
 * The typed message protocol between the extension host and the process-map webview.
 *
 * Both sides import these types; every message is a small object with a `type` discriminator and
 * is handled in one switch on each side. Messages from the webview are validated on the host
 * (`parseProcessMapMessage`) because a webview is a separate, less trusted context.
 */
import type { AttributeKeyInfo, AttributeValueCount, CaseEventRow, TypedAttribute } from '../core/db/types';
import type { CaseFilter } from '../core/filters/types';
import { validateFilters } from '../core/filters/validate';
import type { CaseStatistics, CaseSummary } from '../core/mining/caseStatistics';
import type { CostFigures, DirectlyFollowsGraph, Variant } from '../core/mining/types';
import { CLASSIFIERS, type Classifier } from '../core/mining/eventSource';

export const PROCESS_MAP_VIEW_TYPE = 'tracemine.processMap';

/** Tabs of the map's side pane. */
export type SideTab = 'details' | 'variants' | 'statistics' | 'cases';

/**
 * How the map encodes activities and paths: by how often they happen, by how long they take, or
 * (logs whose events carry `cost:usd`: agent traces) by what the activities cost.
 */
export type MapView = 'frequency' | 'performance' | 'cost';
export const MAP_VIEWS: readonly MapView[] = ['frequency', 'performance', 'cost'];

/** What the webview remembers across reloads (VS Code keeps it with `setState`). */
export interface ProcessMapState {
  readonly logId: number;
  readonly view: MapView;
  /** Activity slider, percent of activities kept (most frequent first). */
  readonly activityPercent: number;
  /** Path slider, percent of edges kept (most frequent first, never disconnecting the graph). */
  readonly pathPercent: number;
  /** The filter stack shared by the map, statistics, variants and case list (AND, in order). */
  readonly filters: readonly CaseFilter[];
  /** How activities are named; absent means 'activity' (concept:name). */
  readonly classifier?: Classifier;
}

/** The most cases the case list receives at once. */
export const CASE_LIST_LIMIT = 5000;
/** The most variants sent (most frequent first); `variantCount` gives the total. */
export const VARIANT_LIST_LIMIT = 200;

export interface LogHeader {
  readonly id: number;
  readonly name: string;
  readonly sourcePath: string;
  readonly cases: number;
  readonly events: number;
  readonly activities: number;
  readonly hasTimestamps: boolean;
  readonly firstTimestamp?: string;
  readonly lastTimestamp?: string;
}

// Host → webview
export type HostToProcessMap =
  | {
      readonly type: 'load';
      readonly log: LogHeader;
      readonly dfg: DirectlyFollowsGraph;
      /** The most frequent variants of the filtered log, at most VARIANT_LIST_LIMIT. */
      readonly variants: readonly Variant[];
      readonly variantCount: number;
      readonly state: ProcessMapState;
      /** Cases and events left after the filter stack (the log's totals when there is none). */
      readonly filtered: { readonly cases: number; readonly events: number };
      /** One human label per filter of the stack, in order. */
      readonly filterLabels: readonly string[];
      readonly statistics: Omit<CaseStatistics, 'cases'>;
      /** The filtered cases, at most CASE_LIST_LIMIT, in natural case-id order. */
      readonly cases: readonly CaseSummary[];
      /** Attributes the log has, for the attribute filter's picker. */
      readonly attributeKeys: readonly AttributeKeyInfo[];
      /** Other logs flattened from the same object-centric file (one per object type), for the picker. */
      readonly siblings: readonly { readonly id: number; readonly label: string }[];
      /** Per-activity cost of the filtered log, when its events carry `cost:usd` (the cost view). */
      readonly cost?: CostFigures;
    }
  | { readonly type: 'attributeValues'; readonly scope: 'event' | 'case'; readonly key: string; readonly values: readonly AttributeValueCount[] }
  | { readonly type: 'showTab'; readonly tab: SideTab }
  | { readonly type: 'caseEvents'; readonly caseId: string; readonly events: readonly CaseEventRow[]; readonly attributes: readonly TypedAttribute[] }
  | { readonly type: 'error'; readonly message: string };

// Webview → host
export type ProcessMapToHost =
  | { readonly type: 'ready' }
  | { readonly type: 'stateChanged'; readonly state: ProcessMapState }
  | { readonly type: 'exportSvg'; readonly svg: string }
  | { readonly type: 'exportPng'; readonly dataUrl: string }
  | { readonly type: 'openCase'; readonly caseId: string }
  | { readonly type: 'saveAnalysis' }
  | { readonly type: 'requestAttributeValues'; readonly scope: 'event' | 'case'; readonly key: string }
  | { readonly type: 'switchLog'; readonly logId: number };

const MAX_SVG_BYTES = 50 * 1024 * 1024;

function isState(v: unknown): v is ProcessMapState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as Record<string, unknown>;
  return (
    Number.isInteger(s.logId) &&
    MAP_VIEWS.includes(s.view as MapView) &&
    typeof s.activityPercent === 'number' && s.activityPercent >= 0 && s.activityPercent <= 100 &&
    typeof s.pathPercent === 'number' && s.pathPercent >= 0 && s.pathPercent <= 100 &&
    validateFilters(s.filters).ok &&
    (s.classifier === undefined || CLASSIFIERS.includes(s.classifier as Classifier))
  );
}

/** Validates a message posted by the webview; returns undefined for anything malformed. */
export function parseProcessMapMessage(raw: unknown): ProcessMapToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'stateChanged':
      return isState(m.state) ? { type: 'stateChanged', state: m.state } : undefined;
    case 'exportSvg':
      return typeof m.svg === 'string' && m.svg.length <= MAX_SVG_BYTES ? { type: 'exportSvg', svg: m.svg } : undefined;
    case 'exportPng':
      return typeof m.dataUrl === 'string' && m.dataUrl.startsWith('data:image/png;base64,') && m.dataUrl.length <= MAX_SVG_BYTES
        ? { type: 'exportPng', dataUrl: m.dataUrl } : undefined;
    case 'openCase':
      return typeof m.caseId === 'string' && m.caseId.length <= 10_000 ? { type: 'openCase', caseId: m.caseId } : undefined;
    case 'saveAnalysis':
      return { type: 'saveAnalysis' };
    case 'switchLog':
      return Number.isInteger(m.logId) ? { type: 'switchLog', logId: m.logId as number } : undefined;
    case 'requestAttributeValues':
      return (m.scope === 'event' || m.scope === 'case') && typeof m.key === 'string' && m.key.length <= 10_000
        ? { type: 'requestAttributeValues', scope: m.scope, key: m.key } : undefined;
    default:
      return undefined;
  }
}

export function isProcessMapState(v: unknown): v is ProcessMapState {
  return isState(v);
}
