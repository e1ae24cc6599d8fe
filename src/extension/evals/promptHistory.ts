/**
 * The Prompt History view: every prompt file with its versions — the texts eval runs used (with
 * their pass rates) and the file's git commits — and "Compare versions": VS Code's diff editor on
 * two texts plus, when both were evaluated, the comparison panel of their latest runs.
 * Version texts are served read-only under the `tracemine-version:` scheme.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import * as vscode from 'vscode';
import { GIT_LOG_FORMAT, parseGitLog, promptVersions, type GitCommit, type PromptVersion } from '../../core/evals/promptVersions';
import { textHash, type PromptVersionRun } from '../../core';
import type { Ctx } from '../context';

const run = promisify(execFile);
export const VERSION_SCHEME = 'tracemine-version';
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/.tracemine/**}';

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    return (await run('git', args, { cwd, maxBuffer: 16 << 20 })).stdout;
  } catch {
    return undefined; // no git, not a repository, or the file is not tracked
  }
}

export async function gitCommits(file: string): Promise<GitCommit[]> {
  const out = await git(path.dirname(file), ['log', '--follow', `--format=${GIT_LOG_FORMAT}`, '-n', '50', '--', path.basename(file)]);
  return out ? parseGitLog(out) : [];
}

/** The file's text at a commit (`<rev>:./<name>` is resolved from the file's own folder: no repository lookup needed). */
function gitText(file: string, commit: string): Promise<string | undefined> {
  return git(path.dirname(file), ['show', `${commit}:./${path.basename(file)}`]);
}

export function versionUri(file: string, v: PromptVersion): vscode.Uri {
  const query = v.kind === 'run' ? `hash=${v.hash}` : `commit=${v.commit.commit}`;
  const tag = v.kind === 'run' ? v.hash.slice(0, 8) : v.commit.commit.slice(0, 8);
  return vscode.Uri.file(file).with({ scheme: VERSION_SCHEME, query, fragment: tag });
}

class VersionItem extends vscode.TreeItem {
  constructor(readonly file: string, readonly version: PromptVersion) {
    super(VersionItem.label(version), vscode.TreeItemCollapsibleState.None);
    this.contextValue = 'tracemine.promptVersion';
    if (version.kind === 'run') {
      const latest = version.runs[0]!;
      this.description = `${version.hash.slice(0, 8)} · ${version.runs.length} run${version.runs.length === 1 ? '' : 's'}`;
      this.iconPath = new vscode.ThemeIcon(latest.graded && latest.passes === latest.graded ? 'pass' : 'beaker');
      this.tooltip = `Text used by ${version.runs.length} eval run(s); last on ${latest.startedAt}`;
    } else {
      this.description = `${version.commit.commit.slice(0, 8)} · ${version.commit.date.slice(0, 10)}${version.hash ? ' · evaluated' : ''}`;
      this.iconPath = new vscode.ThemeIcon('git-commit');
      this.tooltip = `${version.commit.subject}\n${version.commit.author}, ${version.commit.date}`;
    }
    this.command = { command: 'tracemine.compareWithWorkingCopy', title: 'Compare with Working Copy', arguments: [this] };
  }

  static label(v: PromptVersion): string {
    if (v.kind === 'git') return v.commit.subject || '(no message)';
    const r = v.runs[0]!;
    const rate = r.graded ? `${r.passes}/${r.graded} samples pass (${Math.round((100 * r.passes) / r.graded)}%)` : 'no graded samples';
    return `Evaluated ${r.startedAt.slice(0, 16).replace('T', ' ')} · ${rate}`;
  }
}

class PromptFileItem extends vscode.TreeItem {
  constructor(readonly file: string) {
    super(path.basename(file), vscode.TreeItemCollapsibleState.Collapsed);
    this.resourceUri = vscode.Uri.file(file);
    this.description = path.dirname(vscode.workspace.asRelativePath(file, false)).replace(/^\.$/, '');
    this.contextValue = 'tracemine.promptFile';
    this.iconPath = new vscode.ThemeIcon('symbol-string');
  }
}

type Item = PromptFileItem | VersionItem;

export class PromptHistory implements vscode.TreeDataProvider<Item>, vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly ctx: Ctx) {
    this.disposables.push(
      this.changed,
      vscode.workspace.registerTextDocumentContentProvider(VERSION_SCHEME, this),
      ctx.evals.onDidChange(() => this.changed.fire()),
    );
  }

  refresh(): void {
    this.changed.fire();
  }

  getTreeItem(item: Item): Item {
    return item;
  }

  async getChildren(item?: Item): Promise<Item[]> {
    if (!item) {
      const files = await vscode.workspace.findFiles('**/*.{prompt,prompty}', EXCLUDE, 500);
      return files.map((u) => u.fsPath).sort().map((f) => new PromptFileItem(f));
    }
    if (item instanceof PromptFileItem) return (await this.versions(item.file)).map((v) => new VersionItem(item.file, v));
    return [];
  }

  /** The eval runs that used this file (a run names it relative to its suite). */
  async runsOf(file: string): Promise<PromptVersionRun[]> {
    if (!this.ctx.database.file) return [];
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? '';
    const all = await this.ctx.database.read((db) => db.promptVersionRuns()).catch(() => [] as PromptVersionRun[]);
    return all.filter((r) => path.resolve(folder, path.dirname(r.suitePath), r.promptId) === file);
  }

  async versions(file: string): Promise<PromptVersion[]> {
    const [runs, commits] = await Promise.all([this.runsOf(file), gitCommits(file)]);
    const evaluated = new Set(runs.map((r) => r.promptHash));
    const commitHashes = new Map<string, string>();
    for (const c of commits.slice(0, 20)) {
      const text = await gitText(file, c.commit);
      if (text !== undefined && evaluated.has(textHash(text))) commitHashes.set(c.commit, textHash(text));
    }
    return promptVersions(runs, commits, commitHashes);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const q = new URLSearchParams(uri.query);
    const hash = q.get('hash');
    const commit = q.get('commit');
    if (hash) return (await this.ctx.database.read((db) => db.promptText(hash))) ?? `(the text with hash ${hash} is not in the database)`;
    if (commit && /^[0-9a-f]{40}$/.test(commit)) return (await gitText(uri.fsPath, commit)) ?? `(the file at ${commit} could not be read from git)`;
    return '';
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}

export { VersionItem, PromptFileItem };
