import * as d3 from 'd3';
import { useState } from 'react';
import { DEFAULT_CONSTANT_THRESHOLD, GATE_KINDS } from '../../contract/viewSettings';
import type { ModelConstantGates } from '../../worker/protocol';
import { modelColor } from '../colors';
import { modelName } from '../../contract/models';
import { ModelRowHeader, shortNames, shownName } from './ModelRowHeader';
import { signed } from './format';
import type { RunView } from '../runState';
import { CHART_WIDTH } from './chartSizes';
import { constantGatesData } from '../exports/constantGates';
import { modelLegend } from '../exports/panelSvg';
import { Panel } from './Panel';
import { useD3 } from './useD3';

const WIDTH = CHART_WIDTH;
const ROW = 9;
const LEFT = 34;
const TOP = 12;
const HEIGHT = TOP + 4 * ROW + 1;
/** The threshold slider moves on log10(threshold), from 10⁻⁴ to 1. */
const LOG_MIN = -4;
const LOG_MAX = 0;
const LOG_STEP = 0.1;
/** Spreads are coloured on a log scale over this range (clamped). */
const SPREAD_DOMAIN: [number, number] = [1e-4, 0.5];

export const spreadColor = d3.scaleSequentialLog(d3.interpolateYlGnBu).domain(SPREAD_DOMAIN).clamp(true);

export const formatThreshold = (t: number) => (t === 0 ? '0' : t.toPrecision(2));
const constantCount = (m: ModelConstantGates) => m.frozenPerGate.reduce((a, b) => a + b, 0);

/** One model's (gate × unit) grid: fill by spread, a dark bar along the bottom of every constant cell. */
function ConstantGrid({ data, threshold, short }: { data: ModelConstantGates; threshold: number; short: boolean }) {
  const H = data.hidden;
  const svg = useD3(
    (root) => {
      const cell = (WIDTH - LEFT - 2) / Math.max(1, H);
      root
        .append('text')
        .attr('class', 'panel-label')
        .attr('x', 0)
        .attr('y', 9)
        .attr('fill', modelColor(data.model))
        // Short beyond two models: "Bivariate Beta-LSTM: … removable" is wider than the grid.
        .text(`${shownName(data.model, short)}: ${constantCount(data)} of ${4 * H} gates constant, ${data.removableUnits} unit${data.removableUnits === 1 ? '' : 's'} removable`);
      GATE_KINDS.forEach((gate, g) => {
        const y = TOP + g * ROW;
        root
          .append('text')
          .attr('class', 'panel-label')
          .attr('x', LEFT - 4)
          .attr('y', y + ROW - 1)
          .attr('text-anchor', 'end')
          .text(gate);
        const row = root.append('g').attr('data-gate', gate);
        const values = Array.from(data.spreads.subarray(g * H, (g + 1) * H));
        row
          .selectAll('rect')
          .data(values)
          .join('rect')
          .attr('x', (_, u) => LEFT + u * cell)
          .attr('y', y)
          .attr('width', Math.max(0.5, cell - (cell > 3 ? 0.5 : 0)))
          .attr('height', ROW - 0.5)
          .attr('fill', (s) => spreadColor(Math.max(s, SPREAD_DOMAIN[0])));
        row
          .append('g')
          .attr('class', 'constant-marks')
          .selectAll('rect')
          .data(values.flatMap((s, u) => (s < threshold ? [u] : [])))
          .join('rect')
          .attr('x', (u) => LEFT + u * cell)
          .attr('y', y + ROW - 2.5)
          .attr('width', Math.max(0.5, cell))
          .attr('height', 2)
          .attr('fill', '#111');
      });
    },
    [data, threshold, H, short],
  );
  const [i, f, g, o] = data.frozenPerGate;
  return (
    <svg
      ref={svg}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      data-testid={`constant-grid-${data.model}`}
      aria-label={`Spread of every gate of the ${modelName(data.model)}, 4 rows (i, f, g, o) by ${H} units: ${constantCount(data)} below ${formatThreshold(threshold)} (i ${i}, f ${f}, g ${g}, o ${o}), spreads from ${formatThreshold(d3.min(data.spreads) ?? 0)} to ${formatThreshold(d3.max(data.spreads) ?? 0)}.`}
    />
  );
}

/** The colour ramp of the spread scale, with the constant mark beside it. */
function Legend() {
  const svg = useD3((root) => {
    const x = d3.scaleLog().domain(SPREAD_DOMAIN).range([LEFT, 200]);
    const id = 'constant-gates-ramp';
    const gradient = root.append('defs').append('linearGradient').attr('id', id);
    d3.range(0, 1.001, 0.1).forEach((t) => {
      gradient.append('stop').attr('offset', `${t * 100}%`).attr('stop-color', spreadColor(x.invert(LEFT + t * (200 - LEFT))));
    });
    // 'std' names the values, on their line: beside the ramp it sat on '10⁻⁴' (whose half reaches left of the ramp).
    root.append('text').attr('class', 'axis-label').attr('x', LEFT - 15).attr('y', 18).attr('text-anchor', 'end').text('std');
    root.append('rect').attr('x', LEFT).attr('y', 1).attr('width', 200 - LEFT).attr('height', 7).attr('fill', `url(#${id})`);
    (
      [
        [1e-4, '10⁻⁴'],
        [1e-3, '10⁻³'],
        [1e-2, '0.01'],
        [0.1, '0.1'],
        [0.5, '0.5'],
      ] as const
    ).forEach(([v, label]) => {
      root.append('text').attr('class', 'axis-label').attr('x', x(v)).attr('y', 18).attr('text-anchor', 'middle').text(label);
    });
    root.append('rect').attr('x', 214).attr('y', 5).attr('width', 12).attr('height', 2).attr('fill', '#111');
    root.append('text').attr('class', 'axis-label').attr('x', 230).attr('y', 9).text('constant');
  }, []);
  return (
    <svg
      ref={svg}
      className="scale"
      viewBox={`0 -2 ${WIDTH} 24`}
      role="img"
      aria-label="Colour: standard deviation from 0.0001 (pale) to 0.5 (dark blue), log scale; a dark bar under a cell: below the threshold, constant."
    />
  );
}

export function ConstantGatesPanel({
  data,
  onThreshold,
}: {
  data: RunView['constantGates'];
  onThreshold: (threshold: number) => void;
}) {
  const [threshold, setThreshold] = useState(data?.threshold ?? DEFAULT_CONSTANT_THRESHOLD);
  // Starts from the worker's value (the engine keeps it across runs; this panel remounts with its tab).
  const models = data?.models ?? [];
  const logValue = Math.min(LOG_MAX, Math.max(LOG_MIN, Math.log10(Math.max(threshold, 10 ** LOG_MIN))));
  return (
    <Panel
      id="constant-gates"
      title="Constant gates"
      exports={{ name: 'constant-gates', svg: { legend: modelLegend(models.map((m) => m.model)) }, data: () => constantGatesData(data) }}
      hint="Std of each gate of each unit on a validation slice. Below the threshold (dark bar) it could be frozen at its mean (Lobacheva et al.)."
    >
      <div className="panel-controls">
        <label>
          Threshold{' '}
          <input
            type="range"
            min={LOG_MIN}
            max={LOG_MAX}
            step={LOG_STEP}
            value={logValue}
            aria-valuetext={formatThreshold(threshold)}
            onChange={(e) => {
              const t = Number((10 ** Number(e.target.value)).toPrecision(2));
              setThreshold(t);
              onThreshold(t);
            }}
          />
        </label>
        <output data-testid="constant-threshold">{formatThreshold(threshold)}</output>
      </div>
      <Legend />
      {models.map((m) => (
        <ConstantGrid key={m.model} data={m} threshold={data?.threshold ?? threshold} short={shortNames(models)} />
      ))}
      <table className="numbers" data-testid="constant-gates-table">
        <caption>
          Constant at std &lt; {formatThreshold(data?.threshold ?? threshold)}, {models[0]?.mode ?? '…'} gates; Δ bits/char
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            {GATE_KINDS.map((g) => (
              <th scope="col" key={g}>
                {g}
              </th>
            ))}
            <th scope="col">Units</th>
            <th scope="col">Δ</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model} data-testid={`constant-row-${m.model}`}>
              <ModelRowHeader model={m.model} short={shortNames(models)} />
              {m.frozenPerGate.map((n, g) => (
                <td key={GATE_KINDS[g]}>{n}</td>
              ))}
              <td data-testid={`removable-${m.model}`}>
                {m.removableUnits}/{m.hidden}
              </td>
              <td data-testid={`freeze-cost-${m.model}`}>{signed(m.deltaBpc)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
