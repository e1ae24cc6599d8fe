/**
 * Diagnostics of a prompt file (Dotprompt `.prompt`, Prompty `.prompty`). Pure: a PromptContext
 * (the file, its suite, its token count; see context.ts) in, LSP diagnostics out.
 *
 * | code | severity    | what                                                                    |
 * |------|-------------|-------------------------------------------------------------------------|
 * | E001 | error       | front matter opened with `---` and never closed                         |
 * | E002 | error       | Dotprompt: `{{#block}}` never closed (promptAnalysis.ts)                |
 * | E003 | error       | front matter is not valid YAML, at each YAML error                      |
 * | E004 | error       | front matter is not a mapping                                           |
 * | E005 | error       | Dotprompt: closing tag of a block never opened (promptAnalysis.ts)      |
 * | E006 | error       | Dotprompt: blocks closed in the wrong order (promptAnalysis.ts)         |
 * | W001 | warning     | Dotprompt: unknown front matter key (promptAnalysis.ts)                 |
 * | E010 | error       | the loader rejects the front matter (bad schema, model, template kind…) |
 * | E011 | error       | template error (syntax; Dotprompt helper misuse), at its line           |
 * | W010 | warning     | variable used in the template but not declared, at each use             |
 * | I010 | information | input declared but never used, at its declaration (faded)               |
 * | W012 | warning     | rendered prompt longer than the model's context window, on `model`     |
 */
import { isMap } from 'yaml';
import { DiagnosticSeverity, DiagnosticTag, type Diagnostic, type Range } from 'vscode-languageserver';
import { renderTemplate } from '../core/prompts/prompty';
import { PromptError } from '../core/prompts/types';
import { bare, type PromptContext } from './context';
import { analyzePrompt, type Severity } from './promptAnalysis';
import { undeclaredReferences, unusedDeclarations, type PromptModel } from './promptModel';
import { lineRange, range, yamlPosition, type LineIndex } from './textUtil';

export const SOURCE = 'tracemine';

export const PROMPT_CODES = {
  unclosedFrontMatter: 'E001',
  yaml: 'E003',
  notMapping: 'E004',
  load: 'E010',
  templateSyntax: 'E011',
  undeclared: 'W010',
  unused: 'I010',
  tooLong: 'W012',
} as const;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** Data attached to W010 diagnostics, for the "Declare variable" quick fix. */
export interface UndeclaredData {
  readonly variable: string;
}

export function promptDiagnostics(ctx: PromptContext): Diagnostic[] {
  const { model } = ctx;
  const out: Diagnostic[] = model.format === 'dotprompt' ? dotpromptStructure(model) : promptyStructure(model);
  const structuralErrors = out.some((d) => d.severity === DiagnosticSeverity.Error);
  const frontMatterBroken = out.some((d) => ['E001', 'E003', 'E004'].includes(String(d.code)));
  const templateBroken = out.some((d) => ['E002', 'E005', 'E006'].includes(String(d.code)));

  // The loader's first error (Dotprompt: front matter and template; Prompty: front matter).
  const err = model.loadError;
  if (err && !frontMatterBroken) {
    const syntax = /template syntax error/i.test(err.message);
    const inTemplate = syntax || (err.line !== undefined && err.line - 1 >= model.templateLine && model.template !== '');
    if (!(syntax && templateBroken) && !(err.line !== undefined && out.some((d) => d.range.start.line === err.line! - 1 && d.severity === DiagnosticSeverity.Error))) {
      out.push(diagnostic(errorRange(model.index, err), DiagnosticSeverity.Error, inTemplate ? PROMPT_CODES.templateSyntax : PROMPT_CODES.load, bare(err)));
    }
  }
  // Prompty templates are parsed at render time only: compile them here.
  if (model.format === 'prompty' && !frontMatterBroken) {
    const syntax = promptyTemplateError(model);
    if (syntax) out.push(diagnostic(errorRange(model.index, syntax), DiagnosticSeverity.Error, PROMPT_CODES.templateSyntax, bare(syntax)));
  }

  const where = model.format === 'dotprompt' ? 'input.schema' : model.promptyVersion === 1 ? 'inputs (or sample)' : 'inputs';
  if (!frontMatterBroken) {
    for (const ref of undeclaredReferences(model)) {
      const d = diagnostic(ref.range, DiagnosticSeverity.Warning, PROMPT_CODES.undeclared, `Variable '${ref.name}' is not declared in the front matter (${where}).`);
      d.data = { variable: ref.name } satisfies UndeclaredData;
      out.push(d);
    }
    for (const decl of unusedDeclarations(model)) {
      const d = diagnostic(decl.range, DiagnosticSeverity.Information, PROMPT_CODES.unused, `Input '${decl.name}' is declared but the template never uses it.`);
      d.tags = [DiagnosticTag.Unnecessary];
      out.push(d);
    }
  }

  const t = ctx.tokens;
  if (!structuralErrors && t?.tokens !== undefined && t.context && t.tokens > t.context.contextWindow && model.model) {
    out.push(diagnostic(
      model.model.range, DiagnosticSeverity.Warning, PROMPT_CODES.tooLong,
      `The rendered prompt is ${fmt(t.tokens)} tokens (${t.encoding}${t.context.approximate ? ', approximate' : ''}, rendered with ${t.varsSource.replace(/`/g, "'")}), over the ${fmt(t.context.contextWindow)}-token context window of ${model.model.value} (${t.context.family}).`,
    ));
  }
  return out;
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function diagnostic(r: Range, severity: DiagnosticSeverity, code: string, message: string): Diagnostic {
  return { range: r, severity, code, source: SOURCE, message };
}

/** Dotprompt: the existing structural analysis (front matter, blocks, unknown keys). */
function dotpromptStructure(model: PromptModel): Diagnostic[] {
  return analyzePrompt(model.text).diagnostics.map((d) => diagnostic(d.range, SEVERITY[d.severity], d.code, d.message));
}

/** Prompty: unclosed front matter, every YAML error, a front matter that is not a mapping. */
function promptyStructure(model: PromptModel): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (model.unclosedLine !== undefined) {
    out.push(diagnostic(lineRange(model.index, model.unclosedLine), DiagnosticSeverity.Error, PROMPT_CODES.unclosedFrontMatter, 'Front matter opened with --- is never closed: add a line with --- after it.'));
    return out;
  }
  const fm = model.frontMatter;
  if (!fm) return out;
  for (const e of [...fm.doc.errors, ...fm.doc.warnings]) {
    const [a, b] = e.pos;
    out.push(diagnostic(
      { start: yamlPosition(fm, a), end: yamlPosition(fm, Math.max(a + 1, b)) },
      fm.doc.errors.includes(e as never) ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
      PROMPT_CODES.yaml,
      `Front matter is not valid YAML: ${e.message.split('\n')[0]}`,
    ));
  }
  const contents = fm.doc.contents;
  if (!fm.hasYamlErrors && contents !== null && !isMap(contents)) {
    out.push(diagnostic(lineRange(model.index, fm.firstLine), DiagnosticSeverity.Error, PROMPT_CODES.notMapping, 'Front matter must be a YAML mapping of keys to values.'));
  }
  return out;
}

/** Compiles a Prompty template with its engine; a syntax (not a data) error is returned. */
function promptyTemplateError(model: PromptModel): PromptError | undefined {
  if (model.engine === 'unknown' || model.template === '') return undefined;
  const vars: Record<string, unknown> = {};
  for (const d of model.declarations) vars[d.name] = d.hasDefault ? d.default : '';
  try {
    renderTemplate(model.engine, model.template, vars, { path: model.path, line: model.templateLine + 1 });
    return undefined;
  } catch (err) {
    if (!(err instanceof PromptError)) return undefined;
    // "Template error: …" is a failure of this render's data, not of the template text.
    return /^Template error:/.test(bare(err)) ? undefined : err;
  }
}

/** A PromptError's 1-based line/column as a range (to the end of the line). */
export function errorRange(index: LineIndex, err: PromptError): Range {
  if (err.line === undefined) return lineRange(index, 0);
  const line = Math.min(Math.max(0, err.line - 1), index.lineCount - 1);
  if (err.column === undefined) return lineRange(index, line);
  const text = index.line(line);
  const start = Math.min(Math.max(0, err.column - 1), text.length);
  return range(line, start, line, Math.max(start + 1, text.length));
}
