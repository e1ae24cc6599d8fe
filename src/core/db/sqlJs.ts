/**
 * Loads sql.js's WebAssembly from a local file (never over the network) and caches the module.
 *
 * Default location: `sql-wasm.wasm` beside the running script (the bundled case: dist/cli.js and
 * dist/extension.js sit beside dist/sql-wasm.wasm), else the copy inside the sql.js package.
 */
import { existsSync, promises as fsp } from 'node:fs';
import * as path from 'node:path';
import initSqlJs from 'sql.js';
import type { SqlJsStatic } from 'sql.js';

const loaded = new Map<string, Promise<SqlJsStatic>>();

export function defaultWasmPath(): string {
  const beside = path.join(__dirname, 'sql-wasm.wasm');
  if (existsSync(beside)) return beside;
  // Not a literal: bundlers would try to bundle the .wasm; at run time this resolves sql.js's copy.
  const packaged = ['sql.js', 'dist', 'sql-wasm.wasm'].join('/');
  return require.resolve(packaged);
}

export function loadSqlJs(wasmPath: string = defaultWasmPath()): Promise<SqlJsStatic> {
  const key = path.resolve(wasmPath);
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      const bytes = await fsp.readFile(key);
      const wasmBinary = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return initSqlJs({ wasmBinary });
    })();
    p.catch(() => loaded.delete(key));
    loaded.set(key, p);
  }
  return p;
}
