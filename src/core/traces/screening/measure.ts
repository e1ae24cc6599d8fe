/**
 * Measuring the injection detector on a labelled set (test/fixtures/injection/labelled.jsonl):
 * the confusion counts and precision, recall and F1 at a threshold, and the deterministic split
 * of the set into a dev half (rules are tuned on it) and a held-out half (reported).
 */
import { screenText } from './injectionDetector';

export type InjectionLabel = 'injection' | 'benign';

export interface LabelledItem {
  readonly text: string;
  readonly label: InjectionLabel;
  /** repo@commit:path of the material. */
  readonly source?: string;
  readonly license?: string;
}

export interface Measurement {
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly tn: number;
  /** tp / (tp + fp); 0 when nothing is flagged. */
  readonly precision: number;
  /** tp / (tp + fn); 0 when there are no injections. */
  readonly recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  readonly f1: number;
}

/** Flags a text at a threshold (default: the heuristic detector). */
export type Detector = (text: string, threshold: number) => boolean;

const heuristic: Detector = (text, threshold) => screenText(text, { threshold }).flagged;

/** Confusion counts and precision/recall/F1 of `detect` on `items` at `threshold`. */
export function measureDetector(items: readonly LabelledItem[], threshold: number, detect: Detector = heuristic): Measurement {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const item of items) {
    const flagged = detect(item.text, threshold);
    if (item.label === 'injection') {
      if (flagged) tp++;
      else fn++;
    } else if (flagged) fp++;
    else tn++;
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, tn, precision, recall, f1 };
}

export type Split = 'dev' | 'held-out';

/**
 * The half an item belongs to: FNV-1a (32-bit) of its text's UTF-16 units, even → dev, odd →
 * held-out. Deterministic, independent of the file's order, and stable when items are added.
 */
export function splitOf(text: string): Split {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % 2 === 0 ? 'dev' : 'held-out';
}

/** Parses the labelled set's JSON Lines (blank lines skipped); throws on a malformed line. */
export function parseLabelled(jsonl: string): LabelledItem[] {
  const out: LabelledItem[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const v = JSON.parse(line) as Partial<LabelledItem>;
    if (typeof v.text !== 'string' || (v.label !== 'injection' && v.label !== 'benign')) {
      throw new Error(`line ${i + 1}: expected {text, label: "injection"|"benign"}`);
    }
    out.push({ text: v.text, label: v.label, source: v.source, license: v.license });
  });
  return out;
}
