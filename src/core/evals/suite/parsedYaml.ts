/**
 * A parsed YAML/JSON file as plain JS values plus where each collection and key came from.
 *
 * Two readers produce it: a fast one for the block-style subset suites are written in
 * (fastYaml.ts) and the `yaml` library for everything else (yamlSource.ts). Lines live in a
 * WeakMap keyed by the parsed objects/arrays themselves, so callers holding a case object find
 * its line in O(1) without carrying paths around.
 */

/** Where one mapping or sequence sits in the file (1-based lines). */
export interface NodeInfo {
  readonly line: number;
  /** Last line holding content of this node. */
  readonly endLine: number;
  /** Mappings: line of each key. */
  readonly keyLines?: ReadonlyMap<string, number>;
  /** Sequences: line where each item starts. */
  readonly itemLines?: readonly number[];
}

export interface ParsedFile {
  readonly value: unknown;
  readonly info: WeakMap<object, NodeInfo>;
}

export type PathSegment = string | number;

/** Line of an object or array node, if known. */
export function nodeLine(file: ParsedFile, node: unknown): number | undefined {
  return typeof node === 'object' && node !== null ? file.info.get(node)?.line : undefined;
}

/** Line of `key` inside mapping `node`, else the mapping's own line. */
export function keyLine(file: ParsedFile, node: unknown, key: string): number | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const info = file.info.get(node);
  return info?.keyLines?.get(key) ?? info?.line;
}

/** Line of item `index` of sequence `node`, else the sequence's own line. */
export function itemLine(file: ParsedFile, node: unknown, index: number): number | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const info = file.info.get(node);
  return info?.itemLines?.[index] ?? info?.line;
}

/**
 * Line of the value at `path` (the key's line for mapping entries, the item's line for sequence
 * items), falling back to the nearest ancestor whose line is known.
 */
export function lineAtPath(file: ParsedFile, path: readonly PathSegment[]): number | undefined {
  let node: unknown = file.value;
  let best = nodeLine(file, node);
  for (const seg of path) {
    if (typeof node !== 'object' || node === null) break;
    const line = Array.isArray(node) && typeof seg === 'number' ? itemLine(file, node, seg) : keyLine(file, node, String(seg));
    if (line !== undefined) best = line;
    node = (node as Record<string | number, unknown>)[seg];
  }
  return best;
}

/** `tests[3].assert[0].value` from path segments. */
export function formatKeyPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}
