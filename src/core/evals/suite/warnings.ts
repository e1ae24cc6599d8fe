/**
 * Non-fatal findings of a load. Repeats are folded: unsupported keys by key pattern
 * (`tests[].options.transform`) and other warnings by message, so a key repeated in 10,000
 * cases is one warning with a count and the line of its first occurrence — never silently
 * dropped, never 10,000 warnings.
 */
import type { SuiteWarning } from '../types';

interface Entry { message: string; line?: number; key?: string; count: number }

export class Warnings {
  private readonly entries = new Map<string, Entry>();

  /** A warning; the same message for the same key is counted, not repeated. */
  add(message: string, line?: number, key?: string): void {
    this.push(`m\0${message}\0${key ?? ''}`, message, line, key);
  }

  /** `unsupported key '<key>' ignored[: detail]`, once per key pattern. */
  unsupportedKey(key: string, line?: number, detail?: string): void {
    this.push(`k\0${key}`, `unsupported key '${key}' ignored${detail ? `: ${detail}` : ''}`, line, key);
  }

  /** Everything, in the order first found. */
  toArray(): SuiteWarning[] {
    return [...this.entries.values()].map((e) => ({
      message: e.count > 1 ? `${e.message} (${e.count} times; the first is here)` : e.message,
      ...(e.line !== undefined && { line: e.line }),
      ...(e.key !== undefined && { key: e.key }),
    }));
  }

  private push(id: string, message: string, line: number | undefined, key: string | undefined): void {
    const seen = this.entries.get(id);
    if (seen) {
      seen.count++;
      return;
    }
    this.entries.set(id, { message, ...(line !== undefined && { line }), ...(key !== undefined && { key }), count: 1 });
  }
}
