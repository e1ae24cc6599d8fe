/**
 * Static checks of a parsed template, so that what Dotprompt does not support is an error with a
 * line instead of a silently different rendering: calls to unknown helpers ("Missing helper" at
 * render time in Handlebars), and misuse of the Dotprompt helpers of the "Template content"
 * reference (wrong arguments, `{{media}}` keys other than `url`/`contentType`, role names the
 * marker protocol cannot carry, block forms of non-block helpers). Literal arguments are checked
 * here; values only known at render time are checked again by the helpers themselves.
 */
import { simpleName, templateError, walk, type TemplateSource } from './syntax';
import { ROLE_NAME, SECTION_NAME } from './markers';

/** Handlebars' own helpers, with the number of positional arguments they require. */
const HANDLEBARS_HELPERS: Readonly<Record<string, number | undefined>> = { if: 1, unless: 1, each: 1, with: 1, lookup: 2, log: undefined };

interface HelperRule {
  readonly block: boolean;
  readonly params: number;
  readonly hash: readonly string[];
  readonly requiredHash?: readonly string[];
  /** Checks a literal argument; returns an error message or undefined. */
  readonly literal?: (value: unknown, index: number) => string | undefined;
}

/** The Dotprompt helpers and how they may be called. */
export const DOTPROMPT_HELPER_RULES: Readonly<Record<string, HelperRule>> = {
  role: {
    block: false, params: 1, hash: [],
    literal: (v) => (typeof v === 'string' && ROLE_NAME.test(v) ? undefined : `role name must be lowercase letters (user, model, system, tool…), got ${JSON.stringify(v)}`),
  },
  history: { block: false, params: 0, hash: [] },
  section: {
    block: false, params: 1, hash: [],
    literal: (v) => (typeof v === 'string' && SECTION_NAME.test(v) ? undefined : `section name must be a word without spaces, got ${JSON.stringify(v)}`),
  },
  media: { block: false, params: 0, hash: ['url', 'contentType'], requiredHash: ['url'] },
  json: { block: false, params: 1, hash: ['indent'] },
  ifEquals: { block: true, params: 2, hash: [] },
  unlessEquals: { block: true, params: 2, hash: [] },
};

type Call = hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression;

/** Throws a PromptError at the first unsupported construct; `customHelpers` are also known. */
export function lintTemplate(ast: hbs.AST.Program, source: TemplateSource, customHelpers: readonly string[] = []): void {
  const known = new Set([...Object.keys(HANDLEBARS_HELPERS), ...Object.keys(DOTPROMPT_HELPER_RULES), ...customHelpers]);
  walk(ast, (node) => {
    const fail = (message: string): never => {
      throw templateError(message, source, node.loc?.start.line, node.loc ? node.loc.start.column + 1 : undefined);
    };
    if (node.type === 'Decorator' || node.type === 'DecoratorBlock') {
      const name = simpleName((node as hbs.AST.BlockStatement).path);
      if (name !== 'inline') fail(`unsupported decorator '${name ?? '?'}' (only {{#*inline}} is available)`);
      return;
    }
    if (node.type !== 'MustacheStatement' && node.type !== 'BlockStatement' && node.type !== 'SubExpression') return;
    const call = node as Call;
    const path = call.path as hbs.AST.PathExpression;
    const name = simpleName(path);
    const args = call.params.length + (call.hash?.pairs.length ?? 0);
    if (name === undefined) {
      if (args > 0 && path.type === 'PathExpression') fail(`unknown helper '${path.original}'`);
      return;
    }
    if (args > 0 && !known.has(name)) fail(`unknown helper '${name}'`);
    const rule = DOTPROMPT_HELPER_RULES[name];
    if (rule) checkRule(name, rule, call, fail);
    const arity = Object.hasOwn(HANDLEBARS_HELPERS, name) ? HANDLEBARS_HELPERS[name] : undefined;
    if (arity !== undefined && !customHelpers.includes(name) && call.params.length !== arity && (args > 0 || call.type === 'BlockStatement')) {
      fail(`{{${name}}} takes ${arity} argument${arity > 1 ? 's' : ''}, got ${call.params.length}`);
    }
  });
}

function checkRule(name: string, rule: HelperRule, call: Call, fail: (message: string) => never): void {
  const isBlock = call.type === 'BlockStatement';
  if (rule.block && !isBlock) fail(`{{${name}}} is a block helper: write {{#${name} …}}…{{/${name}}}`);
  if (!rule.block && isBlock) fail(`{{${name}}} is not a block helper: write {{${name} …}} without # and {{/${name}}}`);
  if (!rule.block && call.type === 'SubExpression' && name !== 'json') fail(`{{${name}}} cannot be used inside a sub-expression`);
  if (call.params.length !== rule.params) {
    fail(`{{${name}}} takes ${rule.params === 0 ? 'no positional arguments' : `${rule.params} argument${rule.params > 1 ? 's' : ''}`}, got ${call.params.length}`);
  }
  const keys = (call.hash?.pairs ?? []).map((pair) => pair.key);
  for (const key of keys) {
    if (!rule.hash.includes(key)) {
      fail(`{{${name}}} has no argument '${key}'${rule.hash.length ? ` (expected ${rule.hash.join(', ')})` : ''}`);
    }
  }
  for (const key of rule.requiredHash ?? []) if (!keys.includes(key)) fail(`{{${name}}} needs ${key}=…`);
  if (rule.literal) {
    call.params.forEach((param, i) => {
      if (param.type !== 'StringLiteral' && param.type !== 'NumberLiteral' && param.type !== 'BooleanLiteral') return;
      const message = rule.literal!((param as hbs.AST.StringLiteral).value, i);
      if (message) fail(message);
    });
  }
}
