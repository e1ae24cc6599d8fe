/** Prompt versions from eval runs (by text hash, from the database) and from git history, merged for the Prompt History view. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { TracemineDb, textHash } from '../../src/core';
import { GIT_LOG_FORMAT, parseGitLog, promptVersions } from '../../src/core/evals/promptVersions';
import type { CaseResult } from '../../src/core/evals/types';
import { tempDir } from './eventlogFixtures';

const result = (caseId: string, pass: boolean): CaseResult => ({
  caseId, promptId: 'triage.prompt', providerId: 'mini', passes: pass ? 1 : 0, fails: pass ? 0 : 1, errors: 0,
  passRate: pass ? 1 : 0, passRateLow: 0, passRateHigh: 1, meanScore: pass ? 1 : 0, scoreStdDev: 0, flaky: false, status: pass ? 'pass' : 'fail',
  samples: [{ sample: 0, assertions: [], pass, score: pass ? 1 : 0, response: { output: 'x', toolCalls: [], model: 'm', latencyMs: 1, cached: false, costUsd: 0.001 } }],
});

describe('prompt versions', () => {
  test('runs group by the prompt text they used; git commits are parsed and marked when evaluated', async (t) => {
    const db = await TracemineDb.open();
    const v1 = db.storePromptText('Classify {{ticket}}');
    const v2 = db.storePromptText('Classify this ticket: {{ticket}}');
    db.startEvalRun({ id: 'r1', suitePath: 'p/triage.eval.yaml', suiteVersion: 's', startedAt: '2026-11-01T10:00:00Z', status: 'running' });
    db.storeCaseResult('r1', result('a', true), { promptHash: v1, model: 'm', params: {} });
    db.storeCaseResult('r1', result('b', false), { promptHash: v1, model: 'm', params: {} });
    db.startEvalRun({ id: 'r2', suitePath: 'p/triage.eval.yaml', suiteVersion: 's', startedAt: '2026-11-02T10:00:00Z', status: 'running' });
    db.storeCaseResult('r2', result('a', true), { promptHash: v2, model: 'm', params: {} });
    db.storeCaseResult('r2', result('b', true), { promptHash: v2, model: 'm', params: {} });
    const runs = db.promptVersionRuns();
    assert.deepEqual(runs.map((r) => [r.runId, r.promptHash === v1 ? 'v1' : 'v2', r.passes, r.graded]), [['r1', 'v1', 1, 2], ['r2', 'v2', 2, 2]]);
    assert.ok(Math.abs(runs[0]!.costUsd! - 0.002) < 1e-12);
    db.close();

    // A real git repository with two commits of the prompt.
    const dir = tempDir(t);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    const file = path.join(dir, 'triage.prompt');
    writeFileSync(file, 'Classify {{ticket}}');
    git('add', '.');
    git('commit', '-qm', 'first | with a pipe');
    writeFileSync(file, 'Classify this ticket: {{ticket}}\n');
    git('commit', '-qam', 'second');
    const commits = parseGitLog(git('log', `--format=${GIT_LOG_FORMAT}`, '--', 'triage.prompt'));
    assert.deepEqual(commits.map((c) => c.subject), ['second', 'first | with a pipe']);
    assert.match(commits[0]!.commit, /^[0-9a-f]{40}$/);
    const marked = new Map([[commits[1]!.commit, textHash('Classify {{ticket}}')]]);
    const versions = promptVersions(runs, commits, marked);
    assert.deepEqual(versions.map((v) => (v.kind === 'run' ? `run:${v.runs.map((r) => r.runId).join(',')}` : `git:${v.commit.subject}:${v.hash ? 'evaluated' : '-'}`)),
      ['run:r2', 'run:r1', 'git:second:-', 'git:first | with a pipe:evaluated']);
    assert.deepEqual(parseGitLog('garbage\n\nnot\x1fa\x1fcommit\x1fline'), []);
  });
});
