import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  AnalysisFileError, parseAnalysis, relativeLogSource, resolveLogSource, serializeAnalysis, validateFilters,
  type Analysis, type CaseFilter,
} from '../../src/core';

const every: CaseFilter[] = [
  { kind: 'timeframe', mode: 'started', from: 0, to: 1_700_000_000_000 },
  { kind: 'attribute', scope: 'event', key: 'org:resource', values: ['Pete', 'Mike'], mode: 'exclude' },
  { kind: 'variants', mode: 'top', count: 5 },
  { kind: 'variants', mode: 'coverage', percent: 80 },
  { kind: 'variants', mode: 'list', variants: [['a', 'b']] },
  { kind: 'activity', activity: 'decide', mode: 'notThrough' },
  { kind: 'edge', source: 'a', target: 'b', mode: 'through' },
  { kind: 'duration', minMs: 1000 },
  { kind: 'startActivities', activities: ['register request'] },
  { kind: 'endActivities', activities: ['pay compensation'] },
];

const analysis: Analysis = {
  version: 1, log: { source: 'eventlogs/running-example.xes', name: 'running-example' },
  view: 'performance', activityPercent: 40, pathPercent: 25, filters: every, classifier: 'activity+lifecycle',
};

describe('analysis files', () => {
  it('round-trips every filter kind through stable JSON', () => {
    const text = serializeAnalysis(analysis);
    assert.deepEqual(parseAnalysis(text, 'a.tracemine.json'), analysis);
    assert.equal(serializeAnalysis(parseAnalysis(text, 'a.tracemine.json')), text, 'stable output');
    assert.ok(text.endsWith('\n') && text.startsWith('{\n  "$schema"'));
  });

  it('fills defaults for optional fields', () => {
    const a = parseAnalysis('{"version":1,"log":{"source":"x.xes"}}', 'f');
    assert.deepEqual(a, { version: 1, log: { source: 'x.xes' }, view: 'frequency', activityPercent: 100, pathPercent: 100, filters: [] });
    assert.equal(parseAnalysis('{"version":1,"log":{"source":"agents.jsonl"},"view":"cost"}', 'f').view, 'cost', 'the cost view of agent logs');
  });

  it('names the file and field of every problem', () => {
    const cases: [string, RegExp][] = [
      ['{', /^f\.json: \(file\): not valid JSON/],
      ['[]', /\(file\): must be a JSON object/],
      ['{"version":2,"log":{"source":"x"}}', /version: must be 1/],
      ['{"version":1}', /log\.source/],
      ['{"version":1,"log":{"source":"x"},"view":"pretty"}', /view:/],
      ['{"version":1,"log":{"source":"x"},"pathPercent":120}', /pathPercent: must be a number from 0 to 100/],
      ['{"version":1,"log":{"source":"x"},"filters":[{"kind":"activity","activity":"a","mode":"sideways"}]}', /filters: filter 1 \(activity\): mode must be/],
      ['{"version":1,"log":{"source":"x"},"filters":[{"kind":"duration"}]}', /filter 1 \(duration\): give minMs, maxMs or both/],
      ['{"version":1,"log":{"source":"x"},"filters":[{"kind":"rm -rf"}]}', /unknown filter kind/],
      ['{"version":1,"log":{"source":"x"},"classifier":"resource"}', /classifier: must be one of/],
    ];
    for (const [text, re] of cases) {
      assert.throws(() => parseAnalysis(text, 'f.json'), (e: unknown) => e instanceof AnalysisFileError && re.test(e.message), text);
    }
  });

  it('stores the log path relative to the analysis file', () => {
    const rel = relativeLogSource('/ws/analyses/a.tracemine.json', '/ws/eventlogs/x.xes');
    assert.equal(rel, '../eventlogs/x.xes');
    assert.equal(resolveLogSource('/ws/analyses/a.tracemine.json', rel), '/ws/eventlogs/x.xes');
  });

  it('the JSON schema describes exactly what the validator accepts', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '..', '..', 'schemas', 'analysis.schema.json'), 'utf8'));
    const branches = schema.definitions.filter.oneOf as { required: string[]; properties: Record<string, { const?: string; enum?: string[] }> }[];
    for (const f of every) {
      assert.ok(validateFilters([f]).ok);
      const matching = branches.filter((b) => {
        const kind = b.properties.kind!;
        const mode = b.properties.mode;
        const kindOk = kind.const === f.kind || kind.enum?.includes(f.kind);
        const modeOk = !mode || !('mode' in f) || mode.const === f.mode || mode.enum?.includes(f.mode as string);
        const keysOk = Object.keys(f).every((k) => k in b.properties) && b.required.every((k) => k in f);
        return kindOk && modeOk && keysOk;
      });
      assert.equal(matching.length, 1, `exactly one schema branch for ${JSON.stringify(f)}`);
    }
    assert.deepEqual(Object.keys(schema.properties).sort(), ['$schema', 'activityPercent', 'classifier', 'filters', 'log', 'pathPercent', 'version', 'view']);
  });
});
