/**
 * Loading a `.prompty` file (spec §4.2): split front matter and body, parse the YAML, resolve
 * `${env:}`/`${file:}` references, then map v2 onto the `PromptAgent` data and either version
 * onto Tracemine's LoadedPrompt. No I/O happens here except through the injected `io`.
 */
import type { LoadedPrompt, PromptInput } from '../types';
import { PromptError } from '../types';
import { toAgent, type PromptyAgent } from './agent';
import { parseFrontMatter, splitFrontMatter, type KeyPath } from './frontMatter';
import { resolveReferences, type PromptyIo } from './refs';
import { optionsToConfig, outputsToJsonSchema, toolsToOpenAi } from './schema';
import { v1ToLoadedPrompt } from './v1';
import { detectVersion, type PromptyVersion } from './version';

export interface PromptyFile {
  readonly version: PromptyVersion;
  /** The front matter as written (references unresolved, so no secrets). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** The front matter with references resolved (§4.2 step 5). */
  readonly data: Record<string, unknown>;
  readonly body: string;
  readonly bodyLine: number;
  readonly lineOf: (k: KeyPath) => number;
}

/** §4.2 steps 3–5 on the file's text. */
export function readPromptyFile(text: string, path?: string, io: PromptyIo = {}): PromptyFile {
  const normal = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const split = splitFrontMatter(normal, path);
  const fm = split.frontMatter === null ? undefined : parseFrontMatter(split.frontMatter, split.frontMatterLine, path);
  const raw = fm?.data ?? {};
  const lineOf = fm?.lineOf ?? (() => 1);
  const data = resolveReferences(raw, { io, path, lineOf }) as Record<string, unknown>;
  return { version: detectVersion(raw), raw, data, body: split.body, bodyLine: split.bodyLine, lineOf };
}

/** §4.2 steps 6–8: the v2 `PromptAgent` of a file (a v1 file is an error here). */
export function agentOf(file: PromptyFile, path?: string): PromptyAgent {
  if (file.version === 1) throw new PromptError('This is a Prompty v1 file; it has no v2 agent', path, 1);
  return toAgent(file.data, file.body, { path, lineOf: file.lineOf });
}

export function v2ToLoadedPrompt(agent: PromptyAgent, file: PromptyFile, path?: string): LoadedPrompt {
  const inputs: PromptInput[] = (agent.inputs ?? []).map((p) => ({
    name: p.name,
    ...(p.kind ? { type: p.kind } : {}),
    ...(p.description ? { description: p.description } : {}),
    required: p.required === true,
    ...(p.default !== undefined && p.default !== null ? { default: p.default } : {}),
  }));
  const sample: Record<string, unknown> = {};
  for (const p of agent.inputs ?? []) {
    const value = p.example ?? p.default;
    if (value !== undefined && value !== null) sample[p.name] = value;
  }
  const tools = toolsToOpenAi(agent.tools);
  const outputSchema = outputsToJsonSchema(agent.outputs);
  const name = agent.name ?? agent.displayName;
  return {
    format: 'prompty',
    ...(path !== undefined ? { path } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof agent.description === 'string' ? { description: agent.description } : {}),
    ...(typeof agent.model?.id === 'string' ? { model: agent.model.id } : {}),
    config: optionsToConfig(agent.model?.options),
    inputs,
    ...(Object.keys(sample).length ? { sample } : {}),
    ...(tools ? { tools } : {}),
    ...(outputSchema ? { outputSchema } : {}),
    outputFormat: outputSchema ? 'json' : 'text',
    frontMatter: file.raw,
    template: agent.instructions,
    templateLine: file.bodyLine,
  };
}

/** Load a `.prompty` text (v1 or v2) as a LoadedPrompt. Throws PromptError with a 1-based line. */
export function loadPromptyText(text: string, path?: string, io: PromptyIo = {}): LoadedPrompt {
  const file = readPromptyFile(text, path, io);
  return file.version === 1 ? v1ToLoadedPrompt(file, path) : v2ToLoadedPrompt(agentOf(file, path), file, path);
}

/** §4.2 steps 1–3 through the injected reader: a missing file is a PromptError (§4.5). */
export function readPromptyPath(path: string, io: PromptyIo): string {
  let text: string | undefined;
  try {
    text = io.readFile?.(path);
  } catch {
    text = undefined;
  }
  if (text === undefined) throw new PromptError(`Prompty file not found: ${path}`, path);
  return text;
}
