/**
 * `npx tsx bench/injectionMeasure.ts`: the injection detector's figures on the labelled set
 * (test/fixtures/injection/labelled.jsonl): precision, recall and F1 on the dev half, the held-out
 * half and the whole set at thresholds 0.5 / 1 (default) / 1.5; recall and false positives per
 * source at the default threshold; which rules fire on the injections; and the screening speed.
 * The figures in docs/injection-screening.md come from this script.
 *
 * Options: --split dev|held-out|all (per-source table for that split; default held-out),
 * --errors (list the misses and false alarms of that split).
 */
import { performance } from 'node:perf_hooks';
import { DEFAULT_THRESHOLD, measureDetector, screenText, type LabelledItem, type Measurement } from '../src/core/traces/screening';
import { loadLabelledSet, sourceGroup } from '../test/fixtures/injection/labelledSet';

const args = process.argv.slice(2);
const splitArg = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'held-out';
const set = loadLabelledSet();
const halves: Record<string, readonly LabelledItem[]> = { dev: set.dev, 'held-out': set.heldOut, all: set.all };
const chosen = halves[splitArg ?? 'held-out'];
if (!chosen) throw new Error(`--split must be dev, held-out or all (got ${splitArg})`);

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const row = (name: string, items: readonly LabelledItem[], m: Measurement) =>
  `| ${name} | ${items.length} | ${m.tp} | ${m.fp} | ${m.fn} | ${m.tn} | ${m.precision.toFixed(3)} | ${m.recall.toFixed(3)} | ${m.f1.toFixed(3)} |`;

const count = (items: readonly LabelledItem[], label: string) => items.filter((i) => i.label === label).length;
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
