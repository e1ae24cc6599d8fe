/**
 * The `jinja2` renderer (spec §5.5, Prompty Jinja subset) on nunjucks, with autoescape off
 * (conformance vector `html_not_escaped`) and trim_blocks/lstrip_blocks off.
 *
 * nunjucks differs from Jinja2 in ways that would change a prompt silently, so the template's
 * syntax tree is rewritten before compiling: every printed value, condition, attribute lookup,
 * loop iterable and filter goes through pyValues.ts, which applies Jinja2's rules or throws.
 * Constructs outside the subset whose nunjucks behaviour differs from Jinja2 (or that need a
 * loader: include/import/extends) are rejected with the template line. `True/False/None` are
 * literals as in Jinja2 (nunjucks would read them as undefined variables).
 */
import type * as Nunjucks from 'nunjucks';
import { nunjucks } from '../nunjucksLoader';
import { PromptError } from '../types';
import { JINJA_FILTERS, JinjaSubsetError, pyCallable, pyGet, pyIter, pyStr, pyTruthy } from './pyValues';

interface NjNode {
  readonly typename: string;
  lineno: number;
  colno: number;
  readonly fields: readonly string[];
  [field: string]: unknown;
}
type NodeCtor = new (lineno: number, colno: number, ...fields: unknown[]) => NjNode;
interface NunjucksInternals {
  parser: { parse(src: string): NjNode };
  compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => { compile(node: NjNode): void; getCode(): string } };
  nodes: Record<string, NodeCtor>;
}
interface NjTemplateError extends Error {
  lineno?: number;
  colno?: number;
  cause?: unknown;
}

const PREFIX = '__prompty_jinja_';

/** nunjucks and the environment with our Jinja2 globals and tests, built on the first render (see nunjucksLoader.ts). */
let loaded: { nj: NunjucksInternals; env: Nunjucks.Environment } | undefined;

function jinja(): { nj: NunjucksInternals; env: Nunjucks.Environment } {
  if (loaded) return loaded;
  const lib = nunjucks();
  const env = new lib.Environment(null, { autoescape: false, throwOnUndefined: false, trimBlocks: false, lstripBlocks: false, dev: true });
  env.addGlobal(`${PREFIX}str`, pyStr);
  env.addGlobal(`${PREFIX}truthy`, pyTruthy);
  env.addGlobal(`${PREFIX}get`, pyGet);
  env.addGlobal(`${PREFIX}iter`, pyIter);
  env.addGlobal(`${PREFIX}callable`, pyCallable);
  env.addGlobal(`${PREFIX}own`, (v: unknown, name: string) => (v === (Object.prototype as Record<string, unknown>)[name] ? undefined : v));
  for (const [name, fn] of Object.entries(JINJA_FILTERS)) env.addGlobal(`${PREFIX}filter_${name}`, fn);
  // addTest exists in nunjucks 3 but is missing from @types/nunjucks.
  const addTest = (env as unknown as { addTest(name: string, fn: (v: unknown) => boolean): void }).addTest.bind(env);
  addTest('defined', (v) => v !== undefined);
  addTest('undefined', (v) => v === undefined);
  addTest('none', (v) => v === null);
  loaded = { nj: lib as unknown as NunjucksInternals, env };
  return loaded;
}
const TESTS = new Set(['defined', 'undefined', 'none']);

/** Nodes kept as they are (after rewriting their children). */
const ALLOWED = new Set([
  'Root', 'NodeList', 'Output', 'TemplateData', 'Literal', 'Symbol', 'Group', 'Array', 'Dict', 'Pair',
  'LookupVal', 'If', 'InlineIf', 'For', 'Filter', 'FunCall', 'KeywordArgs', 'Compare', 'CompareOperand',
  'In', 'Is', 'Or', 'And', 'Not', 'Concat', 'Add', 'Sub', 'Mul', 'Div', 'FloorDiv', 'Mod', 'Pow', 'Neg', 'Pos',
  'Set', 'Macro', 'Capture',
]);
const PY_LITERALS: Readonly<Record<string, boolean | null>> = { True: true, False: false, None: null };

class Rewriter {
  private loops = 0;

  constructor(private readonly fail: (message: string, node: NjNode) => never) {}

  private make(type: string, at: NjNode, ...fields: unknown[]): NjNode {
    const Node = jinja().nj.nodes[type]!;
    return new Node(at.lineno, at.colno, ...fields);
  }

  /** `__prompty_jinja_<fn>(args…)` as a FunCall, so nunjucks tracks its line for errors. */
  private call(fn: string, at: NjNode, args: NjNode[]): NjNode {
    return this.make('FunCall', at, this.make('Symbol', at, PREFIX + fn), this.make('NodeList', at, args));
  }

  private label(node: NjNode): string {
    if (node.typename === 'Symbol') return String(node.value);
    if (node.typename === 'FunCall' && (node.name as NjNode).typename === 'Symbol' && String((node.name as NjNode).value) === `${PREFIX}get`) {
      const [target, key] = (node.args as NjNode).children as NjNode[];
      return `${this.label(target!)}.${key!.typename === 'Literal' ? String(key!.value) : '[…]'}`;
    }
    return 'expression';
  }

  private list(node: NjNode): NjNode[] {
    return (node.children as NjNode[]).map((c) => this.node(c));
  }

  node(node: NjNode): NjNode {
    if (!ALLOWED.has(node.typename)) {
      this.fail(`'${node.typename.toLowerCase()}' is not supported by the Prompty Jinja subset renderer`, node);
    }
    switch (node.typename) {
      case 'Symbol': {
        const name = String(node.value);
        if (Object.hasOwn(PY_LITERALS, name)) return this.make('Literal', node, PY_LITERALS[name]);
        // Inputs are looked up on a plain object: hide what it inherits (`constructor`, `toString`…).
        return name in Object.prototype ? this.call('own', node, [node, this.make('Literal', node, name)]) : node;
      }
      case 'Output':
        node.children = (node.children as NjNode[]).map((c) =>
          c.typename === 'TemplateData' ? c : this.call('str', c, [this.node(c)]),
        );
        return node;
      case 'LookupVal': {
        const target = this.node(node.target as NjNode);
        return this.call('get', node, [target, this.node(node.val as NjNode), this.make('Literal', node, this.label(target))]);
      }
      case 'If':
      case 'InlineIf':
        node.cond = this.call('truthy', node.cond as NjNode, [this.node(node.cond as NjNode)]);
        node.body = this.node(node.body as NjNode);
        if (node.else_) node.else_ = this.node(node.else_ as NjNode);
        return node;
      case 'Not':
        node.target = this.call('truthy', node, [this.node(node.target as NjNode)]);
        return node;
      case 'And':
      case 'Or': {
        // Python returns an operand, chosen by Python truthiness: `a and b` = `b if a else a`.
        const left = this.node(node.left as NjNode);
        const right = this.node(node.right as NjNode);
        const cond = this.call('truthy', node, [left]);
        return node.typename === 'And' ? this.make('InlineIf', node, cond, right, left) : this.make('InlineIf', node, cond, left, right);
      }
      case 'For': {
        const unpacks = (node.name as NjNode).typename === 'Array';
        node.arr = this.call('iter', node, [this.node(node.arr as NjNode), this.make('Literal', node, unpacks)]);
        this.loops++;
        node.body = this.node(node.body as NjNode);
        if (node.else_) node.else_ = this.node(node.else_ as NjNode);
        this.loops--;
        return node;
      }
      case 'Filter': {
        const name = String((node.name as NjNode).value);
        if (!Object.hasOwn(JINJA_FILTERS, name)) this.fail(`filter '${name}' is not in the Prompty Jinja subset (default, upper, lower, join, length, trim)`, node);
        return this.call(`filter_${name}`, node, this.list(node.args as NjNode));
      }
      case 'Is': {
        // nunjucks lexes `none` as the null literal and `None` as a name: both are the `none` test.
        const right = node.right as NjNode;
        const nameNode = right.typename === 'FunCall' ? (right.name as NjNode) : right;
        const written = nameNode.value === null ? 'none' : String(nameNode.value);
        const name = written === 'None' ? 'none' : written;
        if (!TESTS.has(name)) this.fail(`test '${written}' is not supported (defined, undefined, none)`, node);
        if (right.typename === 'FunCall') this.fail(`test '${written}' takes no arguments`, node);
        node.left = this.node(node.left as NjNode);
        node.right = this.make('Symbol', right, name);
        return node;
      }
      case 'Set':
        if (this.loops > 0) this.fail("'set' inside a loop: Jinja2 scopes it to the loop body, nunjucks does not", node);
        node.value = node.value ? this.node(node.value as NjNode) : node.value;
        if (node.body) node.body = this.node(node.body as NjNode);
        return node;
      case 'Macro':
        node.body = this.node(node.body as NjNode);
        return node;
      case 'FunCall': {
        const callee = node.name as NjNode;
        node.args = this.node(node.args as NjNode);
        if (callee.typename !== 'LookupVal') {
          node.name = this.node(callee);
          return node;
        }
        const method = this.node(callee);
        node.name = this.call('callable', callee, [method, this.make('Literal', callee, this.label(method))]);
        return node;
      }
      case 'Pair':
        node.value = this.node(node.value as NjNode);
        return node;
      default:
        for (const field of node.fields) {
          const child = node[field];
          if (Array.isArray(child)) node[field] = (child as NjNode[]).map((c) => (isNode(c) ? this.node(c) : c));
          else if (isNode(child)) node[field] = this.node(child);
        }
        return node;
    }
  }
}

function isNode(v: unknown): v is NjNode {
  return v !== null && typeof v === 'object' && typeof (v as NjNode).typename === 'string';
}

export interface RenderWhere {
  readonly path?: string;
  /** 1-based file line of the template's first line. */
  readonly line: number;
}

function fileLine(where: RenderWhere, templateLine: number | undefined): number {
  return where.line + Math.max(1, templateLine ?? 1) - 1;
}

const cache = new Map<string, Nunjucks.Template>();
const CACHE_SIZE = 64;

/** Compile (parse → rewrite → nunjucks code) a Jinja template; errors carry the file line. */
function compile(template: string, where: RenderWhere): Nunjucks.Template {
  const cached = cache.get(template);
  if (cached) return cached;
  let ast: NjNode;
  try {
    ast = jinja().nj.parser.parse(template);
  } catch (e) {
    const err = e as NjTemplateError;
    throw new PromptError(`Template syntax error: ${err.message.replace(/^\(.*?\)\s*(\[[^\]]*\])?\s*/, '')}`, where.path, fileLine(where, err.lineno), err.colno);
  }
  const rewriter = new Rewriter((message, node) => {
    throw new PromptError(message, where.path, fileLine(where, node.lineno + 1), node.colno + 1);
  });
  const root = rewriter.node(ast);
  const compiler = new (jinja().nj.compiler.Compiler)(where.path ?? 'prompty', false);
  compiler.compile(root);
  const props = new Function(compiler.getCode())() as object;
  const TemplateCtor = nunjucks().Template as unknown as new (src: { type: 'code'; obj: object }, e: Nunjucks.Environment, path: string) => Nunjucks.Template;
  const compiled = new TemplateCtor({ type: 'code', obj: props }, jinja().env, where.path ?? 'prompty');
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(template, compiled);
  return compiled;
}

/** §5.4 step 4 for `jinja2`: render with the (already validated, nonce-replaced) inputs. */
export function renderJinja(template: string, inputs: Readonly<Record<string, unknown>>, where: RenderWhere): string {
  const tmpl = compile(template, where);
  try {
    return tmpl.render({ ...inputs });
  } catch (e) {
    const err = e as NjTemplateError;
    const cause = err.cause instanceof Error ? err.cause : err;
    const line = fileLine(where, err.lineno === undefined ? undefined : err.lineno + 1);
    const message = cause instanceof JinjaSubsetError ? cause.message : cause.message.replace(/^\(.*?\)\s*(\[[^\]]*\])?\s*/, '');
    throw new PromptError(`Template error: ${message}`, where.path, line, err.colno === undefined ? undefined : err.colno + 1);
  }
}
