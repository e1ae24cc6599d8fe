/**
 * The workspace's Tracemine database (`<folder>/.tracemine/tracemine.db`), opened on first use,
 * never at start-up. Operations run one at a time; writes are saved atomically by the core. If
 * another window saved the file since we read it, it is re-read before the next operation, so two
 * windows never overwrite each other's imports with a stale copy.
 */
import { stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TracemineDb } from '../core';
import type { Config } from './config';
import type { Logger } from './log';

export class WorkspaceDatabase implements vscode.Disposable {
  private db: TracemineDb | undefined;
  private loadedMtime = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires after an operation that changed the database. */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly config: Config,
    private readonly log: Logger,
    private readonly wasmPath: string,
  ) {}

  /** The database file, or undefined when no folder is open. */
  get file(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? path.join(folder.uri.fsPath, this.config.databaseFolder, 'tracemine.db') : undefined;
  }

  /** Runs `fn` with the open database, after any earlier operation finished. */
  read<T>(fn: (db: TracemineDb) => T | Promise<T>): Promise<T> {
    return this.enqueue(fn, false);
  }

  /** Like `read`, then saves the database atomically and notifies listeners. */
  write<T>(fn: (db: TracemineDb) => T | Promise<T>): Promise<T> {
    return this.enqueue(fn, true);
  }

  private enqueue<T>(fn: (db: TracemineDb) => T | Promise<T>, save: boolean): Promise<T> {
    const run = async () => {
      const db = await this.open();
      const result = await fn(db);
      if (save) {
        await db.save();
        this.loadedMtime = await mtimeOf(db.file);
        this.changed.fire();
      }
      return result;
    };
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async open(): Promise<TracemineDb> {
    const file = this.file;
    if (!file) throw new Error('Open a folder first: Tracemine keeps its database inside the workspace.');
    const mtime = await mtimeOf(file);
    if (this.db && this.db.file === file && mtime === this.loadedMtime) return this.db;
    if (this.db) {
      this.log.info(`Re-reading ${file}: it changed on disk`);
      this.db.close();
    }
    this.db = await TracemineDb.open({ file, wasmPath: this.wasmPath });
    this.loadedMtime = mtime;
    return this.db;
  }

  dispose(): void {
    this.db?.close();
    this.db = undefined;
    this.changed.dispose();
  }
}

async function mtimeOf(file: string | undefined): Promise<number> {
  if (!file) return 0;
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}
