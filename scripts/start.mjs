#!/usr/bin/env node
// `npm start`: opens a real VS Code with Tracemine loaded (from this folder, unpackaged) on the
// sample workspace samples/.
//   - A desktop `code` on PATH: `code --extensionDevelopmentPath=<repo> <repo>/samples`, then exit.
//   - Otherwise: VS Code in the browser (code-server, cached by scripts/ensure-code-server.sh) on
//     http://127.0.0.1:8080/ (127.0.0.1 only, no auth), in the foreground until Ctrl+C.
// Options:
//   --port N     port for code-server (also env TRACEMINE_PORT; default 8080; a free one if busy)
//   --web        use code-server even when a desktop `code` is on PATH (also env TRACEMINE_WEB=1)
//   --smoke      start code-server, check it answers, print the URL, stop, exit 0 (CI check)
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { setInterval, clearInterval } from 'node:timers';
import { ROOT, httpStatus, isPortFree, freePort, startCodeServer, tailFile } from './code-server.mjs';

const DEFAULT_PORT = 8080;
const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const forceWeb = smoke || argv.includes('--web') || process.env.TRACEMINE_WEB === '1';
const samples = join(ROOT, 'samples');

function fail(message) {
  console.error(`[start] ${message}`);
  process.exit(1);
}

function requestedPort() {
  const i = argv.findIndex((a) => a === '--port' || a.startsWith('--port='));
  const raw = i < 0 ? process.env.TRACEMINE_PORT : argv[i].startsWith('--port=') ? argv[i].slice(7) : argv[i + 1];
  if (raw === undefined || raw === '') return { port: DEFAULT_PORT, explicit: false };
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) fail(`invalid port '${raw}'`);
  return { port, explicit: true };
}

/** A desktop VS Code `code` on PATH (not the `code` shim of a code-server / remote terminal). */
function desktopCode() {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, 'code');
    try {
      accessSync(p, constants.X_OK);
    } catch {
      continue;
    }
    if (/remote-cli|code-server|\.vscode-server/.test(p)) continue;
    return p;
  }
  return undefined;
}

function ensureBuilt() {
  if (existsSync(join(ROOT, 'dist', 'extension.js'))) return;
  console.log('[start] dist/extension.js is missing: building');
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) fail('the build failed');
}

if (!existsSync(samples)) fail(`the sample workspace ${samples} is missing`);
ensureBuilt();

const code = forceWeb ? undefined : desktopCode();
if (code) {
  console.log(`[start] opening VS Code (${code}) with Tracemine in development mode on samples/`);
  const r = spawnSync(code, [`--extensionDevelopmentPath=${ROOT}`, samples], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}

const { port: wanted, explicit } = requestedPort();
let port = wanted;
if (!(await isPortFree(wanted))) {
  port = await freePort();
  console.log(`[start] port ${wanted} is busy${explicit ? '' : ' (the default)'}: using ${port} instead`);
}

const started = Date.now();
console.log('[start] starting VS Code (code-server) with Tracemine on samples/ …');
let server;
try {
  server = await startCodeServer({ workspace: samples, extensionPath: ROOT, port, settings: { 'workbench.secondarySideBar.defaultVisibility': 'hidden' } });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

if (smoke) {
  const health = await httpStatus(`${server.url}healthz`);
  const page = await httpStatus(server.workspaceUrl);
  console.log(`Tracemine is running in VS Code at: ${server.workspaceUrl}`);
  console.log(`[start] smoke: ready in ${Date.now() - started} ms, /healthz ${health}, workbench page ${page}`);
  await server.stop();
  if (health !== 200 || page !== 200) fail('smoke check failed');
  console.log('[start] smoke: OK (code-server stopped)');
  process.exit(0);
}

console.log('');
console.log(`Tracemine is running in VS Code at: ${server.workspaceUrl}`);
console.log('Press Ctrl+C to stop.');
console.log(`(log: ${server.logFile})`);

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  clearInterval(watch);
  console.log(`\n[start] ${signal}: stopping code-server`);
  await server.stop();
  process.exit(0);
}
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => { void shutdown(sig); });

// Stay in the foreground; leave if code-server dies on its own.
const watch = setInterval(() => {
  try {
    process.kill(-server.pid, 0);
  } catch {
    if (stopping) return;
    clearInterval(watch);
    console.error(`[start] code-server exited unexpectedly; last lines of ${server.logFile}:\n${tailFile(server.logFile)}`);
    void server.stop().then(() => process.exit(1));
  }
}, 2_000);
