/**
 * `npm run bench`: import and mining throughput on real logs, printed as figures and ratios.
 * Uses the repo's fixtures, plus the larger shared logs in ../shared/data/eventlogs when present.
 * Timings are wall-clock on this machine; compare ratios across commits, not absolute seconds.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TracemineDb, discoverDfg, discoverVariants, importEventLog } from '../src/core';
import { benchMapRender } from './mapRender';

const fixtures = join(__dirname, '..', 'test', 'fixtures', 'eventlogs');
const shared = join(__dirname, '..', '..', 'shared', 'data', 'eventlogs');
const candidates = [
  join(fixtures, 'receipt.xes.gz'),
  join(fixtures, 'sepsis.csv'),
  join(fixtures, 'teleclaims.xes.gz'),
  join(shared, 'bpic2012.xes.gz'),
  join(shared, 'road_traffic_fines.xes.gz'),
].filter(existsSync);

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

async function main(): Promise<void> {
  const one = process.argv.indexOf('--one');
  if (one > 0) {
    // Child mode: measure one log in a fresh process so its peak RSS is its own.
    process.stdout.write(JSON.stringify(await benchOne(process.argv[one + 1]!)));
    return;
  }
  console.log(`Tracemine bench — node ${process.version}, ${candidates.length} logs, one process per log\n`);
  const head = ['log', 'file MB', 'events', 'import s', 'events/s', 'DFG ms', 'variants ms', 'DFG/import', 'peak RSS MB'];
  console.log(head.join('\t'));
  for (const f of candidates) {
    const r = JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', __filename, '--one', f], { encoding: 'utf8' })) as Row;
    console.log([
      r.file, r.mb.toFixed(1), r.events, (r.importMs / 1000).toFixed(2), Math.round(r.events / (r.importMs / 1000)),
      r.dfgMs.toFixed(0), r.variantsMs.toFixed(0), (r.dfgMs / r.importMs).toFixed(3), r.heapMb.toFixed(0),
    ].join('\t'));
  }
  await benchMapRender();
}

void main();
