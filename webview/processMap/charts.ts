/**
 * Small d3 bar charts for the statistics tab: the case-duration distribution and throughput over
 * time. Axis labels carry units; every string is set as text.
 */
import * as d3 from 'd3';
import { formatDuration } from '../shared/format';

export interface Bar { readonly label: string; readonly value: number; readonly title: string }

/** Bars of counts (integers): the y axis has integer ticks only. */
export function barChart(bars: readonly Bar[], opts: { width: number; height: number; label: string }): SVGSVGElement {
  const margin = { top: 8, right: 8, bottom: 34, left: 40 };
  const svg = d3.create('svg').attr('class', 'chart').attr('width', opts.width).attr('height', opts.height).attr('role', 'img');
  const x = d3.scaleBand<number>().domain(bars.map((_, i) => i)).range([margin.left, opts.width - margin.right]).padding(0.1);
  const y = d3.scaleLinear().domain([0, d3.max(bars, (b) => b.value) ?? 1]).nice().range([opts.height - margin.bottom, margin.top]);
  svg.append('g').attr('class', 'bars').selectAll('rect').data(bars).join('rect')
    .attr('x', (_, i) => x(i) ?? 0).attr('width', x.bandwidth())
    .attr('y', (b) => y(b.value)).attr('height', (b) => y(0) - y(b.value))
    .append('title').text((b) => b.title);
  const tickEvery = Math.max(1, Math.ceil(bars.length / 6));
  svg.append('g').attr('class', 'axis').attr('transform', `translate(0,${opts.height - margin.bottom})`)
    .call(d3.axisBottom(x).tickValues(bars.map((_, i) => i).filter((i) => i % tickEvery === 0)).tickFormat((i) => bars[i as number]?.label ?? ''))
    .selectAll('text').attr('transform', 'rotate(-30)').style('text-anchor', 'end');
  const maxValue = d3.max(bars, (b) => b.value) ?? 1;
  svg.append('g').attr('class', 'axis').attr('transform', `translate(${margin.left},0)`)
    .call(d3.axisLeft(y).ticks(Math.min(4, maxValue)).tickFormat(d3.format('~s')));
  svg.attr('aria-label', opts.label);
  return svg.node()!;
}

export function durationLabel(fromMs: number, toMs: number): string {
  return `${formatDuration(fromMs)}–${formatDuration(toMs)}`;
}
