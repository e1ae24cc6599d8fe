/**
 * The `tracemine` command line, run as a child process exactly as a user would (through tsx).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { ROOT, fixture, referenceFigures, tempDir } from './eventlogFixtures';

const run = promisify(execFile);

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: ROOT, maxBuffer: 16 << 20 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('tracemine CLI', () => {
  test('mine <file> --json prints the process summary of the running example', async () => {
    const r = await cli('mine', 'test/fixtures/eventlogs/running-example.xes', '--json');
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    const ref = referenceFigures().find((x) => x.file === 'running-example.xes')!;
    assert.equal(o.cases, ref.cases);
    assert.equal(o.events, ref.events);
    assert.equal(o.activities, ref.activities);
    assert.equal(o.variants, ref.variants);
    assert.equal(o.dfg.length, ref.dfEdges);
    assert.deepEqual(o.start, { 'register request': 6 });
    assert.deepEqual(o.end, { 'pay compensation': 3, 'reject request': 3 });
    assert.deepEqual(o.edges[0], {
      source: 'check ticket', target: 'decide', frequency: 6, cases: 4,
      duration: o.edges[0].duration,
    });
    // dfg: [source, target, count] sorted by source then target
    assert.deepEqual(o.dfg.slice(0, 3), [
      ['check ticket', 'decide', 6], ['check ticket', 'examine casually', 2], ['check ticket', 'examine thoroughly', 1],
    ]);
    const keys = o.dfg.map((t: [string, string, number]) => `${t[0]}\u0000${t[1]}`);
    assert.deepEqual(keys, [...keys].sort());
    assert.deepEqual(o.dfg.map((t: [string, string, number]) => t[2]).sort(), o.edges.map((e: { frequency: number }) => e.frequency).sort());
    // topVariants: [[activities…], count], most frequent first (all six variants of the running example occur once)
    assert.equal(o.topVariants.length, 6);
    for (const [acts, n] of o.topVariants) assert.ok(Array.isArray(acts) && acts[0] === 'register request' && n === 1);
    for (const e of o.edges) {
      assert.equal(typeof e.source, 'string');
      assert.equal(typeof e.target, 'string');
      assert.ok(e.frequency >= e.cases && e.cases >= 1);
      assert.equal(e.duration.count, e.frequency);
    }
    assert.equal(o.dfg.reduce((s: number, e: [string, string, number]) => s + e[2], 0), ref.events - ref.cases);
    assert.equal(o.hasTimestamps, true);
  });

  test('mine a CSV with explicit column flags', async () => {
    const r = await cli('mine', fixture('patients.csv'), '--json', '--csv-case', 'patient', '--csv-activity', 'handling', '--csv-timestamp', 'time');
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    const ref = referenceFigures().find((x) => x.file === 'patients.csv')!;
    assert.deepEqual([o.cases, o.events, o.activities, o.variants, o.dfg.length], [ref.cases, ref.events, ref.activities, ref.variants, ref.dfEdges]);
  });

  test('mine without --json prints a short table', async () => {
    const r = await cli('mine', 'test/fixtures/eventlogs/running-example.csv');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /running-example\.csv: 6 cases, 42 events, 8 activities, 6 variants, 16 directly-follows edges/);
    assert.match(r.stdout, /check ticket -> decide/);
  });

  test('--help lists the commands; --version reads package.json', async () => {
    const help = await cli('--help');
    assert.equal(help.code, 0);
    for (const c of ['mine <file>', 'import <file> --db <path>', 'list --db <path>', '--json', '--csv-case']) assert.ok(help.stdout.includes(c), c);
    const version = await cli('--version');
    assert.equal(version.code, 0);
    assert.equal(version.stdout.trim(), JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  test('usage errors exit 2', async () => {
    for (const args of [[], ['frobnicate'], ['mine'], ['mine', 'a.xes', '--bogus'], ['import', fixture('running-example.xes')], ['mine', 'x.csv', '--csv-delimiter', 'x']]) {
      const r = await cli(...args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, /^tracemine: .*\nRun "tracemine --help" for usage\./);
    }
  });

  test('an ImportError prints file:line:column: message and exits 1', async (t) => {
    const dir = tempDir(t);
    const f = path.join(dir, 'broken.xes');
    writeFileSync(f, '<log>\n  <trace>\n    <event>\n  </trace>\n</log>\n');
    const r = await cli('mine', f);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`^${f.replace(/[.\\/]/g, '\\$&')}:4:\\d+: `));
    const missing = await cli('mine', path.join(dir, 'nope.xes'));
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.xes: cannot read the file/);
  });

  test('import --db persists the log; list shows it after the process exits', async (t) => {
    const dir = tempDir(t);
    const db = path.join(dir, '.tracemine', 'tracemine.db');
    const r = await cli('import', fixture('sepsis.csv'), '--db', db, '--name', 'Sepsis');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Imported "Sepsis" as log 1/);
    assert.match(r.stdout, /1,050 cases, 15,214 events, 16 activities/);
    assert.match(r.stdout, /read as UTC/);
    const list = await cli('list', '--db', db, '--json');
    assert.equal(list.code, 0, list.stderr);
    const logs = JSON.parse(list.stdout);
    assert.deepEqual(logs.map((l: { name: string; cases: number; events: number }) => [l.name, l.cases, l.events]), [['Sepsis', 1050, 15214]]);
  });

  test('ocel-types lists an OCEL log\'s object types; mine/import need --object-type', async (t) => {
    const file = fixture('ocel/ocel20_example.xmlocel');
    const types = await cli('ocel-types', file);
    assert.equal(types.code, 0, types.stderr);
    assert.equal(types.stdout, 'Invoice\t3 objects\t9 events\nPayment\t3 objects\t3 events\nPurchase Order\t2 objects\t5 events\nPurchase Requisition\t1 objects\t3 events\n');
    const json = await cli('ocel-types', fixture('ocel/ocel20_example.sqlite'), '--json');
    assert.deepEqual(JSON.parse(json.stdout)[2], { type: 'Purchase Order', objects: 2, events: 5 });

    const without = await cli('mine', file);
    assert.equal(without.code, 1);
    assert.match(without.stderr, /choose one \(option ocelObjectType, CLI --object-type\): Invoice \(3 objects, 9 events\)/);
    const mined = await cli('mine', file, '--object-type', 'Purchase Order', '--json');
    assert.equal(mined.code, 0, mined.stderr);
    const o = JSON.parse(mined.stdout);
    assert.deepEqual([o.format, o.cases, o.events, o.variants], ['ocel', 2, 5, 2]);
    assert.deepEqual(o.start, { 'Create Purchase Order': 2 });

    const db = path.join(tempDir(t), 'tracemine.db');
    const imported = await cli('import', fixture('ocel/ocel20_example.jsonocel'), '--db', db, '--object-type', 'Invoice');
    assert.equal(imported.code, 0, imported.stderr);
    assert.match(imported.stdout, /Imported "ocel20_example · Invoice" as log 1/);
    const list = await cli('list', '--db', db);
    assert.match(list.stdout, /^1\tocel20_example · Invoice\tocel\t3 cases\t9 events\t5 activities\t/);
  });

  test('mine a JSON Lines log, with detected and with explicit fields', async (t) => {
    const file = path.join(tempDir(t), 'events.jsonl');
    writeFileSync(file, [
      { who: 'c1', what: 'a', at: '2024-01-01T00:00:00Z' }, { who: 'c1', what: 'b', at: '2024-01-01T01:00:00Z' },
      { who: 'c2', what: 'a', at: '2024-01-02T00:00:00Z' },
    ].map((x) => JSON.stringify(x)).join('\n'));
    const undetected = await cli('mine', file);
    assert.equal(undetected.code, 1);
    assert.match(undetected.stderr, /could not detect the case id and activity fields .*\(fields: who, what, at\)/);
    const r = await cli('mine', file, '--json', '--jsonl-case', 'who', '--jsonl-activity', 'what', '--jsonl-timestamp', 'at');
    assert.equal(r.code, 0, r.stderr);
    const o = JSON.parse(r.stdout);
    assert.deepEqual([o.format, o.cases, o.events, o.dfg, o.firstTimestamp], ['jsonl', 2, 3, [['a', 'b', 1]], '2024-01-01T00:00:00.000Z']);
    const help = await cli('--help');
    for (const flag of ['--object-type', '--jsonl-case', 'ocel-types <file>']) assert.ok(help.stdout.includes(flag), flag);
  });
});

describe('tracemine mine --classifier', () => {
  test('activity+lifecycle splits start and complete events of the repair log; a bad value is a usage error', async () => {
    const plain = JSON.parse((await cli('mine', fixture('repairExample.xes.gz'), '--json')).stdout);
    const r = await cli('mine', fixture('repairExample.xes.gz'), '--json', '--classifier', 'activity+lifecycle');
    assert.equal(r.code, 0, r.stderr);
    const both = JSON.parse(r.stdout);
    assert.equal(both.events, plain.events);
    assert.equal(both.cases, plain.cases);
    assert.ok(both.activities > plain.activities, `${both.activities} > ${plain.activities}`);
    assert.ok(Object.keys(both.start).every((a: string) => /\+(start|complete)$/.test(a)), JSON.stringify(both.start));
    const bad = await cli('mine', fixture('repairExample.xes.gz'), '--classifier', 'resource');
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--classifier must be activity or activity\+lifecycle/);
  });
});
