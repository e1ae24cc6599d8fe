/** The built-in judge prompts written as editable files grade exactly like the built-ins when a suite points at them. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { gradeAssertion } from '../../src/core/evals/assertions';
import { judgePromptFiles } from '../../src/core/evals/judgePromptFiles';
import type { AssertionContext, ChatMessage, Judge } from '../../src/core/evals/types';

describe('judge prompt files', () => {
  test('one JSON chat file per model-graded type; a rubricPrompt file sends the same messages as the built-in', async () => {
    const files = judgePromptFiles();
    assert.deepEqual(files.map((f) => f.fileName), ['llm-rubric.judge.json', 'factuality.judge.json', 'model-graded-closedqa.judge.json', 'answer-relevance.judge.json', 'context-faithfulness.judge.json', 'pairwise.judge.json']);
    const sent: (readonly ChatMessage[])[] = [];
    const judge: Judge = { async complete(messages) { sent.push(messages); return { text: '{"pass": true, "score": 1, "reason": "ok"}' }; } };
    const file = files[0]!;
    const ctx = (readFile?: (p: string) => Promise<string>): AssertionContext => ({
      output: 'Refund issued.', vars: {}, prompt: [{ role: 'user', content: 'Please refund me' }], judge,
      response: { output: 'Refund issued.', toolCalls: [], model: 'm', latencyMs: 1, cached: false },
      ...(readFile ? { readFile } : {}),
    });
    const builtin = await gradeAssertion({ type: 'llm-rubric', value: 'Confirms the refund' }, ctx());
    const fromFile = await gradeAssertion({ type: 'llm-rubric', value: 'Confirms the refund', rubricPrompt: `file://judges/${file.fileName}` },
      ctx(async (p) => { assert.equal(p, `judges/${file.fileName}`); return file.text; }));
    assert.equal(builtin.pass, true);
    assert.equal(fromFile.pass, true);
    assert.deepEqual(sent[1], sent[0], 'the file reproduces the built-in messages');
  });
});
