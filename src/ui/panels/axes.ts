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

/**
 * Label widths measured so far, by text. Measuring a label right after the chart was drawn (or a label was
 * removed) makes the browser lay the page out there and then: the gate panels redraw at every τ, with the same
 * labels, and measuring them again cost ~55 ms of layout per τ on the main thread (profiled, wasm, 2 loaded cores).
 */
const measuredWidths = new Map<string, number>();

/** A label's width: measured where the page is laid out (once per text), else (jsdom, a hidden chart) estimated from its length. */
function labelWidth(text: SVGTextElement): number {
  const label = text.textContent ?? '';
  const known = measuredWidths.get(label);
  if (known !== undefined) return known;
  const measured = typeof text.getComputedTextLength === 'function' ? text.getComputedTextLength() : 0;
  if (measured > 0) measuredWidths.set(label, measured);
  return measured > 0 ? measured : label.length * TICK_FONT * 0.6;
}

const tickX = (tick: Element) => Number(/translate\(([-\d.e]+)/.exec(tick.getAttribute('transform') ?? '')?.[1] ?? 0);

/**
 * Drops the x tick labels that would touch the one kept before them or spill past the chart's edges, by
 * their measured widths, so "1,000" and "1,500" never run together and "2,000" is never cut at the edge.
 * Every label is measured before any is removed (a removal between two measurements forces a layout).
 */
export function thinTickLabels(axis: d3.Selection<SVGGElement, unknown, null, undefined>, width: number): void {
  const labels = axis.selectAll<SVGTextElement, unknown>('.tick text').nodes();
  const spans = labels.map((label) => ({ label, half: labelWidth(label) / 2, x: tickX(label.parentNode as Element) }));
  let right = -Infinity;
  for (const { label, half, x } of spans) {
    if (x - half < Math.max(0, right + TICK_GAP) || x + half > width) label.remove();
    else right = x + half;
  }
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
