/**
 * The trace timeline as data: spans in tree order (parent before children, siblings by start then
 * seq) with their depth, the time axis (or step positions for untimed transcripts), the critical
 * path, and the moves of keyboard step-through. Pure: no DOM, unit-tested in Node.
 */
import type { SpanHead } from '../../src/protocol/traceReview';

export interface Row {
  readonly span: SpanHead;
  readonly depth: number;
  /** Position in `rows`. */
  readonly index: number;
  readonly hasChildren: boolean;
}

export interface Timeline {
  readonly rows: readonly Row[];
  readonly byId: ReadonlyMap<string, Row>;
  /** Time-ordered span ids (the order of "next step"). */
  readonly steps: readonly string[];
  readonly parent: ReadonlyMap<string, string>;
  readonly children: ReadonlyMap<string, readonly string[]>;
  /** Whether spans carry times; untimed transcripts are laid out by step. */
  readonly timed: boolean;
  /** Axis domain: epoch ms when timed, step index otherwise. */
  readonly domain: readonly [number, number];
  readonly criticalPath: ReadonlySet<string>;
  /** Each span's bar on the axis. */
  readonly extent: ReadonlyMap<string, readonly [number, number]>;
}

const startOf = (s: SpanHead) => s.start ?? Number.POSITIVE_INFINITY;

export function buildTimeline(spans: readonly SpanHead[]): Timeline {
  const ids = new Set(spans.map((s) => s.spanId));
  const children = new Map<string, SpanHead[]>();
  const roots: SpanHead[] = [];
  const parent = new Map<string, string>();
  for (const s of spans) {
    if (s.parentSpanId && ids.has(s.parentSpanId) && s.parentSpanId !== s.spanId) {
      parent.set(s.spanId, s.parentSpanId);
      const list = children.get(s.parentSpanId) ?? [];
      list.push(s);
      children.set(s.parentSpanId, list);
    } else {
      roots.push(s);
    }
  }
  // Order by time only when every span has one; a partly timed trace keeps the source order.
  const timed = spans.length > 0 && spans.every((s) => s.start !== undefined && s.end !== undefined);
  const order = timed ? (a: SpanHead, b: SpanHead) => startOf(a) - startOf(b) || a.seq - b.seq : (a: SpanHead, b: SpanHead) => a.seq - b.seq;
  roots.sort(order);
  for (const list of children.values()) list.sort(order);
  const rows: Row[] = [];
  const seen = new Set<string>();
  // Iterative DFS (a trace may be 10,000 spans deep in the worst case).
  const stack: { span: SpanHead; depth: number }[] = roots.slice().reverse().map((span) => ({ span, depth: 0 }));
  while (stack.length) {
    const { span, depth } = stack.pop()!;
    if (seen.has(span.spanId)) continue; // a cycle of parent ids: show each span once
    seen.add(span.spanId);
    const kids = children.get(span.spanId) ?? [];
    rows.push({ span, depth, index: rows.length, hasChildren: kids.length > 0 });
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i]!, depth: depth + 1 });
  }
  for (const s of spans) if (!seen.has(s.spanId)) rows.push({ span: s, depth: 0, index: rows.length, hasChildren: false });
  const byId = new Map(rows.map((r) => [r.span.spanId, r]));
  const steps = [...spans].sort(order).map((s) => s.spanId);
  let domain: [number, number];
  if (timed) {
    domain = [spans.reduce((m, s) => Math.min(m, s.start!), Infinity), spans.reduce((m, s) => Math.max(m, s.end!), -Infinity)];
    if (domain[1] <= domain[0]) domain = [domain[0], domain[0] + 1];
  } else {
    domain = [0, Math.max(1, spans.length)];
  }
  const kidIds = new Map([...children.entries()].map(([k, v]) => [k, v.map((s) => s.spanId)]));
  const extent: Map<string, readonly [number, number]> = timed
    ? new Map(spans.map((s) => [s.spanId, [s.start!, s.end!] as const]))
    : stepExtents(rows, steps, parent);
  return { rows, byId, steps, parent, children: kidIds, timed, domain, criticalPath: criticalPath(roots, children, timed), extent };
}

/** Where a row's bar lies on the axis: [from, to] in domain units. */
export function barExtent(t: Timeline, s: SpanHead): readonly [number, number] {
  return t.extent.get(s.spanId) ?? [0, 0];
}

/** Untimed spans: their step slot, a parent stretching to its last descendant's slot. O(n). */
function stepExtents(rows: readonly Row[], steps: readonly string[], parent: ReadonlyMap<string, string>): Map<string, [number, number]> {
  const index = new Map(steps.map((id, i) => [id, i]));
  const last = new Map(steps.map((id, i) => [id, i]));
  // Rows are in DFS order: walking them backwards visits children before their parent.
  for (let r = rows.length - 1; r >= 0; r--) {
    const id = rows[r]!.span.spanId;
    const p = parent.get(id);
    if (p !== undefined) last.set(p, Math.max(last.get(p) ?? 0, last.get(id) ?? 0));
  }
  return new Map(steps.map((id) => [id, [index.get(id)!, last.get(id)! + 1]]));
}

/** The chain of spans that decides the trace's end: from the latest-ending root, repeatedly the
 * latest-ending child. Empty for untimed traces. */
function criticalPath(roots: readonly SpanHead[], children: ReadonlyMap<string, readonly SpanHead[]>, timed: boolean): Set<string> {
  const out = new Set<string>();
  if (!timed || roots.length === 0) return out;
  const latest = (xs: readonly SpanHead[]) => xs.reduce((a, b) => ((b.end ?? 0) > (a.end ?? 0) ? b : a));
  let cur: SpanHead | undefined = latest(roots);
  while (cur && !out.has(cur.spanId)) {
    out.add(cur.spanId);
    const kids: readonly SpanHead[] = children.get(cur.spanId) ?? [];
    cur = kids.length ? latest(kids) : undefined;
  }
  return out;
}

export type Move = 'next' | 'prev' | 'child' | 'parent' | 'nextError' | 'nextFlagged' | 'first' | 'last';

/** The span a keyboard move lands on, or the current one when there is nowhere to go. */
export function move(t: Timeline, current: string | undefined, m: Move, flagged: ReadonlySet<string> = new Set()): string | undefined {
  const steps = t.steps;
  if (steps.length === 0) return undefined;
  const i = current === undefined ? -1 : steps.indexOf(current);
  const scan = (pred: (id: string) => boolean) => {
    for (let k = 1; k <= steps.length; k++) {
      const id = steps[(i + k + steps.length) % steps.length]!;
      if (pred(id)) return id;
    }
    return current;
  };
  switch (m) {
    case 'first': return steps[0];
    case 'last': return steps[steps.length - 1];
    case 'next': return i < 0 ? steps[0] : steps[Math.min(steps.length - 1, i + 1)];
    case 'prev': return i < 0 ? steps[0] : steps[Math.max(0, i - 1)];
    case 'child': return current === undefined ? steps[0] : (t.children.get(current)?.[0] ?? current);
    case 'parent': return current === undefined ? steps[0] : (t.parent.get(current) ?? current);
    case 'nextError': return scan((id) => t.byId.get(id)?.span.status === 'error');
    case 'nextFlagged': return scan((id) => flagged.has(id));
  }
}
