/**
 * The one error type importers throw for problems in the input file. Its message names the file,
 * the position (1-based line and column) and the field involved, in the `file:line:column:`
 * form editors and terminals turn into links.
 */
export interface ImportErrorDetails {
  readonly line?: number;
  readonly column?: number;
  /** The XES element/attribute key or CSV column concerned. */
  readonly field?: string;
}

export class ImportError extends Error {
  readonly file: string;
  declare readonly line?: number;
  declare readonly column?: number;
  declare readonly field?: string;
  /** The problem alone, without the location prefix. */
  readonly reason: string;

  constructor(file: string, reason: string, details: ImportErrorDetails = {}) {
    const where = [file, details.line, details.line !== undefined ? details.column : undefined].filter((x) => x !== undefined).join(':');
    super(`${where}: ${reason}${details.field !== undefined ? ` (field: ${details.field})` : ''}`);
    this.name = 'ImportError';
    this.file = file;
    this.reason = reason;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.field !== undefined) this.field = details.field;
  }
}
