/**
 * `npm run bench`: import and mining throughput on real logs, printed as figures and ratios.
 * Uses the repo's fixtures, plus the larger shared logs in ../shared/data/eventlogs when present
 * (and says so when they are absent). Timings are wall-clock on this machine; compare ratios across
 * commits, not absolute seconds.
 *
 * Sections:
 *  1. Database import (what the extension does): each log imported into sql.js, then DFG and
 *     variants mined from the database; one child process per log, so its peak RSS is its own.
 *  2. Scaling: bpic2012 (262,200 events) and a copy scaled ×5 (1,311,000 events, cases replicated
 *     with new ids; bench/scaleLog.ts writes it once to .cache/bench/): the in-memory load
 *     `tracemine mine` uses, and discovery (DFG with performance durations + variants).
 *  3. Whole process: `node dist/cli.js mine <file> --json > /dev/null` as a user runs it, wall
 *     time from spawn to exit (median of RUNS), and the child's peak RSS, which the CLI reports
 *     itself when TRACEMINE_STATS=1 (getrusage ru_maxrss at exit, one line on stderr). Compared
 *     with PM4Py 2.7 on this kind of machine and with the targets. Needs `npm run build`.
 *  4. First render of the process map in Chromium (bench/mapRender.ts).
 *  5. Agent traces: span import, reviewer render and keyboard step (bench/traceBench.ts).
 *  6. Eval runner: 1,000 cases × 3 assertions against the local test server (bench/evalBench.ts).
 *  7. Eval suites: load + validation of a 10,000-case native suite and promptfoo config, and the
 *     CodeLens model of a 1,000-case suite with results (bench/evalSuiteBench.ts).
 *  8. Injection detector: precision/recall on the labelled set and throughput
 *     (bench/injectionMeasure.ts).
 *
 * Options: --runs N (whole-process runs per log, default 3), --no-map-render (skip section 4).
 * Section names select what runs (all when none is given), e.g. `npm run bench -- evals injection`:
 * import, scaling, cli, map, traces, eval-runner, suite-load, lens, injection; and the groups
 * logs (import, scaling, cli) and evals (eval-runner, suite-load, lens).
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TracemineDb, discoverDfg, discoverVariants, importEventLog, loadEventLog } from '../src/core';
import { benchMapRender } from './mapRender';
import { benchTraces } from './traceBench';
import { SHARED_LOGS, ensureScaledLog } from './scaleLog';

const root = join(__dirname, '..');
const fixtures = join(root, 'test', 'fixtures', 'eventlogs');
const shared = SHARED_LOGS;
const bpic2012 = join(shared, 'bpic2012.xes.gz');
const candidates = [
  join(fixtures, 'receipt.xes.gz'),
  join(fixtures, 'sepsis.csv'),
  join(fixtures, 'teleclaims.xes.gz'),
  bpic2012,
  join(shared, 'road_traffic_fines.xes.gz'),
].filter(existsSync);

/** PM4Py 2.7 on this kind of machine (from the issue), and the targets, per log size. */
const PM4PY = { 262_200: { totalS: 12.8, importS: 12.1 }, 1_311_000: { totalS: 64, rssMb: 2400 } } as const;
const TARGETS = { 262_200: { wallS: 1.6 }, 1_311_000: { wallS: 8, rssMb: 1200 } } as const;

const mb = (bytes: number) => bytes / 2 ** 20;
const arg = (name: string) => process.argv.indexOf(name);

const SECTIONS = ['import', 'scaling', 'cli', 'map', 'traces', 'eval-runner', 'suite-load', 'lens', 'injection'] as const;
type Section = (typeof SECTIONS)[number];
const GROUPS: Record<string, readonly Section[]> = { logs: ['import', 'scaling', 'cli'], evals: ['eval-runner', 'suite-load', 'lens'] };

/** The sections named on the command line (words that are not options or option values); all when none. */
function selectedSections(argv: readonly string[]): Set<Section> {
  const names: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--runs') i++;
    else if (!argv[i]!.startsWith('--')) names.push(argv[i]!);
  }
  if (names.length === 0) return new Set(SECTIONS);
  const out = new Set<Section>();
  for (const n of names) {
    const members = GROUPS[n] ?? (SECTIONS.includes(n as Section) ? [n as Section] : undefined);
    if (!members) throw new Error(`unknown bench section '${n}': use ${[...SECTIONS, ...Object.keys(GROUPS)].join(', ')}`);
    for (const m of members) out.add(m);
  }
  return out;
}

/** `heapMb` is the peak resident set size of the process that measured this one log. */
interface Row { file: string; mb: number; events: number; importMs: number; dfgMs: number; variantsMs: number; heapMb: number }

async function benchOne(file: string): Promise<Row> {
  const db = await TracemineDb.open();
  try {
    global.gc?.();
    const t0 = performance.now();
    const { log } = await importEventLog(db, file);
    const t1 = performance.now();
    const source = db.eventSource(log.id);
    await discoverDfg(source);
    const t2 = performance.now();
    await discoverVariants(source);
    const t3 = performance.now();
    return {
      file: file.split('/').pop()!, mb: statSync(file).size / 2 ** 20, events: log.events,
      importMs: t1 - t0, dfgMs: t2 - t1, variantsMs: t3 - t2, heapMb: process.resourceUsage().maxRSS / 1024,
    };
  } finally {
    db.close();
  }
}

/** The in-memory path of `tracemine mine`: load into columns, then discovery. */
async function benchMemory(file: string): Promise<Row> {
  const t0 = performance.now();
  const { log, source } = await loadEventLog(file);
  const t1 = performance.now();
  await discoverDfg(source);
  const t2 = performance.now();
  await discoverVariants(source);
  const t3 = performance.now();
  return {
    file: file.split('/').pop()!, mb: statSync(file).size / 2 ** 20, events: log.events,
    importMs: t1 - t0, dfgMs: t2 - t1, variantsMs: t3 - t2, heapMb: process.resourceUsage().maxRSS / 1024,
  };
}

function child(mode: '--one' | '--one-memory', file: string): Row {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', __filename, mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Row;
}

/** One run of the CLI as a user runs it: wall time spawn → exit, and the peak RSS it reports. */
function runCli(file: string): Promise<{ wallMs: number; rssBytes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const p = spawn(process.execPath, [join(root, 'dist', 'cli.js'), 'mine', file, '--json'], {
      stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TRACEMINE_STATS: '1' },
    });
    let stderr = '';
    p.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    p.on('error', reject);
    p.on('exit', (code) => {
      const wallMs = performance.now() - t0;
      const line = /tracemine stats: (\{.*\})/.exec(stderr);
      if (code !== 0 || !line) return reject(new Error(`tracemine mine ${file} exited with ${code}: ${stderr.trim()}`));
      resolve({ wallMs, rssBytes: (JSON.parse(line[1]!) as { maxRssBytes: number }).maxRssBytes });
    });
  });
}

/** Newest modification time of the TypeScript sources the CLI bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestSource(p) : e.name.endsWith('.ts') ? statSync(p).mtimeMs : 0);
  }
  return newest;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ok = (pass: boolean) => (pass ? 'yes' : 'NO');

async function main(): Promise<void> {
  for (const [flag, fn] of [['--one', benchOne], ['--one-memory', benchMemory]] as const) {
    const i = arg(flag);
    if (i > 0) {
      // Child mode: measure one log in a fresh process so its peak RSS is its own.
      process.stdout.write(JSON.stringify(await fn(process.argv[i + 1]!)));
      return;
    }
  }
  const runs = arg('--runs') > 0 ? Math.max(1, Number(process.argv[arg('--runs') + 1])) : 3;
  let sections: Set<Section>;
  try {
    sections = selectedSections(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    process.exitCode = 2;
    return;
  }
  const want = (s: Section) => sections.has(s);
  const all = sections.size === SECTIONS.length;
  console.log(`Tracemine bench — node ${process.version}, ${candidates.length} logs, one process per log${all ? '' : `; sections: ${[...sections].join(', ')}`}`);
  let scaled: string[] = [];
  const logSections = want('import') || want('scaling') || want('cli');
  if (logSections && existsSync(bpic2012)) {
    const t = performance.now();
    const x5 = await ensureScaledLog(bpic2012, 5);
    const took = performance.now() - t;
    if (took > 1000) console.log(`(wrote ${x5}: bpic2012 scaled ×5, in ${(took / 1000).toFixed(1)} s)`);
    scaled = [bpic2012, x5];
  } else if (logSections) {
    console.log(`(shared logs absent: ${shared} not found; the bpic2012 and scaled rows are skipped)`);
  }

  if (want('import')) {
    console.log('\n1. database import (sql.js) + mining from the database');
    const head = ['log', 'file MB', 'events', 'import s', 'events/s', 'DFG ms', 'variants ms', 'DFG/import', 'peak RSS MB'];
    console.log(head.join('\t'));
    for (const f of [...candidates, ...scaled.slice(1)]) {
      const r = child('--one', f);
      console.log([
        r.file, r.mb.toFixed(1), r.events, (r.importMs / 1000).toFixed(2), Math.round(r.events / (r.importMs / 1000)),
        r.dfgMs.toFixed(0), r.variantsMs.toFixed(0), (r.dfgMs / r.importMs).toFixed(3), r.heapMb.toFixed(0),
      ].join('\t'));
    }
  }

  if (scaled.length > 0 && want('scaling')) {
    console.log('\n2. scaling: in-memory load (the `tracemine mine` path) + discovery (DFG with durations, variants)');
    console.log(['log', 'events', 'import s', 'events/s', 'discovery ms', 'peak RSS MB'].join('\t'));
    for (const f of scaled) {
      const r = child('--one-memory', f);
      console.log([r.file, r.events, (r.importMs / 1000).toFixed(2), Math.round(r.events / (r.importMs / 1000)), (r.dfgMs + r.variantsMs).toFixed(0), r.heapMb.toFixed(0)].join('\t'));
      if (r.events === 262_200) console.log(`   (PM4Py 2.7 imports this log in ${PM4PY[262_200].importS} s: ${(PM4PY[262_200].importS / (r.importMs / 1000)).toFixed(0)}× longer)`);
    }
  }

  if (scaled.length > 0 && want('cli')) {
    console.log(`\n3. whole process: node dist/cli.js mine <log> --json > /dev/null (wall spawn → exit, median of ${runs}; peak RSS from TRACEMINE_STATS=1)`);
    const cli = join(root, 'dist', 'cli.js');
    if (!existsSync(cli)) {
      console.log('   skipped: dist/cli.js is missing; run `npm run build` first');
    } else {
      if (statSync(cli).mtimeMs < Math.max(newestSource(join(root, 'src', 'core')), newestSource(join(root, 'src', 'cli')))) {
        console.log('   note: dist/cli.js is older than src/core or src/cli; run `npm run build` to measure the current code');
      }
      console.log(['log', 'events', 'wall s', 'events/s', 'peak RSS MB', 'PM4Py s', 'PM4Py/wall', 'PM4Py RSS/ours', 'target'].join('\t'));
      for (const f of scaled) {
        const results = [];
        for (let i = 0; i < runs; i++) results.push(await runCli(f));
        const wallS = median(results.map((r) => r.wallMs)) / 1000;
        const rssMb = Math.max(...results.map((r) => mb(r.rssBytes)));
        const events = f === bpic2012 ? 262_200 : 1_311_000;
        const pm = PM4PY[events];
        const target = TARGETS[events];
        const meets = wallS < target.wallS && ('rssMb' in target ? rssMb < target.rssMb : true);
        console.log([
          f.split('/').pop(), events, wallS.toFixed(2), Math.round(events / wallS), rssMb.toFixed(0), pm.totalS.toFixed(1),
          `${(pm.totalS / wallS).toFixed(1)}×`, 'rssMb' in pm ? `${(pm.rssMb / rssMb).toFixed(1)}×` : '-',
          `< ${target.wallS} s${'rssMb' in target ? `, < ${target.rssMb} MB` : ''}: ${ok(meets)}`,
        ].join('\t'));
      }
    }
  }

  if (want('map')) {
    if (arg('--no-map-render') > 0) console.log('\nmap render: skipped (--no-map-render)');
    else await benchMapRender();
  }
  if (want('traces')) await benchTraces();
  // Loaded only when run, so the per-log child processes (peak RSS in section 1) stay as they were.
  if (want('eval-runner')) await (await import('./evalBench')).benchEvalRunner();
  if (want('suite-load')) await (await import('./evalSuiteBench')).benchSuiteLoad();
  if (want('lens')) await (await import('./evalSuiteBench')).benchLenses();
  if (want('injection')) (await import('./injectionMeasure')).benchInjection();
}

void main();
