/**
 * Reads YAML (and JSON, which is YAML) text into values with line information: the fast reader
 * when the text is in its subset, else the `yaml` library, whose AST is walked beside the JS
 * value to record the same lines. Syntax errors become SuiteErrors with the line.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { SuiteError } from './errors';
import { fastParseYaml } from './fastYaml';
import type { NodeInfo, ParsedFile } from './parsedYaml';

/** Parses a suite or data file. Throws SuiteError on invalid YAML. */
export function parseYaml(text: string, path?: string): ParsedFile {
  return fastParseYaml(text) ?? parseYamlSlow(text, path);
}

/** The `yaml` library path (exported for tests comparing both readers). */
export function parseYamlSlow(text: string, path?: string): ParsedFile {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) {
    const line = lineCounter.linePos(err.pos[0]).line;
    throw new SuiteError(`invalid YAML: ${err.message.split('\n')[0]}`, path, line);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new SuiteError(`invalid YAML: ${e instanceof Error ? e.message : String(e)}`, path);
  }
  const info = new WeakMap<object, NodeInfo>();
  const line = (offset: number) => lineCounter.linePos(offset).line;
  const walk = (node: Node | null | undefined, js: unknown, depth: number): void => {
    if (!node || typeof js !== 'object' || js === null || depth > 200) return;
    if (isAlias(node)) {
      const target = node.resolve(doc as Document);
      if (target) walk(target as Node, js, depth + 1);
      return;
    }
    if (info.has(js)) return;
    const range = node.range ?? [0, 0, 0];
    const start = line(range[0]);
    const endLine = line(Math.max(range[0], range[1] - 1));
    if (isMap(node) && !Array.isArray(js)) {
      const keyLines = new Map<string, number>();
      info.set(js, { line: start, endLine, keyLines });
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value ?? '') : undefined;
        if (key === undefined) continue;
        const keyNode = pair.key as Node;
        if (keyNode.range && !keyLines.has(key)) keyLines.set(key, line(keyNode.range[0]));
        walk(pair.value as Node, (js as Record<string, unknown>)[key], depth + 1);
      }
    } else if (isSeq(node) && Array.isArray(js)) {
      const itemLines: number[] = [];
      info.set(js, { line: start, endLine, itemLines });
      node.items.forEach((item, i) => {
        const r = (item as Node | null)?.range;
        itemLines.push(r ? line(r[0]) : start);
        walk(item as Node, js[i], depth + 1);
      });
    }
  };
  walk(doc.contents as Node | null, value, 0);
  return { value, info };
}
