/**
 * The data-quality report as Markdown, for the editor's preview and for files a user keeps.
 * Every value that came from the log is escaped (it may hold Markdown or HTML).
 */
import type { QualityReport } from './quality';
import { describeSchemaChanges, type SchemaChanges } from './schemaChanges';

/** Escapes text for a Markdown table cell or paragraph: no markup, no HTML, no line breaks. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&]/g, '\\$&').replace(/\r?\n/g, ' ');
}

const n = (x: number): string => x.toLocaleString('en-US');
const pct = (r: number): string => `${(r * 100).toFixed(r < 0.1 && r > 0 ? 1 : 0)}%`;

/** `changes`: the schema changes since the previous import of the same source, when there was one. */
export function qualityReportMarkdown(logName: string, r: QualityReport, changes?: SchemaChanges): string {
  const out: string[] = [];
  out.push(`# Data quality: ${escapeMarkdown(logName)}`, '');
  out.push(`Source: ${escapeMarkdown(r.file)} (${r.format.toUpperCase()})`, '');
  out.push('| measure | value |', '|---|---:|');
  const rows: [string, string][] = [
    ['cases', n(r.cases)], ['events', n(r.events)], ['activities', n(r.activities)],
    ['events without a case id', n(r.missing.caseId)], ['events without an activity (skipped)', n(r.missing.activity)],
    ['events without a timestamp', n(r.missing.timestamp)], ['unparseable timestamps', n(r.unparseableTimestamps.count)],
    ['duplicate events', n(r.duplicateEvents)], ['events out of time order within their case', n(r.outOfOrderEvents)],
    ['cases with a single event', n(r.singleEventCases)], ['empty traces (not imported)', n(r.emptyTraces)],
    ['traces merged by a repeated case id', n(r.mergedTraces)], ['rows with a wrong number of fields', n(r.raggedRows)],
    ['events not imported', n(r.skippedEvents)],
  ];
  for (const [k, v] of rows) out.push(`| ${k} | ${v} |`);
  out.push('');
  out.push('## Timestamps', '');
  out.push(r.timestampRange ? `From ${escapeMarkdown(r.timestampRange.first)} to ${escapeMarkdown(r.timestampRange.last)}.` : 'No timestamps: events are mined in file order and performance views are off.');
  out.push('', `Read as: ${escapeMarkdown(r.timestampInterpretation.summary)}`, '');
  if (r.unparseableTimestamps.examples.length > 0) {
    out.push('| line | value that could not be read |', '|---:|---|');
    for (const u of r.unparseableTimestamps.examples) out.push(`| ${u.line} | ${escapeMarkdown(u.value)} |`);
    out.push('');
  }
  if (changes) {
    out.push('## Changes since the previous import of this source', '');
    const lines = describeSchemaChanges(changes);
    if (lines.length === 0) out.push('None: same attributes, similar fill rates, same timestamp format.');
    for (const l of lines) out.push(`- ${escapeMarkdown(l)}`);
    out.push('');
  }
  if (r.warnings.length > 0) {
    out.push('## Warnings', '');
    for (const w of r.warnings) out.push(`- ${escapeMarkdown(w)}`);
    out.push('');
  }
  if (r.attributeFillRates.length > 0) {
    out.push('## Attribute fill rates', '', '| scope | attribute | filled | rate |', '|---|---|---:|---:|');
    for (const a of r.attributeFillRates) out.push(`| ${a.scope} | ${escapeMarkdown(a.key)} | ${n(a.filled)} | ${pct(a.rate)} |`);
    out.push('');
  }
  return out.join('\n');
}
