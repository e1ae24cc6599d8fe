/**
 * A prompt file or a suite file together with the files it is related to, read through an
 * injected `FileIo` (the server reads open documents first, then the disk; tests use a map):
 *
 * - a prompt's suite is `<stem>.eval.yaml` / `<stem>.eval.yml` beside it, else a
 *   `promptfooconfig.yaml|yml` in its folder that names it;
 * - a suite's prompts are its `prompts:` files (`.prompt`/`.prompty`), or `<stem>.prompt` /
 *   `<stem>.prompty` beside a native suite that lists none.
 *
 * Suites that do not load (schema errors while typing) are still read leniently, case by case,
 * so that hover, completion and the required-variable check keep working.
 *
 * Every path read or probed is recorded in `dependencies`, so the server re-analyses a file
 * when one of them changes, appears or disappears.
 */
import * as nodePath from 'node:path';
import { LineCounter, isMap, isSeq, parseDocument, type Document, type Node as YamlNode } from 'yaml';
import type { EvalCase, EvalSuite } from '../core/evals/types';
import { casesForPrompt, detectSuiteFormat, loadSuite, suitePathsForPrompt } from '../core/evals/suite';
import { renderDotprompt, toPromptMessages } from '../core/prompts/dotprompt';
import { renderPrompty } from '../core/prompts/prompty';
import { countPromptTokens, modelContext, type ModelContext, type TokenEncodingName } from '../core/prompts/tokens';
import type { PromptMessage } from '../core/prompts/types';
import { buildPromptModel, type PromptModel, type PromptyFileReader } from './promptModel';
import { LineIndex, pairOf, scalarString, type YamlPlacement } from './textUtil';

export interface FileIo {
  /** The text of a file; rejects when it does not exist. */
  readFile(path: string): Promise<string>;
  /** Synchronous read for Prompty `${file:}` references (optional). */
  readFileSync?: PromptyFileReader;
}

/** One case as the editor sees it (0-based line in the suite file). */
export interface SuiteCase {
  readonly id?: string;
  /** Zero-based line of the case in the suite (for case-file cases: the `file://` line). */
  readonly line?: number;
  readonly vars: Readonly<Record<string, unknown>>;
  /** Read from a `file://` case file rather than written inline. */
  readonly fromFile: boolean;
}

export interface SuiteFile {
  readonly path: string;
  readonly text: string;
  readonly index: LineIndex;
  readonly format: EvalSuite['format'];
  readonly yaml: YamlPlacement & { readonly doc: Document.Parsed };
  /** The loaded suite, when it loads. */
  readonly suite?: EvalSuite;
  /** Why it does not load (usually a SuiteError). */
  readonly error?: unknown;
  /** Every case (loaded, else read leniently from the YAML). */
  readonly cases: readonly SuiteCase[];
}

export interface TokenReport {
  /** Undefined when the prompt could not be rendered (see `error`). */
  readonly tokens?: number;
  readonly encoding?: TokenEncodingName;
  readonly model?: string;
  readonly context?: ModelContext;
  /** What the prompt was rendered with, in words. */
  readonly varsSource: string;
  /** Required inputs without a value, rendered empty. */
  readonly emptyVars: readonly string[];
  readonly mediaNotCounted: boolean;
  readonly error?: string;
}

export interface PromptContext {
  readonly model: PromptModel;
  readonly suite?: SuiteFile;
  /** The suite's cases that run against this prompt. */
  readonly cases: readonly SuiteCase[];
  readonly tokens?: TokenReport;
  readonly dependencies: readonly string[];
}

export interface SuitePrompt {
  /** Absolute path. */
  readonly path: string;
  /** As the suite names it. */
  readonly rel: string;
  readonly model?: PromptModel;
}

export interface SuiteContext {
  readonly file: SuiteFile;
  readonly prompts: readonly SuitePrompt[];
  readonly dependencies: readonly string[];
}

const PROMPTFOO_NAMES = ['promptfooconfig.yaml', 'promptfooconfig.yml'];

/** Records what was read, and turns a failed read into undefined. */
function recorder(io: FileIo): { read(path: string): Promise<string | undefined>; io: FileIo; deps: Set<string> } {
  const deps = new Set<string>();
  const tracked: FileIo = {
    readFile: async (path) => {
      deps.add(nodePath.resolve(path));
      return io.readFile(path);
    },
    ...(io.readFileSync && {
      readFileSync: (path: string) => {
        deps.add(nodePath.resolve(path));
        return io.readFileSync!(path);
      },
    }),
  };
  return { io: tracked, deps, read: (path) => tracked.readFile(path).then((t) => t, () => undefined) };
}

export async function loadPromptContext(path: string, text: string, io: FileIo, opts: { tokens?: boolean } = {}): Promise<PromptContext> {
  const r = recorder(io);
  const model = buildPromptModel(path, text, r.io.readFileSync);
  let suite: SuiteFile | undefined;
  let cases: readonly SuiteCase[] = [];
  const dir = nodePath.dirname(path);
  for (const candidate of [...suitePathsForPrompt(path), ...PROMPTFOO_NAMES.map((n) => nodePath.join(dir, n))]) {
    const suiteText = await r.read(candidate);
    if (suiteText === undefined) continue;
    const file = await readSuiteFile(candidate, suiteText, r.io);
    const stemSuite = !PROMPTFOO_NAMES.includes(nodePath.basename(candidate).toLowerCase());
    if (file.suite) {
      const own = casesForPrompt(file.suite, path);
      if (own.length === 0 && !stemSuite) continue;
      const ids = new Set(own.map((c) => c.id));
      cases = file.cases.filter((c) => c.id === undefined || ids.has(c.id));
    } else if (stemSuite) {
      cases = file.cases;
    } else {
      continue;
    }
    suite = file;
    break;
  }
  const tokens = opts.tokens === false ? undefined : await tokenReport(model, suite, cases);
  return { model, ...(suite && { suite }), cases, ...(tokens && { tokens }), dependencies: [...r.deps] };
}

export async function loadSuiteContext(path: string, text: string, io: FileIo): Promise<SuiteContext> {
  const r = recorder(io);
  const file = await readSuiteFile(path, text, r.io);
  const dir = nodePath.dirname(path);
  const prompts: SuitePrompt[] = [];
  for (const rel of promptPathsOf(file)) {
    const abs = nodePath.resolve(dir, rel);
    if (prompts.some((p) => p.path === abs)) continue;
    const promptText = await r.read(abs);
    prompts.push({ path: abs, rel, ...(promptText !== undefined && { model: buildPromptModel(abs, promptText, r.io.readFileSync) }) });
  }
  return { file, prompts, dependencies: [...r.deps] };
}

/** Loads a suite (lenient fallback when it does not load). */
export async function readSuiteFile(path: string, text: string, io: FileIo): Promise<SuiteFile> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const yaml = { doc, lineCounter, firstLine: 0 };
  const format = detectSuiteFormat(path, text);
  const index = new LineIndex(text);
  const base = { path, text, index, format, yaml };
  try {
    const suite = await loadSuite(path, text, io);
    const cases = suite.cases.map((c) => toSuiteCase(c, index));
    return { ...base, suite, cases };
  } catch (error) {
    return { ...base, error, cases: inlineCases(yaml, format) };
  }
}

function toSuiteCase(c: EvalCase, index: LineIndex): SuiteCase {
  const line = c.line === undefined ? undefined : c.line - 1;
  // A case read from a case file sits on its `file://` reference line.
  const fromFile = line === undefined || /file:\/\//.test(index.line(line));
  return { id: c.id, ...(line !== undefined && { line }), vars: c.vars, fromFile };
}

/** Cases written inline in the YAML (`tests:` items), with the suite's default vars merged in. */
export function inlineCases(yaml: SuiteFile['yaml'], format: EvalSuite['format']): SuiteCase[] {
  const root = yaml.doc.contents;
  const defaultsNode = pairOf(root, format === 'promptfoo' ? 'defaultTest' : 'defaults')?.value;
  const defaultVars = toRecord(pairOf(defaultsNode, 'vars')?.value, yaml.doc);
  const tests = pairOf(root, 'tests')?.value;
  const out: SuiteCase[] = [];
  if (!isSeq(tests)) return out;
  tests.items.forEach((item, i) => {
    const start = (item as YamlNode | null)?.range?.[0];
    const line = start === undefined ? undefined : yaml.lineCounter.linePos(start).line - 1;
    if (!isMap(item)) return; // a `file://` case file: its cases are not known without loading
    const id = scalarString(pairOf(item, 'id')?.value);
    out.push({ id: id ?? `case-${i + 1}`, ...(line !== undefined && { line }), vars: { ...defaultVars, ...toRecord(pairOf(item, 'vars')?.value, yaml.doc) }, fromFile: false });
  });
  return out;
}

function toRecord(node: unknown, doc: Document.Parsed): Record<string, unknown> {
  if (!isMap(node)) return {};
  try {
    const js: unknown = node.toJS(doc);
    return js && typeof js === 'object' && !Array.isArray(js) ? (js as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** The prompt files a suite runs (relative to the suite), loaded or read leniently. */
function promptPathsOf(file: SuiteFile): string[] {
  const isPromptFile = (p: string) => /\.prompty?$/i.test(p);
  if (file.suite) return file.suite.prompts.map((p) => p.path).filter((p): p is string => p !== undefined && isPromptFile(p));
  const node = pairOf(file.yaml.doc.contents, 'prompts')?.value;
  const out: string[] = [];
  const add = (v: unknown) => {
    const s = typeof v === 'string' ? v : v && typeof v === 'object' ? ((v as Record<string, unknown>).path ?? (v as Record<string, unknown>).id) : undefined;
    if (typeof s !== 'string') return;
    const rel = s.replace(/^file:\/\//, '');
    if (isPromptFile(rel)) out.push(rel);
  };
  const js: unknown = node ? toPlain(node, file.yaml.doc) : undefined;
  if (Array.isArray(js)) js.forEach(add);
  else if (typeof js === 'string') add(js);
  else if (js && typeof js === 'object' && file.format === 'promptfoo') Object.keys(js).forEach(add);
  if (out.length === 0 && js === undefined && file.format === 'tracemine') {
    const stem = nodePath.basename(file.path).replace(/\.eval\.ya?ml$/i, '').replace(/\.ya?ml$/i, '');
    out.push(`${stem}.prompt`, `${stem}.prompty`);
  }
  return out;
}

function toPlain(node: unknown, doc: Document.Parsed): unknown {
  try {
    return (node as { toJS(d: unknown): unknown }).toJS(doc);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Token count of the rendered prompt

/** Renders `model` with the suite's first case (else its own sample/defaults) and counts tokens. */
export async function tokenReport(model: PromptModel, suite: SuiteFile | undefined, cases: readonly SuiteCase[]): Promise<TokenReport | undefined> {
  const loaded = model.loaded;
  const modelName = loaded?.model ?? model.model?.value;
  const first = cases.find((c) => !c.fromFile) ?? cases[0];
  const varsSource = first && suite
    ? `the first case of ${nodePath.basename(suite.path)}${first.id ? ` (\`${first.id}\`)` : ''}`
    : loaded?.sample && Object.keys(loaded.sample).length > 0 ? "the file's sample/default values" : 'no variable values';
  const base = { ...(modelName && { model: modelName }), ...(modelContext(modelName) && { context: modelContext(modelName)! }), varsSource, mediaNotCounted: false };
  if (!loaded) return { ...base, emptyVars: [], ...(model.loadError && { error: bare(model.loadError) }) };
  const vars: Record<string, unknown> = { ...loaded.sample, ...first?.vars };
  const emptyVars = model.declarations.filter((d) => d.required && !d.hasDefault && vars[d.name] === undefined).map((d) => d.name);
  for (const name of emptyVars) vars[name] = '';
  let messages: PromptMessage[];
  try {
    messages = loaded.format === 'prompty' ? renderPrompty(loaded, vars) : toPromptMessages(renderDotprompt(loaded, { input: vars }).messages);
  } catch (err) {
    return { ...base, emptyVars, error: bare(err) };
  }
  const count = await countPromptTokens(messages, modelName);
  return { ...base, emptyVars, tokens: count.tokens, encoding: count.encoding, mediaNotCounted: count.mediaNotCounted };
}

/** An error's message without the `path:line:` prefix PromptError adds. */
export function bare(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const path = (err as { path?: unknown }).path;
  if (typeof path === 'string' && message.startsWith(path)) return message.slice(path.length).replace(/^(?::\d+)*:\s*/, '');
  return message;
}
