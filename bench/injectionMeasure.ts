/**
 * `npx tsx bench/injectionMeasure.ts`: the injection detector's figures on the labelled set
 * (test/fixtures/injection/labelled.jsonl): precision, recall and F1 on the dev half, the held-out
 * half and the whole set at thresholds 0.5 / 1 (default) / 1.5; recall and false positives per
 * source at the default threshold; which rules fire on the injections; and the screening speed.
 * The figures in docs/injection-screening.md come from this script.
 *
 * Options: --split dev|held-out|all (per-source table for that split; default held-out),
 * --errors (list the misses and false alarms of that split).
 *
 * `npm run bench` calls benchInjection(): the default-threshold figures against the floors the
 * unit test asserts (held-out precision ≥ 0.95, recall ≥ 0.60), and the throughput.
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLD, measureDetector, screenText, type LabelledItem, type Measurement } from '../src/core/traces/screening';
import { loadLabelledSet, sourceGroup, type LabelledSet } from '../test/fixtures/injection/labelledSet';
import { median, ok } from './report';

/** The floors test/unit/injectionDetector.test.ts asserts on the held-out half. */
const FLOORS = { precision: 0.95, recall: 0.6 } as const;

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (name: string, items: readonly LabelledItem[], m: Measurement) =>
  `| ${name} | ${items.length} | ${m.tp} | ${m.fp} | ${m.fn} | ${m.tn} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} |`;
const count = (items: readonly LabelledItem[], label: string) => items.filter((i) => i.label === label).length;
const halvesOf = (set: LabelledSet): Record<string, readonly LabelledItem[]> => ({ dev: set.dev, 'held-out': set.heldOut, all: set.all });

/** Screening speed over the whole set: ms per pass (median of `runs` passes), characters. */
function speed(set: LabelledSet, runs: number): { ms: number; chars: number } {
  const chars = set.all.reduce((n, i) => n + i.text.length, 0);
  const times: number[] = [];
  for (let k = 0; k < runs; k++) {
    const t0 = performance.now();
    for (const item of set.all) screenText(item.text);
    times.push(performance.now() - t0);
  }
  return { ms: median(times), chars };
}

/** The full report of the script (tables in Markdown). */
function report(args: readonly string[]): void {
  const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'held-out';
  const set = loadLabelledSet();
  const halves = halvesOf(set);
  const chosen = halves[splitArg ?? 'held-out'];
  if (!chosen) throw new Error(`--split must be dev, held-out or all (got ${splitArg})`);

  console.log(`Labelled set: ${set.all.length} items (${count(set.all, 'injection')} injections, ${count(set.all, 'benign')} benign); `
    + `dev ${set.dev.length} (${count(set.dev, 'injection')} inj.), held-out ${set.heldOut.length} (${count(set.heldOut, 'injection')} inj.)\n`);

  console.log('| split | items | tp | fp | fn | tn | precision | recall | F1 |\n|---|---|---|---|---|---|---|---|---|');
  for (const [name, items] of Object.entries(halves)) console.log(row(`${name} @ ${DEFAULT_THRESHOLD}`, items, measureDetector(items, DEFAULT_THRESHOLD)));
  console.log('\n| threshold (held-out) | items | tp | fp | fn | tn | precision | recall | F1 |\n|---|---|---|---|---|---|---|---|---|');
  for (const t of [0.5, 1, 1.5]) console.log(row(String(t), set.heldOut, measureDetector(set.heldOut, t)));

  console.log(`\nPer source, ${splitArg} split, threshold ${DEFAULT_THRESHOLD}:\n`);
  console.log('| source | injections caught | benign flagged |\n|---|---|---|');
  const groups = new Map<string, LabelledItem[]>();
  for (const item of chosen) groups.set(sourceGroup(item), [...(groups.get(sourceGroup(item)) ?? []), item]);
  for (const [group, items] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const inj = items.filter((i) => i.label === 'injection');
    const ben = items.filter((i) => i.label === 'benign');
    const caught = inj.filter((i) => screenText(i.text).flagged).length;
    const flagged = ben.filter((i) => screenText(i.text).flagged).length;
    console.log(`| ${group} | ${inj.length ? `${caught}/${inj.length} (${pct(caught / inj.length)})` : '–'} | ${ben.length ? `${flagged}/${ben.length}` : '–'} |`);
  }

  const firing = new Map<string, number>();
  for (const item of set.all.filter((i) => i.label === 'injection')) {
    const r = screenText(item.text);
    if (!r.flagged) continue;
    for (const id of new Set(r.hits.map((h) => h.ruleId))) firing.set(id, (firing.get(id) ?? 0) + 1);
  }
  console.log('\nRules on the flagged injections (whole set):', [...firing].sort((a, b) => b[1] - a[1]).map(([id, n]) => `${id} ${n}`).join(', '));

  const chars = set.all.reduce((n, i) => n + i.text.length, 0);
  const t0 = performance.now();
  for (let k = 0; k < 5; k++) for (const item of set.all) screenText(item.text);
  const ms = (performance.now() - t0) / 5;
  console.log(`\nSpeed: ${set.all.length} texts (${(chars / 1e6).toFixed(2)} M characters) in ${ms.toFixed(0)} ms, ${(chars / 1e6 / (ms / 1000)).toFixed(1)} M characters/s`);

  if (args.includes('--errors')) {
    for (const item of chosen) {
      const r = screenText(item.text);
      if (r.flagged === (item.label === 'injection')) continue;
      console.log(`\n${item.label === 'injection' ? 'MISSED' : 'FALSE ALARM'} (score ${r.score}) ${item.source}`);
      for (const h of r.hits) console.log(`  [${h.ruleId}] ${h.excerpt}`);
      console.log(`  ${JSON.stringify(item.text.length > 300 ? `…${item.text.slice(-300)}` : item.text)}`);
    }
  }
}

/** The bench section: measured precision/recall at the default threshold, and throughput. */
export function benchInjection(runs = 7): { name: string; figures: Record<string, number | string> } {
  const set = loadLabelledSet();
  console.log(`\ninjection detector (labelled set: ${set.all.length} texts, ${count(set.all, 'injection')} injections; threshold ${DEFAULT_THRESHOLD})`);
  console.log(['split', 'items', 'tp', 'fp', 'fn', 'tn', 'precision', 'recall', 'F1', 'floors (held-out)'].join('\t'));
  const figures: Record<string, number | string> = {};
  for (const [name, items] of Object.entries(halvesOf(set))) {
    const m = measureDetector(items, DEFAULT_THRESHOLD);
    const floors = name === 'held-out'
      ? `precision ≥ ${FLOORS.precision}: ${ok(m.precision >= FLOORS.precision)} (${(m.precision / FLOORS.precision).toFixed(2)}×), recall ≥ ${FLOORS.recall}: ${ok(m.recall >= FLOORS.recall)} (${(m.recall / FLOORS.recall).toFixed(2)}×)`
      : '';
    console.log([name, items.length, m.tp, m.fp, m.fn, m.tn, m.precision.toFixed(3), m.recall.toFixed(3), m.f1.toFixed(3), floors].join('\t'));
    Object.assign(figures, { [`${name}Precision`]: Number(m.precision.toFixed(3)), [`${name}Recall`]: Number(m.recall.toFixed(3)), [`${name}F1`]: Number(m.f1.toFixed(3)) });
  }
  const { ms, chars } = speed(set, runs);
  const mcps = chars / 1e6 / (ms / 1000);
  console.log(`throughput: ${set.all.length} texts (${(chars / 1e6).toFixed(2)} M characters) in ${ms.toFixed(0)} ms (median of ${runs} passes) = ${mcps.toFixed(1)} M characters/s, ${Math.round(set.all.length / (ms / 1000)).toLocaleString('en-US')} texts/s`);
  Object.assign(figures, { passMs: Number(ms.toFixed(1)), mCharsPerS: Number(mcps.toFixed(2)) });
  return { name: 'injection detector', figures };
}

if (require.main === module) report(process.argv.slice(2));
