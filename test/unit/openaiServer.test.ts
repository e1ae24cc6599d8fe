/** The test server speaks the OpenAI chat-completions protocol: checked through the real `openai` client. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { parseDirectives, startOpenAiServer, stripDirectives, type OpenAiServer } from '../support/openaiServer';

describe('test OpenAI server: directives', () => {
  it('parses directives with nested JSON arguments and strips them from text', () => {
    const text = 'Hi [[json {"a":[[1,2]],"s":"]] x"}]] there [[tool get_order {"id":"7"}]] [[delay 5]] [[verdict fail reason=too rude]]';
    assert.deepEqual(parseDirectives(text), [
      { name: 'json', args: '{"a":[[1,2]],"s":"]] x"}' },
      { name: 'tool', args: 'get_order {"id":"7"}' },
      { name: 'delay', args: '5' },
      { name: 'verdict', args: 'fail reason=too rude' },
    ]);
    assert.equal(stripDirectives(text), 'Hi there');
    assert.equal(stripDirectives(text, ['verdict']), 'Hi there [[verdict fail reason=too rude]]');
  });
});

describe('test OpenAI server through the openai client', () => {
  let server: OpenAiServer;
  let client: OpenAI;

  before(async () => {
    server = await startOpenAiServer();
    client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-test', maxRetries: 0 });
  });
  after(() => server.close());

  it('lists models', async () => {
    const ids: string[] = [];
    for await (const m of client.models.list()) ids.push(m.id);
    assert.deepEqual(ids, ['gpt-4o-mini', 'tracemine-echo']);
  });

  it('answers a deterministic function of the prompt, with word-count usage and the request model', async () => {
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there world' }] });
    assert.equal(res.object, 'chat.completion');
    assert.equal(res.model, 'gpt-4o-mini');
    assert.equal(res.choices[0]!.message.content, 'echo: hello there world');
    assert.equal(res.choices[0]!.finish_reason, 'stop');
    assert.deepEqual(res.usage, { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 });
    const rec = server.requests.at(-1)!;
    assert.equal(rec.path, '/v1/chat/completions');
    assert.equal(rec.headers.authorization, 'Bearer sk-test');
    assert.equal(rec.body.messages[1].content, 'hello there world');
  });

  it('echoes, returns JSON and cycles through options on identical requests', async () => {
    const ask = async (content: string) => (await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content }] })).choices[0]!.message.content;
    assert.equal(await ask('[[echo]] just  this'), 'just this');
    assert.equal(await ask('give [[json {"ok":true,"n":[1,2]}]]'), '{"ok":true,"n":[1,2]}');
    const cyc = 'pick [[cycle red|green|blue]]';
    assert.deepEqual([await ask(cyc), await ask(cyc), await ask(cyc), await ask(cyc)], ['red', 'green', 'blue', 'red']);
  });

  it('answers tool calls, plain and streamed', async () => {
    const messages = [{ role: 'user' as const, content: 'weather? [[tool get_weather {"city":"Paris"}]] [[tool get_time]]' }];
    const res = await client.chat.completions.create({ model: 'gpt-4o-mini', messages });
    const calls = res.choices[0]!.message.tool_calls!;
    assert.equal(res.choices[0]!.finish_reason, 'tool_calls');
    assert.deepEqual(calls.map((c) => (c.type === 'function' ? [c.function.name, c.function.arguments] : [])), [['get_weather', '{"city":"Paris"}'], ['get_time', '{}']]);

    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages, stream: true });
    const args: string[] = [];
    const names: string[] = [];
    for await (const chunk of stream) {
      for (const t of chunk.choices[0]?.delta.tool_calls ?? []) {
        args[t.index] = (args[t.index] ?? '') + (t.function?.arguments ?? '');
        if (t.function?.name) names[t.index] = t.function.name;
      }
    }
    assert.deepEqual(names, ['get_weather', 'get_time']);
    assert.deepEqual(args, ['{"city":"Paris"}', '{}']);
  });

  it('streams SSE chunks that add up to the answer, with a final usage chunk when asked', async () => {
    const stream = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'one two  three' }], stream: true, stream_options: { include_usage: true } });
    const pieces: string[] = [];
    let finish: string | null = null;
    let usage: OpenAI.CompletionUsage | undefined | null;
    let chunks = 0;
    for await (const chunk of stream) {
      chunks++;
      if (chunk.usage) usage = chunk.usage;
      const c = chunk.choices[0];
      if (c?.delta.content) pieces.push(c.delta.content);
      if (c?.finish_reason) finish = c.finish_reason;
    }
    assert.equal(pieces.join(''), 'echo: one two three');
    assert.ok(pieces.length >= 4, 'content arrives in several chunks');
    assert.equal(finish, 'stop');
    assert.deepEqual(usage, { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    assert.ok(chunks >= pieces.length + 3);

    const noUsage = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'a b' }], stream: true });
    for await (const chunk of noUsage) assert.ok(!chunk.usage);
  });

  it('fails the first N identical requests with the status and Retry-After asked for', async () => {
    const messages = [{ role: 'user' as const, content: 'busy [[status 429 times=2 retry-after=3]]' }];
    for (let i = 0; i < 2; i++) {
      await assert.rejects(client.chat.completions.create({ model: 'm', messages }), (err: unknown) => {
        assert.ok(err instanceof OpenAI.RateLimitError);
        assert.equal(err.headers.get('retry-after'), '3');
        assert.match(err.message, /simulated 429/);
        return true;
      });
    }
    assert.equal((await client.chat.completions.create({ model: 'm', messages })).choices[0]!.message.content, 'echo: busy');
    assert.deepEqual(server.requests.slice(-3).map((r) => [r.attempt, r.status]), [[1, 429], [2, 429], [3, 200]]);

    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '[[status 500 retry-after-ms=250]]' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.equal(err.headers.get('retry-after-ms'), '250');
      return true;
    });
    await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: '[[status 503 retry-after-date=5]]' }] }), (err: unknown) => {
      assert.ok(err instanceof OpenAI.APIError);
      const wait = Date.parse(err.headers!.get('retry-after')!) - Date.now();
      assert.ok(wait > 3000 && wait <= 5000, `HTTP date about 5 s ahead, got ${wait} ms`);
      return true;
    });
    const bad = 'no [[status 400 times=always]]';
    for (let i = 0; i < 3; i++) await assert.rejects(client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: bad }] }), OpenAI.BadRequestError);
  });

  it('answers judge prompts with the verdict directive found in any message', async () => {
    const judge = async (messages: OpenAI.ChatCompletionMessageParam[], json = true) => JSON.parse((await client.chat.completions.create({
      model: 'gpt-4o-mini', messages, ...(json && { response_format: { type: 'json_object' as const } }),
    })).choices[0]!.message.content!) as unknown;
    const rubric = 'Grade the output against the rubric. Reply with JSON {"pass": boolean, "score": number, "reason": string}.';
    assert.deepEqual(await judge([{ role: 'system', content: rubric }, { role: 'user', content: 'Output: echo: hi [[verdict fail score=0.25 reason=not polite enough]]' }]), { pass: false, score: 0.25, reason: 'not polite enough' });
    assert.deepEqual(await judge([{ role: 'system', content: `${rubric} [[verdict pass score=0.9]]` }, { role: 'user', content: 'Output: fine' }], false), { pass: true, score: 0.9, reason: 'verdict: pass' });
    assert.deepEqual(await judge([{ role: 'system', content: rubric }, { role: 'user', content: 'Output: fine' }]), { pass: true, score: 1, reason: 'no verdict directive' });
  });

  it('delays answers: per request and fixed for the whole server', async () => {
    let t0 = performance.now();
    await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'slow [[delay 120]]' }] });
    assert.ok(performance.now() - t0 >= 110);
    const slow = await startOpenAiServer({ delayMs: 80 });
    try {
      const c = new OpenAI({ baseURL: slow.baseUrl, apiKey: 'x', maxRetries: 0 });
      t0 = performance.now();
      await Promise.all([1, 2, 3].map((i) => c.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `q${i}` }] })));
      const ms = performance.now() - t0;
      assert.ok(ms >= 75 && ms < 1000, `three concurrent requests take one delay, got ${ms}`);
      assert.equal(slow.maxInFlight, 3);
    } finally {
      await slow.close();
    }
  });

  it('rejects bad requests, unknown routes and wrong keys', async () => {
    const raw = await fetch(`${server.baseUrl}/chat/completions`, { method: 'POST', body: '{"model":"m","messages":[]}' });
    assert.equal(raw.status, 400);
    assert.equal(((await raw.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
    assert.equal((await fetch(`${server.baseUrl}/embeddings`, { method: 'POST', body: '{}' })).status, 404);
    const locked = await startOpenAiServer({ apiKey: 'sk-right' });
    try {
      const bad = new OpenAI({ baseURL: locked.baseUrl, apiKey: 'sk-wrong', maxRetries: 0 });
      await assert.rejects(bad.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] }), OpenAI.AuthenticationError);
      const good = new OpenAI({ baseURL: locked.baseUrl, apiKey: 'sk-right', maxRetries: 0 });
      assert.equal((await good.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'x' }] })).choices[0]!.message.content, 'echo: x');
    } finally {
      await locked.close();
    }
  });

  it('notices a client that goes away mid-answer', async () => {
    const ac = new AbortController();
    const p = client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hang [[delay 2000]]' }] }, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await assert.rejects(p, OpenAI.APIUserAbortError);
    await new Promise((r) => setTimeout(r, 50));
    const rec = server.requests.at(-1)!;
    assert.equal(rec.aborted, true);
    assert.equal(rec.status, 0);
    assert.equal(server.inFlight, 0);
  });
});
