/**
 * The fast YAML reader against the `yaml` library: on everything the fast reader accepts, both
 * give the same values and the same lines; on everything else the fast reader gives up (and
 * never accepts text the library rejects).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { SuiteError } from '../../src/core/evals/suite';
import { fastParseYaml } from '../../src/core/evals/suite/fastYaml';
import { lineAtPath, type ParsedFile } from '../../src/core/evals/suite/parsedYaml';
import { parseYaml, parseYamlSlow } from '../../src/core/evals/suite/yamlSource';

const root = join(__dirname, '..', '..');

/** Every collection's path, line, key lines and item lines. */
function lines(file: ParsedFile): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown, path: string): void => {
    if (typeof v !== 'object' || v === null) return;
    const i = file.info.get(v);
    out.push([path, i?.line, i?.keyLines ? [...i.keyLines] : undefined, i?.itemLines]);
    for (const k of Object.keys(v)) walk((v as Record<string, unknown>)[k], `${path}/${k}`);
  };
  walk(file.value, '');
  return out;
}

/** Compares both readers on `text`; returns whether the fast one accepted it. */
function same(text: string): boolean {
  let slow: ParsedFile | undefined;
  let slowError: unknown;
  try {
    slow = parseYamlSlow(text);
  } catch (err) {
    slowError = err;
  }
  const fast = fastParseYaml(text);
  if (!fast) return false;
  assert.equal(slowError, undefined, `fast reader accepted invalid YAML: ${JSON.stringify(text)}`);
  const norm = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x));
  assert.equal(norm(fast.value), norm(slow!.value), `values differ for ${JSON.stringify(text)}`);
  assert.deepEqual(lines(fast), lines(slow!), `lines differ for ${JSON.stringify(text)}`);
  // End lines: the same up to trailing comment lines, which the two readers attribute a little
  // differently (the fast reader: those indented at least as far as the collection's entries).
  const textLines = text.replace(/\r\n/g, '\n').split('\n');
  const ends = (file: ParsedFile) => {
    const out: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v !== 'object' || v === null) return;
      out.push(file.info.get(v)!.endLine);
      for (const x of Object.values(v)) walk(x);
    };
    walk(file.value);
    return out;
  };
  const fastEnds = ends(fast);
  ends(slow!).forEach((slowEnd, i) => {
    const fastEnd = fastEnds[i]!;
    for (let l = Math.min(fastEnd, slowEnd); l < Math.max(fastEnd, slowEnd); l++) assert.match(textLines[l]!, /^\s*(#.*)?$/, `end lines differ by content in ${JSON.stringify(text)}`);
  });
  return true;
}

const ACCEPTED = [
  'a: 1\nb:\n  - x: |\n      hello\n      world\n\n    y: >-\n      folded\n      text\n\n      para\n  -\n    z: 3\n',
  "c: [1, 'two', {d: e}]\nk: 0o17\nm: 1e3\nn: .5\no: -.inf\np: \"\\u00e9\\x41\\t\"\nq: 0x1F\nr: ~\ns: True\nt: yes\n",
  'key: |\n  a\n\n  b\n\n\nnext: 1\n',
  'key: >\n\n  a\n  b\n\n  c\n  d\n\n',
  '- a\n- b: 1\n  c: 2\n-\n- - x\n  - y\n',
  'a:\n- 1\n- 2\nb: x\n',
  "a: b # comment\nc: 'it''s' # c\nd: \"q # not\" # yes\n",
  'url: http://x:80/y\nt: a:b\ne: ""\nnum: -12\nf: 1.5e-3\n',
  'description: long\n  text continues\n\n  new para\nnext: 1\n',
  'expected:\n  The model should\n  do X.\nid: 2\n',
  '"quoted key": 1\n\'single\': 2\n',
  '- |\n  lit\n- >\n  fold\n  ed\n',
  'k: |\n  text\n  # not a comment\nz: 1\n',
  'k: |\n  text\n\n# comment\nz: 1\n',
  'empty:\nalso: ~\nlist: []\nmap: {}\n',
  '\ufeff# only a comment\nkey: value\r\nother: 2\r\n',
  '   indented: root\n   second: 2\n',
];

const REFUSED = [
  'a: b: c\n', 'a: 1\na: 2\n', 'a:\n  b: 1\n c: 2\n', 'k: |\n    deep\n  shallow\n', 'a: [1, 2\n  , 3]\n',
  'x: &a 1\ny: *a\n', 'tag: !!str 1\n', '---\na: 1\n', 'k: |+\n  keep\n\n', 'k: |2\n   x\n', 'a: "multi\n  line"\n',
  '? complex\n: key\n', 'just a scalar\n', '1: numeric key\n', 'a:\n\t- tab\n',
];

describe('fast YAML reader', () => {
  it('reads the block-style subset exactly like the yaml library, lines included', () => {
    for (const text of ACCEPTED) assert.ok(same(text), `fast reader refused ${JSON.stringify(text)}`);
  });

  it('gives up on everything outside the subset, and on invalid YAML', () => {
    for (const text of REFUSED) assert.equal(fastParseYaml(text), undefined, JSON.stringify(text));
  });

  it('reads the sample suite, the fixtures and the promptfoo examples on the fast path', () => {
    const files = [
      'samples/prompts/support-triage.eval.yaml',
      'test/fixtures/evalSuites/mixed.eval.yaml',
      'test/fixtures/evalSuites/cases.yaml',
      'test/fixtures/evalSuites/promptfoo-csv/promptfooconfig.yaml',
      'test/fixtures/promptfoo/examples/getting-started/promptfooconfig.yaml',
      'test/fixtures/promptfoo/examples/echo-1000-tests/simple-example.yaml',
      'test/fixtures/promptfoo/examples/json-output/promptfooconfig.yaml',
    ];
    for (const f of files) assert.ok(same(readFileSync(join(root, f), 'utf8')), f);
  });

  it('agrees with the yaml library on generated documents in every output style, and on mutations of them', () => {
    let seed = 20240611;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)]!;
    const words = ['a', 'b c', 'x: y', '#h', 'a #b', '- z', "it's", 'say "hi"', '', ' lead', 'trail ', '1', '1.5', 'true', 'null', '~',
      '0o7', '0x1f', '.inf', 'multi\nline', 'multi\nline\n', 'ü', '[x]', 'k:v', 'a,b', '1e5', '-1', '---', 'a\n\nb\n\n', 'x\\y', 'tab\there'];
    const keys = ['id', 'type', 'value', 'a b', 'k:x', 'vars', "q'", '1x', 'desc'];
    const gen = (d: number): unknown => {
      const r = rnd();
      if (d > 3 || r < 0.4) {
        const t = rnd();
        return t < 0.6 ? pick(words) : t < 0.8 ? Math.round(rnd() * 1000) / 8 : t < 0.9 ? rnd() < 0.5 : null;
      }
      if (r < 0.7) return Object.fromEntries(Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => [pick(keys), gen(d + 1)]));
      return Array.from({ length: Math.floor(rnd() * 4) }, () => gen(d + 1));
    };
    const styles = [{}, { defaultStringType: 'QUOTE_SINGLE' }, { defaultStringType: 'QUOTE_DOUBLE' }, { blockQuote: 'folded' },
      { blockQuote: 'literal' }, { indentSeq: false }, { indent: 4 }, { collectionStyle: 'flow' }, { lineWidth: 20, minContentWidth: 5 }] as const;
    const docs: string[] = [];
    let accepted = 0;
    for (let i = 0; i < 400; i++) {
      const text = stringify({ root: gen(0), list: [gen(1), gen(1)] }, pick(styles));
      docs.push(text);
      if (same(text)) accepted++;
    }
    assert.ok(accepted > 200, `the fast reader should take most generated documents (took ${accepted} of 400)`);
    const inserts = [' ', '\n', ':', '-', '#', "'", '"', '|', '>', '[', ']', '{', '}', ',', '  ', '\n  ', '\\', 'x'];
    for (let i = 0; i < 3000; i++) {
      let t = pick(docs);
      for (let j = 0; j < 1 + Math.floor(rnd() * 3); j++) {
        const p = Math.floor(rnd() * t.length);
        t = rnd() < 0.4 ? t.slice(0, p) + t.slice(p + 1) : t.slice(0, p) + pick(inserts) + t.slice(p);
      }
      same(t);
    }
  });

  it('maps key paths to lines, falling back to the nearest known ancestor', () => {
    const file = parseYaml('tests:\n  - id: a\n    assert:\n      - type: x\n        value: {deep: [1, 2]}\n');
    assert.equal(lineAtPath(file, ['tests', 0, 'assert', 0, 'value']), 5);
    assert.equal(lineAtPath(file, ['tests', 0, 'assert', 0]), 4);
    assert.equal(lineAtPath(file, ['tests', 0, 'missing', 3]), 2);
  });

  it('reports YAML syntax errors as SuiteErrors with the line', () => {
    assert.throws(() => parseYaml('a: 1\nb: [1, 2\nc: 3\n', 'x.eval.yaml'), (err: unknown) => {
      assert.ok(err instanceof SuiteError);
      assert.equal(err.path, 'x.eval.yaml');
      assert.ok(err.line !== undefined && err.line >= 2, `line ${err.line}`);
      assert.match(err.message, /^x\.eval\.yaml:\d+: invalid YAML/);
      return true;
    });
    assert.throws(() => parseYaml('a: 1\na: 2\n'), /line 2: invalid YAML: Map keys must be unique/);
  });
});
