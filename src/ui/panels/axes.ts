import type * as d3 from 'd3';
import { axisBottom, axisLeft } from 'd3';

export interface ChartFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
}

/** d3's axis font size (SVG units). */
const TICK_FONT = 10;
/** Space kept between two tick labels. */
const TICK_GAP = 4;

/** A label's width: measured where the page is laid out, else (jsdom, a hidden chart) estimated from its length. */
function labelWidth(text: SVGTextElement): number {
  const measured = typeof text.getComputedTextLength === 'function' ? text.getComputedTextLength() : 0;
  return measured > 0 ? measured : (text.textContent ?? '').length * TICK_FONT * 0.6;
}

const tickX = (tick: Element) => Number(/translate\(([-\d.e]+)/.exec(tick.getAttribute('transform') ?? '')?.[1] ?? 0);

/**
 * Drops the x tick labels that would touch the one kept before them or spill past the chart's edges, by
 * their measured widths, so "1,000" and "1,500" never run together and "2,000" is never cut at the edge.
 */
export function thinTickLabels(axis: d3.Selection<SVGGElement, unknown, null, undefined>, width: number): void {
  let right = -Infinity;
  axis.selectAll<SVGTextElement, unknown>('.tick text').each(function () {
    const tick = this.parentNode as Element;
    const half = labelWidth(this) / 2;
    const x = tickX(tick);
    if (x - half < Math.max(0, right + TICK_GAP) || x + half > width) this.remove();
    else right = x + half;
  });
}

/** Bottom and left axes with their labels, the same on every panel. */
export function drawAxes(
  root: d3.Selection<SVGSVGElement, unknown, null, undefined>,
  frame: ChartFrame,
  x: d3.ScaleLinear<number, number>,
  y: d3.ScaleLinear<number, number>,
  labels: { x: string; y?: string; yFormat?: string },
): void {
  const { width, height, margin } = frame;
  const bottom = root.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).ticks(width < 300 ? 5 : 8));
  thinTickLabels(bottom, width);
  root.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(5, labels.yFormat));
  root.append('text').attr('class', 'axis-label').attr('x', width / 2).attr('y', height - 2).attr('text-anchor', 'middle').text(labels.x);
  if (labels.y) {
    root.append('text').attr('class', 'axis-label').attr('transform', `translate(12,${height / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(labels.y);
  }
}
