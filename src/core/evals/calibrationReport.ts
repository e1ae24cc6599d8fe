/**
 * Judge–human agreement as Markdown, for the editor's preview and for a reviewer's notes: the
 * number of items, the 2×2 table with counts (judge rows, human columns; human = truth, positive =
 * pass), Cohen's kappa with its Landis & Koch (1977) reading, observed and chance agreement, the
 * judge's true-positive and true-negative rates with their counts, and every disagreement with an
 * excerpt of its output.
 *
 * Everything that comes from a suite, a labels file or a model (case ids, paths, outputs) is
 * untrusted: `escapeMarkdownText` backslash-escapes every ASCII punctuation character (CommonMark
 * allows that for all of them), so no markup, HTML, entity, table pipe or autolink survives; it
 * folds line breaks and removes control, zero-width and bidirectional-override characters, so an
 * output cannot break out of its table cell or reorder what the reader sees.
 */
import type { Calibration, Disagreement } from './calibration';

export interface AgreementMeta {
  /** The assertion type the judge graded (`llm-rubric`, `factuality`…). */
  readonly assertionType: string;
  /** Suite file, as the user should read it (workspace-relative). */
  readonly suite?: string;
  /** The run whose judge verdicts were compared. */
  readonly run?: { readonly id: string; readonly startedAt?: string };
  /** The judge prompt file; undefined = the built-in prompt of the assertion type. */
  readonly judgePrompt?: string;
  /** The labels file. */
  readonly labelsFile?: string;
  /** Output text per item id, for the disagreement excerpts. */
  readonly outputs?: ReadonlyMap<string, string>;
  /** Longest excerpt, in characters (default 200). */
  readonly excerptChars?: number;
}

/** Removed outright: C0/C1 controls (other than whitespace), zero-width and bidi controls, BOM. */
// eslint-disable-next-line no-control-regex
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF]/g;
/** Every ASCII punctuation character (CommonMark §2.4: all of them may be backslash-escaped). */
const PUNCTUATION = /[!-/:-@[-`{-~]/g;

/**
 * Untrusted text as inert Markdown inline text, on one line: safe in a paragraph, a list item or
 * a table cell. With `maxChars`, cut (by code points, before escaping) and marked with "…".
 */
export function escapeMarkdownText(text: string, maxChars?: number): string {
  let t = text.replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
  if (maxChars !== undefined) {
    const cps = Array.from(t);
    if (cps.length > maxChars) t = `${cps.slice(0, Math.max(0, maxChars - 1)).join('').trimEnd()}…`;
  }
  return t.replace(PUNCTUATION, '\\$&');
}

/**
 * Landis & Koch's (1977) reading of a kappa, on the value as shown (two decimals): < 0 poor,
 * 0.00–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1.00 almost
 * perfect. NaN (no items) reads "undefined".
 */
export function kappaReading(kappa: number): string {
  if (Number.isNaN(kappa)) return 'undefined';
  const k = Math.round(kappa * 100) / 100;
  if (k < 0) return 'poor';
  if (k <= 0.2) return 'slight';
  if (k <= 0.4) return 'fair';
  if (k <= 0.6) return 'moderate';
  if (k <= 0.8) return 'substantial';
  return 'almost perfect';
}

const fixed2 = (x: number): string => {
  const s = (Math.round(x * 100) / 100).toFixed(2);
  return s === '-0.00' ? '0.00' : s;
};
const pct = (x: number): string => `${Math.round(x * 1000) / 10}%`;
const items = (n: number): string => `${n} item${n === 1 ? '' : 's'}`;
/** A rate with its counts; "n/a" with the reason when the denominator is 0. */
const rate = (num: number, den: number, none: string): string => (den === 0 ? `n/a (${none})` : `${pct(num / den)} (${num} of ${den})`);

export function agreementMarkdown(result: Calibration, meta: AgreementMeta): string {
  const { tp, fp, fn, tn } = result.confusion;
  const n = result.n;
  const out: string[] = [];
  out.push(`# Judge agreement: ${escapeMarkdownText(meta.assertionType)}`, '');
  const facts: string[] = [];
  if (meta.suite !== undefined) facts.push(`Suite: ${escapeMarkdownText(meta.suite)}`);
  if (meta.run) facts.push(`Judge verdicts from run ${escapeMarkdownText(meta.run.id)}${meta.run.startedAt ? ` (${escapeMarkdownText(meta.run.startedAt)})` : ''}`);
  facts.push(`Judge prompt: ${meta.judgePrompt !== undefined ? escapeMarkdownText(meta.judgePrompt) : `the built\\-in ${escapeMarkdownText(meta.assertionType)} prompt`}`);
  if (meta.labelsFile !== undefined) facts.push(`Human labels: ${escapeMarkdownText(meta.labelsFile)}`);
  for (const f of facts) out.push(`- ${f}`);
  out.push('');

  out.push(`Items with both a human label and a judge verdict: **${n}**. The human label is taken as the truth; "positive" means pass.`, '');
  if (n === 0) {
    out.push('Nothing to compare yet: label some outputs of this run first ("Tracemine: Calibrate Judge…").', '');
    coverage(out, result);
    return out.join('\n');
  }

  out.push('## Confusion table', '');
  out.push('| | human: pass | human: fail | total |', '|---|---:|---:|---:|');
  out.push(`| **judge: pass** | ${tp} | ${fp} | ${tp + fp} |`);
  out.push(`| **judge: fail** | ${fn} | ${tn} | ${fn + tn} |`);
  out.push(`| **total** | ${tp + fn} | ${fp + tn} | ${n} |`);
  out.push('');
  out.push(`True positives ${tp}, false positives ${fp} (the judge passed what the human failed), false negatives ${fn} (the judge failed what the human passed), true negatives ${tn}.`, '');

  out.push('## Agreement', '');
  out.push('| measure | value |', '|---|---|');
  out.push(`| Cohen's kappa | ${fixed2(result.kappa)} (${kappaReading(result.kappa)}, Landis & Koch) |`);
  out.push(`| observed agreement | ${rate(tp + tn, n, 'no items')} |`);
  out.push(`| agreement expected by chance | ${pct(result.expectedAgreement)} |`);
  out.push(`| true-positive rate (judge passes what the human passed) | ${rate(tp, tp + fn, 'the human passed none')} |`);
  out.push(`| true-negative rate (judge fails what the human failed) | ${rate(tn, tn + fp, 'the human failed none')} |`);
  out.push('');
  out.push('Landis & Koch bands: below 0 poor, 0.00–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80 substantial, 0.81–1.00 almost perfect.', '');
  const notes: string[] = [];
  if (result.expectedAgreement === 1) {
    notes.push('Judge and human put every item in the same single class, so kappa is 1 by convention and says little: label outputs of both kinds.');
  } else if (tp + fp === n || fn + tn === n) {
    notes.push(`The judge gave every item the same verdict (${tp + fp === n ? 'pass' : 'fail'}), so it agrees no better than chance: kappa is 0 whatever the labels.`);
  } else if (tp + fn === n || fp + tn === n) {
    notes.push(`The human gave every item the same label (${tp + fn === n ? 'pass' : 'fail'}); label outputs of the other kind too for a meaningful kappa.`);
  }
  if (n < 20) notes.push(`With ${items(n)}, kappa and the rates are imprecise: one more disagreement can change the reading. Label more.`);
  for (const note of notes) out.push(`> ${note}`, '');

  out.push(`## Disagreements (${result.disagreements.length})`, '');
  if (result.disagreements.length === 0) out.push('None: the judge agrees with every human label.', '');
  else {
    disagreementTable(out, 'Judge passed, human failed', result.disagreements.filter((d) => d.judge === 'pass'), meta);
    disagreementTable(out, 'Judge failed, human passed', result.disagreements.filter((d) => d.judge === 'fail'), meta);
  }
  coverage(out, result);
  return out.join('\n');
}

function disagreementTable(out: string[], title: string, ds: readonly Disagreement[], meta: AgreementMeta): void {
  if (ds.length === 0) return;
  out.push(`### ${title} (${ds.length})`, '');
  out.push('| case | human | judge | output (excerpt) |', '|---|---|---|---|');
  const max = meta.excerptChars ?? 200;
  for (const d of ds) {
    const output = meta.outputs?.get(d.id);
    const excerpt = output === undefined ? '*(output not stored)*' : output.trim() === '' ? '*(empty output)*' : escapeMarkdownText(output, max);
    out.push(`| ${escapeMarkdownText(d.caseId)} | ${d.human} | ${d.judge} | ${excerpt} |`);
  }
  out.push('');
}

function coverage(out: string[], r: Calibration): void {
  if (r.unlabeled === 0 && r.unjudged === 0) return;
  out.push('## Not compared', '');
  if (r.unlabeled > 0) out.push(`- Graded by the judge but not labelled: ${items(r.unlabeled)}.`);
  if (r.unjudged > 0) out.push(`- Labelled but without a judge verdict here: ${items(r.unjudged)} (outputs of other runs, or outputs the judge could not grade).`);
  out.push('');
}
