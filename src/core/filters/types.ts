/**
 * Case filters: the one filter stack shared by the process map, the statistics, the variants and
 * the case list (as in Disco). Each filter keeps or drops whole cases; a stack applies its filters
 * in order (logical AND). Plain JSON, so a stack travels through the webview protocol and is saved
 * in analysis files unchanged.
 */

/** Time frame, epoch milliseconds, inclusive. */
export interface TimeframeFilter {
  readonly kind: 'timeframe';
  /** contained: the whole case lies inside; intersecting: any overlap; started: its first event is inside. */
  readonly mode: 'contained' | 'intersecting' | 'started';
  readonly from: number;
  readonly to: number;
}

/** Cases with (include) or without (exclude) an event/case attribute equal to one of `values`. */
export interface AttributeFilter {
  readonly kind: 'attribute';
  readonly scope: 'event' | 'case';
  readonly key: string;
  readonly values: readonly string[];
  readonly mode: 'include' | 'exclude';
}

/** The most frequent variants: the top `count`, or as many as cover `percent` of cases. */
export type VariantFilter =
  | { readonly kind: 'variants'; readonly mode: 'top'; readonly count: number }
  | { readonly kind: 'variants'; readonly mode: 'coverage'; readonly percent: number }
  | { readonly kind: 'variants'; readonly mode: 'list'; readonly variants: readonly (readonly string[])[] };

/** Cases that pass through, skip, start with or end with an activity (click on a node). */
export interface ActivityFilter {
  readonly kind: 'activity';
  readonly activity: string;
  readonly mode: 'through' | 'notThrough' | 'startsWith' | 'endsWith';
}

/** Cases in which `target` directly follows `source` at least once, or never (click on an edge). */
export interface EdgeFilter {
  readonly kind: 'edge';
  readonly source: string;
  readonly target: string;
  readonly mode: 'through' | 'notThrough';
}

/** Cases whose duration (first to last event, ms) lies in [min, max]; either bound optional. */
export interface DurationFilter {
  readonly kind: 'duration';
  readonly minMs?: number;
  readonly maxMs?: number;
}

/** Cases whose first (start) or last (end) activity is one of `activities`. */
export interface EndpointFilter {
  readonly kind: 'startActivities' | 'endActivities';
  readonly activities: readonly string[];
}

export type CaseFilter = TimeframeFilter | AttributeFilter | VariantFilter | ActivityFilter | EdgeFilter | DurationFilter | EndpointFilter;
