/** Public surface of the case filters. */
export { applyFilters } from './applyFilters';
export { describeFilter } from './describeFilter';
export type {
  ActivityFilter, AttributeFilter, CaseFilter, DurationFilter, EdgeFilter, EndpointFilter, TimeframeFilter, VariantFilter,
} from './types';
