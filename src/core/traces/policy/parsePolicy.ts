/**
 * Reading a policy file: YAML or JSON text (JSON is read by the YAML parser, so both get line
 * numbers) → a checked, compiled Policy. Every problem is a PolicyError with the file, the
 * 1-based line and column and the key path: syntax, the schema (schemas/trace-policy.schema.json),
 * a rule id used twice, a rule with no or several rule types, a bad regular expression or glob.
 */
import { LineCounter, parseDocument, type Document } from 'yaml';
import { compileRule } from './compileRule';
import { locate } from './locate';
import { PolicyError, formatKeyPath } from './policyError';
import { SpecError, type KeyPath } from './specError';
import type { Policy, PolicyRule, PolicySpec } from './types';
import { shapeError } from './validate';

export function parsePolicy(text: string, path?: string): Policy {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const place = (keyPath: KeyPath) => {
    const pos = locate(doc as Document, lc, keyPath);
    return { ...(path !== undefined ? { path } : {}), ...(pos ? { line: pos.line, column: pos.column } : {}), ...(keyPath.length > 0 ? { keyPath: formatKeyPath(keyPath) } : {}) };
  };
  const syntax = doc.errors[0];
  if (syntax) {
    const p = lc.linePos(syntax.pos[0]);
    throw new PolicyError(syntax.message.split('\n')[0]!, { ...(path !== undefined ? { path } : {}), line: p.line, column: p.col });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (data === null || data === undefined) throw new PolicyError('empty policy: expected an object with "rules"', { ...(path !== undefined ? { path } : {}), line: 1 });
  const bad = shapeError(data);
  if (bad) throw new PolicyError(bad.message, place(bad.keyPath));
  const spec = data as PolicySpec;
  const firstUse = new Map<string, number>();
  spec.rules.forEach((r, i) => {
    const earlier = firstUse.get(r.id);
    if (earlier !== undefined) {
      const line = locate(doc as Document, lc, ['rules', earlier, 'id'])?.line;
      throw new PolicyError(`duplicate rule id "${r.id}": rules[${earlier}]${line !== undefined ? ` (line ${line})` : ''} has it too`, place(['rules', i, 'id']));
    }
    firstUse.set(r.id, i);
  });
  const rules: PolicyRule[] = spec.rules.map((r, i) => {
    try {
      return compileRule(r);
    } catch (err) {
      if (err instanceof SpecError) throw new PolicyError(err.message, place(['rules', i, ...err.keyPath]));
      throw err;
    }
  });
  return { ...(path !== undefined ? { path } : {}), ...(spec.description !== undefined ? { description: spec.description } : {}), rules };
}
