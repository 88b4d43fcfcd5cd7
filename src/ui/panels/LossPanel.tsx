import { useMemo } from 'react';
import type { ModelId } from '../../contract/models';
import { modelColor } from '../colors';
import { ModelRowHeader, shortNames } from './ModelRowHeader';
import { lossData } from '../exports/curves';
import { modelLegend } from '../exports/panelSvg';
import type { RunView } from '../runState';
import { CHART_WIDTH, chartHeightFor } from './chartSizes';
import { ChartLegend } from './ChartLegend';
import type { LegendItem } from '../exports/types';
import { LineChart, type LineSeries } from './LineChart';
import { Panel } from './Panel';

const modelsIn = (points: { model: ModelId }[]): ModelId[] => [...new Set(points.map((p) => p.model))];

interface LossPanelProps {
  train: RunView['trainCurve'];
  valid: RunView['validCurve'];
  /** The run's τ changes, marked on the curves. */
  tauSchedule?: RunView['tauSchedule'];
  /** What the validation loss is measured on, in words (runState's validationSlice). */
  validation?: string | null;
}

export function LossPanel({ train, valid, tauSchedule = [], validation = null }: LossPanelProps) {
  const markers = useMemo(() => tauSchedule.filter((c) => c.step > 0).map((c) => ({ x: c.step, label: `τ ${c.tau}` })), [tauSchedule]);
  const series = useMemo(
    (): LineSeries[] =>
      modelsIn([...train, ...valid]).flatMap((model) => [
        {
          key: `${model}-train`,
          color: modelColor(model),
          points: train.filter((p) => p.model === model).map((p) => [p.step, p.bpc] as const),
          width: 1,
          opacity: 0.45,
        },
        {
          key: `${model}-valid`,
          color: modelColor(model),
          points: valid.filter((p) => p.model === model).map((p) => [p.step, p.bpc] as const),
          width: 2.5,
        },
      ]),
    [train, valid],
  );
  const latest = (model: ModelId) => valid.filter((p) => p.model === model).at(-1);
  const rows = modelsIn(valid);
  const lines: LegendItem[] = [
    { label: 'training, per step', color: '#555555', mark: 'thin' },
    { label: 'validation', color: '#555555', mark: 'line' },
  ];
  const models = modelsIn([...train, ...valid]);
  // Beyond two models, short names as in the table: the legend keeps to one line, so the panel fits at 1280×800.
  const legend = [...modelLegend(models, shortNames(models)), ...lines];
  return (
    <Panel
      id="loss"
      title="Loss"
      hint={`Thin: training loss per step. Thick: validation loss (soft gates)${validation ? ` on ${validation}` : ''}.`}
      exports={{ name: 'loss', svg: { legend: [...modelLegend(models), ...lines] }, data: () => lossData(train, valid) }}
    >
      <ChartLegend items={legend} />
      <LineChart
        series={series}
        width={CHART_WIDTH}
        height={chartHeightFor(models.length, 3)}
        xLabel="step"
        yLabel="bits per char"
        yAtLeast={1}
        ariaLabel="Training and validation loss over steps"
        markers={markers}
      />
      {markers.length > 0 && (
        <p className="hint" data-testid="tau-changes">
          τ changed at {markers.map((m) => `step ${m.x} (${m.label})`).join(', ')}.
        </p>
      )}
      <table className="numbers">
        <caption data-testid="valid-caption">
          Validation bits per character{valid.length ? ` at step ${valid.at(-1)?.step}` : ''}
        </caption>
        <thead>
          <tr>
            <th scope="col">Model</th>
            <th scope="col">Soft gates</th>
            <th scope="col">Binarized gates</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((m) => (
            <tr key={m}>
              <ModelRowHeader model={m} short={shortNames(rows)} />
              <td data-testid={`valid-${m}`}>{latest(m)?.bpc.toFixed(3)}</td>
              <td>{latest(m)?.bpcBinary.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
