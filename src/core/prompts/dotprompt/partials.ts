/**
 * Partials ("Template content" reference, spec/partials.yaml): `{{> name}}` includes a registered
 * partial or, failing that, one supplied by the caller's resolver. Names are found in the parsed
 * templates before rendering and resolved recursively (a partial may include partials; each name
 * is resolved once, so cycles terminate). Inline partials (`{{#*inline}}`) and `@partial-block`
 * need no resolving; an unknown name is an error at the line that includes it.
 */
import type Handlebars from 'handlebars';
import { TemplateRuntimeError } from './helpers';
import { lintTemplate } from './lint';
import { parseTemplate, templateError, walk, type TemplateSource } from './syntax';

export interface PartialSources {
  readonly partials?: Readonly<Record<string, string>>;
  readonly resolvePartial?: (name: string) => string | undefined;
}

interface Reference {
  readonly name: string;
  readonly node: hbs.AST.Node;
  readonly from: TemplateSource;
}

/** Static partial names used in `ast`, minus the ones it defines inline. */
function references(ast: hbs.AST.Program, from: TemplateSource): Reference[] {
  const inline = new Set<string>();
  const found: Reference[] = [];
  walk(ast, (node) => {
    if (node.type === 'DecoratorBlock') {
      const param = (node as hbs.AST.BlockStatement).params[0] as { value?: unknown } | undefined;
      if (param && typeof param.value === 'string') inline.add(param.value);
    }
    if (node.type !== 'PartialStatement' && node.type !== 'PartialBlockStatement') return;
    const name = (node as hbs.AST.PartialStatement).name as hbs.AST.Node & { data?: boolean; original?: unknown; value?: unknown };
    if (name.type === 'SubExpression' || name.data) return;
    found.push({ name: String(name.type === 'PathExpression' ? name.original : name.value), node, from });
  });
  return found.filter((ref) => !inline.has(ref.name));
}

/**
 * Resolves every partial `ast` needs and registers it on `env`, compiled like the main template.
 * Partial sources are parsed and linted (errors name the partial and point at its inclusion).
 * Returns, per partial, the template source errors inside it should be reported against.
 */
export function registerPartials(
  env: typeof Handlebars,
  ast: hbs.AST.Program,
  source: TemplateSource,
  sources: PartialSources,
  helperNames: readonly string[],
): Map<string, TemplateSource> {
  const done = new Map<string, TemplateSource>();
  const queue = references(ast, source);
  while (queue.length > 0) {
    const ref = queue.shift()!;
    if (done.has(ref.name)) continue;
    const text = Object.hasOwn(sources.partials ?? {}, ref.name) ? sources.partials![ref.name] : sources.resolvePartial?.(ref.name);
    if (typeof text !== 'string') {
      const loc = ref.node.loc?.start;
      throw templateError(`partial '${ref.name}' is not defined (register it or resolve it)`, ref.from, loc?.line, loc ? loc.column + 1 : undefined);
    }
    const partialSource: TemplateSource = { path: source.path, firstLine: lineOfTopReference(ref, source), partial: ref.name };
    done.set(ref.name, partialSource);
    const partialAst = parseTemplate(text, partialSource);
    lintTemplate(partialAst, partialSource, helperNames);
    queue.push(...references(partialAst, partialSource));
    env.registerPartial(ref.name, compilePartial(env, text, ref.name));
  }
  return done;
}

/** File line of the main-template inclusion that (transitively) brought a partial in. */
function lineOfTopReference(ref: Reference, main: TemplateSource): number {
  if (ref.from.partial !== undefined) return ref.from.firstLine;
  return main.firstLine + (ref.node.loc?.start.line ?? 1) - 1;
}

/** Compiles a partial lazily; helper errors inside it are tagged with its name. */
function compilePartial(env: typeof Handlebars, text: string, name: string): Handlebars.TemplateDelegate {
  let compiled: Handlebars.TemplateDelegate | undefined;
  return (context: unknown, options?: Handlebars.RuntimeOptions): string => {
    compiled ??= env.compile(text, { noEscape: true });
    try {
      return compiled(context, options);
    } catch (err) {
      if (err instanceof TemplateRuntimeError && err.partial === undefined) err.partial = name;
      throw err;
    }
  };
}
