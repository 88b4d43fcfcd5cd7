import * as d3 from 'd3';
import { useId } from 'react';
import { drawAxes } from './axes';
import { MARKER_LABEL_GAP, markerLabelsShown } from './markerLabels';
import { useD3 } from './useD3';

export interface LineSeries {
  key: string;
  color: string;
  points: readonly (readonly [number, number])[];
  width?: number;
  opacity?: number;
  dashed?: boolean;
}

export interface LineChartProps {
  series: LineSeries[];
  width: number;
  height: number;
  xLabel: string;
  yLabel?: string;
  /** A title drawn inside the chart, above the plot. */
  title?: string;
  /** The y axis always shows at least [0, yAtLeast]. */
  yAtLeast?: number;
  yFormat?: string;
  ariaLabel: string;
  /**
   * Only points past this share of the x range set the y axis (the first steps' swings flattened the rest
   * to a line at 0); what lies outside is clipped at the plot's edge, and the chart says so.
   */
  yFitAfter?: number;
  /** Vertical marks at these x values, each with a short label (the τ changes on the loss curve). */
  markers?: readonly { x: number; label: string }[];
}

/** One empty list for every chart without markers: a fresh `[]` each render would redraw the chart each render. */
const NO_MARKERS: NonNullable<LineChartProps['markers']> = [];

/** Lines over a shared linear x and y; the y axis includes 0 so changes read as sizes. */
export function LineChart({ series, width, height, xLabel, yLabel, title, yAtLeast = 0, yFitAfter, yFormat, ariaLabel, markers = NO_MARKERS }: LineChartProps) {
  const clipId = `line-chart-clip${useId()}`;
  const ref = useD3(
    (root) => {
      // The left margin holds a label such as "−0.002" whole.
      const margin = { top: title ? 16 : 8, right: 10, bottom: 28, left: yLabel ? 52 : 46 };
      const xs = series.flatMap((s) => s.points.map((p) => p[0]));
      const ys = series.flatMap((s) => s.points.map((p) => p[1]));
      const [x0 = 0, x1 = 1] = d3.extent(xs);
      const x = d3.scaleLinear().domain([x0, x1 > x0 ? x1 : x0 + 1]).range([margin.left, width - margin.right]);
      const from = yFitAfter === undefined ? -Infinity : x0 + yFitAfter * (x1 - x0);
      const fitted = series.flatMap((s) => s.points.filter((p) => p[0] >= from).map((p) => p[1]));
      const fitYs = fitted.length >= 2 ? fitted : ys;
      const y = d3
        .scaleLinear()
        .domain([Math.min(0, d3.min(fitYs) ?? 0), Math.max(yAtLeast, d3.max(fitYs) ?? 0)])
        .nice()
        .range([height - margin.bottom, margin.top]);
      const [yLow, yHigh] = y.domain() as [number, number];
      const clipped = ys.some((v) => v < yLow || v > yHigh);
      drawAxes(root, { width, height, margin }, x, y, { x: xLabel, y: yLabel, yFormat });
      if (title) root.append('text').attr('class', 'panel-label').attr('x', margin.left).attr('y', 11).text(title);
      if (clipped) {
        root
          .append('clipPath')
          .attr('id', clipId)
          .append('rect')
          .attr('x', margin.left)
          .attr('y', margin.top)
          .attr('width', width - margin.left - margin.right)
          .attr('height', height - margin.top - margin.bottom);
        root
          .append('text')
          .attr('class', 'chart-off-scale')
          .attr('x', width - margin.right)
          // On the title's line, clear of the lines; inside the plot's top corner without a title.
          .attr('y', title ? 11 : margin.top + 9)
          .attr('text-anchor', 'end')
          .attr('font-size', 9)
          .attr('fill', 'currentColor')
          .text(`values before ${xLabel} ${Math.round(from)} off scale`);
      }
      const line = d3.line();
      for (const s of series) {
        if (!s.points.length) continue;
        const [only] = s.points;
        if (s.points.length === 1 && only) {
          // A line of one point draws nothing: at step 0 (or just after an import) the charts stood empty beside
          // a table of numbers. The point is drawn as a dot in the series' colour.
          root
            .append('circle')
            .attr('class', 'chart-point')
            .attr('cx', x(only[0]))
            .attr('cy', y(only[1]))
            .attr('r', (s.width ?? 2) + 1)
            .attr('fill', s.color)
            .attr('fill-opacity', s.opacity ?? 1);
          continue;
        }
        root
          .append('path')
          .attr('clip-path', clipped ? `url(#${clipId})` : null)
          .attr('d', line(s.points.map(([a, b]) => [x(a), y(b)])))
          .attr('fill', 'none')
          .attr('stroke', s.color)
          .attr('stroke-width', s.width ?? 2)
          .attr('stroke-opacity', s.opacity ?? 1)
          .attr('stroke-dasharray', s.dashed ? '4 3' : null);
      }
      const [left, right] = x.domain() as [number, number];
      // Past the middle a label goes left of its line: at the right end it ran past the chart and was cut.
      const inView = markers
        .filter((k) => k.x >= left && k.x <= right)
        .map((m) => ({ ...m, px: x(m.x), left: x(m.x) > (margin.left + width - margin.right) / 2 }));
      const labelled = markerLabelsShown(inView);
      inView.forEach((m, k) => {
        const g = root.append('g').attr('class', 'chart-marker').attr('transform', `translate(${m.px},0)`);
        g.append('line').attr('y1', margin.top).attr('y2', height - margin.bottom).attr('stroke', 'currentColor').attr('stroke-dasharray', '2 3');
        if (!labelled[k]) return;
        g.append('text')
          .attr('x', m.left ? -MARKER_LABEL_GAP : MARKER_LABEL_GAP)
          .attr('y', margin.top + 9)
          .attr('text-anchor', m.left ? 'end' : null)
          .attr('font-size', 9)
          .attr('fill', 'currentColor')
          .text(m.label);
      });
    },
    [series, width, height, xLabel, yLabel, title, yAtLeast, yFitAfter, yFormat, markers, clipId],
  );
  return <svg ref={ref} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={ariaLabel} />;
}
