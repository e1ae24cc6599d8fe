/**
 * Loading and rendering `.prompt` files beyond the spec suite: the Dotprompt example files in
 * test/fixtures/prompts, front matter and Picoschema errors, template syntax errors with file
 * lines, and constructs Dotprompt does not support failing loudly instead of rendering differently.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PromptError, type LoadedPrompt } from '../../src/core/prompts/types';
import {
  loadDotprompt,
  picoschemaToJsonSchema,
  PicoschemaError,
  renderDotprompt,
  toPromptMessages,
} from '../../src/core/prompts/dotprompt';

const examples = join(__dirname, '..', 'fixtures', 'prompts');
const example = (name: string): string => readFileSync(join(examples, name), 'utf8');
/** 1-based line of the `occurrence`-th line containing `needle`. */
const lineOf = (text: string, needle: string, occurrence = 1): number => {
  const lines = text.split('\n');
  let seen = 0;
  const index = lines.findIndex((l) => l.includes(needle) && ++seen === occurrence);
  assert.ok(index >= 0, `no line with ${needle}`);
  return index + 1;
};

/** Asserts that `fn` throws a PromptError at `line` whose message matches `message`. */
function throwsAt(fn: () => unknown, line: number | undefined, message: RegExp, path?: string): PromptError {
  let error: unknown;
  try {
    fn();
  } catch (err) {
    error = err;
  }
  assert.ok(error instanceof PromptError, `expected a PromptError, got ${String(error)}`);
  assert.match(error.message, message);
  assert.equal(error.line, line, error.message);
  if (path !== undefined) assert.equal(error.path, path);
  return error;
}

describe('loadDotprompt on the example files', () => {
  it('codemirror-04-tools.prompt: model, config, tools, inputs from Picoschema, template after the licence header', () => {
    const text = example('codemirror-04-tools.prompt');
    const p = loadDotprompt(text, 'samples/codemirror-04-tools.prompt');
    assert.equal(p.format, 'dotprompt');
    assert.equal(p.name, 'codemirror-04-tools');
    assert.equal(p.model, 'googleai/gemini-2.5-flash');
    assert.deepEqual(p.config, { temperature: 0.3 });
    assert.deepEqual(p.tools, ['getWeather', 'searchWeb', 'runCalculation', 'sendEmail'].map((name) => ({ type: 'function', function: { name } })));
    assert.deepEqual(p.inputs, [
      { name: 'query', type: 'string', description: "The user's request", required: true },
      { name: 'userEmail', type: 'string', description: "User's email for notifications", required: false },
    ]);
    assert.equal(p.templateLine, lineOf(text, '{{! Tool-enabled prompt'));
    assert.ok(p.template.startsWith('{{! Tool-enabled prompt'));
    assert.equal(p.outputSchema, undefined);

    const r = renderDotprompt(p, { input: { query: 'Weather in Oslo?', userEmail: 'a@b.c' } });
    assert.deepEqual(r.messages.map((m) => m.role), ['system', 'user']);
    assert.deepEqual(r.messages[1]!.content, [{ text: '\nWeather in Oslo?\n\n(My email is: a@b.c)\n' }]);
    assert.deepEqual(r.tools, ['getWeather', 'searchWeb', 'runCalculation', 'sendEmail']);
  });

  it('partials.prompt: JSON Schema input kept as written; its partials must be supplied', () => {
    // As in Handlebars, a {{! …}} comment ends at the first }}: the rest of the demo comment
    // (after `{{> partialName }}`) is template text, so it becomes a first user message.
    const text = example('partials.prompt');
    const p = loadDotprompt(text, 'partials.prompt');
    assert.deepEqual(p.inputs.map((i) => [i.name, i.type, i.required]), [['userName', 'string', false], ['items', 'array', false]]);
    throwsAt(() => renderDotprompt(p, { input: { userName: 'Ann', items: ['x'] } }), lineOf(text, '{{> listItem}}'), /partial 'listItem' is not defined/, 'partials.prompt');
    const r = renderDotprompt(p, { input: { userName: 'Ann', items: ['x', 'y'] } }, {
      partials: { listItem: '- {{this}}\n' },
      resolvePartial: (name) => (name === 'footer' ? '({{author}}, {{year}})' : undefined),
    });
    assert.deepEqual(r.messages, [
      { role: 'user', content: [{ text: '` syntax should be distinct from standard tags.\n}}\n\n' }] },
      { role: 'system', content: [{ text: '\nYou are a helpful assistant.\n\n' }] },
      { role: 'user', content: [{ text: '\nHello Ann.\n\nHere are your items:\n  - x\n  - y\n\n(Google, 2025)' }] },
    ]);
  });

  it('error-unclosed-block.prompt: the unclosed {{#if}} is reported at its own line', () => {
    const text = example('error-unclosed-block.prompt');
    throwsAt(() => loadDotprompt(text, 'e.prompt'), lineOf(text, '{{#if premium}}'), /\{\{#if\}\} is never closed by \{\{\/if\}\}/, 'e.prompt');
  });

  it('valid-greeting.prompt: `{{#if age >= 18}}` is not Handlebars, so loading fails at that line', () => {
    const text = example('valid-greeting.prompt');
    throwsAt(() => loadDotprompt(text, 'g.prompt'), lineOf(text, '{{#if age >= 18}}'), /syntax error at ">= 18.*no operators/);
  });

  it('codemirror-08-sections-thinking.prompt: {{section}} is not a block, so {{/section}} does not match {{#if}}', () => {
    const text = example('codemirror-08-sections-thinking.prompt');
    throwsAt(() => loadDotprompt(text), lineOf(text, '{{#if showThinking}}', 2), /if doesn't match section/);
  });

  it('features.prompt: {{media … mime=…}} is rejected (Dotprompt reads only url and contentType)', () => {
    const text = example('features.prompt');
    throwsAt(() => loadDotprompt(text), lineOf(text, '{{media url=imageUrl'), /\{\{media\}\} has no argument 'mime'/);
    const fixed = loadDotprompt(text.replace('mime=', 'contentType='), 'features.prompt');
    assert.equal(fixed.templateLine, lineOf(text, '{{role "system"}}'));
    const r = renderDotprompt(fixed, {
      input: { name: 'Ann', items: ['be brief'], context: 'art', imageUrl: 'https://x/y.jpg' },
      messages: [{ role: 'user', content: [{ text: 'earlier' }] }],
    });
    assert.deepEqual(r.messages.map((m) => [m.role, m.metadata?.purpose]), [
      ['system', undefined], ['user', undefined], ['model', undefined], ['user', undefined], ['user', 'history'], ['model', undefined],
    ]);
    assert.deepEqual(r.messages[1]!.content[1], { media: { url: 'https://x/y.jpg', contentType: 'image/jpeg' } });
    assert.deepEqual(r.messages[2]!.content[1], { metadata: { purpose: 'thought', pending: true } });
  });

  it('codemirror-03 and codemirror-09: `string[]` is not Picoschema, reported at the field', () => {
    for (const [file, field] of [['codemirror-03-multimodal-media.prompt', 'images:'], ['codemirror-09-complex-schema.prompt', 'nextActions:']] as const) {
      const text = example(file);
      throwsAt(() => loadDotprompt(text, file), lineOf(text, field), /Picoschema: unsupported type 'string\[\]'/, file);
    }
  });
});

describe('front matter', () => {
  it('parses reserved keys, collects namespaced keys into ext and keeps raw', () => {
    const p = loadDotprompt('---\nname: greet\nversion: 2\nmodel: m\nmy.ns.key: 1\nmy.other: [a]\ncustom: x\nmetadata: {owner: me}\n---\n\n\nHi {{who}}\n');
    assert.equal(p.name, 'greet');
    assert.equal(p.templateLine, 12);
    assert.equal(p.template, 'Hi {{who}}');
    assert.deepEqual(p.dotprompt.ext, { 'my.ns': { key: 1 }, my: { other: ['a'] } });
    assert.deepEqual(p.dotprompt.raw, p.frontMatter);
    assert.equal(p.dotprompt.version, '2');
    assert.deepEqual(p.dotprompt.metadata, { owner: 'me' });
    assert.equal('custom' in p.dotprompt, false);
  });

  it('without front matter the whole file, untrimmed, is the template (also with # lines)', () => {
    const p = loadDotprompt('# Title\n\nHello {{x}}\n');
    assert.equal(p.template, '# Title\n\nHello {{x}}\n');
    assert.equal(p.templateLine, 1);
    assert.deepEqual(p.frontMatter, {});
    assert.equal(p.dotprompt.raw, undefined);
    assert.deepEqual(renderDotprompt(p, { input: { x: 1 } }).messages, [{ role: 'user', content: [{ text: '# Title\n\nHello 1\n' }] }]);
  });

  it('accepts CRLF, a BOM, blank and # lines before the opening ---', () => {
    const p = loadDotprompt('\uFEFF# licence\r\n\r\n---\r\nmodel: m\r\n---\r\nHi\r\n');
    assert.equal(p.model, 'm');
    assert.equal(p.template, 'Hi');
    assert.equal(p.templateLine, 6);
  });

  it('malformed YAML, a non-mapping, an unclosed block and wrong types are errors at their line', () => {
    throwsAt(() => loadDotprompt('---\nmodel: m\nconfig: {a: 1\n---\nx', 'y.prompt'), 3, /invalid front matter YAML/, 'y.prompt');
    throwsAt(() => loadDotprompt('---\nmodel: a\nmodel: b\n---\nx'), 3, /invalid front matter YAML.*unique/);
    throwsAt(() => loadDotprompt('---\n- a\n---\nx'), 2, /must be a YAML mapping/);
    throwsAt(() => loadDotprompt('\n---\nmodel: m\nHello'), 2, /never closed/);
    throwsAt(() => loadDotprompt('---\nname: n\nconfig: 3\n---\n'), 3, /'config' must be a mapping/);
    throwsAt(() => loadDotprompt('---\nmodel: {id: x}\n---\n'), 2, /'model' must be a string/);
    throwsAt(() => loadDotprompt('---\ntools: [a, {b: 1}]\n---\n'), 2, /'tools' must be a list of tool names/);
    throwsAt(() => loadDotprompt('---\ninput:\n  defaults: {a: 1}\n---\n'), 3, /unknown key 'input.defaults'/);
    throwsAt(() => loadDotprompt('---\next: {a: 1}\n---\n'), 2, /'ext' is filled from namespaced keys/);
  });

  it('input defaults fill the inputs and are shallow-merged under data.input', () => {
    const p = loadDotprompt('---\ninput:\n  default: {who: World, n: 1}\n  schema:\n    who?: string\n---\n{{who}} {{n}}');
    assert.deepEqual(p.sample, { who: 'World', n: 1 });
    assert.deepEqual(p.inputs, [
      { name: 'who', type: 'string', required: false, default: 'World' },
      { name: 'n', required: false, default: 1 },
    ]);
    assert.deepEqual(renderDotprompt(p, { input: { n: 2 } }).messages[0]!.content, [{ text: 'World 2' }]);
    const r = renderDotprompt(p, {}, { input: { default: { who: 'You' } } });
    assert.deepEqual(r.messages[0]!.content, [{ text: 'You 1' }]);
    assert.deepEqual(r.input?.default, { who: 'You', n: 1 });
  });

  it('output format and toolDefs map to the shared fields', () => {
    const p = loadDotprompt([
      '---',
      'output:',
      '  schema: {answer: string}',
      'toolDefs:',
      '  - name: lookup',
      '    description: finds things',
      '    inputSchema: {q: string, limit?: integer}',
      '---',
      'x',
    ].join('\n'));
    assert.equal(p.outputFormat, 'json');
    assert.deepEqual(p.outputSchema, { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false });
    assert.deepEqual(p.tools, [{
      type: 'function',
      function: {
        name: 'lookup',
        description: 'finds things',
        parameters: {
          type: 'object',
          properties: { q: { type: 'string' }, limit: { type: ['integer', 'null'] } },
          required: ['q'],
          additionalProperties: false,
        },
      },
    }]);
    assert.equal(loadDotprompt('---\noutput: {format: text}\n---\nx').outputFormat, 'text');
  });
});

describe('Picoschema', () => {
  it('expands the reference example (nested objects, arrays of objects, enums, wildcards)', () => {
    const schema = picoschemaToJsonSchema({
      id: 'string, the id',
      'category(enum, main category)': ['A', 'B'],
      'tags(array)': 'string',
      primaryImage: { url: 'string' },
      'attributes(object, custom)': { '(*)': 'any, anything' },
      'variants?(array, variants)': { id: 'string' },
    });
    assert.deepEqual(schema, {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'category', 'tags', 'primaryImage', 'attributes'],
      properties: {
        id: { type: 'string', description: 'the id' },
        category: { description: 'main category', enum: ['A', 'B'] },
        tags: { type: 'array', items: { type: 'string' } },
        primaryImage: { type: 'object', properties: { url: { type: 'string' } }, required: ['url'], additionalProperties: false },
        attributes: { type: 'object', description: 'custom', properties: {}, additionalProperties: { description: 'anything' } },
        variants: {
          type: ['array', 'null'],
          description: 'variants',
          items: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'], additionalProperties: false },
        },
      },
    });
  });

  it('throws PicoschemaError with the key path for what it does not support', () => {
    const cases: [unknown, RegExp, (string | number)[]][] = [
      [{ a: { b: 'date' } }, /unsupported type 'date'/, ['a', 'b']],
      [{ 'a(enum)': 'RED' }, /needs a list of values/, ['a(enum)']],
      [{ 'a(map)': 'string' }, /unsupported field kind 'map'/, ['a(map)']],
      [{ a: 3 }, /must be a type string or a mapping/, ['a']],
      [{ a: ['x'] }, /name\(enum\)/, ['a']],
      [{ 'a(b': 'string' }, /invalid field key/, ['a(b']],
      [{ a: 'string', 'a?': 'number' }, /declared twice/, ['a?']],
      [[1], /type string or a mapping/, []],
    ];
    for (const [schema, message, path] of cases) {
      assert.throws(() => picoschemaToJsonSchema(schema), (err: unknown) => {
        assert.ok(err instanceof PicoschemaError);
        assert.match(err.message, message);
        assert.deepEqual(err.path, path);
        return true;
      });
    }
  });

  it('resolves named schemas from the registry, then the resolver; unknown names are errors at their line', () => {
    const text = '---\noutput:\n  schema:\n    a: Foo\n    b?: Bar, overridden\n---\n';
    const p = loadDotprompt(text, undefined, { schemas: { Foo: { type: 'number' } }, resolveSchema: (n) => (n === 'Bar' ? { type: 'string', description: 'bar' } : undefined) });
    assert.deepEqual(p.outputSchema, {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: ['string', 'null'], description: 'overridden' } },
      required: ['a'],
      additionalProperties: false,
    });
    throwsAt(() => loadDotprompt(text, 'n.prompt'), 4, /Picoschema: unsupported type 'Foo'/, 'n.prompt');
  });
});

describe('template errors and unsupported constructs', () => {
  const fm = '---\nmodel: m\n---\n';
  it('syntax errors point at the file line (template line offset by the front matter)', () => {
    throwsAt(() => loadDotprompt(`${fm}line one\n{{name}\n`), 5, /syntax error/);
    throwsAt(() => loadDotprompt(`${fm}a\n{{#each xs}}\n{{/if}}\n`), 5, /each doesn't match if/);
    throwsAt(() => loadDotprompt(`${fm}a\n{{!-- never closed\n`), 5, /unclosed \{\{!-- comment/);
  });

  it('calls to unknown helpers and misused Dotprompt helpers are load errors', () => {
    throwsAt(() => loadDotprompt(`${fm}\n{{upper name}}`), 5, /unknown helper 'upper'/);
    loadDotprompt(`${fm}{{upper name}}`, undefined, { helpers: ['upper'] });
    throwsAt(() => loadDotprompt(`${fm}{{role "Assistant"}}hi`), 4, /role name must be lowercase/);
    throwsAt(() => loadDotprompt(`${fm}{{role}}hi`), 4, /takes 1 argument, got 0/);
    throwsAt(() => loadDotprompt(`${fm}{{section "a b"}}`), 4, /section name/);
    throwsAt(() => loadDotprompt(`${fm}{{media src=u}}`), 4, /no argument 'src'/);
    throwsAt(() => loadDotprompt(`${fm}{{media contentType="image/png"}}`), 4, /needs url=/);
    throwsAt(() => loadDotprompt(`${fm}{{ifEquals a b}}`), 4, /is a block helper/);
    throwsAt(() => loadDotprompt(`${fm}{{#role "user"}}x{{/role}}`), 4, /not a block helper/);
    throwsAt(() => loadDotprompt(`${fm}{{#ifEquals a}}x{{/ifEquals}}`), 4, /takes 2 arguments, got 1/);
    throwsAt(() => loadDotprompt(`${fm}{{json a indent=2 pretty=true}}`), 4, /no argument 'pretty'/);
    throwsAt(() => loadDotprompt(`${fm}{{#each}}x{{/each}}`), 4, /takes 1 argument, got 0/);
    throwsAt(() => loadDotprompt(`${fm}{{* deco}}`), 4, /unsupported decorator/);
  });

  it('values only known at render time are checked by the helpers, at the line of the call', () => {
    const p = loadDotprompt(`${fm}ok\n{{role r}}x\n{{media url=u}}`, 'r.prompt');
    throwsAt(() => renderDotprompt(p, { input: { r: 'Assistant', u: 'http://x' } }), 5, /\{\{role\}\} needs a lowercase role name/, 'r.prompt');
    throwsAt(() => renderDotprompt(p, { input: { r: 'user' } }), 6, /\{\{media\}\} needs a url/);
    throwsAt(() => renderDotprompt(p, { input: { r: 'user', u: 'http://x y' } }), 6, /\{\{media\}\} needs a url without spaces/);
  });

  it('errors inside partials name the partial and point at the line that includes it', () => {
    const p = loadDotprompt(`${fm}a\n\n{{> outer}}`, 'p.prompt');
    const partials = { outer: 'x {{> inner}}', inner: 'one\n{{role "Bad"}}' };
    const err = throwsAt(() => renderDotprompt(p, {}, { partials }), 6, /in partial 'inner' \(partial line 2\): role name must be lowercase/);
    assert.equal(err.path, 'p.prompt');
    throwsAt(() => renderDotprompt(p, {}, { partials: { outer: '{{> missing}}' } }), 6, /in partial 'outer' \(partial line 1\): partial 'missing' is not defined/);
    throwsAt(() => renderDotprompt(p, { input: { r: 'X' } }, { partials: { outer: '{{role r}}' } }), 6, /in partial 'outer' \(partial line 1\): \{\{role\}\} needs/);
    throwsAt(() => renderDotprompt(p, {}, { partials: { outer: '{{#if}}' } }), 6, /in partial 'outer'.*never closed/);
  });

  it('recursive partials terminate (each name is resolved once)', () => {
    const p = loadDotprompt('{{> node tree}}');
    let resolved = 0;
    const r = renderDotprompt(p, { input: { tree: { name: 'a', kids: [{ name: 'b', kids: [] }] } } }, {
      resolvePartial: (name) => (resolved++, name === 'node' ? '{{name}}({{#each kids}}{{> node this}}{{/each}})' : undefined),
    });
    assert.equal(resolved, 1);
    assert.deepEqual(r.messages[0]!.content, [{ text: 'a(b())' }]);
  });

  it('inline partials and custom helpers work; custom helpers cannot replace Dotprompt ones', () => {
    const p = loadDotprompt('{{#*inline "x"}}[{{upper v}}]{{/inline}}{{> x}}', undefined, { helpers: ['upper'] });
    const helpers = { upper: (s: unknown) => String(s).toUpperCase() };
    assert.deepEqual(renderDotprompt(p, { input: { v: 'hi' } }, { helpers }).messages[0]!.content, [{ text: '[HI]' }]);
    throwsAt(() => renderDotprompt(p, {}, { helpers: { ...helpers, role: () => '' } }), undefined, /would replace a Dotprompt helper/);
  });
});

describe('messages', () => {
  it('text after {{history}} continues as a model message; whitespace-only pieces are dropped', () => {
    const p = loadDotprompt('{{role "system"}}S\n{{history}}\nafter\n{{media url="http://i" contentType="image/png"}}\n');
    const history = [{ role: 'user', content: [{ text: 'q' }] }];
    assert.deepEqual(renderDotprompt(p, { messages: history }).messages, [
      { role: 'system', content: [{ text: 'S\n' }] },
      { role: 'user', content: [{ text: 'q' }], metadata: { purpose: 'history' } },
      { role: 'model', content: [{ text: '\nafter\n' }, { media: { url: 'http://i', contentType: 'image/png' } }] },
    ]);
  });

  it('without {{history}} the history goes before a final user message', () => {
    const p = loadDotprompt('{{role "system"}}S{{role "user"}}U');
    const history = [{ role: 'model', content: [{ text: 'm' }] }];
    assert.deepEqual(renderDotprompt(p, { messages: history }).messages.map((m) => m.role), ['system', 'model', 'user']);
  });

  it('marker-like text that is not a marker stays text; context keys are @variables', () => {
    const p = loadDotprompt('{{@state.n}} <<<dotprompt:role:User>>> {{@metadata.messages.length}}');
    assert.deepEqual(renderDotprompt(p, { context: { state: { n: 7 } } }).messages[0]!.content, [
      { text: '7 <<<dotprompt:role:User>>> 0' },
    ]);
  });

  it('toPromptMessages drops pending section parts for the shared message type', () => {
    const r = renderDotprompt(loadDotprompt('{{section "output"}}{{role "model"}}{{section "x"}}A'));
    assert.deepEqual(toPromptMessages(r.messages), [{ role: 'model', content: [{ text: 'A' }] }]);
  });

  it('renders a LoadedPrompt built by hand from its front matter; other formats are refused', () => {
    const hand: LoadedPrompt = {
      format: 'dotprompt',
      config: {},
      inputs: [],
      frontMatter: { model: 'm', input: { default: { a: 'x' } }, 'n.k': 1 },
      template: '{{a}}',
      templateLine: 1,
    };
    const r = renderDotprompt(hand);
    assert.deepEqual(r.messages, [{ role: 'user', content: [{ text: 'x' }] }]);
    assert.equal(r.model, 'm');
    assert.deepEqual(r.ext, { n: { k: 1 } });
    throwsAt(() => renderDotprompt({ ...hand, format: 'prompty' }), undefined, /not a Dotprompt prompt/);
  });
});
