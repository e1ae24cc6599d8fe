/**
 * "Tracemine: Run Prompt in Playground": runs a prompt file (.prompt / .prompty) once, with inputs
 * taken from one of its suite's cases, from the file's sample values, or typed, on a model picked
 * from the prompt's, the setting's and the suite's providers. The prompt is rendered by the core,
 * sent through the core's `callProvider` with `withRetry` (in a trusted workspace, under a
 * cancellable progress notification), and the answer opens in a new untitled editor beside: JSON
 * (`jsonc`, so the header comment is legal) when the output is a JSON object or array, else
 * Markdown. A header comment names the prompt, model, endpoint, inputs, tokens, cost (unknown
 * stays unknown), latency and finish reason; tool calls are shown as JSON. The log gets the same
 * facts, never the API key, and the endpoint without credentials or query string.
 */
import * as fs from 'node:fs';
import * as fsp from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  casesForPrompt, loadPromptFile, pricingTable, renderPromptFile, toChatMessages,
  type EvalCase, type EvalSuite, type LoadedPrompt, type PromptInput, type ProviderResponse, type ToolCallOut,
} from '../../core';
import { optionsToConfig } from '../../core/prompts/prompty/schema';
import { ProviderCallError } from '../../core/evals/runner/errors';
import { callProvider, withRetry } from '../../core/evals/runner';
import type { Ctx } from '../context';
import { withCancellableProgress } from '../progress';
import { ensureTrusted } from '../trust';
import { suiteForPrompt } from './evalEditor';

const PROMPT_RE = /\.(prompt|prompty)$/i;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.tracemine/**}';

export function registerPlayground(ctx: Ctx): void {
  ctx.registerCommand('tracemine.runPlayground', (c) => (arg?: unknown) => runPlayground(c, arg));
}

/** What the playground ran and got; returned by the command (for tests and other commands). */
export interface PlaygroundResult {
  readonly promptPath: string;
  readonly model: string;
  readonly vars: Readonly<Record<string, unknown>>;
  readonly response: ProviderResponse;
  readonly document: vscode.TextDocument;
}

interface InputChoice {
  readonly vars: Record<string, unknown>;
  /** Where the values came from, for the header and the log. */
  readonly source: string;
}

interface ModelChoice {
  readonly model: string;
  readonly baseUrl: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly source: string;
}

export async function runPlayground(ctx: Ctx, arg?: unknown): Promise<PlaygroundResult | undefined> {
  const uri = await promptUri(arg);
  if (!uri) return undefined;
  if (!(await ensureTrusted('Run Prompt in Playground'))) return undefined;
  const promptPath = uri.fsPath;
  const rel = vscode.workspace.asRelativePath(uri, false);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : await fsp.readFile(promptPath, 'utf8');
  const prompt = loadPromptFile(promptPath, text, { getEnv: (n) => process.env[n], readFile: containedReader(promptPath) });

  const suite = await suiteOf(ctx, promptPath);
  const inputs = await pickInputs(prompt, promptPath, rel, suite);
  if (!inputs) return undefined;
  // Render before choosing a model: a missing input or a template error shows at once.
  const messages = toChatMessages(renderPromptFile(prompt, inputs.vars), promptPath);
  const choice = await pickModel(ctx, prompt, rel, suite?.suite);
  if (!choice) return undefined;

  const apiKey = (await ctx.apiKeys.get(choice.baseUrl)) ?? undefined;
  const endpoint = safeUrl(choice.baseUrl);
  const tools = prompt.tools && prompt.tools.length > 0 ? prompt.tools : undefined;
  let response: ProviderResponse | undefined;
  try {
    response = await withCancellableProgress(`Running ${path.basename(promptPath)} on ${choice.model}`, (progress, signal) => withRetry(
      (attemptSignal, attempt) => {
        if (attempt > 1) progress({ message: `attempt ${attempt}` });
        return callProvider({
          baseUrl: choice.baseUrl, apiKey, model: choice.model, params: choice.params, messages,
          ...(tools ? { tools } : {}),
          signal: attemptSignal, pricing: pricingTable(ctx.config.pricingOverrides),
        });
      },
      { onRetry: (n, err, delay) => ctx.log.warn(`Playground: attempt ${n} on ${endpoint} failed (${err.message}); retrying in ${Math.round(delay)} ms`) },
      signal,
    ));
  } catch (err) {
    if (err instanceof ProviderCallError && err.kind === 'http' && (err.status === 401 || err.status === 403)) {
      ctx.log.error(`Playground: ${err.message}`);
      const set = 'Set API Key';
      void vscode.window.showErrorMessage(`Tracemine: ${err.message} Is the API key for ${endpoint} set?`, set).then((c) => {
        if (c === set) void vscode.commands.executeCommand('tracemine.setApiKey');
      });
      return undefined;
    }
    throw err;
  }
  if (!response) {
    ctx.log.info(`Playground: ${rel} on ${choice.model} cancelled`);
    return undefined;
  }

  const facts = headerFacts({ rel, choice, endpoint, inputs, response, params: choice.params, tools: tools?.length ?? 0 });
  const { language, content } = playgroundDocument(response, facts);
  const document = await vscode.workspace.openTextDocument({ language, content });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  ctx.log.info(`Playground: ${rel} · ${facts.filter(([k]) => k !== 'inputs').map(([k, v]) => `${k} ${v}`).join(' · ')} · inputs ${inputs.source}`);
  return { promptPath, model: choice.model, vars: inputs.vars, response, document };
}

// ---------------------------------------------------------------------------------------------
// The prompt file

async function promptUri(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && PROMPT_RE.test(arg.fsPath)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (!(arg instanceof vscode.Uri) && active && active.scheme === 'file' && PROMPT_RE.test(active.fsPath)) return active;
  const files = await vscode.workspace.findFiles('**/*.{prompt,prompty}', EXCLUDE, 500);
  if (files.length === 0) {
    void vscode.window.showInformationMessage('Tracemine: open a prompt file (.prompt or .prompty) to run it in the playground.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    files.map((f) => ({ label: vscode.workspace.asRelativePath(f, false), uri: f })).sort((a, b) => a.label.localeCompare(b.label)),
    { title: 'Run Prompt in Playground', placeHolder: 'Which prompt file?' },
  );
  return picked?.uri;
}

/** Prompty `${file:}` references: only files inside the prompt's folder (symlinks resolved). */
function containedReader(promptPath: string): (p: string) => string | undefined {
  return (p) => {
    try {
      const root = fs.realpathSync(path.dirname(promptPath));
      const real = fs.realpathSync(p);
      if (real !== root && !real.startsWith(root + path.sep)) return undefined;
      return fs.readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}

async function suiteOf(ctx: Ctx, promptPath: string): Promise<{ suite: EvalSuite; path: string } | undefined> {
  const suitePath = await suiteForPrompt(promptPath).catch(() => undefined);
  if (!suitePath) return undefined;
  try {
    return { suite: await ctx.evals.loadSuite(suitePath), path: suitePath };
  } catch (err) {
    ctx.log.warn(`Playground: the suite ${suitePath} could not be loaded, so its cases are not offered: ${err instanceof Error ? err.message : String(err)}`);
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Inputs

type InputItem = vscode.QuickPickItem & { readonly pick?: () => Promise<InputChoice | undefined> };

async function pickInputs(prompt: LoadedPrompt, promptPath: string, rel: string, suite: { suite: EvalSuite; path: string } | undefined): Promise<InputChoice | undefined> {
  const cases: readonly EvalCase[] = suite ? casesForPrompt(suite.suite, promptPath) : [];
  const sample = sampleValues(prompt);
  if (cases.length === 0 && sample === undefined && prompt.inputs.length === 0) return { vars: {}, source: 'none (the prompt declares no inputs)' };
  const items: InputItem[] = [
    { label: '$(edit) Type values…', detail: prompt.inputs.length ? `One box per input: ${prompt.inputs.map((i) => i.name).join(', ')}` : 'The variables as one JSON object', pick: () => typeValues(prompt) },
  ];
  if (sample !== undefined) {
    items.push({ label: "$(file) The file's sample values", detail: oneLine(JSON.stringify(sample), 200), pick: async () => ({ vars: { ...sample }, source: "the file's sample values" }) });
  }
  if (cases.length > 0) {
    items.push({ label: `Cases of ${vscode.workspace.asRelativePath(suite!.path, false)}`, kind: vscode.QuickPickItemKind.Separator });
    for (const c of cases) {
      items.push({
        label: `From the suite: ${c.id}`,
        ...(c.description ? { description: c.description } : {}),
        detail: oneLine(JSON.stringify(c.vars), 200),
        pick: async () => ({ vars: { ...c.vars }, source: `suite case "${c.id}"` }),
      });
    }
  }
  const picked = await vscode.window.showQuickPick(items, { title: `Inputs for ${rel}`, placeHolder: 'Run the prompt with which inputs?', matchOnDescription: true });
  return picked?.pick?.();
}

/** The file's sample values merged over its declared defaults; undefined when it has neither. */
function sampleValues(prompt: LoadedPrompt): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  for (const i of prompt.inputs) if (i.default !== undefined && i.default !== null) out[i.name] = i.default;
  Object.assign(out, prompt.sample ?? {});
  return Object.keys(out).length > 0 ? out : undefined;
}

async function typeValues(prompt: LoadedPrompt): Promise<InputChoice | undefined> {
  if (prompt.inputs.length === 0) {
    const raw = await vscode.window.showInputBox({
      title: 'Playground inputs',
      prompt: 'The prompt declares no inputs: give its variables as a JSON object',
      value: JSON.stringify(prompt.sample ?? {}),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const parsed = tryJson(v);
        return parsed.ok && isRecord(parsed.value) ? undefined : 'Enter a JSON object, e.g. {"name": "Ada"}';
      },
    });
    if (raw === undefined) return undefined;
    return { vars: tryJson(raw).value as Record<string, unknown>, source: 'typed' };
  }
  const vars: Record<string, unknown> = {};
  const n = prompt.inputs.length;
  for (const [k, input] of prompt.inputs.entries()) {
    const prefill = input.default ?? prompt.sample?.[input.name];
    const kind = baseType(input.type);
    const raw = await vscode.window.showInputBox({
      title: `Input ${k + 1} of ${n}: ${input.name}`,
      prompt: [input.description, `${kind ?? 'any type'}${input.required ? ', required' : ', optional: leave empty to omit'}`, kind === 'string' ? undefined : 'JSON allowed']
        .filter(Boolean).join(' · '),
      value: prefill === undefined || prefill === null ? '' : typeof prefill === 'string' ? prefill : JSON.stringify(prefill),
      ignoreFocusOut: true,
      validateInput: (v) => {
        const r = parseTyped(v, input);
        return 'error' in r ? r.error : undefined;
      },
    });
    if (raw === undefined) return undefined;
    const r = parseTyped(raw, input);
    if ('value' in r) vars[input.name] = r.value;
  }
  return { vars, source: 'typed' };
}

/** `string`, `number`… from a declared type (`string?`, `array(string)`, `String`); undefined = any. */
function baseType(type: string | undefined): string | undefined {
  const t = type?.trim().toLowerCase().match(/^[a-z]+/)?.[0];
  return t === undefined || t === 'any' ? undefined : t;
}

/** A typed value: strings as written (or a quoted JSON string), other types as JSON; empty = omitted. */
export function parseTyped(raw: string, input: Pick<PromptInput, 'name' | 'type' | 'required'>): { value: unknown } | { omit: true } | { error: string } {
  if (raw === '') return input.required ? { error: `${input.name} is required` } : { omit: true };
  const kind = baseType(input.type);
  const json = tryJson(raw);
  if (kind === 'string') return { value: json.ok && typeof json.value === 'string' && raw.trimStart().startsWith('"') ? json.value : raw };
  if (kind === undefined) return { value: json.ok ? json.value : raw };
  if (!json.ok) return { error: `Not valid JSON for a ${kind}` };
  const v = json.value;
  const fits = kind === 'number' ? typeof v === 'number'
    : kind === 'integer' ? Number.isInteger(v)
      : kind === 'boolean' ? typeof v === 'boolean'
        : kind === 'array' ? Array.isArray(v)
          : kind === 'object' ? isRecord(v)
            : true;
  return fits ? { value: v } : { error: `Expected a ${kind}` };
}

function tryJson(text: string): { ok: true; value: unknown } | { ok: false; value?: undefined } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Model

type ModelItem = vscode.QuickPickItem & { readonly choice?: ModelChoice; readonly other?: boolean };

async function pickModel(ctx: Ctx, prompt: LoadedPrompt, rel: string, suite: EvalSuite | undefined): Promise<ModelChoice | undefined> {
  const baseUrl = ctx.config.llmBaseUrl;
  const promptParams = optionsToConfig(prompt.config);
  const items: ModelItem[] = [];
  const seen = new Set<string>();
  const add = (choice: ModelChoice, description: string) => {
    const key = `${choice.baseUrl}|${choice.model}|${JSON.stringify(choice.params)}`;
    if (seen.has(key)) return;
    seen.add(key);
    items.push({ label: choice.model, description, detail: describeParams(choice), choice });
  };
  if (prompt.model) add({ model: bareModel(prompt.model), baseUrl, params: promptParams, source: "the prompt's model" }, `the prompt's model${prompt.model !== bareModel(prompt.model) ? ` (${prompt.model})` : ''}`);
  add({ model: ctx.config.llmModel, baseUrl, params: promptParams, source: 'setting tracemine.llm.model' }, 'setting tracemine.llm.model');
  for (const p of suite?.providers ?? []) {
    add({ model: p.model, baseUrl: p.baseUrl ?? baseUrl, params: p.params, source: `suite provider ${p.id}` }, `suite provider ${p.id}, with its parameters`);
  }
  items.push({ label: '$(edit) Other model…', other: true });
  const picked = await vscode.window.showQuickPick(items, { title: `Model for ${rel}`, placeHolder: `Run on which model? (endpoint ${safeUrl(baseUrl)})`, matchOnDescription: true });
  if (!picked) return undefined;
  if (picked.choice) return picked.choice;
  const model = (await vscode.window.showInputBox({ title: `Model for ${rel}`, prompt: `Model name on ${safeUrl(baseUrl)}`, value: ctx.config.llmModel, ignoreFocusOut: true, validateInput: (v) => (v.trim() ? undefined : 'Enter a model name') }))?.trim();
  return model ? { model, baseUrl, params: promptParams, source: 'typed' } : undefined;
}

/** `openai/gpt-4o` → `gpt-4o`, as the eval runner sends it. */
function bareModel(model: string): string {
  return model.replace(/^openai\//, '');
}

function describeParams(c: ModelChoice): string {
  const ps = Object.entries(c.params).filter(([k]) => k !== 'tools').map(([k, v]) => `${k}=${oneLine(JSON.stringify(v), 40)}`);
  return `${safeUrl(c.baseUrl)}${ps.length ? ` · ${ps.join(', ')}` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// The output document

interface FactsInput {
  readonly rel: string;
  readonly choice: ModelChoice;
  readonly endpoint: string;
  readonly inputs: InputChoice;
  readonly response: ProviderResponse;
  readonly params: Readonly<Record<string, unknown>>;
  readonly tools: number;
}

/** The header's lines as [key, value]: everything a reader needs to reproduce the call. */
export function headerFacts(f: FactsInput): [string, string][] {
  const r = f.response;
  const tok = (n: number | undefined) => (n === undefined ? 'unknown' : n.toLocaleString('en-US'));
  const cost = r.costUsd !== undefined ? `$${r.costUsd < 0.01 ? r.costUsd.toFixed(6) : r.costUsd.toFixed(4)}`
    : r.inputTokens === undefined || r.outputTokens === undefined ? 'unknown (the endpoint reported no token counts)'
      : `unknown (no price for ${r.model}: add it to the tracemine.pricing setting)`;
  const params = Object.entries(f.params).filter(([k]) => k !== 'tools');
  return [
    ['prompt', f.rel],
    ['model', `${f.choice.model}${r.model && r.model !== f.choice.model ? ` (answered by ${r.model})` : ''} · ${f.choice.source}`],
    ['endpoint', f.endpoint],
    ...(params.length ? [['parameters', oneLine(JSON.stringify(Object.fromEntries(params)), 300)] as [string, string]] : []),
    ...(f.tools ? [['tools', `${f.tools} declared`] as [string, string]] : []),
    ['inputs', `${f.inputs.source}: ${oneLine(JSON.stringify(f.inputs.vars), 600)}`],
    ['tokens', `${tok(r.inputTokens)} in, ${tok(r.outputTokens)} out`],
    ['cost', cost],
    ['latency', `${Math.round(r.latencyMs).toLocaleString('en-US')} ms`],
    ...(r.finishReason ? [['finish', r.finishReason] as [string, string]] : []),
    ['at', new Date().toISOString()],
  ];
}

/**
 * The output as a document: `jsonc` when the output is a JSON object/array (or only tool calls),
 * with `//` header lines; otherwise Markdown with an HTML-comment header and the tool calls in a
 * JSON code block. Header values are one line each, so they cannot end the comment.
 */
export function playgroundDocument(r: Pick<ProviderResponse, 'output' | 'toolCalls'>, facts: readonly (readonly [string, string])[]): { language: string; content: string } {
  const width = Math.max(...facts.map(([k]) => k.length)) + 1;
  const lines = ['Tracemine playground', ...facts.map(([k, v]) => `${`${k}:`.padEnd(width)} ${oneLine(v)}`)];
  const calls = r.toolCalls.length > 0 ? JSON.stringify(r.toolCalls.map(toolCallJson), null, 2) : undefined;
  const parsed = tryJson(r.output.trim());
  const isJson = r.output.trim() !== '' && parsed.ok && typeof parsed.value === 'object' && parsed.value !== null;
  if ((isJson && !calls) || (calls && r.output.trim() === '')) {
    const body = calls ?? r.output;
    return { language: 'jsonc', content: `${lines.map((l) => `// ${l}`).join('\n')}\n${calls ? '// tool calls:\n' : ''}${body}${body.endsWith('\n') ? '' : '\n'}` };
  }
  const header = `<!--\n${lines.map((l) => l.replace(/--!?>/g, '-- >')).join('\n')}\n-->\n\n`;
  let content = header + r.output;
  if (calls) {
    const fence = '`'.repeat(Math.max(3, ...[...calls.matchAll(/`+/g)].map((m) => m[0].length + 1)));
    content += `${r.output.endsWith('\n') ? '' : '\n'}\n## Tool calls\n\n${fence}json\n${calls}\n${fence}`;
  }
  return { language: 'markdown', content: content.endsWith('\n') ? content : `${content}\n` };
}

function toolCallJson(t: ToolCallOut): Record<string, unknown> {
  const args = tryJson(t.arguments);
  return { ...(t.id !== undefined ? { id: t.id } : {}), name: t.name, arguments: args.ok ? args.value : t.arguments };
}

/** An endpoint for display and logs: no user info, no query string (keys sometimes live there). */
export function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.replace(/\/+$/, '');
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/, '');
  }
}

function oneLine(text: string, max?: number): string {
  const t = text.replace(/\s+/g, ' ').trim();
  if (max === undefined) return t;
  const cps = Array.from(t);
  return cps.length > max ? `${cps.slice(0, max - 1).join('')}…` : t;
}
