/**
 * The incremental JSON parser behind OCEL JSON import: same values as JSON.parse whatever the
 * chunking, items streamed at the chosen depth, and syntax errors located by line and column.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JsonStreamParser, JsonSyntaxError, parseJsonText, type JsonPath, type JsonValue } from '../../src/core/ingest/jsonStream';

const DOC = `{
  "objectTypes": [{"name": "order", "attributes": [{"name": "total", "type": "float"}]}],
  "empty": [], "nothing": {}, "n": -12.5e-1, "t": true, "f": false, "z": null,
  "text": "tab\\there \\"quoted\\" \\\\ \\/ \\u00e9\\ud83d\\ude00 \\b\\f\\n\\r",
  "events": [
    {"id": "e1", "time": "2020-01-01T00:00:00Z", "relationships": [{"objectId": "o1"}]},
    {"id": "e2", "nested": [[1, 2, [3]], {"a": {"b": [0]}}], "__proto__": {"x": 1}}
  ]
}`;

function parseChunked(text: string, chunks: number[], itemDepth: number) {
  const items: [JsonPath, JsonValue, number][] = [];
  const opened: string[] = [];
  const p = new JsonStreamParser(itemDepth, {
    value: (path, v, line) => items.push([[...path], v, line]),
    open: (path, kind) => opened.push(`${path.join('.')}:${kind}`),
    close: (path, kind) => opened.push(`/${path.join('.')}:${kind}`),
  });
  let at = 0;
  for (const size of chunks) {
    p.write(text.slice(at, at + size));
    at += size;
  }
  p.write(text.slice(at));
  p.end();
  return { items, opened };
}

function errorOf(text: string): JsonSyntaxError {
  try {
    parseJsonText(text);
  } catch (err) {
    assert.ok(err instanceof JsonSyntaxError, String(err));
    return err;
  }
  assert.fail(`no error for ${JSON.stringify(text)}`);
}

describe('JsonStreamParser', () => {
  test('parseJsonText equals JSON.parse, __proto__ kept as an own key', () => {
    const v = parseJsonText(DOC);
    assert.deepEqual(v, JSON.parse(DOC));
    const e2 = ((v as { events: JsonValue[] }).events[1]) as Record<string, JsonValue>;
    assert.ok(Object.prototype.hasOwnProperty.call(e2, '__proto__'));
    assert.equal(Object.getPrototypeOf(e2), Object.prototype);
    for (const s of ['0', '-0', '1e3', '"x"', 'null', ' [ ] ', '{"a":[{}]}', '\uFEFF{"bom": 1}']) assert.deepEqual(parseJsonText(s), JSON.parse(s.replace(/^\uFEFF/, '')), s);
  });

  test('items at depth 2 with their paths and start lines; the same for every chunking', () => {
    const whole = parseChunked(DOC, [], 2);
    assert.deepEqual(whole.items.map(([p]) => p.join('.')), [
      'objectTypes.0', 'n', 't', 'f', 'z', 'text', 'events.0', 'events.1',
    ]);
    const expected = JSON.parse(DOC) as Record<string, JsonValue[]>;
    assert.deepEqual(whole.items[0]![1], expected.objectTypes![0]);
    assert.deepEqual(whole.items[7]![1], expected.events![1]);
    assert.deepEqual(whole.items.map(([, , line]) => line), [2, 3, 3, 3, 3, 4, 6, 7]);
    assert.deepEqual(whole.opened, [
      ':object', 'objectTypes:array', '/objectTypes:array', 'empty:array', '/empty:array', 'nothing:object', '/nothing:object',
      'events:array', '/events:array', '/:object',
    ]);
    for (const size of [1, 2, 3, 7, 64]) {
      const sizes = Array.from({ length: Math.ceil(DOC.length / size) }, () => size);
      assert.deepEqual(parseChunked(DOC, sizes, 2), whole, `chunks of ${size}`);
    }
  });

  test('syntax errors carry the line and column of the offending character', () => {
    const cases: [string, RegExp, number, number][] = [
      ['{"a": 1,\n "b": }', /unexpected character '}', expected a value/, 2, 7],
      ['{"a": 1\n  "b": 2}', /expected ',' or '}'/, 2, 3],
      ['[1, 2', /unexpected end of input: '\[' not closed/, 1, 5],
      ['{"a": tru}', /unexpected character '}' in "tru"/, 1, 10],
      ['{"a": "x\ny"}', /control characters must be escaped/, 1, 9],
      ['{"a": 01}', /invalid number "01"/, 1, 7],
      ['{"a": "\\q"}', /invalid escape/, 1, 9],
      ['{a: 1}', /expected a property name in double quotes/, 1, 2],
      ['{} {}', /after the end of the JSON value/, 1, 4],
      ['   ', /empty document/, 1, 3],
      ['{"a": "unterminated', /unterminated string/, 1, 7],
    ];
    for (const [text, reason, line, column] of cases) {
      const err = errorOf(text);
      assert.match(err.reason, reason, text);
      assert.deepEqual([err.line, err.column], [line, column], `${text}: ${err.message}`);
    }
  });
});
