/**
 * Crash-safe file replacement: write to a temporary file in the target's folder, fsync it, then
 * rename it over the target (atomic on POSIX and on NTFS). A reader, or a crash at any moment,
 * sees either the old file or the new one, never a torn mix. The temporary file is removed on
 * failure, and the folder is created when missing.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import * as path from 'node:path';

/** Prefix and suffix of temporary files, so stale ones (after a crash) are recognisable. */
export function isTempFileOf(target: string, candidate: string): boolean {
  const base = path.basename(target);
  return candidate.startsWith(`.${base}.`) && candidate.endsWith('.tmp');
}

export interface AtomicWriteOptions {
  /** fsync the file and its folder (default true); off for throwaway data such as a response cache. */
  readonly durable?: boolean;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, opts: AtomicWriteOptions = {}): Promise<void> {
  const durable = opts.durable ?? true;
  const dir = path.dirname(path.resolve(target));
  await fsp.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(tmp, 'wx', 0o644);
    await handle.writeFile(data);
    if (durable) await handle.sync();
    await handle.close();
    handle = undefined;
    await renameWithRetry(tmp, target);
  } catch (err) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  if (durable) await syncDirectory(dir);
}

/** Windows refuses a rename while another process (a virus scanner, an indexer) holds the target. */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (attempt >= 5 || (code !== 'EPERM' && code !== 'EACCES' && code !== 'EBUSY')) throw err;
      await new Promise((r) => setTimeout(r, 20 * 2 ** attempt));
    }
  }
}

/** Makes the rename itself durable (POSIX); not possible (and not needed) on Windows. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(dir, 'r');
    await handle.sync();
  } catch {
    // Some file systems do not support fsync on directories; the data file itself is synced.
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
