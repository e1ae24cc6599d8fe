/**
 * Links from a trace to the code and prompts that produced it, as pure text functions:
 * - where a tool or agent named in a trace is defined (a fallback for when the editor's symbol
 *   search has no answer, e.g. Python without a language server): definition patterns per
 *   language family, line by line;
 * - which prompt template a rendered prompt came from: the template's literal text (everything
 *   outside `{{…}}`, `{%…%}`, `{#…#}` tags) must appear, in order, in the rendered text.
 */

export interface DefinitionHit {
  /** 0-based line and column of the name. */
  readonly line: number;
  readonly column: number;
  /** How sure: 2 = a definition (def/function/class), 1 = a declaration by name (a tool's name field). */
  readonly strength: 1 | 2;
  readonly text: string;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Where `name` is defined in one file's text (Python, JS/TS, Go, Java/C#, Ruby, and tool-name declarations in JSON/YAML/code). */
export function findDefinitions(text: string, name: string): DefinitionHit[] {
  if (!/^[\p{L}\p{N}_.$:-]{1,200}$/u.test(name)) return [];
  const n = escapeRe(name);
  const strong = [
    new RegExp(`^\\s*(?:async\\s+)?def\\s+(${n})\\s*\\(`), // Python
    new RegExp(`^\\s*class\\s+(${n})\\b`), // Python, JS/TS, Java, C#, Ruby
    new RegExp(`^\\s*(?:export\\s+)?(?:default\\s+)?(?:async\\s+)?function\\s*\\*?\\s*(${n})\\s*[(<]`), // JS/TS
    new RegExp(`^\\s*(?:export\\s+)?(?:const|let|var)\\s+(${n})\\s*(?::[^=]+)?=`), // JS/TS
    new RegExp(`^\\s*func\\s+(?:\\([^)]*\\)\\s*)?(${n})\\s*\\(`), // Go
    new RegExp(`^\\s*def\\s+(?:self\\.)?(${n})\\b`), // Ruby
    new RegExp(`^\\s*(?:public|private|protected|internal|static|async|override|virtual|\\s)+[\\w<>\\[\\],.? ]+\\s+(${n})\\s*\\(`), // Java/C#
  ];
  const weak = [
    new RegExp(`["']?name["']?\\s*[:=]\\s*["'](${n})["']`), // {"name": "tool"} / name="tool" / name: 'tool'
    new RegExp(`@(?:\\w+\\.)*(?:tool|function_tool|agent)\\s*\\(\\s*(?:name\\s*=\\s*)?["'](${n})["']`), // @tool("name")
  ];
  const hits: DefinitionHit[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.includes(name)) continue;
    let m: RegExpExecArray | null = null;
    let strength: 1 | 2 = 2;
    for (const re of strong) if ((m = re.exec(line))) break;
    if (!m) {
      strength = 1;
      for (const re of weak) if ((m = re.exec(line))) break;
    }
    if (m) hits.push({ line: i, column: m.index + m[0].lastIndexOf(m[1]!), strength, text: line.trim().slice(0, 200) });
  }
  return hits;
}

/** The literal runs of a template (text outside Handlebars/Jinja/Mustache tags), whitespace-normalised, non-empty. */
export function templateLiterals(template: string): string[] {
  return template
    .split(/\{\{\{?[\s\S]*?\}?\}\}|\{%[\s\S]*?%\}|\{#[\s\S]*?#\}|<<<dotprompt:[^>]*>>>/)
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter((s) => s.length > 0);
}

/**
 * How much of a template's literal text appears, in order, in a rendered text: the share of
 * literal characters found (0..1). Whitespace is normalised on both sides; role markers of the
 * formats (`system:` lines of Prompty, `{{role "system"}}` of Dotprompt) are tags or short and
 * barely count.
 */
export function templateMatchScore(template: string, rendered: string): number {
  const lits = templateLiterals(template);
  const total = lits.reduce((a, l) => a + l.length, 0);
  if (total === 0) return 0;
  const text = rendered.replace(/\s+/g, ' ');
  let at = 0;
  let found = 0;
  for (const l of lits) {
    const i = text.indexOf(l, at);
    if (i >= 0) {
      found += l.length;
      at = i + l.length;
    }
  }
  return found / total;
}

/** The best-matching prompt file for a rendered prompt, when one matches well enough (score ≥ minScore). */
export function bestPromptMatch<T extends { readonly template: string }>(candidates: readonly T[], rendered: string, minScore = 0.8): { candidate: T; score: number } | undefined {
  let best: { candidate: T; score: number } | undefined;
  for (const c of candidates) {
    const score = templateMatchScore(c.template, rendered);
    if (score >= minScore && (!best || score > best.score)) best = { candidate: c, score };
  }
  return best;
}
