/**
 * Which workspace files are trace policies: `.tracemine/policy.yaml` (or `.yml`, `.json`) and
 * any `*.policy.yaml` / `*.policy.yml` / `*.policy.json`. Paths with either separator.
 */

export const POLICY_FILE_GLOBS: readonly string[] = ['**/.tracemine/policy.{yaml,yml,json}', '**/*.policy.{yaml,yml,json}'];

export function isPolicyFile(filePath: string): boolean {
  const p = filePath.replace(/\\/g, '/');
  return /(^|\/)\.tracemine\/policy\.(ya?ml|json)$/i.test(p) || /\.policy\.(ya?ml|json)$/i.test(p);
}
