/**
 * Cost: the pricing math, model-name normalisation, user overrides, "trace-given cost wins",
 * unknown model or tokens → undefined (never 0), and the default table checked against the costs
 * real traces carry (Langfuse's own model prices; any-agent's per-call costs).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  DEFAULT_PRICING, PRICES_AS_OF, costOf, normalizeModelName, priceOf, priceTokens, pricingTable, readTraces,
} from '../../src/core';
import { fixtureFiles, fixtureJson, traceFixture } from './traceFixtures';

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

describe('pricing table', () => {
  test('dated, and every price a non-negative number per 1M tokens', () => {
    assert.match(PRICES_AS_OF, /^\d{4}-\d{2}-\d{2}$/);
    for (const [model, p] of Object.entries(DEFAULT_PRICING)) {
      assert.ok(p.input >= 0 && p.output >= 0, model);
      if (p.cachedInput !== undefined) assert.ok(p.cachedInput <= p.input, `${model}: cached input is not dearer than input`);
    }
  });

  test('model names: provider prefixes and date/version suffixes are dropped, nothing fuzzy', () => {
    assert.equal(normalizeModelName('openai/gpt-4o-2024-08-06'), 'gpt-4o');
    assert.equal(normalizeModelName('gpt-4o-mini-2024-07-18'), 'gpt-4o-mini');
    assert.equal(normalizeModelName('gpt-4.1-2025-04-14'), 'gpt-4.1');
    assert.equal(normalizeModelName('claude-3-5-sonnet-20241022'), 'claude-3-5-sonnet');
    assert.equal(normalizeModelName('anthropic.claude-3-5-sonnet-20240620-v1:0'), 'claude-3-5-sonnet');
    assert.equal(normalizeModelName('claude-sonnet-4@20250514'), 'claude-sonnet-4');
    assert.equal(normalizeModelName('models/gemini-2.0-flash-001'), 'gemini-2.0-flash');
    assert.equal(normalizeModelName('projects/p/locations/europe-central2/publishers/google/models/gemini-2.5-flash'), 'gemini-2.5-flash');
    assert.equal(normalizeModelName('mistral/mistral-small-latest'), 'mistral-small');
    assert.equal(priceOf('gpt-4o-mini-2024-07-18'), DEFAULT_PRICING['gpt-4o-mini']);
    assert.equal(priceOf('gpt-4o-mini-audio'), undefined, 'a longer name is another model');
    assert.equal(priceOf('my-finetune'), undefined);
    assert.equal(priceOf(undefined), undefined);
  });

  test('cost = uncached input × input + cached × cached input + output × output, per 1M', () => {
    const price = { input: 2, output: 8, cachedInput: 0.5 };
    assert.equal(priceTokens(price, 1_000_000, 1_000_000), 10);
    assert.equal(priceTokens(price, 1_000_000, 0, 400_000), 600_000 * 2e-6 + 400_000 * 0.5e-6);
    assert.equal(priceTokens({ input: 1, output: 1 }, 100, 0, 100), 100e-6, 'no cached price: cached tokens at the input price');
    const c = costOf({ requestModel: 'gpt-4o', inputTokens: 1000, outputTokens: 500 });
    assert.deepEqual(c, { costUsd: (1000 * 2.5 + 500 * 10) / 1e6, costSource: 'pricing' });
  });

  test('the response model (the exact snapshot) is priced first', () => {
    const c = costOf({ requestModel: 'gpt-4o', responseModel: 'gpt-4o-mini-2024-07-18', inputTokens: 1e6, outputTokens: 0 });
    assert.equal(c?.costUsd, 0.15);
  });

  test('a cost the trace gives wins over the table', () => {
    assert.deepEqual(costOf({ requestModel: 'gpt-4o', inputTokens: 1000, outputTokens: 500, costUsd: 0.42, costSource: 'trace' }), { costUsd: 0.42, costSource: 'trace' });
    assert.deepEqual(costOf({ requestModel: 'unknown-model', costUsd: 0.01, costSource: 'trace' }), { costUsd: 0.01, costSource: 'trace' });
  });

  test('unknown model or unknown tokens: undefined, never 0', () => {
    assert.equal(costOf({ requestModel: 'not-a-model', inputTokens: 10, outputTokens: 10 }), undefined);
    assert.equal(costOf({ inputTokens: 10, outputTokens: 10 }), undefined);
    assert.equal(costOf({ requestModel: 'gpt-4o', inputTokens: 10 }), undefined);
    assert.equal(costOf({ requestModel: 'gpt-4o', outputTokens: 10 }), undefined);
  });

  test('user overrides replace or extend the built-in table', () => {
    const table = pricingTable({ 'my-finetune': { input: 3, output: 12, cachedInput: 1.5 }, 'gpt-4o-2024-08-06': { input: 1, output: 1 } });
    assert.deepEqual(costOf({ requestModel: 'my-finetune', inputTokens: 1e6, outputTokens: 1e6 }, table), { costUsd: 15, costSource: 'pricing' });
    assert.equal(costOf({ requestModel: 'gpt-4o', inputTokens: 1e6, outputTokens: 0 }, table)?.costUsd, 1, 'the override wins for the same normalised model');
    assert.equal(costOf({ requestModel: 'gpt-4o-mini', inputTokens: 1e6, outputTokens: 0 }, table)?.costUsd, 0.15, 'other defaults stay');
  });
});

describe('the default table against costs real traces carry', () => {
  test('Langfuse\'s own model prices (observations priced by a Langfuse-maintained model definition)', () => {
    let checked = 0;
    for (const file of fixtureFiles('langfuse', /\.trace\.json$/)) {
      const raw = fixtureJson<{ observations: { model: string | null; internalModelId: string | null; usageDetails: Record<string, number>; costDetails: Record<string, number> }[] }>(file);
      for (const o of raw.observations) {
        // cuid ids are Langfuse's built-in model definitions; UUIDs are a project's own prices.
        if (!o.model || !o.internalModelId || !/^c[a-z0-9]{24}$/.test(o.internalModelId)) continue;
        if (o.usageDetails.input === undefined || o.usageDetails.output === undefined || o.costDetails.total === undefined) continue;
        const price = priceOf(o.model);
        assert.ok(price, `${o.model} is in the table`);
        assert.ok(close(priceTokens(price, o.usageDetails.input, o.usageDetails.output), o.costDetails.total), `${file}: ${o.model}`);
        checked++;
      }
    }
    assert.ok(checked >= 10, `${checked} observations checked`);
  });

  test('any-agent\'s per-call input and output costs (mistral-small)', () => {
    let checked = 0;
    for (const file of fixtureFiles('any-agent', /\.json$/)) {
      const raw = fixtureJson<{ spans: { attributes: Record<string, number | string> }[] }>(file);
      for (const s of raw.spans) {
        const a = s.attributes;
        if (a['gen_ai.usage.input_cost'] === undefined) continue;
        const price = priceOf(String(a['gen_ai.request.model']))!;
        assert.ok(close(priceTokens(price, Number(a['gen_ai.usage.input_tokens']), 0), Number(a['gen_ai.usage.input_cost'])));
        assert.ok(close(priceTokens(price, 0, Number(a['gen_ai.usage.output_tokens'])), Number(a['gen_ai.usage.output_cost'])));
        checked++;
      }
    }
    assert.ok(checked >= 20);
  });

  test('spans read from any-agent carry the trace\'s cost (input + output cost), source "trace"', async () => {
    const { traces } = await readTraces(traceFixture('any-agent', 'AGNO_trace.json'));
    const raw = fixtureJson<{ spans: { attributes: Record<string, number | string> }[] }>(traceFixture('any-agent', 'AGNO_trace.json'));
    const expected = raw.spans.filter((s) => s.attributes['gen_ai.usage.input_cost'] !== undefined)
      .map((s) => Number(s.attributes['gen_ai.usage.input_cost']) + Number(s.attributes['gen_ai.usage.output_cost'])).sort();
    const got = traces[0]!.spans.filter((s) => s.costSource === 'trace').map((s) => s.costUsd!).sort();
    assert.deepEqual(got, expected);
  });
});
