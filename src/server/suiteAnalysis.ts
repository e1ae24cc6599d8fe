/**
 * Diagnostics of an eval suite file (`*.eval.yaml|yml`, `promptfooconfig.yaml|yml`). Pure: a
 * SuiteContext (the suite and the prompt files it runs; see context.ts) in, LSP diagnostics out.
 *
 * | code | severity | what                                                                         |
 * |------|----------|------------------------------------------------------------------------------|
 * | E020 | error    | the suite does not load: every schema issue / SuiteError, at its line        |
 * | W020 | warning  | the loader's warnings (unsupported keys, no providers…), at their line       |
 * | E021 | error    | an assertion Tracemine cannot grade: unknown type, bad value/threshold/weight |
 * | E022 | error    | a case does not set a variable its prompt requires, at the case's line       |
 */
import * as nodePath from 'node:path';
import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { DiagnosticSeverity, type Diagnostic, type Range } from 'vscode-languageserver';
import { validateAssertionSpec } from '../core/evals/assertions';
import type { AssertionSpec } from '../core/evals/types';
import type { SuiteCase, SuiteContext, SuiteFile } from './context';
import { diagnostic } from './promptFileAnalysis';
import type { PromptModel } from './promptModel';
import { lineRange, pairOf, yamlRange } from './textUtil';

export const SUITE_CODES = {
  load: 'E020',
  warning: 'W020',
  assertion: 'E021',
  missingVariable: 'E022',
} as const;

export function suiteDiagnostics(ctx: SuiteContext): Diagnostic[] {
  const { file } = ctx;
  const out: Diagnostic[] = [];
  out.push(...loadDiagnostics(file));
  for (const w of file.suite?.warnings ?? []) {
    out.push(diagnostic(lineRange(file.index, (w.line ?? 1) - 1), DiagnosticSeverity.Warning, SUITE_CODES.warning, w.message));
  }
  out.push(...assertionDiagnostics(file));
  out.push(...missingVariableDiagnostics(file, ctx.prompts.flatMap((p) => (p.model ? [{ rel: p.rel, model: p.model }] : []))));
  return dedupe(out);
}

function loadDiagnostics(file: SuiteFile): Diagnostic[] {
  const err = file.error;
  if (err === undefined) return [];
  const issues = (err as { issues?: readonly { message: string; path?: string; line?: number; keyPath?: string }[] }).issues;
  const list = issues ?? [{ message: err instanceof Error ? err.message : String(err) }];
  return list.map((issue) => {
    const own = issue.path === undefined || nodePath.resolve(issue.path) === nodePath.resolve(file.path);
    const key = issue.keyPath ? `${issue.keyPath}: ` : '';
    if (own) {
      return diagnostic(lineRange(file.index, Math.max(0, (issue.line ?? 1) - 1)), DiagnosticSeverity.Error, SUITE_CODES.load, `${key}${issue.message}`);
    }
    // A problem inside a referenced file: shown on the line that references it.
    const name = nodePath.basename(issue.path!);
    const refLine = file.text.split('\n').findIndex((l) => l.includes(name));
    const where = `${name}${issue.line !== undefined ? `:${issue.line}` : ''}`;
    return diagnostic(lineRange(file.index, Math.max(0, refLine)), DiagnosticSeverity.Error, SUITE_CODES.load, `${where}: ${key}${issue.message}`);
  });
}

/** Every assertion written in the suite file, with its node. */
export function assertionNodes(file: SuiteFile): { node: YamlNode; spec: AssertionSpec; typeNode?: YamlNode }[] {
  const root = file.yaml.doc.contents;
  const lists: unknown[] = [];
  const tests = pairOf(root, 'tests')?.value;
  if (isSeq(tests)) for (const t of tests.items) lists.push(pairOf(t, 'assert')?.value);
  lists.push(pairOf(pairOf(root, file.format === 'promptfoo' ? 'defaultTest' : 'defaults')?.value, 'assert')?.value);
  const out: { node: YamlNode; spec: AssertionSpec; typeNode?: YamlNode }[] = [];
  const one = (item: unknown) => {
    if (!isMap(item)) return;
    const typeNode = pairOf(item, 'type')?.value ?? undefined;
    if (!isScalar(typeNode) || typeof typeNode.value !== 'string' || pairOf(item, '$ref')) return;
    let spec: AssertionSpec;
    try {
      spec = item.toJS(file.yaml.doc) as AssertionSpec;
    } catch {
      return;
    }
    out.push({ node: item as unknown as YamlNode, spec, typeNode: typeNode as YamlNode });
  };
  for (const list of lists) if (isSeq(list)) list.items.forEach(one);
  const templates = pairOf(root, 'assertionTemplates')?.value;
  if (file.format === 'promptfoo' && isMap(templates)) for (const p of templates.items) one(p.value);
  return out;
}

function assertionDiagnostics(file: SuiteFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inlineLines = new Set<number>();
  for (const { node, spec, typeNode } of assertionNodes(file)) {
    const r = yamlRange(file.yaml, node);
    if (r) inlineLines.add(r.start.line);
    const problem = validateAssertionSpec(spec);
    if (!problem) continue;
    const at = yamlRange(file.yaml, problemNode(node, typeNode, problem)) ?? r;
    if (at) out.push(diagnostic(at.start.line === at.end.line ? at : lineRange(file.index, at.start.line), DiagnosticSeverity.Error, SUITE_CODES.assertion, problem));
  }
  // Assertions read from case files carry the line of their `file://` reference.
  for (const c of file.suite?.cases ?? []) {
    for (const a of c.assert) {
      if (a.line === undefined || inlineLines.has(a.line - 1)) continue;
      const problem = validateAssertionSpec(a);
      if (problem) out.push(diagnostic(lineRange(file.index, a.line - 1), DiagnosticSeverity.Error, SUITE_CODES.assertion, `${a.type}: ${problem}`));
    }
  }
  return out;
}

/** The part of an assertion a problem is about: its type, threshold, weight… or its value. */
function problemNode(item: YamlNode, typeNode: YamlNode | undefined, problem: string): YamlNode | undefined {
  if (/^unknown assertion type|are not supported/.test(problem)) return typeNode;
  for (const key of ['threshold', 'weight', 'metric', 'rubricPrompt']) {
    if (problem.startsWith(key)) return (pairOf(item, key)?.value as YamlNode | null | undefined) ?? typeNode;
  }
  return (pairOf(item, 'value')?.value as YamlNode | null | undefined) ?? typeNode;
}

/** Declared inputs a case must set: required and without a default. */
export function requiredInputs(model: PromptModel): string[] {
  return model.declarations.filter((d) => d.required && !d.hasDefault).map((d) => d.name);
}

function missingVariableDiagnostics(file: SuiteFile, prompts: readonly { rel: string; model: PromptModel }[]): Diagnostic[] {
  const groups = new Map<string, { line: number; cases: SuiteCase[]; variable: string; prompt: string }>();
  for (const { rel, model } of prompts) {
    const required = requiredInputs(model);
    for (const c of file.cases) {
      if (c.line === undefined) continue;
      for (const v of required) {
        if (c.vars[v] !== undefined) continue;
        const key = `${c.line}\0${v}\0${rel}`;
        const g = groups.get(key) ?? { line: c.line, cases: [], variable: v, prompt: rel };
        g.cases.push(c);
        groups.set(key, g);
      }
    }
  }
  return [...groups.values()].map((g) => {
    const who = g.cases.length === 1 ? `Case${g.cases[0]!.id ? ` '${g.cases[0]!.id}'` : ''}` : `${g.cases.length} cases`;
    return diagnostic(caseRange(file, g.line), DiagnosticSeverity.Error, SUITE_CODES.missingVariable, `${who} ${g.cases.length === 1 ? 'does' : 'do'} not set variable '${g.variable}', required by ${g.prompt}.`);
  });
}

function caseRange(file: SuiteFile, line: number): Range {
  return lineRange(file.index, line);
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.range.start.line}:${d.range.start.character}\0${d.code}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
