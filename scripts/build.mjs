#!/usr/bin/env node
// Bundles every program Tracemine ships with esbuild:
//   dist/extension.js      the VS Code extension host entry (CommonJS, `vscode` external)
//   dist/server.js         the prompt-file language server (its own Node process)
//   dist/cli.js            the `tracemine` command-line entry (same core, headless)
//   dist/webview/*.js|css  one bundle per webview app (browser IIFE)
//   dist/sql-wasm.wasm     sql.js's WebAssembly, shipped so nothing is fetched at run time
// Flags: --production (minify, no source maps), --watch.
import * as esbuild from 'esbuild';
import { copyFileSync, chmodSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

const common = {
  bundle: true,
  minify: production,
  sourcemap: production ? false : 'linked',
  logLevel: 'warning',
  absWorkingDir: root,
  legalComments: 'linked',
  // The core falls back to require.resolve('sql.js/…wasm') only when run from source (tests);
  // bundles always find dist/sql-wasm.wasm beside them.
  logOverride: { 'require-resolve-not-external': 'silent' },
};

const nodeCommon = { ...common, platform: 'node', format: 'cjs', target: 'node20' };

const builds = [
  { ...nodeCommon, entryPoints: { extension: 'src/extension/main.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...nodeCommon, entryPoints: { server: 'src/server/main.ts' }, outdir: 'dist' },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  {
    ...common,
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    entryPoints: { processMap: 'webview/processMap/main.ts', traceReview: 'webview/traceReview/main.ts', evalCompare: 'webview/evalCompare/main.ts' },
    outdir: 'dist/webview',
  },
];

rmSync(join(root, 'dist'), { recursive: true, force: true });
mkdirSync(join(root, 'dist'), { recursive: true });
copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), join(root, 'dist', 'sql-wasm.wasm'));

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('[build] watching for changes');
} else {
  const started = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  chmodSync(join(root, 'dist', 'cli.js'), 0o755);
  console.log(`[build] ${production ? 'production' : 'development'} bundles in dist/ (${Date.now() - started} ms)`);
}
