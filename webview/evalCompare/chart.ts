/**
 * The interval chart of the totals strip: each side's case-level pass rate as a dot on its 95%
 * Wilson interval, on a shared 0–100% axis. Overlapping bars read as "could be noise" at a
 * glance. Colours come from the theme (style.css); every string is set as text.
 */
import * as d3 from 'd3';
import { interval, pct } from './model';

export interface IntervalRow {
  /** Short axis label ("before", "after"). */
  readonly label: string;
  readonly rate: number;
  readonly low: number;
  readonly high: number;
  /** CSS class of the row (`side-before`, `side-after`). */
  readonly className: string;
  /** Tooltip (may carry the side's untrusted label: set as text). */
  readonly title: string;
}

export function intervalChart(rows: readonly IntervalRow[], opts: { readonly width: number }): SVGSVGElement {
  const rowHeight = 22;
  const margin = { top: 6, right: 14, bottom: 22, left: 52 };
  const height = margin.top + rows.length * rowHeight + margin.bottom;
  const x = d3.scaleLinear().domain([0, 1]).range([margin.left, opts.width - margin.right]);
  const svg = d3.create('svg')
    .attr('class', 'interval-chart').attr('width', opts.width).attr('height', height)
    .attr('viewBox', `0 0 ${opts.width} ${height}`)
    .attr('role', 'img')
    .attr('aria-label', `Pass rates with 95% intervals: ${rows.map((r) => `${r.label} ${pct(r.rate)} (${interval(r.low, r.high)})`).join(', ')}`);
  svg.append('g').attr('class', 'grid').selectAll('line').data([0, 0.25, 0.5, 0.75, 1]).join('line')
    .attr('x1', (d) => x(d)).attr('x2', (d) => x(d))
    .attr('y1', margin.top - 2).attr('y2', height - margin.bottom);
  const g = svg.append('g').selectAll('g').data(rows).join('g')
    .attr('class', (r) => `interval ${r.className}`)
    .attr('transform', (_, i) => `translate(0,${margin.top + i * rowHeight + rowHeight / 2})`);
  g.append('title').text((r) => r.title);
  g.append('text').attr('class', 'row-label').attr('x', margin.left - 8).attr('dy', '0.32em').attr('text-anchor', 'end').text((r) => r.label);
  g.append('line').attr('class', 'ci').attr('x1', (r) => x(r.low)).attr('x2', (r) => x(r.high));
  for (const end of ['low', 'high'] as const) {
    g.append('line').attr('class', 'cap').attr('x1', (r) => x(r[end])).attr('x2', (r) => x(r[end])).attr('y1', -5).attr('y2', 5);
  }
  g.append('circle').attr('class', 'rate').attr('cx', (r) => x(r.rate)).attr('r', 4.5);
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues([0, 0.25, 0.5, 0.75, 1]).tickFormat((d) => pct(d as number)).tickSizeOuter(0));
  return svg.node()!;
}
