// Types for scripts/code-server.mjs (imported by the end-to-end tests).

export const ROOT: string;
export const RUNS_DIR: string;
export const QUIET_SETTINGS: Record<string, unknown>;

export interface StartCodeServerOptions {
  /** Folder to open. */
  workspace: string;
  /** Extension folder to symlink into the extensions dir (default: the repo root). */
  extensionPath?: string;
  /** Install this .vsix instead of symlinking a folder. */
  vsix?: string;
  /** Extra User settings. */
  settings?: Record<string, unknown>;
  /** Port on 127.0.0.1 (default: a free one). */
  port?: number;
  /** Keep the scratch dir after stop() (also: TRACEMINE_KEEP_CODE_SERVER_DATA=1). */
  keepData?: boolean;
}

export interface CodeServer {
  url: string;
  workspaceUrl: string;
  port: number;
  pid: number;
  /** The scratch root under .cache/code-server-runs/. */
  dataDir: string;
  logFile: string;
  /** Kills code-server's whole process group; idempotent. */
  stop(): Promise<void>;
}

export function startCodeServer(opts: StartCodeServerOptions): Promise<CodeServer>;
export function codeServerLauncher(): string;
export function freePort(): Promise<number>;
export function isPortFree(port: number): Promise<boolean>;
export function httpStatus(url: string, timeoutMs?: number): Promise<number>;
export function tailFile(file: string, lines?: number): string;
