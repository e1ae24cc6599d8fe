/**
 * Judge calibration: how far can a model judge (an `llm-rubric` assertion and its prompt) be
 * trusted? People label a sample of outputs pass/fail; the judge's verdicts on the same items are
 * compared with the labels (human = truth, positive = pass) in a confusion table and Cohen's
 * kappa (stats.ts).
 *
 * The labels file is a workspace file kept in git beside the judge prompt (`labelsPathFor`:
 * `rubric.prompt` → `rubric.labels.jsonl`): JSON Lines, one labelled item a line —
 *
 *   {"id":"…","caseId":"…","runId":"…","output":"…","label":"pass","labeller":"ana","labelledAt":"2025-01-31T10:00:00Z","note":"…"}
 *
 * `id`, `caseId`, `label` ('pass' | 'fail'), `labelledAt` (an ISO 8601 date) and one of `output`
 * / `outputHash` (the output text, or a hash of it when the text should not be in git) are
 * required; `runId`, `labeller` and `note` are optional. Ids are unique within a file. Unknown keys
 * are errors (a misspelt `note` would otherwise vanish on the next save). `serializeLabels` writes
 * the keys in a fixed order and the lines sorted by case id then id, so re-saving a file only
 * changes the lines that changed.
 *
 * Sampling for labelling (`sampleForLabelling`) is seeded and stratified by the judge's verdict
 * (proportional, the rarer verdict rounded up; both verdicts appear when both exist and n ≥ 2), and the returned items
 * carry no verdict and come in shuffled order, so the labeller is not anchored by the judge.
 */
import { cohensKappa, type Confusion } from './stats';

export type Verdict = 'pass' | 'fail';

export interface Label {
  readonly id: string;
  readonly caseId: string;
  readonly runId?: string;
  /** The output that was labelled… */
  readonly output?: string;
  /** …or a hash of it (at least one of the two is set). */
  readonly outputHash?: string;
  readonly label: Verdict;
  readonly labeller?: string;
  /** ISO 8601. */
  readonly labelledAt: string;
  readonly note?: string;
}

/** Keys in the order they are written. */
const KEYS = ['id', 'caseId', 'runId', 'output', 'outputHash', 'label', 'labeller', 'labelledAt', 'note'] as const;
type Key = (typeof KEYS)[number];
const KNOWN = new Set<string>(KEYS);

export interface LabelsProblem {
  /** 1-based. */
  readonly line: number;
  readonly message: string;
}

/** A labels file could not be read; `problems` lists every bad line. */
export class LabelsError extends Error {
  override readonly name = 'LabelsError';
  constructor(readonly problems: readonly LabelsProblem[], readonly path?: string) {
    super(problems.map((p) => `${path ?? 'labels'}:${p.line}: ${p.message}`).join('\n'));
  }
}

/** The labels file for a judge prompt: beside it, `<name without extension>.labels.jsonl`. */
export function labelsPathFor(judgePromptPath: string): string {
  const slash = Math.max(judgePromptPath.lastIndexOf('/'), judgePromptPath.lastIndexOf('\\'));
  const dot = judgePromptPath.lastIndexOf('.');
  const stem = dot > slash + 1 ? judgePromptPath.slice(0, dot) : judgePromptPath;
  return `${stem}.labels.jsonl`;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** Parses a labels file. Blank lines are skipped; every bad line is reported (LabelsError). */
export function parseLabels(text: string, path?: string): Label[] {
  const labels: Label[] = [];
  const problems: LabelsProblem[] = [];
  const firstLine = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const bad = (message: string) => problems.push({ line, message });
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch (err) {
      bad(`not valid JSON (${(err as Error).message})`);
      return;
    }
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      bad('expected a JSON object per line');
      return;
    }
    const o = v as Record<string, unknown>;
    const before = problems.length;
    for (const k of Object.keys(o)) if (!KNOWN.has(k)) bad(`unknown key "${k}" (expected ${KEYS.join(', ')})`);
    const str = (k: Key, required: boolean): string | undefined => {
      const x = o[k];
      if (x === undefined) {
        if (required) bad(`missing "${k}"`);
        return undefined;
      }
      if (typeof x !== 'string' || (required && x === '')) {
        bad(`"${k}" should be a${required ? ' non-empty' : ''} string, got ${JSON.stringify(x)}`);
        return undefined;
      }
      return x;
    };
    const id = str('id', true);
    const caseId = str('caseId', true);
    const runId = str('runId', false);
    const output = str('output', false);
    const outputHash = str('outputHash', false);
    const labeller = str('labeller', false);
    const labelledAt = str('labelledAt', true);
    const note = str('note', false);
    if (o.label === undefined) bad('missing "label"');
    else if (o.label !== 'pass' && o.label !== 'fail') bad(`"label" should be "pass" or "fail", got ${JSON.stringify(o.label)}`);
    if (o.output === undefined && o.outputHash === undefined) bad('needs "output" or "outputHash"');
    if (labelledAt !== undefined && (!ISO_DATE.test(labelledAt) || Number.isNaN(Date.parse(labelledAt)))) {
      bad(`"labelledAt" should be an ISO 8601 date, got ${JSON.stringify(labelledAt)}`);
    }
    if (id !== undefined) {
      const first = firstLine.get(id);
      if (first !== undefined) bad(`duplicate id "${id}" (first on line ${first})`);
      else firstLine.set(id, line);
    }
    if (problems.length > before) return;
    labels.push({
      id: id!, caseId: caseId!,
      ...(runId !== undefined && { runId }),
      ...(output !== undefined && { output }),
      ...(outputHash !== undefined && { outputHash }),
      label: o.label as Verdict,
      ...(labeller !== undefined && { labeller }),
      labelledAt: labelledAt!,
      ...(note !== undefined && { note }),
    });
  });
  if (problems.length > 0) throw new LabelsError(problems, path);
  return labels;
}

/** Code-unit order: the same on every machine and locale. */
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One JSON object a line, keys in a fixed order, lines sorted by case id then id; ends with a newline. */
export function serializeLabels(labels: readonly Label[]): string {
  const sorted = [...labels].sort((a, b) => cmp(a.caseId, b.caseId) || cmp(a.id, b.id));
  return sorted.map((l) => {
    const o: Record<string, unknown> = {};
    for (const k of KEYS) if (l[k] !== undefined) o[k] = l[k];
    return `${JSON.stringify(o)}\n`;
  }).join('');
}

// ---------------------------------------------------------------------------------------------
// Sampling

/** An item the judge has graded, as offered for labelling. */
export interface LabellingCandidate {
  readonly id: string;
  readonly caseId: string;
  /** What the model was asked (rendered prompt or a summary of the variables). */
  readonly input?: string;
  readonly output: string;
  /** The judge's verdict: used for stratifying, never returned. */
  readonly judgeVerdict: boolean;
}

/** What a labeller sees: no judge verdict. */
export interface LabellingItem {
  readonly id: string;
  readonly caseId: string;
  readonly input?: string;
  readonly output: string;
}

/** 32-bit FNV-1a of a string seed. */
function seedOf(seed: number | string): number {
  if (typeof seed === 'number') return seed >>> 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small, fast, well-mixed 32-bit PRNG; uniform in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher–Yates with the given generator (a copy). */
function shuffle<T>(xs: readonly T[], rand: () => number): T[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/**
 * Picks `n` items to label: the same items in the same order for the same inputs and seed.
 * Stratified by the judge's verdict — each verdict gets a share proportional to its size, the
 * rarer verdict's share rounded up and at least one item when it has any and n ≥ 2 — then shuffled
 * together, and stripped of the verdict.
 * n ≥ the number of items returns them all (shuffled).
 */
export function sampleForLabelling(items: readonly LabellingCandidate[], n: number, seed: number | string): LabellingItem[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n should be a whole number ≥ 0, got ${n}`);
  const rand = mulberry32(seedOf(seed));
  // Input order should not matter for a given set: sort by id first.
  const sorted = [...items].sort((a, b) => cmp(a.id, b.id) || cmp(a.caseId, b.caseId));
  const passes = shuffle(sorted.filter((i) => i.judgeVerdict), rand);
  const fails = shuffle(sorted.filter((i) => !i.judgeVerdict), rand);
  const total = passes.length + fails.length;
  const take = Math.min(n, total);
  // The smaller group's share, rounded up (at least one when it has any and take ≥ 2).
  const [minor, major] = passes.length <= fails.length ? [passes, fails] : [fails, passes];
  let kMinor = total > 0 ? Math.ceil((take * minor.length) / total) : 0;
  if (minor.length > 0 && major.length > 0 && take >= 2) kMinor = Math.min(Math.max(kMinor, 1), take - 1);
  kMinor = Math.min(kMinor, minor.length);
  const kMajor = Math.min(take - kMinor, major.length);
  kMinor = take - kMajor;
  const chosen = shuffle([...minor.slice(0, kMinor), ...major.slice(0, kMajor)], rand);
  return chosen.map((c) => ({ id: c.id, caseId: c.caseId, ...(c.input !== undefined && { input: c.input }), output: c.output }));
}

// ---------------------------------------------------------------------------------------------
// Calibration

export interface Disagreement {
  readonly id: string;
  readonly caseId: string;
  readonly human: Verdict;
  readonly judge: Verdict;
}

export interface Calibration {
  /** Items with both a human label and a judge verdict. */
  readonly n: number;
  /** Positive = pass; the human label is the truth (fp: judge passed what the human failed). */
  readonly confusion: Confusion;
  /** Cohen's kappa; NaN when n = 0. */
  readonly kappa: number;
  readonly observedAgreement: number;
  readonly expectedAgreement: number;
  /** Judge's pass recall: tp / (tp + fn). */
  readonly tpr: number;
  /** Judge's fail recall: tn / (tn + fp). */
  readonly tnr: number;
  /** In the labels' order. */
  readonly disagreements: readonly Disagreement[];
  /** Judge verdicts with no human label. */
  readonly unlabeled: number;
  /** Human labels with no judge verdict (not counted in n). */
  readonly unjudged: number;
}

/** Compares a judge's verdicts (item id → pass) with human labels. */
export function calibrate(labels: readonly Label[], judgeVerdicts: ReadonlyMap<string, boolean>): Calibration {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  let unjudged = 0;
  const labelled = new Set<string>();
  const disagreements: Disagreement[] = [];
  for (const l of labels) {
    if (labelled.has(l.id)) continue; // parseLabels rejects duplicates; count each item once anyway
    labelled.add(l.id);
    const judge = judgeVerdicts.get(l.id);
    if (judge === undefined) {
      unjudged++;
      continue;
    }
    const human = l.label === 'pass';
    if (human && judge) tp++;
    else if (!human && judge) fp++;
    else if (human && !judge) fn++;
    else tn++;
    if (human !== judge) disagreements.push({ id: l.id, caseId: l.caseId, human: l.label, judge: judge ? 'pass' : 'fail' });
  }
  let unlabeled = 0;
  for (const id of judgeVerdicts.keys()) if (!labelled.has(id)) unlabeled++;
  const confusion = { tp, fp, fn, tn };
  const k = cohensKappa(confusion);
  return {
    n: tp + fp + fn + tn,
    confusion,
    kappa: k.kappa,
    observedAgreement: k.observedAgreement,
    expectedAgreement: k.expectedAgreement,
    tpr: k.tpr,
    tnr: k.tnr,
    disagreements,
    unlabeled,
    unjudged,
  };
}
