/**
 * The entry point: load any suite file. `promptfooconfig.yaml|yml|json` is a promptfoo config,
 * `*.eval.yaml|yml` a native suite; any other name is decided by content (promptfoo-only keys or
 * promptfoo-style prompts/providers/tests → promptfoo, else native).
 */
import * as nodePath from 'node:path';
import type { EvalSuite } from '../types';
import { PROMPTFOO_CONFIG_RE } from './editor';
import type { SuiteIO } from './files';
import { loadNativeSuite, NATIVE_SUITE_SUFFIXES } from './native';
import { loadPromptfooConfig } from './promptfoo';
import { PROMPTFOO_ONLY_KEYS } from './schema';
import { parseYaml } from './yamlSource';

export type SuiteFormat = EvalSuite['format'];

/**
 * Loads the suite at `path` from its `text`; referenced files are read with `io.readFile`
 * (paths joined to the suite's folder). Throws SuiteError for fatal problems; everything
 * else is in `suite.warnings`.
 */
export async function loadSuite(path: string, text: string, io: SuiteIO): Promise<EvalSuite> {
  return detectSuiteFormat(path, text) === 'promptfoo' ? loadPromptfooConfig(path, text, io) : loadNativeSuite(path, text, io);
}

const NATIVE_ONLY = ['judge', 'defaults', 'budgetUsd', 'concurrency', 'repeat'];

/** Which loader a file goes to: by name, else by content. */
export function detectSuiteFormat(path: string, text: string): SuiteFormat {
  const base = nodePath.basename(path).toLowerCase();
  if (PROMPTFOO_CONFIG_RE.test(base)) return 'promptfoo';
  if (NATIVE_SUITE_SUFFIXES.some((s) => base.endsWith(s))) return 'tracemine';
  let root: unknown;
  try {
    root = parseYaml(text, path).value;
  } catch {
    return 'tracemine'; // the native loader reports the syntax error
  }
  if (typeof root !== 'object' || root === null || Array.isArray(root)) return 'tracemine';
  const o = root as Record<string, unknown>;
  if (Object.keys(o).some((k) => PROMPTFOO_ONLY_KEYS.has(k))) return 'promptfoo';
  if (NATIVE_ONLY.some((k) => k in o)) return 'tracemine';
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);
  const promptfooPrompt = (p: unknown) => (typeof p === 'string' && (p.startsWith('file://') || p.includes('{{') || /\s/.test(p))) || (typeof p === 'object' && p !== null && 'raw' in p);
  const promptfooProvider = (p: unknown) => typeof p === 'object' && p !== null && !('model' in p);
  const promptfooTest = (t: unknown) => typeof t === 'object' && t !== null && ['options', 'threshold', 'metadata', 'provider', 'providers'].some((k) => k in t);
  if (list(o.prompts).some(promptfooPrompt) || list(o.providers).some(promptfooProvider) || list(o.tests).some(promptfooTest)) return 'promptfoo';
  return 'tracemine';
}
