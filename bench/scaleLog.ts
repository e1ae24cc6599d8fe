/**
 * Scaled copies of an XES log for benchmarks: the log's traces repeated `factor` times, copy k > 0
 * with every case id renamed `<id>-r<k>` (copy 0 keeps the original ids), the log header (extensions,
 * globals, classifiers, log attributes) written once. Events, attributes and timestamps are
 * unchanged, so the scaled log has `factor` times the cases and events, the same activities,
 * variants and directly-follows edges.
 *
 * The copy is written gzipped to .cache/bench/ (git-ignored) through a temporary file renamed into
 * place when complete, and reused when present.
 *
 *   node --import tsx bench/scaleLog.ts [source.xes.gz] [factor]     prints the scaled file's path
 */
import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { once } from 'node:events';
import { createGunzip, createGzip } from 'node:zlib';

export const CACHE_DIR = join(__dirname, '..', '.cache', 'bench');
export const SHARED_LOGS = join(__dirname, '..', '..', 'shared', 'data', 'eventlogs');

/** Path of the scaled copy of `source` (`<name>-x<factor>.xes.gz` in .cache/bench/). */
export function scaledPath(source: string, factor: number): string {
  return join(CACHE_DIR, `${basename(source).replace(/\.xes(\.gz)?$/i, '')}-x${factor}.xes.gz`);
}

const TRACE_NAME = /(<string\s+key="concept:name"\s+value=")([^"]*)(")/;

/** Renames the trace's own concept:name (the one before its first <event>) with `suffix`. */
function renameTrace(trace: string, suffix: string): string {
  const firstEvent = trace.indexOf('<event');
  const head = firstEvent < 0 ? trace : trace.slice(0, firstEvent);
  const renamed = head.replace(TRACE_NAME, (_m, a: string, id: string, b: string) => `${a}${id}${suffix}${b}`);
  return firstEvent < 0 ? renamed : renamed + trace.slice(firstEvent);
}

/** Reads the whole (gzipped or plain) XES text: fine for a benchmark source of some 100 MB. */
async function readText(file: string): Promise<string> {
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  const parts: Buffer[] = [];
  for await (const chunk of stream) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

/** Writes the scaled copy unless it exists; returns its path. */
export async function ensureScaledLog(source: string, factor: number): Promise<string> {
  const target = scaledPath(source, factor);
  if (existsSync(target)) return target;
  mkdirSync(CACHE_DIR, { recursive: true });
  const text = await readText(source);
  const first = text.indexOf('<trace');
  const last = text.lastIndexOf('</trace>');
  if (first < 0 || last < 0) throw new Error(`${source}: no <trace> element`);
  const header = text.slice(0, first);
  const body = text.slice(first, last + '</trace>'.length);
  const footer = text.slice(last + '</trace>'.length);
  // Split the body into traces once; each copy renames them.
  const traces: string[] = [];
  for (let at = 0; at < body.length;) {
    const end = body.indexOf('</trace>', at);
    if (end < 0) break;
    traces.push(body.slice(at, end + '</trace>'.length));
    at = end + '</trace>'.length;
  }
  const tmp = `${target}.${process.pid}.tmp`;
  const gzip = createGzip({ level: 6 });
  const out = createWriteStream(tmp);
  gzip.pipe(out);
  const write = async (s: string): Promise<void> => {
    if (!gzip.write(s)) await once(gzip, 'drain');
  };
  try {
    await write(header);
    for (let k = 0; k < factor; k++) {
      const suffix = k === 0 ? '' : `-r${k}`;
      let batch = '';
      for (const t of traces) {
        batch += suffix === '' ? t : renameTrace(t, suffix);
        if (batch.length > 1 << 20) {
          await write(batch);
          batch = '';
        }
      }
      await write(batch);
    }
    await write(footer);
    gzip.end();
    await once(out, 'close');
    renameSync(tmp, target);
  } catch (err) {
    gzip.destroy();
    out.destroy();
    rmSync(tmp, { force: true });
    throw err;
  }
  return target;
}

if (require.main === module) {
  const source = process.argv[2] ?? join(SHARED_LOGS, 'bpic2012.xes.gz');
  const factor = Number(process.argv[3] ?? 5);
  if (!existsSync(source)) {
    console.error(`${source}: not found (the shared event logs are absent)`);
    process.exit(1);
  }
  void ensureScaledLog(source, factor).then((p) => console.log(p));
}
