/**
 * Where a key path is in a parsed YAML (or JSON) document: the 1-based line and column of the
 * key that holds it when its parent is a map (so an error about a block value points at its key,
 * not at the value's first line), of the item when its parent is a list. A path that goes past
 * what the document has stops at the deepest node found.
 */
import { isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml';
import type { KeyPath } from './specError';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export function locate(doc: Document, lc: LineCounter, keyPath: KeyPath): Position | undefined {
  let node: unknown = doc.contents;
  let at: Node | undefined = doc.contents ?? undefined;
  for (const k of keyPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(k));
      if (!pair) break;
      if (isScalar(pair.key) || isMap(pair.key) || isSeq(pair.key)) at = pair.key as Node;
      node = pair.value;
    } else if (isSeq(node) && typeof k === 'number') {
      const item = node.items[k];
      if (item === undefined) break;
      node = item;
      if (isScalar(item) || isMap(item) || isSeq(item)) at = item as Node;
    } else break;
  }
  const offset = at?.range?.[0];
  if (offset === undefined) return undefined;
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}
