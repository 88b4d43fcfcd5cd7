import * as d3 from 'd3';
import { useMemo, useState } from 'react';
import type { GateMode } from '../../model/types';
import type { ModelStatistics } from '../../worker/protocol';
import { modelColor } from '../colors';
import { gatesNamed } from './gatesNamed';
import { saturationCaption } from '../../model/paperCheck';
import { ModelRowHeader, shortNames, shownName } from './ModelRowHeader';
import { gateStatisticsData } from '../exports/gateStatistics';
import { modelLegend } from '../exports/panelSvg';
import { PAPER_HISTOGRAMS } from '../../model/paperFigures';
import { drawAxes } from './axes';
import { HALF_CHART_WIDTH, chartHeightFor } from './chartSizes';
import { ChartLegend } from './ChartLegend';
import type { LegendItem } from '../exports/types';
import { Panel } from './Panel';
import { useD3 } from './useD3';
import { percent } from './format';

const WIDTH = HALF_CHART_WIDTH;
const MARGIN = { top: 16, right: 6, bottom: 30, left: 34 };

type Gate = 'input' | 'forget';

function Histogram({
  gate,
  models,
  bins,
  showPaper,
}: {
  gate: Gate;
  models: ModelStatistics[];
  bins: 10 | 50;
  showPaper: boolean;
}) {
  // Five models: a legend line and a table row more than four (the panel scrolled 33 px).
  const height = chartHeightFor(models.length, 3);
  const svg = useD3(
    (root) => {
    const series = models.map((m) => ({
      model: m.model,
      values: bins === 10 ? m.gates[`${gate}10`] : m.gates[`${gate}50`],
    }));
    const x = d3
      .scaleLinear()
      .domain([0, 1])
      .range([MARGIN.left, WIDTH - MARGIN.right]);
    const top = d3.max(series.flatMap((s) => s.values)) ?? 1;
    const y = d3
      .scaleLinear()
      .domain([0, Math.max(showPaper ? 0.75 : 0, top)])
      .nice()
      .range([height - MARGIN.bottom, MARGIN.top]);
    drawAxes(root, { width: WIDTH, height, margin: MARGIN }, x, y, { x: `${gate} gate value`, yFormat: '%' });
    root
      .append('text')
      .attr('class', 'panel-label')
      .attr('x', MARGIN.left)
      .attr('y', 12)
      .text(`${gate === 'input' ? 'Input' : 'Forget'} gate`);
    if (bins === 10) {
      // Ten bins: each model's bar side by side in its bin, as in the paper's figure.
      const barWidth = (x(1) - x(0)) / bins / Math.max(1, series.length);
      series.forEach((s, k) => {
        root
          .append('g')
          .selectAll('rect')
          .data(s.values)
          .join('rect')
          .attr('x', (_, b) => x(b / bins) + k * barWidth)
          .attr('width', Math.max(1, barWidth - 0.5))
          .attr('y', (v) => y(v))
          .attr('height', (v) => y(0) - y(v))
          .attr('fill', modelColor(s.model));
      });
    } else {
      // Fifty bins side by side would be slivers a pixel wide: each model is a translucent step outline instead.
      series.forEach((s) => {
        const steps = Array.from(s.values).flatMap((v, b) => [[b / bins, v], [(b + 1) / bins, v]] as [number, number][]);
        const area = d3.area<[number, number]>().x((p) => x(p[0])).y0(y(0)).y1((p) => y(p[1]));
        root.append('path').attr('class', 'histogram-steps').attr('d', area(steps)).attr('fill', modelColor(s.model)).attr('fill-opacity', 0.18).attr('stroke', modelColor(s.model)).attr('stroke-width', 1.5);
      });
    }
    if (showPaper) {
      for (const model of ['g2', 'lstm'] as const) {
        const values = PAPER_HISTOGRAMS[model][gate];
        const points = values.map((v, b) => [x((b + 0.5) / 10), y(v)] as [number, number]);
        root
          .append('path')
          .attr('d', d3.line()(points))
          .attr('fill', 'none')
          .attr('stroke', modelColor(model))
          .attr('stroke-dasharray', '4 3')
          .attr('stroke-width', 1.5);
      }
    }
    },
    [gate, models, bins, showPaper, height],
  );
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${WIDTH} ${height}`}
      role="img"
      aria-label={`Histogram of ${gate} gate values`}
    />
  );
}

export function HistogramPanel({
  statistics,
}: {
  statistics: { step: number; tau: number; mode?: GateMode; models: ModelStatistics[] } | null;
}) {
  const [bins, setBins] = useState<10 | 50>(10);
  const [showPaper, setShowPaper] = useState(false);
  const models = useMemo(() => statistics?.models ?? [], [statistics]);
  const gatesDescription = gatesNamed(statistics);
  // Beyond two models the panel names them short (table, legend, caption) and the caption leaves the shares to
  // the table, so it fits its place at 1280×800 with three and four models.
  const short = shortNames(models);
  const caption = useMemo(
    () =>
      saturationCaption(
        models.map((m) => ({
          name: shownName(m.model, short),
          input: m.gates.inputEnds.low + m.gates.inputEnds.high,
          forget: m.gates.forgetEnds.low + m.gates.forgetEnds.high,
        })),
        gatesDescription,
        short,
      ),
    [models, gatesDescription, short],
  );
  const paper: LegendItem[] = showPaper ? [{ label: 'the paper’s G2-LSTM and LSTM', color: '#555555', mark: 'dashed' }] : [];
  const legend = [...modelLegend(models.map((m) => m.model), short), ...paper];
  const exportLegend = [...modelLegend(models.map((m) => m.model)), ...paper];
  return (
    <Panel
      id="histograms"
      title="Gate histograms"
      hint={caption}
      exports={{
        name: 'histograms',
        svg: { legend: exportLegend },
        data: () => gateStatisticsData(statistics),
      }}
    >
      <div className="panel-controls">
        <label>
          <input
            type="checkbox"
            checked={bins === 50}
            onChange={(e) => setBins(e.target.checked ? 50 : 10)}
          />{' '}
          50 bins
        </label>
        <label>
          <input type="checkbox" checked={showPaper} onChange={(e) => setShowPaper(e.target.checked)} />{' '}
          Paper's Fig. 3 (dashed)
        </label>
        {/* On the controls' row while there is room (two models at 1280 px), so the table below stays in its place. */}
        <ChartLegend items={legend} />
      </div>
      <div className="pair">
        <Histogram gate="input" models={models} bins={bins} showPaper={showPaper} />
        <Histogram gate="forget" models={models} bins={bins} showPaper={showPaper} />
      </div>
      <table className={short ? 'numbers tight' : 'numbers'} data-testid="end-bins">
        {/* Beyond two models the caption says "shares in the end bins below" instead, and this line is for screen readers. */}
        <caption className={short ? 'sr-only' : undefined}>Share in the end bins, {gatesDescription}</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Input &lt; 0.1</th>
            <th scope="col">Input ≥ 0.9</th>
            <th scope="col">Forget &lt; 0.1</th>
            <th scope="col">Forget ≥ 0.9</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model}>
              <ModelRowHeader model={m.model} short={short} />
              <td>{percent(m.gates.inputEnds.low)}</td>
              <td>{percent(m.gates.inputEnds.high)}</td>
              <td>{percent(m.gates.forgetEnds.low)}</td>
              <td>{percent(m.gates.forgetEnds.high)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
