/**
 * Opens an input file as a stream of UTF-8 text, never as one string: fs.createReadStream, through
 * zlib.createGunzip when the file starts with gzip's magic bytes (so `.xes.gz`, `.csv.gz`, and
 * mislabelled files all work). Progress is the fraction of the file's bytes read (compressed bytes
 * for a gzip file), reported at most every 1%.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import { pipeline, Transform, type Readable } from 'node:stream';
import { createGunzip, type ZlibOptions } from 'node:zlib';
import type { ProgressSink } from '../progress';
import { ImportError } from './importError';

async function isGzip(file: string): Promise<boolean> {
  const h = await fsp.open(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await h.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await h.close();
  }
}

export async function openTextInput(file: string, progress?: ProgressSink, message = 'Reading'): Promise<Readable> {
  let size: number;
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) throw new ImportError(file, 'not a file');
    size = st.size;
  } catch (err) {
    if (err instanceof ImportError) throw err;
    throw new ImportError(file, `cannot read the file: ${(err as Error).message}`);
  }
  const gz = await isGzip(file);
  const raw = createReadStream(file, { highWaterMark: 256 * 1024 });
  // Count the file's bytes as they pass (a pass-through stage, so no data can bypass the reader).
  let read = 0;
  let lastPercent = -1;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      const percent = size > 0 ? Math.floor((read / size) * 100) : 100;
      if (progress && percent !== lastPercent) {
        lastPercent = percent;
        progress({ message, fraction: Math.min(1, percent / 100) });
      }
      done(null, chunk);
    },
  });
  // Errors of any stage end up on the last stream, where the reader's iteration sees them.
  // Gunzip in 64 KB chunks (not 16 KB: each chunk is one hop between zlib's thread and JavaScript)
  // with up to 2 MB buffered (zlib's option type omits the stream option): decompression runs ahead
  // on its thread while the reader parses.
  const out: Readable = gz
    ? pipeline(raw, counter, createGunzip({ chunkSize: 64 * 1024, highWaterMark: 2 << 20 } as ZlibOptions), () => undefined)
    : pipeline(raw, counter, () => undefined);
  out.setEncoding('utf8');
  return out;
}

/** Converts a stream error into an ImportError naming the file (gzip corruption, I/O errors). */
export function asInputError(file: string, err: unknown): unknown {
  if (err instanceof ImportError) return err;
  const e = err as NodeJS.ErrnoException;
  if (e && typeof e === 'object' && typeof e.code === 'string' && e.code.startsWith('Z_')) {
    return new ImportError(file, `not a valid gzip file (${e.message})`);
  }
  if (e && typeof e === 'object' && typeof e.code === 'string' && typeof e.syscall === 'string') {
    return new ImportError(file, `cannot read the file: ${e.message}`);
  }
  return err;
}
