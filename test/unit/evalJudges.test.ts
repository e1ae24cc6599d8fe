import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillTemplate, gradeAll, gradeAssertion, judgePrompts } from '../../src/core/evals/assertions';
import type { AssertionContext, ChatMessage, Judge } from '../../src/core/evals/types';

type Mode = 'fair' | 'biased' | 'garbage' | 'fenced' | 'classic' | 'throws';

/**
 * A deterministic judge: it reads the tagged sections of the prompt it is sent and answers as a
 * careful grader would, from their content alone. `biased` always prefers response A (position
 * bias); `garbage` answers prose; `fenced` wraps its JSON in prose and a code fence; `classic`
 * answers closed-QA the old way (reasoning, then Y or N on the last line).
 */
class ScriptedJudge implements Judge {
  readonly calls: ChatMessage[][] = [];
  constructor(private readonly mode: Mode = 'fair', private readonly costUsd: number | null = 0.001) {}

  async complete(messages: readonly ChatMessage[]) {
    this.calls.push([...messages]);
    if (this.mode === 'throws') throw new Error('503 Service Unavailable');
    const prompt = messages.map((m) => m.content).join('\n');
    const text = this.mode === 'garbage' ? 'I think it is fine, mostly.' : this.answer(prompt);
    return { text, ...(this.costUsd !== null ? { costUsd: this.costUsd } : {}) };
  }

  private answer(prompt: string): string {
    const tag = (name: string) => new RegExp(`<${name}>\\n([\\s\\S]*?)\\n</${name}>`).exec(prompt)?.[1];
    const json = (v: unknown) => (this.mode === 'fenced' ? `Sure! Here is my grade:\n\`\`\`json\n${JSON.stringify(v)}\n\`\`\`\nHope it helps.` : JSON.stringify(v));
    const a = tag('response_a');
    if (a !== undefined) {
      const b = tag('response_b')!;
      if (this.mode === 'biased') return json({ winner: 'A', reason: 'A comes first' });
      return json({ winner: a.length === b.length ? 'tie' : a.length > b.length ? 'A' : 'B', reason: 'the longer response is more complete' });
    }
    const rubric = tag('rubric');
    if (rubric !== undefined) {
      const needle = /"([^"]+)"/.exec(rubric)?.[1] ?? rubric;
      const ok = tag('output')!.includes(needle);
      return json({ reason: ok ? `mentions ${needle}` : `does not mention ${needle}`, pass: ok, score: ok ? 0.9 : 0.2 });
    }
    const expert = tag('expert');
    if (expert !== undefined) {
      const words = (s: string) => new Set(s.toLowerCase().match(/\w+/g) ?? []);
      const e = words(expert);
      const s = words(tag('submission')!);
      const sub = [...s].every((w) => e.has(w));
      const sup = [...e].every((w) => s.has(w));
      const category = sub && sup ? 'C' : sub ? 'A' : sup ? 'B' : 'D';
      return json({ reason: `category ${category}`, category: this.mode === 'fenced' ? `(${category})` : category });
    }
    const criterion = tag('criterion');
    if (criterion !== undefined) {
      const needle = /"([^"]+)"/.exec(criterion)?.[1] ?? criterion;
      const yes = tag('submission')!.includes(needle);
      if (this.mode === 'classic') return `The submission ${yes ? 'has' : 'lacks'} ${needle}.\n${yes ? 'Y' : 'N'}`;
      return json({ reason: `checked for ${needle}`, answer: yes ? 'Y' : 'N' });
    }
    const context = tag('context');
    if (context !== undefined) {
      const known = new Set(context.toLowerCase().match(/\w+/g) ?? []);
      const claims = tag('answer')!.split(/(?<=\.)\s+/).filter((c) => c.trim() !== '').map((claim) => ({
        claim,
        supported: (claim.toLowerCase().match(/\w+/g) ?? []).every((w) => known.has(w)),
      }));
      return json({ claims, reason: 'checked each claim' });
    }
    const question = tag('question');
    if (question !== undefined) {
      const q = question.toLowerCase().match(/\w+/g) ?? [];
      const ans = new Set(tag('answer')!.toLowerCase().match(/\w+/g) ?? []);
      const score = q.filter((w) => ans.has(w)).length / Math.max(1, q.length);
      return json({ questions: [`What about ${[...ans].slice(0, 3).join(' ')}?`], reason: 'word overlap', score });
    }
    return 'unrecognised prompt';
  }
}

function ctx(output: string, judge?: Judge, extra: Partial<AssertionContext> = {}): AssertionContext {
  return {
    output,
    response: { output, toolCalls: [], model: 'm', latencyMs: 10, cached: false },
    vars: {},
    prompt: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'What is the capital of France?' }],
    ...(judge ? { judge } : {}),
    ...extra,
  };
}

describe('llm-rubric', () => {
  it('passes and fails from the judge answer, with score, reason and cost', async () => {
    const judge = new ScriptedJudge();
    const ok = await gradeAssertion({ type: 'llm-rubric', value: 'mentions "Paris"' }, ctx('It is Paris.', judge));
    assert.deepEqual([ok.pass, ok.score, ok.reason, ok.judgeCostUsd, ok.error], [true, 0.9, 'mentions Paris', 0.001, undefined]);
    const bad = await gradeAssertion({ type: 'llm-rubric', value: 'mentions "Paris"' }, ctx('It is Lyon.', judge));
    assert.deepEqual([bad.pass, bad.score], [false, 0.2]);
    assert.equal(judge.calls[0]![0]!.role, 'system');
    assert.match(judge.calls[0]![1]!.content, /<output>\nIt is Paris\.\n<\/output>/);
  });

  it('threshold: passing also needs score >= threshold', async () => {
    const r = await gradeAssertion({ type: 'llm-rubric', value: 'mentions "Paris"', threshold: 0.95 }, ctx('Paris', new ScriptedJudge()));
    assert.equal(r.pass, false);
    assert.equal(r.score, 0.9);
  });

  it('negation flips pass and score', async () => {
    const r = await gradeAssertion({ type: 'not-llm-rubric', value: 'mentions "Paris"' }, ctx('Paris', new ScriptedJudge()));
    assert.equal(r.pass, false);
    assert.ok(Math.abs(r.score - 0.1) < 1e-12);
  });

  it('reads JSON wrapped in prose and a code fence', async () => {
    const r = await gradeAssertion({ type: 'llm-rubric', value: 'mentions "Paris"' }, ctx('Paris', new ScriptedJudge('fenced')));
    assert.equal(r.pass, true);
    assert.equal(r.error, undefined);
  });

  it('an unparseable answer is an error quoting the judge, and its cost is still recorded', async () => {
    const r = await gradeAssertion({ type: 'llm-rubric', value: 'polite', metric: 'tone' }, ctx('Hi', new ScriptedJudge('garbage')));
    assert.equal(r.error, true);
    assert.equal(r.pass, false);
    assert.match(r.reason, /Could not read the judge's answer/);
    assert.match(r.reason, /I think it is fine, mostly\./);
    assert.equal(r.judgeCostUsd, 0.001);
    assert.equal(r.metric, 'tone');
  });

  it('a failing judge call is an error; no cost reported → no judgeCostUsd', async () => {
    const r = await gradeAssertion({ type: 'llm-rubric', value: 'polite' }, ctx('Hi', new ScriptedJudge('throws')));
    assert.equal(r.error, true);
    assert.match(r.reason, /Judge call failed: 503/);
    const free = await gradeAssertion({ type: 'llm-rubric', value: 'mentions "Hi"' }, ctx('Hi', new ScriptedJudge('fair', null)));
    assert.equal(free.judgeCostUsd, undefined);
    assert.equal(free.pass, true);
  });

  it('an aborted run rejects instead of grading', async () => {
    const controller = new AbortController();
    const judge: Judge = {
      complete: async () => {
        controller.abort();
        throw new Error('aborted');
      },
    };
    await assert.rejects(gradeAssertion({ type: 'llm-rubric', value: 'x' }, ctx('Hi', judge, { signal: controller.signal })), /aborted/);
  });
});

describe('missing judge', () => {
  it('every model-graded type is an error with a clear reason', async () => {
    const specs = [
      { type: 'llm-rubric', value: 'x' },
      { type: 'factuality', value: 'x' },
      { type: 'model-graded-closedqa', value: 'x' },
      { type: 'answer-relevance' },
      { type: 'context-faithfulness', value: 'ctx' },
      { type: 'pairwise', value: 'other' },
      { type: 'not-llm-rubric', value: 'x' },
    ];
    for (const spec of specs) {
      const r = await gradeAssertion(spec, ctx('out'));
      assert.equal(r.error, true, spec.type);
      assert.equal(r.pass, false);
      assert.match(r.reason, /needs a judge model/);
    }
  });
});

describe('factuality', () => {
  const reference = 'Paris is the capital of France';
  it('passes A, B, C and E by default and fails D', async () => {
    const judge = new ScriptedJudge();
    const same = await gradeAssertion({ type: 'factuality', value: reference }, ctx('The capital of France is Paris', judge));
    assert.equal(same.pass, true);
    assert.match(same.reason, /^\(C\)/);
    const superset = await gradeAssertion({ type: 'factuality', value: reference }, ctx('Paris is the capital of France since 987', judge));
    assert.match(superset.reason, /^\(B\)/);
    assert.equal(superset.pass, true);
    const wrong = await gradeAssertion({ type: 'factuality', value: reference }, ctx('Lyon is the capital of France', judge));
    assert.match(wrong.reason, /^\(D\) disagrees/);
    assert.deepEqual([wrong.pass, wrong.score], [false, 0]);
    assert.match(judge.calls[0]![1]!.content, /<question>\nWhat is the capital of France\?\n<\/question>/);
  });

  it('passCategories chooses the passing categories; "(B)" answers are read', async () => {
    const r = await gradeAssertion(
      { type: 'factuality', value: { reference, passCategories: ['A', 'C'] } },
      ctx('Paris is the capital of France since 987', new ScriptedJudge('fenced')),
    );
    assert.equal(r.pass, false, 'B is not allowed here');
    assert.match(r.reason, /^\(B\)/);
  });

  it('model-graded-factuality is the same assertion under promptfoo\'s older name', async () => {
    const r = await gradeAssertion({ type: 'model-graded-factuality', value: reference }, ctx('Lyon is the capital of France', new ScriptedJudge()));
    assert.deepEqual([r.type, r.pass], ['model-graded-factuality', false]);
    assert.match(r.reason, /^\(D\)/);
  });
});

describe('model-graded-closedqa', () => {
  it('Y passes and N fails, in JSON or the classic last-line form', async () => {
    for (const mode of ['fair', 'classic'] as const) {
      const judge = new ScriptedJudge(mode);
      const yes = await gradeAssertion({ type: 'model-graded-closedqa', value: 'mentions "Paris"' }, ctx('Paris.', judge));
      const no = await gradeAssertion({ type: 'model-graded-closedqa', value: 'mentions "Paris"' }, ctx('Lyon.', judge));
      assert.deepEqual([yes.pass, yes.score, no.pass, no.score], [true, 1, false, 0], mode);
    }
  });

  it('no Y/N is an error', async () => {
    const r = await gradeAssertion({ type: 'model-graded-closedqa', value: 'x' }, ctx('Paris.', new ScriptedJudge('garbage')));
    assert.equal(r.error, true);
    assert.match(r.reason, /no Y\/N answer/);
  });
});

describe('answer-relevance', () => {
  it('rates relevance to the user question against the threshold (default 0.7)', async () => {
    const judge = new ScriptedJudge();
    const on = await gradeAssertion({ type: 'answer-relevance' }, ctx('What is the capital of France? It is Paris.', judge));
    assert.equal(on.pass, true);
    assert.equal(on.score, 1);
    const off = await gradeAssertion({ type: 'answer-relevance' }, ctx('I like turtles.', judge));
    assert.equal(off.pass, false);
    assert.ok(off.score < 0.7);
    const lenient = await gradeAssertion({ type: 'answer-relevance', threshold: 0 }, ctx('I like turtles.', judge));
    assert.equal(lenient.pass, true);
  });

  it('prefers vars.query over the prompt', async () => {
    const judge = new ScriptedJudge();
    const r = await gradeAssertion({ type: 'answer-relevance' }, ctx('turtles are reptiles', judge, { vars: { query: 'are turtles reptiles' } }));
    assert.equal(r.score, 1);
    assert.match(judge.calls[0]![1]!.content, /<question>\nare turtles reptiles\n<\/question>/);
  });
});

describe('context-faithfulness', () => {
  const context = 'Paris is the capital of France. It has 2 million inhabitants.';
  it('score = supported claims / claims; context from vars.context', async () => {
    const judge = new ScriptedJudge();
    const all = await gradeAssertion({ type: 'context-faithfulness' }, ctx('Paris is the capital of France.', judge, { vars: { context } }));
    assert.deepEqual([all.pass, all.score], [true, 1]);
    const half = await gradeAssertion(
      { type: 'context-faithfulness' },
      ctx('Paris is the capital of France. It has 9 million inhabitants.', judge, { vars: { context: [context] } }),
    );
    assert.equal(half.score, 0.5);
    assert.equal(half.pass, false);
    assert.match(half.reason, /1\/2 claims supported/);
    assert.match(half.reason, /Unsupported: It has 9 million inhabitants\./);
  });

  it('falls back to the value for the context, and errors with none', async () => {
    const judge = new ScriptedJudge();
    const r = await gradeAssertion({ type: 'context-faithfulness', value: context, threshold: 0.5 }, ctx('Paris is the capital of France. It has 9 million inhabitants.', judge));
    assert.equal(r.pass, true);
    const none = await gradeAssertion({ type: 'context-faithfulness' }, ctx('x', judge));
    assert.equal(none.error, true);
    assert.match(none.reason, /No context/);
  });
});

describe('pairwise', () => {
  it('asks twice with the order swapped; agreement decides', async () => {
    const judge = new ScriptedJudge();
    const win = await gradeAssertion({ type: 'pairwise', value: 'Paris.' }, ctx('The capital of France is Paris.', judge));
    assert.deepEqual([win.pass, win.score], [true, 1]);
    assert.match(win.reason, /win: both orders agree/);
    assert.equal(judge.calls.length, 2);
    const [first, second] = judge.calls.map((c) => c[1]!.content);
    assert.match(first!, /<response_a>\nThe capital of France is Paris\.\n<\/response_a>/);
    assert.match(second!, /<response_a>\nParis\.\n<\/response_a>/);
    assert.equal(win.judgeCostUsd, 0.002, 'both calls are paid for');

    const loss = await gradeAssertion({ type: 'pairwise', value: { other: 'The capital of France is Paris.', criteria: 'completeness' } }, ctx('Paris.', judge));
    assert.deepEqual([loss.pass, loss.score], [false, 0]);
    assert.match(judge.calls[2]![1]!.content, /<criteria>\ncompleteness\n<\/criteria>/);
  });

  it('a position-biased judge disagrees with itself across orders → tie', async () => {
    const r = await gradeAssertion({ type: 'pairwise', value: 'Paris.' }, ctx('The capital of France is Paris.', new ScriptedJudge('biased')));
    assert.equal(r.score, 0.5);
    assert.equal(r.pass, true, 'a tie is not worse at the default threshold 0.5');
    assert.match(r.reason, /disagree.*tie/);
    const strict = await gradeAssertion({ type: 'pairwise', value: 'Paris.', threshold: 1 }, ctx('The capital of France is Paris.', new ScriptedJudge('biased')));
    assert.equal(strict.pass, false);
  });

  it('an unreadable verdict is an error', async () => {
    const r = await gradeAssertion({ type: 'pairwise', value: 'b' }, ctx('a', new ScriptedJudge('garbage')));
    assert.equal(r.error, true);
  });
});

describe('rubricPrompt overrides', () => {
  it('reads the prompt file and substitutes placeholders literally, once', async () => {
    const judge = new ScriptedJudge();
    const files: Record<string, string> = {
      'judges/strict.txt': 'RUBRIC={{rubric}} OUTPUT={{ output }} INPUT={{input}} REF={{reference}} UNKNOWN={{nope}}',
    };
    const r = await gradeAssertion(
      { type: 'llm-rubric', value: 'be kind', rubricPrompt: 'file://judges/strict.txt' },
      ctx('I said {{rubric}}', judge, { readFile: async (p) => files[p]! }),
    );
    assert.equal(judge.calls[0]!.length, 1);
    assert.deepEqual(judge.calls[0]![0], {
      role: 'user',
      content: 'RUBRIC=be kind OUTPUT=I said {{rubric}} INPUT=What is the capital of France? REF= UNKNOWN={{nope}}',
    });
    assert.equal(r.error, true, 'this scripted judge does not understand the custom prompt');
  });

  it('accepts a JSON chat array', async () => {
    const judge = new ScriptedJudge();
    const chat = JSON.stringify([
      { role: 'system', content: 'Grade harshly.' },
      { role: 'user', content: '<rubric>\n{{rubric}}\n</rubric>\n<output>\n{{output}}\n</output>' },
    ]);
    const r = await gradeAssertion(
      { type: 'llm-rubric', value: 'mentions "x\\"y"', rubricPrompt: 'chat.json' },
      ctx('has x"y', judge, { readFile: async () => chat }),
    );
    assert.equal(judge.calls[0]![0]!.content, 'Grade harshly.');
    assert.match(judge.calls[0]![1]!.content, /<output>\nhas x"y\n<\/output>/, 'quotes in the output do not break the JSON prompt');
    assert.equal(r.error, undefined);
  });

  it('is an error when the file cannot be read', async () => {
    const r = await gradeAssertion({ type: 'llm-rubric', value: 'x', rubricPrompt: 'missing.txt' }, ctx('o', new ScriptedJudge(), {
      readFile: async () => {
        throw new Error('ENOENT: missing.txt');
      },
    }));
    assert.equal(r.error, true);
    assert.match(r.reason, /ENOENT/);
  });
});

describe('built-in judge prompts', () => {
  it('are versioned and use only the documented placeholders', () => {
    const prompts = [
      judgePrompts.LLM_RUBRIC_PROMPT, judgePrompts.FACTUALITY_PROMPT, judgePrompts.CLOSED_QA_PROMPT,
      judgePrompts.ANSWER_RELEVANCE_PROMPT, judgePrompts.CONTEXT_FAITHFULNESS_PROMPT, judgePrompts.PAIRWISE_PROMPT,
    ];
    for (const p of prompts) {
      assert.ok(Number.isInteger(p.version) && p.version >= 1, p.id);
      for (const m of p.template.match(/\{\{[^}]*\}\}/g) ?? []) {
        assert.match(m, /^\{\{(output|rubric|reference|input|context|outputA|outputB)\}\}$/, `${p.id}: ${m}`);
      }
      assert.equal(fillTemplate(p.template, {}).includes('{{'), false, `${p.id} fills completely`);
    }
  });
});

describe('gradeAll with judges', () => {
  it('mixes deterministic and model-graded assertions and sums nothing it should not', async () => {
    const judge = new ScriptedJudge();
    const r = await gradeAll([
      { type: 'contains', value: 'Paris' },
      { type: 'llm-rubric', value: 'mentions "Paris"', weight: 2, metric: 'quality' },
      { type: 'factuality', value: 'Paris is the capital of France', weight: 0 },
    ], ctx('Paris is the capital of France', judge));
    assert.equal(r.pass, true);
    assert.ok(Math.abs(r.score - (1 + 2 * 0.9) / 3) < 1e-12);
    assert.equal(r.assertions[1]!.metric, 'quality');
    assert.equal(judge.calls.length, 2);
  });
});
