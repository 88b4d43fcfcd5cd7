import * as d3 from 'd3';
import type { ModelStatistics } from '../../worker/protocol';
import { modelColor } from '../colors';
import { modelName } from '../../contract/models';
import { ModelRowHeader, shortNames, shownName } from './ModelRowHeader';
import { jointGatesData } from '../exports/jointGates';
import { modelLegend } from '../exports/panelSvg';
import { drawAxes } from './axes';
import { HALF_CHART_WIDTH } from './chartSizes';
import { Panel } from './Panel';
import { useD3 } from './useD3';
import { fixed, percent } from './format';
import { Term } from '../Described';
import { GLOSSARY } from '../glossary';
import { gatesNamed } from './gatesNamed';
import type { GateMode } from '../../model/types';

/** The table's columns after the model, each header a term with its description. */
const CORNER_TERMS = ['correlation', 'keep', 'overwrite', 'add', 'reset'] as const;

const SIZE = HALF_CHART_WIDTH;
/** Less tall than wide, so the panel fits its place at 1280 × 800. */
const HEIGHT = 196;
const MARGIN = { top: 16, right: 6, bottom: 30, left: 40 };

/** Shared by every model's map, so their shades compare: the densest cell of all of them is darkest. */
const densityScale = (max: number) => d3.scaleSequentialSqrt(d3.interpolateBlues).domain([0, Math.max(max, 1e-6)]);

/** One model's joint histogram: forget gate along x, input gate up y, a cell's shade its share of the values. */
function JointMap({ model, max, short }: { model: ModelStatistics; max: number; short: boolean }) {
  const { joint } = model;
  const svg = useD3(
    (root) => {
      const x = d3.scaleLinear().domain([0, 1]).range([MARGIN.left, SIZE - MARGIN.right]);
      const y = d3.scaleLinear().domain([0, 1]).range([HEIGHT - MARGIN.bottom, MARGIN.top]);
      const color = densityScale(max);
      const step = 1 / joint.bins;
      root
        .append('g')
        .attr('class', 'joint-cells')
        .selectAll('rect')
        .data(Array.from(joint.values))
        .join('rect')
        .attr('x', (_, k) => x((k % joint.bins) * step))
        .attr('y', (_, k) => y((Math.floor(k / joint.bins) + 1) * step))
        .attr('width', x(step) - x(0))
        .attr('height', y(0) - y(step))
        .attr('fill', (v) => color(v));
      drawAxes(root, { width: SIZE, height: HEIGHT, margin: MARGIN }, x, y, { x: 'forget gate', y: 'input gate' });
      root
        .append('text')
        .attr('class', 'panel-label')
        .attr('x', MARGIN.left)
        .attr('y', 12)
        .attr('fill', modelColor(model.model))
        .text(`${shownName(model.model, short)}, r = ${fixed(joint.correlation, 2)}`);
    },
    [joint, max, model.model, short],
  );
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${SIZE} ${HEIGHT}`}
      role="img"
      data-testid={`joint-map-${model.model}`}
      aria-label={`Joint distribution of input and forget gate values of the ${modelName(model.model)}: correlation ${fixed(joint.correlation, 2)}; ${percent(joint.corners.closedOpen)} with input < 0.1 and forget ≥ 0.9, ${percent(joint.corners.openClosed)} with input ≥ 0.9 and forget < 0.1, ${percent(joint.corners.openOpen)} both ≥ 0.9, ${percent(joint.corners.closedClosed)} both < 0.1.`}
    />
  );
}

/** The colour ramp from 0 to the densest cell. */
function DensityLegend({ max }: { max: number }) {
  const svg = useD3(
    (root) => {
      const id = 'joint-gates-ramp';
      const color = densityScale(max);
      const gradient = root.append('defs').append('linearGradient').attr('id', id);
      d3.range(0, 1.001, 0.1).forEach((t) => {
        gradient.append('stop').attr('offset', `${t * 100}%`).attr('stop-color', color(t * t * max));
      });
      root.append('text').attr('class', 'axis-label').attr('x', MARGIN.left - 4).attr('y', 8).attr('text-anchor', 'end').text('share');
      root.append('rect').attr('x', MARGIN.left).attr('y', 1).attr('width', 120).attr('height', 7).attr('fill', `url(#${id})`);
      root.append('text').attr('class', 'axis-label').attr('x', MARGIN.left).attr('y', 18).text('0');
      root.append('text').attr('class', 'axis-label').attr('x', MARGIN.left + 120).attr('y', 18).attr('text-anchor', 'end').text(percent(max));
      root.append('text').attr('class', 'axis-label').attr('x', MARGIN.left + 126).attr('y', 8).text('(square-root scale)');
    },
    [max],
  );
  return <svg ref={svg} className="scale" viewBox={`0 -4 ${2 * SIZE} 26`} role="img" aria-label={`Colour: share of the gate values in a cell, from 0 (white) to ${percent(max)} (dark blue), square-root scale.`} />;
}

export function JointGatesPanel({
  statistics,
}: {
  statistics: { step: number; tau?: number; mode?: GateMode; models: ModelStatistics[] } | null;
}) {
  const models = statistics?.models ?? [];
  const max = d3.max(models.flatMap((m) => Array.from(m.joint.values))) ?? 0;
  return (
    <Panel
      id="joint-gates"
      title="Input × forget"
      // Two lines at 1280 px in every mode: a third pushed the table below the panel's fold.
      hint={`The first layer's (input, forget) pairs, ${gatesNamed(statistics ? { tau: statistics.tau ?? 0, mode: statistics.mode } : null)}: binary gates gather in the corners, Bivariate Beta gates along the diagonal.`}
      exports={{ name: 'joint-gates', svg: { legend: modelLegend(models.map((m) => m.model)) }, data: () => jointGatesData(statistics) }}
    >
      {models.length > 0 && <DensityLegend max={max} />}
      <div className="pair">
        {models.map((m) => (
          <JointMap key={m.model} model={m} max={max} short={shortNames(models)} />
        ))}
      </div>
      {/* Not a scroll box like other tables (it fits its panel), so the headers' descriptions can open over the panel. */}
      <table className="numbers fits tips-up" data-testid="joint-corners">
        <caption>Correlation r of i and f, and the share of (i, f) pairs in each corner</caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {CORNER_TERMS.map((term) => (
              <th scope="col" key={term}>
                <Term text={GLOSSARY[term]}>{term === 'correlation' ? 'r' : term}</Term>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map(({ model, joint }) => (
            <tr key={model} data-testid={`joint-row-${model}`}>
              <ModelRowHeader model={model} short={shortNames(models)} />
              <td>{fixed(joint.correlation, 2)}</td>
              <td>{percent(joint.corners.closedOpen)}</td>
              <td>{percent(joint.corners.openClosed)}</td>
              <td>{percent(joint.corners.openOpen)}</td>
              <td>{percent(joint.corners.closedClosed)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
