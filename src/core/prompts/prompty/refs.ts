/**
 * `${env:NAME}`, `${env:NAME:default}` and `${file:relative/path}` references in front-matter
 * string values (spec §2.11, §4.2 step 5), resolved through injected functions so the core does
 * no hidden I/O: no `getEnv` means every variable is unset, no `readFile` means no file resolves.
 *
 * File references are checked lexically: absolute paths and `..` escapes are rejected before
 * anything is read (§2.11 containment). Canonical-path (symlink) containment is the job of the
 * host's `readFile`, which sees only paths inside the prompt's directory tree.
 */
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PromptError } from '../types';
import type { KeyPath } from './frontMatter';

export interface PromptyIo {
  /** Value of an environment variable, or undefined when it is not set. */
  readonly getEnv?: (name: string) => string | undefined;
  /** Text of a file (path joined onto the prompt's directory), or undefined when it does not exist. */
  readonly readFile?: (path: string) => string | undefined;
}

export interface RefContext {
  readonly io: PromptyIo;
  /** Path of the `.prompty` file, for its directory and for messages. */
  readonly path?: string;
  readonly lineOf: (keyPath: KeyPath) => number;
}

const REFERENCE = /^\$\{(\w+):([\s\S]*)\}$/;
const MAX_DEPTH = 8;

/** Walks the whole value tree (§2.11 "Resolution scope") and returns a resolved copy. */
export function resolveReferences(value: unknown, ctx: RefContext, at: KeyPath = [], depth = 0): unknown {
  if (typeof value === 'string') return resolveString(value, ctx, at, depth);
  if (Array.isArray(value)) return value.map((v, i) => resolveReferences(v, ctx, [...at, i], depth));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = resolveReferences(v, ctx, [...at, k], depth);
    return out;
  }
  return value;
}

function resolveString(value: string, ctx: RefContext, at: KeyPath, depth: number): unknown {
  const m = REFERENCE.exec(value);
  if (!m) return value;
  const protocol = m[1]!.toLowerCase();
  const content = m[2]!;
  const fail = (message: string): never => {
    throw new PromptError(message, ctx.path, ctx.lineOf(at));
  };
  if (protocol === 'env') return resolveEnv(content, ctx.io, fail);
  if (protocol === 'file') {
    if (depth >= MAX_DEPTH) fail(`\${file:${content}} nests file references more than ${MAX_DEPTH} deep`);
    const loaded = readReference(content, ctx, fail);
    // References inside a referenced JSON/YAML file resolve too (the shared_connection fixture).
    return typeof loaded === 'string' ? loaded : resolveReferences(loaded, ctx, at, depth + 1);
  }
  return value; // unknown protocol: left unchanged (§4.2 step 5 DEFAULT)
}

/** §2.11 `${env:NAME[:default]}`: the default is everything after the second `:`. */
function resolveEnv(content: string, io: PromptyIo, fail: (m: string) => never): string {
  const colon = content.indexOf(':');
  const name = colon < 0 ? content : content.slice(0, colon);
  const fallback = colon < 0 ? '' : content.slice(colon + 1);
  const value = io.getEnv?.(name);
  if (value !== undefined) return value;
  if (fallback !== '') return fallback;
  return fail(`Environment variable '${name}' not set`);
}

/** §2.11 `${file:relative/path}`: `.json` → JSON, `.yaml`/`.yml` → YAML, anything else → text. */
function readReference(ref: string, ctx: RefContext, fail: (m: string) => never): unknown {
  const normal = path.posix.normalize(ref.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(normal) || path.win32.isAbsolute(ref) || normal === '..' || normal.startsWith('../')) {
    fail(`${ref} resolves outside allowed roots`);
  }
  const target = ctx.path ? path.join(path.dirname(ctx.path), normal) : normal;
  let text: string | undefined;
  try {
    text = ctx.io.readFile?.(target);
  } catch {
    text = undefined;
  }
  if (text === undefined) fail(`Referenced file not found: ${ref}`);
  const ext = path.extname(normal).toLowerCase();
  try {
    if (ext === '.json') return JSON.parse(text!) as unknown;
    if (ext === '.yaml' || ext === '.yml') return parseYaml(text!) as unknown;
  } catch (e) {
    fail(`Referenced file ${ref} is not valid ${ext === '.json' ? 'JSON' : 'YAML'}: ${(e as Error).message.split('\n')[0]}`);
  }
  return text!;
}
