/** Eval results in the workspace database: runs, prompt texts by hash, samples with verdicts; persisted and replaced per case. */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TracemineDb, textHash } from '../../src/core';
import type { CaseResult } from '../../src/core/evals/types';
import { tempDir } from './eventlogFixtures';

function caseResult(caseId: string, passes: boolean[], error?: string): CaseResult {
  const samples = passes.map((pass, i) => ({
    sample: i,
    ...(error && i === 0 ? { error } : {
      response: { output: `out ${caseId} ${i} <script>`, toolCalls: [{ name: 'lookup', arguments: '{"id":1}' }], model: 'gpt-4o-mini', inputTokens: 10, outputTokens: 5, costUsd: 0.0001, latencyMs: 42, cached: i > 0 },
    }),
    assertions: [{ type: 'contains', pass, score: pass ? 1 : 0, reason: pass ? 'found' : 'not found', weight: 1 }],
    pass, score: pass ? 1 : 0,
  }));
  const p = passes.filter(Boolean).length;
  return {
    caseId, promptId: 'p', providerId: 'openai:gpt-4o-mini', samples, passes: p, fails: passes.length - p, errors: error ? 1 : 0,
    passRate: p / passes.length, passRateLow: 0, passRateHigh: 1, meanScore: p / passes.length, scoreStdDev: 0, flaky: p > 0 && p < passes.length,
    status: p === passes.length ? 'pass' : p === 0 ? 'fail' : 'flaky',
  };
}

describe('eval results in the database', () => {
  test('a run with its prompt text and samples survives a save and re-open; a case re-stored replaces its samples', async (t) => {
    const file = path.join(tempDir(t), 'tracemine.db');
    const db = await TracemineDb.open({ file });
    const prompt = 'You are a triage bot.\r\nClassify: {{ticket}}';
    const hash = db.storePromptText(prompt);
    assert.equal(hash, textHash('You are a triage bot.\nClassify: {{ticket}}'));
    assert.equal(db.storePromptText(prompt), hash, 'stored once');
    db.startEvalRun({ id: 'run-1', suitePath: 'prompts/triage.eval.yaml', suiteVersion: 'abc', startedAt: '2026-11-24T10:00:00.000Z', status: 'running' });
    db.storeCaseResult('run-1', caseResult('refund', [true, false]), { caseLine: 12, promptHash: hash, model: 'gpt-4o-mini', params: { temperature: 0 } });
    db.storeCaseResult('run-1', caseResult('outage', [false], 'HTTP 500 after 3 attempts'), { caseLine: 5, promptHash: hash, model: 'gpt-4o-mini', params: {} });
    db.finishEvalRun('run-1', 'done', { passRate: 0.5 });
    await db.save();
    db.close();

    const again = await TracemineDb.open({ file });
    const run = again.getEvalRun('run-1')!;
    assert.equal(run.status, 'done');
    assert.deepEqual(run.summary, { passRate: 0.5 });
    assert.ok(run.finishedAt);
    assert.deepEqual(again.listEvalRuns('prompts/triage.eval.yaml').map((r) => r.id), ['run-1']);
    assert.deepEqual(again.listEvalRuns('other.yaml'), []);
    const samples = again.evalSamples('run-1');
    assert.deepEqual(samples.map((s) => [s.caseId, s.sample, s.pass]), [['outage', 0, undefined], ['refund', 0, true], ['refund', 1, false]]);
    assert.equal(samples[0]!.error, 'HTTP 500 after 3 attempts');
    assert.equal(samples[1]!.output, 'out refund 0 <script>');
    assert.deepEqual(samples[1]!.toolCalls, [{ name: 'lookup', arguments: '{"id":1}' }]);
    assert.deepEqual(samples[1]!.params, { temperature: 0 });
    assert.equal(samples[2]!.cached, true);
    assert.equal(samples[1]!.assertions[0]!.reason, 'found');
    assert.equal(again.promptText(samples[0]!.promptHash!), prompt);

    again.storeCaseResult('run-1', caseResult('outage', [true]), { caseLine: 5, promptHash: hash, model: 'gpt-4o-mini', params: {} });
    assert.deepEqual(again.evalSamples('run-1').filter((s) => s.caseId === 'outage').map((s) => [s.pass, s.error]), [[true, undefined]]);
    again.deleteEvalRun('run-1');
    assert.deepEqual(again.listEvalRuns(), []);
    assert.deepEqual(again.evalSamples('run-1'), []);
    again.close();
  });
});
