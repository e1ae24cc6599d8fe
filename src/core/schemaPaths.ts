/**
 * Helpers shared by the validators of workspace files (eval suites, trace policies): where a JSON
 * Schema error points in the data, and which known key a misspelt one most likely meant.
 */

export type PathSegment = string | number;

/** JSON pointer → path segments (numbers for array indices, read off the data). */
export function pointerToPath(pointer: string, data: unknown): PathSegment[] {
  const out: PathSegment[] = [];
  if (pointer === '') return out;
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return out;
}

/** Edit distance, ignoring case. */
export function keyDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/** The known key nearest to `key` when within `maxDistance` edits (case differences are free). */
export function nearestKey(key: string, known: readonly string[], maxDistance: number): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = keyDistance(key, k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best !== undefined && bestD <= maxDistance ? best : undefined;
}
