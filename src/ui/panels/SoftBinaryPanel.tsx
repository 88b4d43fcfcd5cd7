import { useMemo } from 'react';
import type { ModelId } from '../../contract/models';
import { modelColor } from '../colors';
import { ModelRowHeader, shortNames } from './ModelRowHeader';
import { signed } from './format';
import { softBinaryData } from '../exports/curves';
import { modelLegend } from '../exports/panelSvg';
import type { RunView } from '../runState';
import { HALF_CHART_WIDTH, chartHeightFor } from './chartSizes';
import { ChartLegend } from './ChartLegend';
import type { LegendItem } from '../exports/types';
import { LineChart, type LineSeries } from './LineChart';
import { gatesNamed } from './gatesNamed';
import { Panel } from './Panel';

export interface SoftBinaryProps {
  gapCurve: RunView['gapCurve'];
  validCurve: RunView['validCurve'];
  statistics: RunView['statistics'];
}

/** How far each model's gates sit from 0/1, and what rounding them to 0/1 costs in loss, over training. */
export function SoftBinaryPanel({ gapCurve, validCurve, statistics }: SoftBinaryProps) {
  const models: ModelId[] = [...new Set(validCurve.map((p) => p.model))];
  const gapSeries = useMemo(
    (): LineSeries[] =>
      [...new Set(gapCurve.map((p) => p.model))].flatMap((model) => {
        const points = gapCurve.filter((p) => p.model === model);
        return [
          { key: `${model}-input`, color: modelColor(model), points: points.map((p) => [p.step, p.input] as const) },
          { key: `${model}-forget`, color: modelColor(model), points: points.map((p) => [p.step, p.forget] as const), dashed: true },
        ];
      }),
    [gapCurve],
  );
  const costSeries = useMemo(
    (): LineSeries[] =>
      [...new Set(validCurve.map((p) => p.model))].map((model) => ({
        key: model,
        color: modelColor(model),
        points: validCurve.filter((p) => p.model === model).map((p) => [p.step, p.bpcBinary - p.bpc] as const),
      })),
    [validCurve],
  );
  const lines: LegendItem[] = [
    { label: 'input gate', color: '#555555', mark: 'line' },
    { label: 'forget gate', color: '#555555', mark: 'dashed' },
  ];
  // Beyond two models, short names as in the table (the export keeps the full ones).
  const legend: LegendItem[] = [...modelLegend(models, shortNames(models)), ...lines];
  const height = chartHeightFor(models.length, 2);
  const latestValid = (m: ModelId) => validCurve.filter((p) => p.model === m).at(-1);
  const latestGap = (m: ModelId) => statistics?.models.find((s) => s.model === m)?.gates;
  return (
    <Panel
      id="soft-binary"
      title="Soft versus binarized gates"
      hint="Left: mean distance of the σ(z) gates from 0 or 1 (solid input, dashed forget), whatever the gate mode. Right: loss added by rounding the i/f gates to 0/1."
      exports={{ name: 'soft-binary', svg: { legend: [...modelLegend(models), ...lines] }, data: () => softBinaryData(gapCurve, validCurve) }}
    >
      <ChartLegend items={legend} />
      <div className="pair">
        <LineChart
          series={gapSeries}
          width={HALF_CHART_WIDTH}
          height={height}
          xLabel="step"
          title="distance from 0/1"
          yAtLeast={0.1}
          ariaLabel="Mean distance of the input and forget gates from binary values, over steps"
        />
        <LineChart
          series={costSeries}
          width={HALF_CHART_WIDTH}
          height={height}
          xLabel="step"
          title="Δ bits/char"
          yAtLeast={0.05}
          yFitAfter={0.1}
          ariaLabel="Validation loss added by binarizing the gates, over steps"
        />
      </div>
      <table className="numbers" data-testid="soft-binary-table">
        <caption>
          Distance from binary, {gatesNamed(statistics)}; loss in bits/char
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Input</th>
            <th scope="col">Forget</th>
            <th scope="col">Soft</th>
            <th scope="col">Binary</th>
            <th scope="col">Δ</th>
          </tr>
        </thead>
        <tbody>
          {models.map((m) => {
            const v = latestValid(m);
            const g = latestGap(m);
            return (
              <tr key={m}>
                {/* Short names beyond two models keep the six columns inside the panel. */}
                <ModelRowHeader model={m} short={shortNames(models)} />
                <td>{g?.inputGap.toFixed(3)}</td>
                <td>{g?.forgetGap.toFixed(3)}</td>
                <td>{v?.bpc.toFixed(3)}</td>
                <td>{v?.bpcBinary.toFixed(3)}</td>
                <td data-testid={`binarize-cost-${m}`}>{v && signed(v.bpcBinary - v.bpc)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </Panel>
  );
}
