/**
 * The on-disk response cache: one JSON file per request under a cache directory, named by the
 * sha256 of the FULL canonical request — base URL, model, every parameter, messages, tools and the
 * sample index — and never the API key. The sample index is part of the key so that a suite with
 * `repeat: 3` caches three samples and a re-run replays the same three, instead of collapsing them
 * into one.
 *
 * Modes: `auto` (the default) caches only requests with `temperature: 0` (deterministic by intent;
 * an absent temperature means the endpoint's default, which is not 0); `always`; `never`. Files are
 * written atomically (temp + rename); a missing or unreadable file is a miss. Only successful
 * responses are stored. A hit comes back with `cached: true` and `costUsd: 0`; the cost the
 * original call had is returned as `savedUsd`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChatMessage, ProviderResponse } from '../types';
import { writeFileAtomic } from './atomicWrite';
import { canonicalJson, sha256 } from './canonicalJson';

export type CacheMode = 'auto' | 'always' | 'never';

/** Everything that decides an answer. */
export interface CacheRequest {
  readonly baseUrl: string;
  readonly model: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly messages: readonly ChatMessage[];
  readonly tools?: readonly unknown[];
  /** 0-based repeat sample. */
  readonly sample?: number;
}

const FORMAT = 1;

export function cacheKey(req: CacheRequest): string {
  return sha256(canonicalJson({ format: FORMAT, baseUrl: req.baseUrl.replace(/\/+$/, ''), model: req.model, params: req.params, messages: req.messages, tools: req.tools, sample: req.sample ?? 0 }));
}

/** Whether a request with these parameters is cached in this mode. */
export function shouldCache(mode: CacheMode, params: Readonly<Record<string, unknown>>): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return params.temperature === 0;
}

export interface CacheHit {
  readonly response: ProviderResponse;
  /** What the original call cost (0 when unknown). */
  readonly savedUsd: number;
}

export class ResponseCache {
  constructor(readonly dir: string) {}

  fileOf(key: string): string {
    return join(this.dir, `${key}.json`);
  }

  async get(key: string): Promise<CacheHit | undefined> {
    const t0 = performance.now();
    let stored: ProviderResponse;
    try {
      stored = JSON.parse(await readFile(this.fileOf(key), 'utf8')) as ProviderResponse;
    } catch {
      return undefined;
    }
    if (typeof stored?.output !== 'string' || !Array.isArray(stored.toolCalls)) return undefined;
    return { response: { ...stored, cached: true, costUsd: 0, latencyMs: performance.now() - t0 }, savedUsd: stored.costUsd ?? 0 };
  }

  async set(key: string, response: ProviderResponse): Promise<void> {
    await writeFileAtomic(this.fileOf(key), JSON.stringify({ ...response, cached: false }), { durable: false });
  }
}
