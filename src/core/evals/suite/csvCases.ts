/**
 * CSV case files: one case a row, every ordinary column a variable (values stay strings), and
 * promptfoo's special columns:
 *   __expected, __expected1, __expected2…   an assertion each, in the one-line syntax (expectedSyntax.ts)
 *   __description                            the case description
 *   __metric                                 metric name of the row's __expected assertions
 *   __config:__expected[N]:threshold|weight|metric   per-assertion settings
 * Native suites add __id, __repeat and __expected_prose (the case's `expected` prose). Other
 * `__` columns (promptfoo's __threshold, __metadata:*, __prefix, __suffix…) are errors in native
 * suites and warnings in promptfoo configs.
 */
import type { AssertionSpec } from '../types';
import type { CsvTable } from './csv';
import { SuiteError } from './errors';
import { parseAssertionString } from './expectedSyntax';

export interface CsvCase {
  readonly line: number;
  readonly id?: string;
  readonly description?: string;
  readonly vars: Record<string, string>;
  readonly assert: AssertionSpec[];
  readonly repeat?: number;
  readonly expected?: string;
}

export interface CsvCaseOptions {
  readonly native: boolean;
  readonly path: string;
  /** Reports a column the format does not support (promptfoo only; native throws). */
  readonly unsupported: (column: string, line: number) => void;
}

const EXPECTED_RE = /^__expected(\d*)$/;
const CONFIG_RE = /^__config:(__expected\d*):(threshold|weight|metric)$/;

/** The rows of a CSV case file as cases (assertions carry the row's line in the CSV file). */
export function csvCases(table: CsvTable, opts: CsvCaseOptions): CsvCase[] {
  const headerLine = 1;
  const expectedCols: string[] = [];
  const configCols: { col: string; target: string; key: 'threshold' | 'weight' | 'metric' }[] = [];
  const varCols: string[] = [];
  const nativeCols = new Set(['__id', '__repeat', '__expected_prose']);
  for (const col of table.header) {
    if (!col.startsWith('__')) { varCols.push(col); continue; }
    if (EXPECTED_RE.test(col)) { expectedCols.push(col); continue; }
    const cfg = CONFIG_RE.exec(col);
    if (cfg) { configCols.push({ col, target: cfg[1]!, key: cfg[2] as 'threshold' | 'weight' | 'metric' }); continue; }
    if (col === '__description' || col === '__metric') continue;
    if (opts.native && nativeCols.has(col)) continue;
    if (opts.native) {
      throw new SuiteError(`unknown column '${col}' (special columns: __id, __description, __expected, __expected<N>, __metric, __repeat, __expected_prose, __config:__expected<N>:threshold|weight|metric)`, opts.path, headerLine, col);
    }
    opts.unsupported(col, headerLine);
  }
  return table.rows.map((row) => {
    const f = row.fields;
    const vars: Record<string, string> = {};
    for (const c of varCols) vars[c] = f[c]!;
    const metric = f.__metric?.trim() || undefined;
    const assert: AssertionSpec[] = [];
    for (const col of expectedCols) {
      const cell = f[col]!;
      if (cell.trim() === '') continue;
      let a: AssertionSpec = { ...parseAssertionString(cell), ...(metric !== undefined && { metric }), line: row.line };
      for (const cfg of configCols) {
        if (cfg.target !== col) continue;
        const raw = f[cfg.col]!.trim();
        if (raw === '') continue;
        if (cfg.key === 'metric') { a = { ...a, metric: raw }; continue; }
        const n = Number(raw);
        if (!Number.isFinite(n)) throw new SuiteError(`${cfg.col} must be a number (got ${JSON.stringify(raw)})`, opts.path, row.line, cfg.col);
        a = { ...a, [cfg.key]: n };
      }
      assert.push(a);
    }
    const description = f.__description?.trim() || undefined;
    let repeat: number | undefined;
    if (opts.native && f.__repeat !== undefined && f.__repeat.trim() !== '') {
      repeat = Number(f.__repeat);
      if (!Number.isInteger(repeat) || repeat < 1 || repeat > 1000) throw new SuiteError(`__repeat must be an integer from 1 to 1000 (got ${JSON.stringify(f.__repeat)})`, opts.path, row.line, '__repeat');
    }
    const id = opts.native ? f.__id?.trim() || undefined : undefined;
    const expected = opts.native ? f.__expected_prose?.trim() || undefined : undefined;
    return {
      line: row.line, vars, assert,
      ...(id !== undefined && { id }), ...(description !== undefined && { description }),
      ...(repeat !== undefined && { repeat }), ...(expected !== undefined && { expected }),
    };
  });
}
