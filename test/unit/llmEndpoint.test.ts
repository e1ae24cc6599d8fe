/** The OpenAI-compatible client against a real HTTP server on loopback speaking the OpenAI API. */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { EndpointError, listModels } from '../../src/core/llm/endpoint';

describe('listModels against an OpenAI-compatible server', () => {
  let server: Server;
  let baseUrl: string;
  const seen: IncomingMessage[] = [];

  before(async () => {
    server = createServer((req, res) => {
      seen.push(req);
      if (req.url === '/v1/models' && req.method === 'GET') {
        if (req.headers.authorization !== 'Bearer sk-test') {
          res.writeHead(401, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } }));
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [
          { id: 'llama3.1:8b', object: 'model', created: 1, owned_by: 'library' },
          { id: 'gpt-4o-mini', object: 'model', created: 2, owned_by: 'openai' },
        ] }));
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  after(() => new Promise<void>((r) => server.close(() => r())));

  it('lists the served models, sorted, sending the key as a bearer token', async () => {
    assert.deepEqual(await listModels({ baseUrl, apiKey: 'sk-test' }), ['gpt-4o-mini', 'llama3.1:8b']);
    assert.equal(seen.at(-1)?.headers.authorization, 'Bearer sk-test');
  });

  it('turns a 401 into a clear error that names the endpoint and omits the key', async () => {
    await assert.rejects(listModels({ baseUrl, apiKey: 'sk-wrong' }), (err: unknown) => {
      assert.ok(err instanceof EndpointError);
      assert.equal(err.status, 401);
      assert.ok(err.message.includes(baseUrl) && err.message.includes('API key'));
      assert.ok(!err.message.includes('sk-wrong'));
      return true;
    });
  });

  it('reports an unreachable endpoint', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    await assert.rejects(listModels({ baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 2000 }), /Could not reach/);
  });
});
