/**
 * Natural order of identifiers: runs of digits compare by numeric value ("2" < "10",
 * "case-9" < "case-10"), everything else by UTF-16 code units; identifiers equal under that rule
 * ("7" and "007") fall back to plain string order, so the order is total and deterministic.
 */
const CHUNKS = /\d+|\D+/g;

function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function compareNatural(a: string, b: string): number {
  const xs = a.match(CHUNKS) ?? [];
  const ys = b.match(CHUNKS) ?? [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    const y = ys[i]!;
    const digits = x.charCodeAt(0) <= 57 && x.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57 && y.charCodeAt(0) >= 48;
    const c = digits ? compareDigits(x, y) : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  if (xs.length !== ys.length) return xs.length - ys.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
