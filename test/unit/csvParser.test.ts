/**
 * CSV reading building blocks: RFC 4180 records over a stream, delimiter sniffing, header names
 * and column-name detection, and cell type inference.
 */
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { guessColumns, sniffDelimiter } from '../../src/core';
import { uniqueColumns } from '../../src/core/ingest/csvMapping';
import { csvRecords } from '../../src/core/ingest/csvParser';
import { inferCsvValue } from '../../src/core/ingest/csvReader';

async function records(text: string, delimiter = ',', chunk = 3) {
  // Small chunks, so records and quoted fields straddle chunk boundaries.
  const parts: string[] = [];
  for (let i = 0; i < text.length; i += chunk) parts.push(text.slice(i, i + chunk));
  const out: { fields: string[]; line: number }[] = [];
  for await (const r of csvRecords('t.csv', Readable.from(parts), delimiter)) out.push({ fields: r.fields, line: r.line });
  return out;
}

describe('csvRecords (RFC 4180)', () => {
  test('quotes, doubled quotes, delimiters and newlines inside quotes, CRLF, BOM, blank lines', async () => {
    const text = '\uFEFFa,b,c\r\n"x, y","say ""hi""",plain\r\n\r\n"multi\r\nline\nfield",,""\nlast,row,"end"';
    assert.deepEqual(await records(text), [
      { fields: ['a', 'b', 'c'], line: 1 },
      { fields: ['x, y', 'say "hi"', 'plain'], line: 2 },
      { fields: ['multi\nline\nfield', '', ''], line: 4 },
      { fields: ['last', 'row', 'end'], line: 7 },
    ]);
  });

  test('lenient with stray quotes inside unquoted fields', async () => {
    assert.deepEqual((await records('5" screen,a"b\n'))[0]!.fields, ['5" screen', 'a"b']);
  });

  test('other delimiters', async () => {
    assert.deepEqual((await records('a;"b;c";d\n', ';'))[0]!.fields, ['a', 'b;c', 'd']);
    assert.deepEqual((await records('a\t"b\tc"\td\n', '\t'))[0]!.fields, ['a', 'b\tc', 'd']);
    assert.deepEqual((await records('a|b||\n', '|'))[0]!.fields, ['a', 'b', '', '']);
  });

  test('an unterminated quote is an ImportError naming the line where the record starts', async () => {
    await assert.rejects(records('h1,h2\nok,row\n"open,row\nmore\n'), (e: Error & { line?: number }) => e.name === 'ImportError' && e.line === 3);
  });
});

describe('sniffDelimiter', () => {
  test('picks the delimiter giving a consistent field count', () => {
    assert.equal(sniffDelimiter(['a,b,c', '1,2,3', '4,5,6']), ',');
    assert.equal(sniffDelimiter(['Case ID;Activity;Complete Timestamp', 'A;ER Registration;2014/10/22 11:15:41.000']), ';');
    assert.equal(sniffDelimiter(['a\tb', '1\t2']), '\t');
    assert.equal(sniffDelimiter(['a|b|c', '1|2|3']), '|');
    // Commas inside quoted fields do not fool it.
    assert.equal(sniffDelimiter(['case;activity;note', '1;a;"x, y, z"', '2;b;"p, q"']), ';');
    assert.equal(sniffDelimiter(['single']), ',');
  });
});

describe('column detection', () => {
  test('XES-style, Disco-style and snake_case headers', () => {
    assert.deepEqual(guessColumns(['case:concept:name', 'concept:name', 'time:timestamp', 'org:resource', 'lifecycle:transition']), {
      case: 'case:concept:name', activity: 'concept:name', timestamp: 'time:timestamp', resource: 'org:resource', lifecycle: 'lifecycle:transition',
    });
    assert.deepEqual(guessColumns(['Case ID', 'Activity', 'Complete Timestamp', 'Resource']), {
      case: 'Case ID', activity: 'Activity', timestamp: 'Complete Timestamp', resource: 'Resource',
    });
    assert.deepEqual(guessColumns(['case_id', 'activity', 'start_timestamp', 'timestamp', 'resource']), {
      case: 'case_id', activity: 'activity', timestamp: 'timestamp', startTimestamp: 'start_timestamp', resource: 'resource',
    });
    assert.deepEqual(guessColumns(['case', 'activity', 'start time']), { case: 'case', activity: 'activity', timestamp: 'start time' });
    assert.deepEqual(guessColumns(['handling', 'patient', 'time']), { timestamp: 'time' });
  });

  test('header names are made unique and unnamed columns get a name', () => {
    assert.deepEqual(uniqueColumns(['', 'a', 'a', ' ']), ['column1', 'a', 'a (2)', 'column4']);
  });
});

describe('inferCsvValue', () => {
  test('types per value; "NA" and codes with leading zeros stay text', () => {
    assert.deepEqual(inferCsvValue('42'), { type: 'int', value: 42 });
    assert.deepEqual(inferCsvValue('-3.5e2'), { type: 'float', value: -350 });
    assert.deepEqual(inferCsvValue('0.25'), { type: 'float', value: 0.25 });
    assert.deepEqual(inferCsvValue('TRUE'), { type: 'boolean', value: 1 });
    assert.deepEqual(inferCsvValue('2021-01-01T00:00:00Z'), { type: 'date', value: Date.UTC(2021, 0, 1) });
    assert.deepEqual(inferCsvValue('NA'), { type: 'string', value: 'NA' });
    assert.deepEqual(inferCsvValue('007'), { type: 'string', value: '007' });
    assert.deepEqual(inferCsvValue('12345678901234567890'), { type: 'float', value: Number('12345678901234567890') });
  });
});
