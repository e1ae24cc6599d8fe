#!/usr/bin/env node
// Runs Tracemine's three test layers with Node's built-in test runner (one runner everywhere):
//   unit     the pure core in plain Node                        test/unit/**/*.test.ts
//   webview  each webview app in headless Chromium               test/webview/**/*.test.ts
//   e2e      the packaged extension inside a real VS Code        test/e2e/**/*.test.ts
//            (code-server from the npm registry, driven by playwright-core + Chromium)
// Usage: node scripts/test.mjs all|unit|webview|e2e [more layers]
// Prints each layer's summary and a final "N passed, N failed, N skipped" line; exits non-zero
// on any failure, and on a layer that ran no test at all.
import { spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['unit', 'webview', 'e2e'];
let layers = process.argv.slice(2);
if (layers.length === 0 || layers.includes('all')) layers = ALL;
for (const l of layers) if (!ALL.includes(l)) { console.error(`unknown test layer '${l}' (use ${ALL.join(', ')} or all)`); process.exit(2); }

function findTests(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

export function chromiumPath() {
  return process.env.TRACEMINE_CHROMIUM ?? '/usr/bin/chromium';
}

function ensureChromium() {
  if (existsSync(chromiumPath())) return;
  const isRoot = process.getuid?.() === 0;
  if (isRoot && existsSync('/usr/bin/apt-get')) {
    console.log('[test] Chromium is missing: installing Debian\'s chromium package');
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    return;
  }
  console.error(`[test] Chromium not found at ${chromiumPath()}. Install it (Debian/Ubuntu: sudo apt-get install -y chromium) or set TRACEMINE_CHROMIUM.`);
  process.exit(2);
}

function ensureBuilt() {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { stdio: 'inherit', cwd: root });
}

function ensurePackaged() {
  execFileSync('npm', ['run', '--silent', 'package'], { stdio: 'inherit', cwd: root });
}

function ensureCodeServer() {
  const out = execFileSync('bash', [join(root, 'scripts', 'ensure-code-server.sh')], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return out.toString().trim().split('\n').pop();
}

const resultsDir = join(root, 'test-results');
mkdirSync(resultsDir, { recursive: true });
const totals = { pass: 0, fail: 0, skipped: 0, todo: 0 };
let failed = false;

if (layers.some((l) => l !== 'unit')) ensureChromium();
// The e2e layer tests what ships: the .vsix that `npm run package` builds (production bundles).
if (layers.includes('e2e')) ensurePackaged();
else if (layers.includes('webview')) ensureBuilt();
const env = { ...process.env };
if (layers.includes('e2e')) env.TRACEMINE_CODE_SERVER = ensureCodeServer();

for (const layer of layers) {
  const files = findTests(join(root, 'test', layer));
  console.log(`\n=== ${layer} tests (${files.length} files) ===`);
  const tap = join(resultsDir, `${layer}.tap`);
  const args = [
    '--import', 'tsx', '--test', '--test-concurrency=1',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`,
    ...files.map((f) => relative(root, f)),
  ];
  const r = files.length ? spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env }) : { status: 1 };
  const text = existsSync(tap) && files.length ? readFileSync(tap, 'utf8') : '';
  const count = (k) => Number(/^# (\w+) (\d+)$/m.test(text) ? (text.match(new RegExp(`^# ${k} (\\d+)$`, 'm'))?.[1] ?? 0) : 0);
  const c = { tests: count('tests'), pass: count('pass'), fail: count('fail'), skipped: count('skipped'), todo: count('todo') };
  for (const k of ['pass', 'fail', 'skipped', 'todo']) totals[k] += c[k];
  console.log(`${layer}: ${c.pass} passed, ${c.fail} failed, ${c.skipped} skipped`);
  if (r.status !== 0 || c.tests === 0) {
    failed = true;
    if (c.tests === 0) console.error(`${layer}: ran no test`);
  }
}

console.log(`\n${totals.pass} passed, ${totals.fail} failed, ${totals.skipped} skipped`);
process.exit(failed ? 1 : 0);
