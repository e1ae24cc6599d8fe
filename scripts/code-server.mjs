// Starts a real VS Code (code-server, web build) with Tracemine installed, fully isolated from the
// user's own VS Code / code-server: its own config, user-data, extensions and XDG dirs under
// .cache/code-server-runs/<random>/, bound to 127.0.0.1 only, no auth, no telemetry.
// Used by `npm start` (scripts/start.mjs) and the end-to-end tests (test/e2e/).
//
//   const cs = await startCodeServer({ workspace, extensionPath | vsix, settings, port });
//   ... open cs.workspaceUrl in a browser ...
//   await cs.stop();   // kills code-server's whole process group (it spawns the extension host)
//
// Recipe: /work/shared/docs/real-vscode-e2e.md (code-server from the npm registry, installed and
// cached by scripts/ensure-code-server.sh).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const RUNS_DIR = join(ROOT, '.cache', 'code-server-runs');

/** Settings that keep the workbench quiet (see the doc) plus no workspace-trust prompt. */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
};

const FLAGS = ['--disable-telemetry', '--disable-update-check', '--disable-workspace-trust'];
const READY_TIMEOUT_MS = 60_000;
const KILL_GRACE_MS = 3_000;

/** Absolute path of the code-server launcher: $TRACEMINE_CODE_SERVER, else the cached install. */
export function codeServerLauncher() {
  if (process.env.TRACEMINE_CODE_SERVER) return process.env.TRACEMINE_CODE_SERVER;
  const out = execFileSync('bash', [join(ROOT, 'scripts', 'ensure-code-server.sh')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'],
  });
  const launcher = out.toString().trim().split('\n').pop()?.trim();
  if (!launcher || !existsSync(launcher)) throw new Error(`ensure-code-server.sh printed no usable launcher (got '${launcher}')`);
  return launcher;
}

/** A port nobody listens on right now (the OS picks it). */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
      srv.close(() => res(port));
    });
  });
}

/** True when 127.0.0.1:port can be bound (nobody is listening there). */
export function isPortFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.unref();
    srv.once('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

/** GET url; resolves with the status code (0 when nothing answers). */
export function httpStatus(url, timeoutMs = 2_000) {
  return new Promise((res) => {
    const req = httpGet(url, (r) => { r.resume(); res(r.statusCode ?? 0); });
    req.setTimeout(timeoutMs, () => { req.destroy(); res(0); });
    req.on('error', () => res(0));
  });
}

/** The last `lines` lines of a text file ('' when it does not exist). */
export function tailFile(file, lines = 60) {
  if (!file || !existsSync(file)) return '';
  return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
}

function groupAlive(pid) {
  try { process.kill(-pid, 0); return true; } catch (e) { return e.code === 'EPERM'; }
}

function killGroup(pid, signal) {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

/** The environment code-server runs with: isolated XDG dirs and none of the variables that
 * would make it reuse another instance (VSCODE_IPC_HOOK_CLI from a VS Code terminal), change its
 * port (PORT) or pass secrets along. */
function isolatedEnv(xdgConfig, xdgData) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (/^(VSCODE_|CODE_SERVER_|CS_|ELECTRON_)/.test(k) || ['PORT', 'PASSWORD', 'HASHED_PASSWORD', 'GITHUB_TOKEN'].includes(k)) delete env[k];
  }
  env.XDG_CONFIG_HOME = xdgConfig;
  env.XDG_DATA_HOME = xdgData;
  return env;
}

// Every server this process started and has not stopped yet: killed on exit and on signals.
const live = new Set();
let handlersInstalled = false;

function installExitHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  // 'exit' handlers must be synchronous: no grace period, kill the whole group outright.
  process.on('exit', () => { for (const s of live) killGroup(s.pid, 'SIGKILL'); });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = async () => {
      await Promise.allSettled([...live].map((s) => s.stop()));
      // Only exit if nobody else (e.g. scripts/start.mjs) handles the signal itself.
      if (process.listenerCount(sig) <= 1) process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 129);
    };
    process.on(sig, onSignal);
  }
}

/** A tiny detached watchdog: if this Node process dies without cleaning up (SIGKILL, crash of the
 * test runner), it kills code-server's process group so the extension host never lingers. */
function startWatchdog(groupPid) {
  const code = `
    const [parent, group] = process.argv.slice(1).map(Number);
    const alive = (p) => { try { process.kill(p, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
    const t = setInterval(() => {
      if (!alive(-group)) { clearInterval(t); return; }
      if (alive(parent)) return;
      clearInterval(t);
      try { process.kill(-group, 'SIGTERM'); } catch {}
      setTimeout(() => { try { process.kill(-group, 'SIGKILL'); } catch {} }, ${KILL_GRACE_MS});
    }, 1000);`;
  const w = spawn(process.execPath, ['-e', code, String(process.pid), String(groupPid)], { detached: true, stdio: 'ignore' });
  w.unref();
  return w;
}

/**
 * Starts code-server with the extension installed and `workspace` open.
 * @param {object} opts
 * @param {string} opts.workspace           folder to open (absolute or relative to cwd)
 * @param {string} [opts.extensionPath]     extension folder to symlink in (default: repo root)
 * @param {string} [opts.vsix]              install this .vsix instead of symlinking a folder
 * @param {Record<string, unknown>} [opts.settings]  extra User settings
 * @param {number} [opts.port]              port on 127.0.0.1 (default: a free one)
 * @param {boolean} [opts.keepData]         keep the scratch dir after stop() (also: TRACEMINE_KEEP_CODE_SERVER_DATA=1)
 * @returns {Promise<{url: string, workspaceUrl: string, port: number, pid: number, dataDir: string, logFile: string, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ workspace, extensionPath, vsix, settings = {}, port, keepData } = {}) {
  if (!workspace) throw new Error('startCodeServer: workspace is required');
  const ws = resolve(workspace);
  if (!existsSync(ws)) throw new Error(`startCodeServer: workspace ${ws} does not exist`);
  const launcher = codeServerLauncher();
  keepData = keepData ?? process.env.TRACEMINE_KEEP_CODE_SERVER_DATA === '1';

  // Scratch root; every dir is created before any code-server invocation (even --version writes
  // ~/.config/code-server/config.yaml otherwise).
  const runDir = join(RUNS_DIR, randomBytes(6).toString('hex'));
  const cfgDir = join(runDir, 'config');
  const dataDir = join(runDir, 'user-data');
  const extDir = join(runDir, 'extensions');
  const xdgConfig = join(runDir, 'xdg-config');
  const xdgData = join(runDir, 'xdg-data');
  for (const d of [cfgDir, join(dataDir, 'User'), extDir, xdgConfig, xdgData]) mkdirSync(d, { recursive: true });
  const env = isolatedEnv(xdgConfig, xdgData);
  const configFile = join(cfgDir, 'config.yaml');
  const logFile = join(runDir, 'code-server.log');

  writeFileSync(join(dataDir, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));

  const chosenPort = port ?? await freePort();
  writeFileSync(configFile, `bind-addr: 127.0.0.1:${chosenPort}\nauth: none\ncert: false\n`);
  const dirFlags = ['--config', configFile, '--user-data-dir', dataDir, '--extensions-dir', extDir];

  // Install the extension under test.
  if (vsix) {
    const vsixPath = resolve(vsix);
    if (!existsSync(vsixPath)) throw new Error(`startCodeServer: ${vsixPath} does not exist`);
    const r = spawnSync(launcher, [...dirFlags, '--install-extension', vsixPath, '--force'], { env, encoding: 'utf8', timeout: 120_000 });
    writeFileSync(join(runDir, 'install-extension.log'), `${r.stdout ?? ''}${r.stderr ?? ''}`);
    if (r.status !== 0) {
      throw new Error(`code-server --install-extension ${vsixPath} failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
    }
  } else {
    const extPath = resolve(extensionPath ?? ROOT);
    const manifest = JSON.parse(readFileSync(join(extPath, 'package.json'), 'utf8'));
    symlinkSync(extPath, join(extDir, `${manifest.publisher}.${manifest.name}-${manifest.version}`), 'dir');
  }

  // Launch in its own process group (like setsid) so stop() can kill the extension host too.
  const logFd = openSync(logFile, 'a');
  const child = spawn(launcher, [...dirFlags, ...FLAGS, ws], { detached: true, env, cwd: ws, stdio: ['ignore', logFd, logFd] });
  closeSync(logFd);
  const pid = child.pid;
  if (pid === undefined) throw new Error(`could not start ${launcher}`);
  child.unref();
  let exited = null;
  child.on('exit', (code, signal) => { exited = { code, signal }; });

  const url = `http://127.0.0.1:${chosenPort}/`;
  let stopping = null;
  let watchdog = null;
  const server = {
    url,
    workspaceUrl: `${url}?folder=${ws.split('/').map(encodeURIComponent).join('/')}`,
    port: chosenPort,
    pid,
    dataDir: runDir,
    logFile,
    stop() {
      stopping ??= (async () => {
        live.delete(server);
        killGroup(pid, 'SIGTERM');
        const deadline = Date.now() + KILL_GRACE_MS;
        while (groupAlive(pid) && Date.now() < deadline) await sleep(100);
        if (groupAlive(pid)) {
          killGroup(pid, 'SIGKILL');
          for (let i = 0; i < 20 && groupAlive(pid); i++) await sleep(100);
        }
        try { watchdog?.kill(); } catch { /* gone */ }
        if (!keepData) rmSync(runDir, { recursive: true, force: true, maxRetries: 3 });
      })();
      return stopping;
    },
  };
  live.add(server);
  installExitHandlers();
  watchdog = startWatchdog(pid);

  // Ready when /healthz answers 200 (its body says "expired" until a browser connects: still ready).
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (await httpStatus(`${url}healthz`) === 200) break;
    if (exited || Date.now() > deadline) {
      const why = exited ? `exited (code ${exited.code}, signal ${exited.signal})` : `not ready after ${READY_TIMEOUT_MS / 1000} s`;
      const tail = tailFile(logFile);
      keepData = true; // keep the log for inspection
      await server.stop();
      throw new Error(`code-server ${why}; log ${logFile}:\n${tail}`);
    }
    await sleep(250);
  }
  return server;
}
