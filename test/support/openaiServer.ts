/**
 * A real HTTP server on 127.0.0.1 speaking the OpenAI chat-completions API (node:http only), for
 * tests and benchmarks that go through the real `openai` client. Nothing is canned per test: every
 * answer is computed from the request, steered by directives written in the prompt.
 *
 * Routes: `POST /v1/chat/completions` (JSON, or SSE when `stream: true`, with a final usage chunk
 * when `stream_options.include_usage`), `GET /v1/models`. Anything else is 404.
 *
 * Directives are `[[name args]]` written in the LAST USER MESSAGE (JSON args may nest brackets):
 *
 *   [[echo]]                    answer the user text (directives removed)
 *   [[json {...}]]              answer that JSON text as written
 *   [[tool name {args}]]        answer a tool call (several directives = several calls; args
 *                               default to {}); finish_reason `tool_calls`, content empty
 *   [[cycle a|b|c]]             answer option (n−1) mod k on the n-th identical request (flaky
 *                               models: repeat samples alternate deterministically)
 *   [[status 429 times=2 retry-after=1]]
 *                               fail the first `times` identical requests (default 1; `always`)
 *                               with that status and an OpenAI error body; optional headers
 *                               `retry-after=S` (seconds), `retry-after-ms=MS`,
 *                               `retry-after-date=S` (an HTTP date S seconds from now)
 *   [[delay 50]]                wait that many ms before answering (on top of `delayMs`)
 *   [[verdict pass|fail score=0.8 reason=free text]]
 *                               how a judge answers (below); unlike the others this directive
 *                               is read from ANY message and is kept in echoed text, so a case
 *                               variable or an llm-rubric value can steer the judge
 *
 * "Identical requests" share a content hash: sha256 of { model, messages, tools }. The server
 * counts attempts per hash for its whole life, so tests use distinct prompt text per scenario.
 *
 * Answer, in order: a failing `status` wins; else a judge request is answered with JSON
 * `{"pass","score","reason"}` from the last `[[verdict]]` in any message (default
 * `{"pass":true,"score":1,"reason":"no verdict directive"}`); else tool calls; else `json`;
 * else `cycle`; else `echo`; else the default answer `"echo: " + user text` (directives removed,
 * `[[verdict]]` kept). A judge request is one that asks for JSON (`response_format` json_object /
 * json_schema, or the word "JSON" in a message) and names pass, score and reason (directives
 * aside).
 *
 * Usage is deterministic: prompt_tokens = whitespace-separated words over all message contents;
 * completion_tokens = words of the output plus words of tool-call arguments. The response model
 * is the request's model, so prices from the pricing table apply.
 *
 * Options: `delayMs` (fixed delay before every chat answer, for the benchmark), `apiKey`
 * (require `Authorization: Bearer <key>`, else 401), `models` (for GET /v1/models).
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface OpenAiServerOptions {
  /** Delay in ms before every chat-completions answer. */
  readonly delayMs?: number;
  /** When set, requests must carry this bearer key. */
  readonly apiKey?: string;
  /** Model ids for GET /v1/models. */
  readonly models?: readonly string[];
}

/** One request as the server saw it. */
export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body (undefined for GET or unparsable bodies). */
  readonly body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** performance.now() when the request arrived. */
  readonly at: number;
  /** 1-based attempt number of this content hash (chat completions only). */
  readonly attempt: number;
  /** HTTP status answered (0 until answered). */
  status: number;
  /** performance.now() when the answer ended or the client went away. */
  endedAt?: number;
  /** The client closed the connection before the answer was complete. */
  aborted: boolean;
}

export interface OpenAiServer {
  /** e.g. http://127.0.0.1:PORT/v1 */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  /** Chat requests being answered now, and the most at once so far. */
  readonly inFlight: number;
  readonly maxInFlight: number;
  close(): Promise<void>;
}

interface Directive {
  readonly name: string;
  readonly args: string;
}

interface ChatBody {
  model?: string;
  messages?: { role?: string; content?: unknown; tool_calls?: unknown }[];
  tools?: unknown;
  stream?: boolean;
  stream_options?: { include_usage?: boolean };
  response_format?: { type?: string };
}

/** Directives in text, in order. JSON arguments may contain brackets and strings. */
export function parseDirectives(text: string): Directive[] {
  return scan(text).directives;
}

/** Text with directives removed (those named in `keep` stay), whitespace tidied. */
export function stripDirectives(text: string, keep: readonly string[] = []): string {
  const { directives, spans } = scan(text);
  let out = '';
  let from = 0;
  directives.forEach((d, i) => {
    const [s, e] = spans[i]!;
    out += text.slice(from, s) + (keep.includes(d.name) ? text.slice(s, e) : '');
    from = e;
  });
  out += text.slice(from);
  return out.replace(/[ \t]+/g, ' ').trim();
}

function scan(text: string): { directives: Directive[]; spans: [number, number][] } {
  const directives: Directive[] = [];
  const spans: [number, number][] = [];
  let i = text.indexOf('[[');
  while (i >= 0) {
    const m = /^\[\[([a-z][a-z-]*)/.exec(text.slice(i));
    if (!m) {
      i = text.indexOf('[[', i + 2);
      continue;
    }
    let j = i + m[0].length;
    let depth = 0;
    let inString = false;
    let end = -1;
    for (; j < text.length; j++) {
      const c = text[j]!;
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && depth > 0) depth--;
      else if (c === ']' && text[j + 1] === ']') {
        end = j + 2;
        break;
      }
    }
    if (end < 0) break;
    directives.push({ name: m[1]!, args: text.slice(i + m[0].length, end - 2).trim() });
    spans.push([i, end]);
    i = text.indexOf('[[', end);
  }
  return { directives, spans };
}

/** `key=value` options and bare words of a directive's arguments (`reason=` takes the rest). */
function options(args: string): { words: string[]; opts: Record<string, string> } {
  const words: string[] = [];
  const opts: Record<string, string> = {};
  const reason = /(?:^|\s)reason=/.exec(args);
  const head = reason ? args.slice(0, reason.index) : args;
  if (reason) opts.reason = args.slice(reason.index + reason[0].length).trim();
  for (const w of head.split(/\s+/).filter(Boolean)) {
    const eq = w.indexOf('=');
    if (eq > 0) opts[w.slice(0, eq)] = w.slice(eq + 1);
    else words.push(w);
  }
  return { words, opts };
}

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (p && typeof p === 'object' && typeof (p as { text?: unknown }).text === 'string' ? (p as { text: string }).text : '')).join('');
  return '';
}

interface Answer {
  status: number;
  headers?: Record<string, string>;
  error?: { message: string; type: string; code?: string };
  content?: string;
  toolCalls?: { id: string; name: string; arguments: string }[];
  delayMs: number;
}

/** What the server answers to a chat request on its `attempt`-th identical request. */
export function answerFor(body: ChatBody, attempt: number): Answer {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const lastUser = [...messages].reverse().find((m) => m?.role === 'user');
  const userText = textOf(lastUser?.content);
  const ds = parseDirectives(userText);
  const delayMs = ds.filter((d) => d.name === 'delay').reduce((n, d) => n + (Number(d.args) || 0), 0);

  const status = ds.find((d) => d.name === 'status');
  if (status) {
    const { words: w, opts } = options(status.args);
    const code = Number(w[0]) || 500;
    const times = opts.times === 'always' ? Infinity : Number(opts.times ?? 1);
    if (attempt <= times) {
      const headers: Record<string, string> = {};
      if (opts['retry-after'] !== undefined) headers['retry-after'] = opts['retry-after'];
      if (opts['retry-after-ms'] !== undefined) headers['retry-after-ms'] = opts['retry-after-ms'];
      if (opts['retry-after-date'] !== undefined) headers['retry-after'] = new Date(Date.now() + Number(opts['retry-after-date']) * 1000).toUTCString();
      const type = code === 429 ? 'rate_limit_exceeded' : code >= 500 ? 'server_error' : 'invalid_request_error';
      return { status: code, headers, error: { message: `simulated ${code} (attempt ${attempt})`, type, code: String(code) }, delayMs };
    }
  }

  const texts = messages.map((m) => textOf(m?.content));
  if (isJudgeRequest(body, texts)) {
    const verdict = texts.flatMap((t) => parseDirectives(t)).filter((d) => d.name === 'verdict').at(-1);
    let answer = { pass: true, score: 1, reason: 'no verdict directive' };
    if (verdict) {
      const { words: w, opts } = options(verdict.args);
      const pass = w[0] !== 'fail';
      answer = { pass, score: opts.score !== undefined ? Number(opts.score) : pass ? 1 : 0, reason: opts.reason ?? (pass ? 'verdict: pass' : 'verdict: fail') };
    }
    return { status: 200, content: JSON.stringify(answer), delayMs };
  }

  const tools = ds.filter((d) => d.name === 'tool');
  if (tools.length > 0) {
    const toolCalls = tools.map((d, i) => {
      const sp = d.args.search(/\s/);
      const name = sp < 0 ? d.args : d.args.slice(0, sp);
      const args = sp < 0 ? '{}' : d.args.slice(sp + 1).trim() || '{}';
      return { id: `call_${attempt}_${i}`, name, arguments: args };
    });
    return { status: 200, content: '', toolCalls, delayMs };
  }
  const json = ds.find((d) => d.name === 'json');
  if (json) return { status: 200, content: json.args, delayMs };
  const cycle = ds.find((d) => d.name === 'cycle');
  if (cycle) {
    const opts = cycle.args.split('|').map((s) => s.trim());
    return { status: 200, content: opts[(attempt - 1) % opts.length] ?? '', delayMs };
  }
  const text = stripDirectives(userText, ['verdict']);
  if (ds.some((d) => d.name === 'echo')) return { status: 200, content: text, delayMs };
  return { status: 200, content: `echo: ${text}`, delayMs };
}

function isJudgeRequest(body: ChatBody, texts: readonly string[]): boolean {
  const all = texts.map((t) => stripDirectives(t)).join('\n');
  const asksJson = body.response_format?.type === 'json_object' || body.response_format?.type === 'json_schema' || /\bjson\b/i.test(all);
  return asksJson && /\bpass\b/i.test(all) && /\bscore\b/i.test(all) && /\breason\b/i.test(all);
}

/** sha256 of the parts of a chat request that decide its answer. */
export function contentHash(body: ChatBody): string {
  return createHash('sha256').update(JSON.stringify({ model: body.model, messages: body.messages, tools: body.tools })).digest('hex');
}

export async function startOpenAiServer(opts: OpenAiServerOptions = {}): Promise<OpenAiServer> {
  const requests: RecordedRequest[] = [];
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;
  let created = 0;

  const sendJson = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

  const chat = (rec: RecordedRequest, body: ChatBody, res: ServerResponse) => {
    const answer = answerFor(body, rec.attempt);
    const delay = (opts.delayMs ?? 0) + answer.delayMs;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      inFlight--;
      rec.endedAt = performance.now();
    };
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (res.destroyed) return;
      rec.status = answer.status;
      if (answer.error) {
        sendJson(res, answer.status, { error: { ...answer.error, param: null } }, answer.headers);
      } else if (body.stream) {
        stream(res, body, answer);
      } else {
        sendJson(res, 200, completion(body, answer));
      }
      finish();
    }, delay);
    timers.add(timer);
    res.on('close', () => {
      if (!res.writableFinished) {
        rec.aborted = true;
        clearTimeout(timer);
        timers.delete(timer);
      }
      finish();
    });
  };

  const usage = (body: ChatBody, answer: Answer) => {
    const prompt = (body.messages ?? []).reduce((n, m) => n + words(textOf(m?.content)), 0);
    const completionTokens = words(answer.content ?? '') + (answer.toolCalls ?? []).reduce((n, t) => n + words(t.arguments), 0);
    return { prompt_tokens: prompt, completion_tokens: completionTokens, total_tokens: prompt + completionTokens };
  };

  const completion = (body: ChatBody, answer: Answer) => ({
    id: `chatcmpl-${++created}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: body.model,
    choices: [{
      index: 0,
      message: {
        role: 'assistant',
        content: answer.toolCalls ? null : answer.content,
        refusal: null,
        ...(answer.toolCalls && { tool_calls: answer.toolCalls.map((t) => ({ id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments } })) }),
      },
      logprobs: null,
      finish_reason: answer.toolCalls ? 'tool_calls' : 'stop',
    }],
    usage: usage(body, answer),
  });

  const stream = (res: ServerResponse, body: ChatBody, answer: Answer) => {
    const id = `chatcmpl-${++created}`;
    const base = { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: body.model };
    const chunk = (delta: unknown, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    send(chunk({ role: 'assistant', content: '' }));
    if (answer.toolCalls) {
      answer.toolCalls.forEach((t, index) => {
        const half = Math.floor(t.arguments.length / 2);
        send(chunk({ tool_calls: [{ index, id: t.id, type: 'function', function: { name: t.name, arguments: t.arguments.slice(0, half) } }] }));
        send(chunk({ tool_calls: [{ index, function: { arguments: t.arguments.slice(half) } }] }));
      });
    } else {
      for (const piece of (answer.content ?? '').split(/(?<=\s)(?=\S)/).filter(Boolean)) send(chunk({ content: piece }));
    }
    send(chunk({}, answer.toolCalls ? 'tool_calls' : 'stop'));
    if (body.stream_options?.include_usage) send({ ...base, choices: [], usage: usage(body, answer) });
    res.end('data: [DONE]\n\n');
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: ChatBody | undefined;
      try {
        body = raw ? (JSON.parse(raw) as ChatBody) : undefined;
      } catch {
        body = undefined;
      }
      const path = (req.url ?? '/').split('?')[0]!;
      const isChat = req.method === 'POST' && path === '/v1/chat/completions';
      let attempt = 0;
      if (isChat && body) {
        const h = contentHash(body);
        attempt = (attempts.get(h) ?? 0) + 1;
        attempts.set(h, attempt);
      }
      const rec: RecordedRequest = { method: req.method ?? '', path, headers: req.headers, body, at: performance.now(), attempt, status: 0, aborted: false };
      requests.push(rec);
      const reply = (status: number, payload: unknown) => {
        rec.status = status;
        rec.endedAt = performance.now();
        sendJson(res, status, payload);
      };
      if (opts.apiKey !== undefined && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
        reply(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } });
      } else if (req.method === 'GET' && path === '/v1/models') {
        reply(200, { object: 'list', data: (opts.models ?? ['gpt-4o-mini', 'tracemine-echo']).map((id, i) => ({ id, object: 'model', created: i, owned_by: 'tracemine' })) });
      } else if (isChat) {
        if (!body || typeof body.model !== 'string' || !Array.isArray(body.messages) || body.messages.length === 0) {
          reply(400, { error: { message: 'model and a non-empty messages array are required', type: 'invalid_request_error', code: null, param: null } });
        } else {
          chat(rec, body, res);
        }
      } else {
        reply(404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error', code: null, param: null } });
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
