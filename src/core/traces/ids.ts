/**
 * Trace and span ids to one form: lowercase hex, 32 digits for a trace id (16 bytes) and 16 for a
 * span id (8 bytes), as the W3C Trace Context and OTLP/JSON write them (OTLP specification,
 * "JSON Protobuf Encoding": trace and span ids are hex strings, not base64).
 *
 * Accepted as well, because real exporters write them: base64 (protobuf's generic JSON mapping),
 * `0x`-prefixed hex (the OpenTelemetry Python SDK's `Span.to_json()`), and decimal integers
 * (any-agent's span dumps; integers beyond 2^53 arrive as digit strings, see losslessJson.ts).
 * Anything else (a Langfuse UUID, a made-up id) is kept verbatim.
 */

export type IdBytes = 8 | 16;

const HEX = /^[0-9a-f]+$/i;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function hexOf(n: bigint, bytes: IdBytes): string {
  return n.toString(16).padStart(bytes * 2, '0');
}

/**
 * An id from OTLP/JSON: hex as is (lowercased); base64 of the right byte length decoded to hex.
 * Empty, all-zero (the "invalid" id) and missing ids are undefined.
 */
export function otlpId(v: unknown, bytes: IdBytes): string | undefined {
  if (typeof v !== 'string' || v === '') return undefined;
  let hex: string | undefined;
  if (v.length === bytes * 2 && HEX.test(v)) hex = v.toLowerCase();
  else if (BASE64.test(v)) {
    const buf = Buffer.from(v, 'base64');
    if (buf.length === bytes && buf.toString('base64').replace(/=+$/, '') === v.replace(/=+$/, '')) hex = buf.toString('hex');
  }
  if (hex === undefined) return v;
  return /^0+$/.test(hex) ? undefined : hex;
}

/**
 * An id from the OpenTelemetry SDK's JSON: a number or a digit string is a decimal integer;
 * `0x…` is hex; other hex of the right length is hex. Null/0 are "no id".
 */
export function sdkId(v: unknown, bytes: IdBytes): string | undefined {
  if (v === null || v === undefined || v === '' || v === 0) return undefined;
  if (typeof v === 'number') return Number.isSafeInteger(v) && v > 0 ? hexOf(BigInt(v), bytes) : String(v);
  if (typeof v !== 'string') return undefined;
  const t = v.trim();
  if (/^\d+$/.test(t)) {
    const n = BigInt(t);
    return n === 0n ? undefined : hexOf(n, bytes);
  }
  if (/^0x[0-9a-f]+$/i.test(t)) {
    const n = BigInt(t);
    return n === 0n ? undefined : hexOf(n, bytes);
  }
  return otlpId(t, bytes);
}
