/**
 * "Does the path predict the outcome?" as a Markdown report: success rate of traces with and
 * without policy violations (with 95% Wilson intervals), and per agent path (variant). Untrusted
 * names (tools, rules) are escaped for Markdown.
 */
import { wilsonInterval } from '../evals/stats';
import type { OutcomeByPath, OutcomeGroup } from './policy';

const esc = (s: string) => s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function rate(g: OutcomeGroup): string {
  if (g.rate === undefined) return 'no outcome';
  const { low, high } = wilsonInterval(g.successes, g.withOutcome);
  return `${pct(g.rate)} (${g.successes}/${g.withOutcome}; 95% ${pct(low)}–${pct(high)})`;
}

export function outcomeMarkdown(o: OutcomeByPath, opts: { title: string; outcomeAttribute: string; successThreshold: number; minSeverity: string; maxVariants?: number }): string {
  const lines = [
    `# Outcome by path: ${esc(opts.title)}`,
    '',
    `Success = trace attribute \`${opts.outcomeAttribute}\` ≥ ${opts.successThreshold}. Violations counted: ${opts.minSeverity} and above.`,
    '',
    '| traces | count | success rate |',
    '|---|---:|---|',
    `| with violations | ${o.withViolations.traces} | ${rate(o.withViolations)} |`,
    `| without violations | ${o.withoutViolations.traces} | ${rate(o.withoutViolations)} |`,
    '',
    '## Per agent path (tool calls in order)',
    '',
    '| # | path | traces | with violations | success rate |',
    '|---:|---|---:|---:|---|',
  ];
  const max = opts.maxVariants ?? 30;
  o.perVariant.slice(0, max).forEach((v, i) => {
    const path = v.variant.length ? v.variant.map(esc).join(' → ') : '(no tool calls)';
    lines.push(`| ${i + 1} | ${path.length > 400 ? `${path.slice(0, 399)}…` : path} | ${v.traces} | ${v.violatingTraces} | ${rate(v)} |`);
  });
  if (o.perVariant.length > max) lines.push('', `…and ${o.perVariant.length - max} more paths.`);
  return `${lines.join('\n')}\n`;
}
