/**
 * Fatal suite errors. Every error names the file, the 1-based line and the key path of the
 * offending node (`tests[3].assert[0].threshold`) when they are known, so the editor can put a
 * diagnostic on it and the CLI can print `file:line: message`.
 */

/** One problem found in a suite file. */
export interface SuiteIssue {
  readonly message: string;
  readonly path?: string;
  /** 1-based. */
  readonly line?: number;
  readonly keyPath?: string;
}

export class SuiteError extends Error {
  /** The message without the location prefix. */
  readonly reason: string;
  /** Every problem found (the first one is this error's own); schema validation reports them all. */
  readonly issues: readonly SuiteIssue[];

  constructor(
    reason: string,
    readonly path?: string,
    /** 1-based. */
    readonly line?: number,
    readonly keyPath?: string,
    issues?: readonly SuiteIssue[],
  ) {
    super(formatIssue({ message: reason, path, line, keyPath }));
    this.name = 'SuiteError';
    this.reason = reason;
    this.issues = issues && issues.length > 0 ? issues : [{ message: reason, path, line, keyPath }];
  }

  static of(issues: readonly SuiteIssue[]): SuiteError {
    const first = issues[0]!;
    return new SuiteError(first.message, first.path, first.line, first.keyPath, issues);
  }
}

/** `path:line: keyPath: message`, leaving out what is unknown. */
export function formatIssue(issue: SuiteIssue): string {
  let where = issue.path ?? '';
  if (issue.line !== undefined) where += where ? `:${issue.line}` : `line ${issue.line}`;
  const key = issue.keyPath ? `${issue.keyPath}: ` : '';
  return `${where ? `${where}: ` : ''}${key}${issue.message}`;
}
