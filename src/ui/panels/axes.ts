import type * as d3 from 'd3';
import { axisBottom, axisLeft } from 'd3';

export interface ChartFrame {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
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
  root.append('g').attr('transform', `translate(0,${height - margin.bottom})`).call(axisBottom(x).ticks(width < 200 ? 3 : 6));
  root.append('g').attr('transform', `translate(${margin.left},0)`).call(axisLeft(y).ticks(4, labels.yFormat));
  root.append('text').attr('class', 'axis-label').attr('x', width / 2).attr('y', height - 2).attr('text-anchor', 'middle').text(labels.x);
  if (labels.y) {
    root.append('text').attr('class', 'axis-label').attr('transform', `translate(12,${height / 2}) rotate(-90)`).attr('text-anchor', 'middle').text(labels.y);
  }
}
