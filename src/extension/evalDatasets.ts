/**
 * "Add to Eval Dataset": writes a trace as a test case (src/core/traces/toTestCase.ts) into
 * `<evals.datasetFolder>/<trace file stem>.cases.jsonl` in the workspace, replacing an earlier
 * case of the same trace. The file is rewritten atomically, so it is never left half-written.
 */
import * as path from 'node:path';
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { addCaseToJsonl, traceToTestCase, writeFileAtomic } from '../core';
import type { Ctx } from './context';

export async function addTraceToDataset(ctx: Ctx, traceRowId: number): Promise<{ file: string; replaced: boolean } | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) {
    void vscode.window.showWarningMessage('Tracemine: open a folder to write eval datasets into.');
    return undefined;
  }
  const found = await ctx.database.read((db) => {
    const summary = db.getTrace(traceRowId);
    const trace = db.fullTrace(traceRowId);
    const review = summary && db.listAnnotations({ sourcePath: summary.sourcePath, traceId: summary.traceId }).find((a) => a.spanId === undefined);
    return summary && trace ? { summary, trace, review } : undefined;
  });
  if (!found) throw new Error(`There is no trace with id ${traceRowId}`);
  const { summary, trace, review } = found;
  const rel = vscode.workspace.asRelativePath(summary.sourcePath, false);
  const testCase = traceToTestCase(trace, { path: rel }, review && { ...(review.verdict ? { verdict: review.verdict } : {}), labels: review.labels, ...(review.comment ? { comment: review.comment } : {}) });
  const stem = path.basename(summary.sourcePath).replace(/\.(json|jsonl|ndjson)(\.gz)?$/i, '').replace(/[^\w.-]+/g, '-');
  const file = path.join(folder.uri.fsPath, ctx.config.evalDatasetFolder, `${stem}.cases.jsonl`);
  let existing = '';
  try {
    existing = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const { text, replaced } = addCaseToJsonl(existing, testCase);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await writeFileAtomic(file, new TextEncoder().encode(text));
  ctx.log.info(`${replaced ? 'Replaced' : 'Added'} test case ${testCase.id} in ${file}`);
  return { file, replaced };
}
