/**
 * The `tracemine` command line: the same core as the VS Code extension, headless.
 *
 *   tracemine mine <file> [--json] [--csv-case COL --csv-activity COL --csv-timestamp COL ...]
 *                                  [--jsonl-case FIELD ...] [--object-type TYPE]
 *   tracemine import <file> --db <path> [--name NAME] [--csv-...] [--jsonl-...] [--object-type TYPE]
 *   tracemine ocel-types <file> [--json]
 *   tracemine list --db <path>
 *   tracemine map <file | analysis.tracemine.json> --svg <out> [--view V] [--activities P] [--paths P]
 *   tracemine traces <file> [--json]
 *   tracemine --help | --version
 *
 * Exit codes: 0 success, 1 input or runtime error (an ImportError prints `file:line:column:
 * message`), 2 usage error, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { runTracesCommand } from './tracesCommand';
import { runEvalCommand } from './evalCommand';
import { MAP_VIEWS, type MapView } from '../protocol/processMap';
import {
  CancelledError,
  ImportError,
  TracemineDb,
  parsePolicy,
  detectCsvMapping,
  detectJsonlMapping,
  discoverDfg,
  discoverVariants,
  formatQualitySummary,
  ANALYSIS_FILE_SUFFIX,
  CLASSIFIERS,
  importEventLog,
  listOcelObjectTypes,
  loadEventLog,
  type Classifier,
  type CsvMapping,
  type ImportOptions,
  type JsonlMapping,
  type LoadResult,
  type DirectlyFollowsGraph,
  type DurationStats,
  type LogSummary,
  type ProgressSink,
} from '../core';

const USAGE = `Usage: tracemine <command> [options]

Process mining of event logs from the command line: XES, CSV/TSV, JSON Lines (.jsonl,
.ndjson), each optionally gzipped, and object-centric OCEL 2.0 logs (.jsonocel, .xmlocel,
.sqlite, or .json with OCEL keys; OCEL 1.0 JSON too) flattened on one object type.

Commands:
  mine <file>               Import the log into memory and print its process summary:
                            cases, events, activities, variants, start/end activities and
                            the directly-follows graph (with durations when timestamped).
  import <file> --db <path> Import the log into a Tracemine database file (created if
                            missing) and print the data-quality report.
  ocel-types <file>         List the object types of an OCEL log (with --json: as JSON),
                            with their numbers of objects and flattened events.
  list --db <path>          List the event logs stored in a database file.
  map <file> --svg <out>    Draw the process map as an SVG file with the editor's own
                            rendering code. <file> is a log or an analysis file
                            (*.tracemine.json: its log, filters, sliders and view).
  eval <suite>              Run an eval suite (<name>.eval.yaml or promptfooconfig.yaml)
                            against an OpenAI-compatible endpoint; one line per case.
                            Exit 1 when a case fails or errors. Key: TRACEMINE_API_KEY
                            or OPENAI_API_KEY (environment only).
  traces <file>             Summarise an agent-trace file (OTLP JSON, OpenTelemetry span
                            JSON, Langfuse export, chat transcripts, Tracemine JSONL):
                            traces, spans, LLM and tool calls, errors, tokens, cost,
                            latency p50/p95, policy violations per rule (--policy)
                            and injection flags (with --json: one JSON object).

Options:
  --json                    (mine, traces) Print one JSON object instead of a table.
  --json <out.json>         (eval) Write every case's verdicts to this JSON file as they
                            arrive.
  --junit <out.xml>         (eval) Write JUnit XML when the run ends.
  --repeat <n>              (eval) Samples per case (pass rates with 95% intervals).
  --baseline <run|file>     (eval) Exit 1 when a case regresses against this run id
                            (with --db) or results file.
  --base-url <url>          (eval) Endpoint for providers without one (default
                            $TRACEMINE_BASE_URL, $OPENAI_BASE_URL or OpenAI's).
  --model <id>              (eval) Model when neither suite nor prompt names one.
  --concurrency <n>         (eval) Calls in flight at once.
  --no-cache                (eval) Do not read or write the response cache.
  --policy <file>           (traces) Check every trace against this policy file
                            (YAML or JSON; docs/trace-policy.md).
  --db <path>               Database file (e.g. .tracemine/tracemine.db).
  --name <name>             (import) Name of the log in the database.
  --csv-case <column>       CSV column holding the case id.
  --csv-activity <column>   CSV column holding the activity.
  --csv-timestamp <column>  CSV column holding the timestamp.
  --csv-start <column>      CSV column holding the start timestamp (interval logs).
  --csv-resource <column>   CSV column holding the resource.
  --csv-delimiter <char>    CSV delimiter: , ; | or "tab" (default: sniffed).
  --jsonl-case <field>      JSON Lines field holding the case id.
  --jsonl-activity <field>  JSON Lines field holding the activity.
  --jsonl-timestamp <field> JSON Lines field holding the timestamp.
  --jsonl-resource <field>  JSON Lines field holding the resource.
  --object-type <type>      (OCEL) The object type to flatten on: each object of that type
                            becomes a case holding the events related to it.
  --classifier <c>          (mine, map) How events are named: activity (concept:name, the
                            default) or activity+lifecycle (concept:name+lifecycle:transition).
  --svg <path>              (map) Where to write the SVG.
  --view <view>             (map) frequency, performance or cost (logs with cost:usd: agent traces).
  --activities <percent>    (map) Activity slider, 0-100 (default 100).
  --paths <percent>         (map) Path slider, 0-100 (default 100).
  -h, --help                Show this help.
  -v, --version             Show the version.

CSV columns not given are detected from the header (case:concept:name, Case ID,
Activity, time:timestamp, Complete Timestamp, org:resource, ...). JSON Lines fields not
given are detected from the first lines (case, case_id, case:concept:name; activity,
concept:name; timestamp, time:timestamp, time; resource, org:resource).

Exit codes: 0 success, 1 error in the input or at run time, 2 usage error.`;

class UsageError extends Error {}

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  json: { type: 'boolean' },
  db: { type: 'string' },
  name: { type: 'string' },
  'csv-case': { type: 'string' },
  'csv-activity': { type: 'string' },
  'csv-timestamp': { type: 'string' },
  'csv-start': { type: 'string' },
  'csv-resource': { type: 'string' },
  'csv-delimiter': { type: 'string' },
  'jsonl-case': { type: 'string' },
  'jsonl-activity': { type: 'string' },
  'jsonl-timestamp': { type: 'string' },
  'jsonl-resource': { type: 'string' },
  'object-type': { type: 'string' },
  svg: { type: 'string' },
  classifier: { type: 'string' },
  view: { type: 'string' },
  activities: { type: 'string' },
  paths: { type: 'string' },
  policy: { type: 'string' },
  junit: { type: 'string' },
  repeat: { type: 'string' },
  baseline: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  concurrency: { type: 'string' },
  'no-cache': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** Reads the version from the package.json next to dist/ (or the repository root in development). */
export function packageVersion(): string {
  for (const candidate of [path.join(__dirname, '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tracemine' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // try the next candidate
    }
  }
  return 'unknown';
}

/** Builds a CSV mapping from the flags; undefined when no CSV flag was given (detect all). */
async function csvMappingFrom(values: Values, file: string): Promise<CsvMapping | undefined> {
  const given = {
    caseColumn: values['csv-case'],
    activityColumn: values['csv-activity'],
    timestampColumn: values['csv-timestamp'],
    startTimestampColumn: values['csv-start'],
    resourceColumn: values['csv-resource'],
    delimiter: values['csv-delimiter'],
  };
  if (Object.values(given).every((v) => v === undefined)) return undefined;
  let delimiter = given.delimiter;
  if (delimiter !== undefined) {
    if (delimiter.toLowerCase() === 'tab' || delimiter === '\\t') delimiter = '\t';
    if (![',', ';', '\t', '|'].includes(delimiter)) throw new UsageError(`--csv-delimiter must be , ; | or tab (got "${given.delimiter}")`);
  }
  const detected = await detectCsvMapping(file);
  const mapping: CsvMapping = { ...detected.mapping };
  if (delimiter !== undefined) mapping.delimiter = delimiter;
  if (given.caseColumn !== undefined) mapping.caseColumn = given.caseColumn;
  else if (!detected.detected.case) throw new UsageError(`cannot detect the case column of ${file}; pass --csv-case (columns: ${detected.columns.join(', ')})`);
  if (given.activityColumn !== undefined) mapping.activityColumn = given.activityColumn;
  else if (!detected.detected.activity) throw new UsageError(`cannot detect the activity column of ${file}; pass --csv-activity (columns: ${detected.columns.join(', ')})`);
  if (given.timestampColumn !== undefined) mapping.timestampColumn = given.timestampColumn;
  if (given.startTimestampColumn !== undefined) mapping.startTimestampColumn = given.startTimestampColumn;
  if (given.resourceColumn !== undefined) mapping.resourceColumn = given.resourceColumn;
  return mapping;
}

/** Builds a JSON Lines mapping from the flags; undefined when no --jsonl flag was given (detect all). */
async function jsonlMappingFrom(values: Values, file: string): Promise<JsonlMapping | undefined> {
  const given = {
    caseField: values['jsonl-case'],
    activityField: values['jsonl-activity'],
    timestampField: values['jsonl-timestamp'],
    resourceField: values['jsonl-resource'],
  };
  if (Object.values(given).every((v) => v === undefined)) return undefined;
  const detected = await detectJsonlMapping(file);
  const mapping: JsonlMapping = { ...detected.mapping };
  if (given.caseField !== undefined) mapping.caseField = given.caseField;
  else if (!detected.detected.case) throw new UsageError(`cannot detect the case field of ${file}; pass --jsonl-case (fields: ${detected.fields.join(', ')})`);
  if (given.activityField !== undefined) mapping.activityField = given.activityField;
  else if (!detected.detected.activity) throw new UsageError(`cannot detect the activity field of ${file}; pass --jsonl-activity (fields: ${detected.fields.join(', ')})`);
  if (given.timestampField !== undefined) mapping.timestampField = given.timestampField;
  if (given.resourceField !== undefined) mapping.resourceField = given.resourceField;
  return mapping;
}

/** The import options the format flags give (CSV and JSON Lines mappings, OCEL object type). */
async function formatOptions(values: Values, file: string): Promise<Pick<ImportOptions, 'csv' | 'jsonl' | 'ocelObjectType'>> {
  const csv = await csvMappingFrom(values, file);
  const jsonl = await jsonlMappingFrom(values, file);
  return {
    ...(csv ? { csv } : {}),
    ...(jsonl ? { jsonl } : {}),
    ...(values['object-type'] !== undefined ? { ocelObjectType: values['object-type'] } : {}),
  };
}

/** A progress line on stderr when it is a terminal; nothing otherwise. */
function terminalProgress(): { sink: ProgressSink | undefined; done(): void } {
  if (!process.stderr.isTTY) return { sink: undefined, done: () => undefined };
  let shown = false;
  return {
    sink: (r) => {
      if (r.fraction === undefined) return;
      shown = true;
      process.stderr.write(`\r${r.message ?? 'Working'} ${Math.round(r.fraction * 100)}%   `);
    },
    done: () => {
      if (shown) process.stderr.write('\r\x1b[K');
    },
  };
}

function formatDuration(ms: number): string {
  const abs = Math.abs(ms);
  const sign = ms < 0 ? '-' : '';
  if (abs < 1000) return `${sign}${Math.round(abs)}ms`;
  if (abs < 60_000) return `${sign}${(abs / 1000).toFixed(1)}s`;
  if (abs < 3_600_000) return `${sign}${(abs / 60_000).toFixed(1)}m`;
  if (abs < 86_400_000) return `${sign}${(abs / 3_600_000).toFixed(1)}h`;
  return `${sign}${(abs / 86_400_000).toFixed(1)}d`;
}

function sortedCounts(m: Readonly<Record<string, number>>): [string, number][] {
  return Object.entries(m).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

interface MineOutput {
  file: string;
  format: string;
  cases: number;
  events: number;
  activities: number;
  variants: number;
  hasTimestamps: boolean;
  firstTimestamp?: string;
  lastTimestamp?: string;
  start: Record<string, number>;
  end: Record<string, number>;
  activityStats: DirectlyFollowsGraph['activities'];
  /** `[source, target, count]`, sorted by source then target (the stable, diff-friendly form). */
  dfg: [string, string, number][];
  /** Every edge with its case count and durations, most frequent first. */
  edges: { source: string; target: string; frequency: number; cases: number; duration?: DurationStats }[];
  /** The ten most frequent variants as `[[activities…], count]`, ties broken by the activity list. */
  topVariants: [readonly string[], number][];
}

function mineOutput(log: Pick<LogSummary, 'sourcePath' | 'format' | 'firstTimestamp' | 'lastTimestamp'>, dfg: DirectlyFollowsGraph, variants: Awaited<ReturnType<typeof discoverVariants>>): MineOutput {
  return {
    file: log.sourcePath,
    format: log.format,
    cases: dfg.cases,
    events: dfg.events,
    activities: dfg.activities.length,
    variants: variants.length,
    hasTimestamps: dfg.hasTimestamps,
    ...(log.firstTimestamp ? { firstTimestamp: log.firstTimestamp, lastTimestamp: log.lastTimestamp } : {}),
    start: Object.fromEntries(sortedCounts(dfg.start)),
    end: Object.fromEntries(sortedCounts(dfg.end)),
    activityStats: dfg.activities,
    dfg: dfg.edges
      .map((e): [string, string, number] => [e.source, e.target, e.frequency])
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)),
    edges: dfg.edges.map((e) => ({ ...e })),
    topVariants: variants.slice(0, 10).map((v): [readonly string[], number] => [v.activities, v.cases]),
  };
}

function printTable(o: MineOutput, out: (line: string) => void): void {
  out(`${path.basename(o.file)}: ${o.cases} cases, ${o.events} events, ${o.activities} activities, ${o.variants} variants, ${o.edges.length} directly-follows edges`);
  out(o.firstTimestamp ? `time range: ${o.firstTimestamp} .. ${o.lastTimestamp}` : 'no timestamps (events in file order)');
  out(`start: ${sortedCounts(o.start).map(([a, n]) => `${a} (${n})`).join(', ')}`);
  out(`end:   ${sortedCounts(o.end).map(([a, n]) => `${a} (${n})`).join(', ')}`);
  out('');
  const rows = o.edges.slice(0, 25).map((e) => [String(e.frequency), String(e.cases), e.duration ? formatDuration(e.duration.mean) : '-', `${e.source} -> ${e.target}`]);
  const head = ['freq', 'cases', 'mean', 'edge'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 3 ? c.padStart(widths[i]!) : c)).join('  ');
  out(fmt(head));
  for (const r of rows) out(fmt(r));
  if (o.edges.length > rows.length) out(`... ${o.edges.length - rows.length} more edges (use --json for all)`);
}

function requireFile(positionals: string[], command: string): string {
  const file = positionals[1];
  if (file === undefined) throw new UsageError(`${command}: missing <file>`);
  if (positionals.length > 2) throw new UsageError(`${command}: unexpected argument "${positionals[2]}"`);
  return file;
}

/** `eval --json <file>` takes a file, where other commands' `--json` is a switch: taken out before parsing. */
function takeEvalJson(argv: string[]): { argv: string[]; evalJson?: string } {
  if (argv.find((a) => !a.startsWith('-')) !== 'eval') return { argv };
  const rest = [...argv];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--json=')) {
      rest.splice(i, 1);
      return { argv: rest, evalJson: a.slice('--json='.length) };
    }
    if (a === '--json' && rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('-')) {
      const file = rest[i + 1]!;
      rest.splice(i, 2);
      return { argv: rest, evalJson: file };
    }
  }
  return { argv: rest };
}

async function run(rawArgv: string[], out: (line: string) => void): Promise<number> {
  const { argv, evalJson } = takeEvalJson(rawArgv);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out(USAGE);
    return 0;
  }
  if (values.version) {
    out(packageVersion());
    return 0;
  }
  const command = positionals[0];
  switch (command) {
    case 'mine': {
      const file = requireFile(positionals, 'mine');
      const formatOpts = await formatOptions(values, file);
      const classifier = values.classifier ?? 'activity';
      if (!(CLASSIFIERS as readonly string[]).includes(classifier)) throw new UsageError(`mine: --classifier must be ${CLASSIFIERS.join(' or ')}`);
      const progress = terminalProgress();
      let o: MineOutput;
      if (classifier === 'activity') {
        // No database: the log is read into memory (columns) and mined once.
        let loaded: LoadResult;
        try {
          loaded = await loadEventLog(file, { ...formatOpts, progress: progress.sink });
        } finally {
          progress.done();
        }
        o = mineOutput(loaded.log, await discoverDfg(loaded.source), await discoverVariants(loaded.source));
      } else {
        // The in-memory columns keep no lifecycle: an in-memory database does.
        const db = await TracemineDb.open();
        try {
          let result;
          try {
            result = await importEventLog(db, file, { ...formatOpts, progress: progress.sink });
          } finally {
            progress.done();
          }
          const source = db.eventSource(result.log.id, classifier as Classifier);
          o = mineOutput(result.log, await discoverDfg(source), await discoverVariants(source));
        } finally {
          db.close();
        }
      }
      if (values.json) out(JSON.stringify(o, null, 2));
      else printTable(o, out);
      return 0;
    }
    case 'import': {
      const file = requireFile(positionals, 'import');
      if (values.db === undefined) throw new UsageError('import: --db <path> is required');
      const formatOpts = await formatOptions(values, file);
      const db = await TracemineDb.open({ file: values.db });
      try {
        const progress = terminalProgress();
        let result;
        try {
          result = await importEventLog(db, file, { ...formatOpts, name: values.name, progress: progress.sink });
        } finally {
          progress.done();
        }
        out(`Imported "${result.log.name}" as log ${result.log.id} into ${db.file}`);
        for (const line of formatQualitySummary(result.quality)) out(`  ${line}`);
      } finally {
        db.close();
      }
      return 0;
    }
    case 'ocel-types': {
      const file = requireFile(positionals, 'ocel-types');
      const types = await listOcelObjectTypes(file);
      if (values.json) out(JSON.stringify(types, null, 2));
      else for (const t of types) out(`${t.type}\t${t.objects} objects\t${t.events} events`);
      return 0;
    }
    case 'list': {
      if (positionals.length > 1) throw new UsageError(`list: unexpected argument "${positionals[1]}"`);
      if (values.db === undefined) throw new UsageError('list: --db <path> is required');
      const db = await TracemineDb.open({ file: values.db });
      try {
        const logs = db.listLogs();
        if (values.json) out(JSON.stringify(logs, null, 2));
        else if (logs.length === 0) out('No event logs.');
        else for (const l of logs) out(`${l.id}\t${l.name}\t${l.format}\t${l.cases} cases\t${l.events} events\t${l.activities} activities\t${l.sourcePath}`);
      } finally {
        db.close();
      }
      return 0;
    }
    case 'map': {
      const file = requireFile(positionals, 'map');
      if (values.svg === undefined) throw new UsageError('map: --svg <path> is required');
      if (values.view !== undefined && !(MAP_VIEWS as readonly string[]).includes(values.view)) throw new UsageError(`map: --view must be ${MAP_VIEWS.join(', ')}`);
      const percent = (v: string | undefined, flag: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0 || n > 100) throw new UsageError(`map: --${flag} must be a number from 0 to 100`);
        return n;
      };
      const isAnalysis = file.endsWith(ANALYSIS_FILE_SUFFIX);
      // Loaded on demand: the map renderer (linkedom, the panel's drawing code) is a large part of
      // the bundle, and every other command starts faster without evaluating it.
      const { runMapCommand } = await import('./mapCommand');
      const r = await runMapCommand({
        input: file, svg: values.svg, view: values.view as MapView | undefined,
        activityPercent: percent(values.activities, 'activities'), pathPercent: percent(values.paths, 'paths'),
        classifier: values.classifier === undefined ? undefined : (CLASSIFIERS as readonly string[]).includes(values.classifier) ? values.classifier as Classifier : (() => { throw new UsageError(`map: --classifier must be ${CLASSIFIERS.join(' or ')}`); })(),
        importOptions: isAnalysis ? {} : await formatOptions(values, file),
      });
      out(`Wrote ${r.file}: ${r.activities} activities, ${r.edges} directly-follows edges`);
      return 0;
    }
    case 'eval': {
      const file = requireFile(positionals, 'eval');
      const int = (v: string | undefined, name: string) => {
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!Number.isInteger(n) || n < 1) throw new UsageError(`eval: --${name} must be a whole number ≥ 1`);
        return n;
      };
      if (values.json === true) throw new UsageError('eval: --json needs a file name (e.g. --json results.json)');
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        const r = await runEvalCommand(file, {
          ...(typeof evalJson === 'string' ? { json: evalJson } : {}),
          ...(values.junit ? { junit: values.junit } : {}),
          ...(values.db ? { db: values.db } : {}),
          ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
          ...(values.model ? { model: values.model } : {}),
          ...(values.baseline ? { baseline: values.baseline } : {}),
          ...(int(values.repeat, 'repeat') ? { repeat: int(values.repeat, 'repeat')! } : {}),
          ...(int(values.concurrency, 'concurrency') ? { concurrency: int(values.concurrency, 'concurrency')! } : {}),
          noCache: values['no-cache'] === true,
          signal: controller.signal,
        }, out);
        return r.code;
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    }
    case 'traces': {
      const file = requireFile(positionals, 'traces');
      const policy = values.policy === undefined ? undefined : parsePolicy(await readFile(values.policy, 'utf8'), path.resolve(values.policy));
      out(await runTracesCommand(file, { json: values.json === true, checks: { ...(policy ? { policy } : {}) } }));
      return 0;
    }
    case undefined:
      throw new UsageError('missing command');
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * With TRACEMINE_STATS=1, one line on stderr when the command is done (bench/run.ts reads it):
 * `tracemine stats: {"wallMs":…,"maxRssBytes":…}`, the time since the process started and its
 * peak resident set size (getrusage's ru_maxrss).
 */
function printStats(): void {
  if (process.env.TRACEMINE_STATS !== '1') return;
  const stats = { wallMs: Math.round(process.uptime() * 1000), maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  process.stderr.write(`tracemine stats: ${JSON.stringify(stats)}\n`);
}

export async function main(argv: string[] = process.argv.slice(2)): Promise<number> {
  const out = (line: string) => process.stdout.write(`${line}\n`);
  try {
    const code = await run(argv, out);
    printStats();
    return code;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`tracemine: ${err.message}\nRun "tracemine --help" for usage.\n`);
      return 2;
    }
    if (err instanceof ImportError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof CancelledError) {
      process.stderr.write('tracemine: cancelled\n');
      return 130;
    }
    process.stderr.write(`tracemine: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  // `tracemine mine x --json | head`: a closed pipe is not an error worth a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  void main().then((code) => {
    process.exitCode = code;
  });
}
