/**
 * Versions of a prompt file, from the two places they are recorded: eval runs (the exact text a
 * run used, by content hash) and git history (`git log --follow` of the file). Pure: parses git's
 * output and merges both into one newest-first list; the editor runs git and reads the database.
 */
import type { PromptVersionRun } from '../db/evalStore';

export interface GitCommit {
  readonly commit: string;
  readonly date: string;
  readonly author: string;
  readonly subject: string;
}

/** The separator we ask git to put between fields: a unit separator never appears in subjects. */
export const GIT_LOG_FORMAT = '%H%x1f%aI%x1f%an%x1f%s';

export function parseGitLog(text: string): GitCommit[] {
  const out: GitCommit[] = [];
  for (const line of text.split('\n')) {
    const parts = line.split('\x1f');
    if (parts.length !== 4 || !/^[0-9a-f]{40}$/.test(parts[0]!)) continue;
    out.push({ commit: parts[0]!, date: parts[1]!, author: parts[2]!, subject: parts[3]! });
  }
  return out;
}

export type PromptVersion =
  | { readonly kind: 'run'; readonly hash: string; readonly date: string; readonly runs: readonly PromptVersionRun[] }
  | { readonly kind: 'git'; readonly commit: GitCommit; readonly hash?: string };

/**
 * One entry per distinct text seen in runs (with all its runs, newest first), then git commits
 * newest first; a commit whose text hash equals a run version's is marked with that hash so the
 * editor can say "this commit was evaluated".
 */
export function promptVersions(runs: readonly PromptVersionRun[], commits: readonly GitCommit[], commitHashes: ReadonlyMap<string, string> = new Map()): PromptVersion[] {
  const byHash = new Map<string, PromptVersionRun[]>();
  for (const r of runs) byHash.set(r.promptHash, [...(byHash.get(r.promptHash) ?? []), r]);
  const runVersions: PromptVersion[] = [...byHash.entries()].map(([hash, rs]) => {
    const sorted = [...rs].sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    return { kind: 'run', hash, date: sorted[0]!.startedAt, runs: sorted };
  });
  runVersions.sort((a, b) => (b as { date: string }).date.localeCompare((a as { date: string }).date));
  const gitVersions: PromptVersion[] = commits.map((c) => ({ kind: 'git', commit: c, ...(commitHashes.has(c.commit) ? { hash: commitHashes.get(c.commit)! } : {}) }));
  return [...runVersions, ...gitVersions];
}
