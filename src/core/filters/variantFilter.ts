/**
 * The variants filter. Unlike the other filters it depends on the whole log: a case passes when its
 * activity sequence is among the selected variants, and "the top 5" are counted on the cases given
 * (in a stack: those that passed the filters before it). Variants are ranked as discoverVariants
 * ranks them: by number of cases, descending, then by sequence (compareSequences).
 * - top: the `count` first variants;
 * - coverage: the shortest prefix of the ranking whose cases reach `percent` % of all cases;
 * - list: exactly the sequences listed.
 * Cases without events never pass.
 */
import { throwIfCancelled } from '../progress';
import type { MinedCase } from '../mining/eventSource';
import { compareSequences } from '../mining/variants';
import type { CasePredicate } from './casePredicates';
import type { VariantFilter } from './types';

const SEP = '\u0000';

const keyOf = (activities: readonly string[]): string => activities.join(SEP);

function predicateFor(selected: ReadonlySet<string>): CasePredicate {
  return (c) => c.events.length > 0 && selected.has(keyOf(c.events.map((e) => e.activity)));
}

/** Ranks the variants of `cases` and returns the predicate selecting those `f` keeps. */
export async function variantPredicate(f: VariantFilter, cases: AsyncIterable<MinedCase>, signal?: AbortSignal): Promise<CasePredicate> {
  if (f.mode === 'list') return predicateFor(new Set(f.variants.map(keyOf)));
  const groups = new Map<string, { activities: string[]; cases: number }>();
  let total = 0;
  for await (const c of cases) {
    if (c.events.length === 0) continue;
    if ((++total & 1023) === 0) throwIfCancelled(signal);
    const activities = c.events.map((e) => e.activity);
    const key = keyOf(activities);
    const g = groups.get(key);
    if (g) g.cases++;
    else groups.set(key, { activities, cases: 1 });
  }
  const ranked = [...groups.values()].sort((a, b) => b.cases - a.cases || compareSequences(a.activities, b.activities));
  const selected = new Set<string>();
  if (f.mode === 'top') {
    for (const v of ranked.slice(0, Math.max(0, Math.floor(f.count)))) selected.add(keyOf(v.activities));
  } else {
    let covered = 0;
    for (const v of ranked) {
      if (covered * 100 >= f.percent * total) break;
      selected.add(keyOf(v.activities));
      covered += v.cases;
    }
  }
  return predicateFor(selected);
}
