/**
 * `tracemine map <log | analysis.tracemine.json> --svg out.svg`: the process map as an SVG file,
 * drawn by the panel's own rendering code (webview/processMap) into linkedom's DOM. Given an
 * analysis file, its log, filters, sliders and view are used, so CI can publish the same map a
 * colleague saved in the editor.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseHTML } from 'linkedom';
import {
  ANALYSIS_FILE_SUFFIX, TracemineDb, importEventLog, mineProcessMap, parseAnalysis, resolveLogSource,
  type CaseFilter, type Classifier, type ImportOptions,
} from '../core';
import type { MapView } from '../protocol/processMap';
import { renderStaticSvg } from '../../webview/processMap/staticSvg';

export interface MapCommandOptions {
  readonly input: string;
  readonly svg: string;
  readonly view?: MapView;
  readonly activityPercent?: number;
  readonly pathPercent?: number;
  readonly importOptions?: ImportOptions;
  readonly classifier?: Classifier;
}

export async function runMapCommand(o: MapCommandOptions): Promise<{ activities: number; edges: number; file: string }> {
  let logFile = o.input;
  let filters: readonly CaseFilter[] = [];
  let view: MapView = o.view ?? 'frequency';
  let activityPercent = o.activityPercent ?? 100;
  let pathPercent = o.pathPercent ?? 100;
  let classifier: Classifier = o.classifier ?? 'activity';
  if (o.input.endsWith(ANALYSIS_FILE_SUFFIX)) {
    const a = parseAnalysis(await readFile(o.input, 'utf8'), o.input);
    logFile = resolveLogSource(o.input, a.log.source);
    filters = a.filters;
    view = o.view ?? a.view;
    activityPercent = o.activityPercent ?? a.activityPercent;
    pathPercent = o.pathPercent ?? a.pathPercent;
    classifier = o.classifier ?? a.classifier ?? 'activity';
  }
  const db = await TracemineDb.open();
  try {
    const { log } = await importEventLog(db, logFile, o.importOptions ?? {});
    const data = await mineProcessMap(db.eventSource(log.id, classifier), { filters, activityPercent });
    if (view === 'performance' && !data.dfg.hasTimestamps) view = 'frequency';
    if (view === 'cost' && !data.cost) view = 'frequency';
    const { document } = parseHTML('<!DOCTYPE html><html></html>');
    const text = renderStaticSvg(document as unknown as Document, data.dfg, view, pathPercent, `${log.name}: process map (${view})`, data.cost);
    const tmp = path.join(path.dirname(path.resolve(o.svg)), `.${path.basename(o.svg)}.${process.pid}.tmp`);
    await writeFile(tmp, text, 'utf8');
    await rename(tmp, o.svg);
    return { activities: data.dfg.activities.length, edges: data.dfg.edges.length, file: o.svg };
  } finally {
    db.close();
  }
}
