import { useMemo } from 'react';
import type { ModelId } from '../../contract/models';
import { modelColor } from '../colors';
import { ModelRowHeader, shortNames } from './ModelRowHeader';
import { modelLegend } from '../exports/panelSvg';
import { RECALL_CHANCE, recallData } from '../exports/recall';
import type { RunView } from '../runState';
import { CHART_WIDTH, chartHeightFor } from './chartSizes';
import { ChartLegend } from './ChartLegend';
import type { LegendItem } from '../exports/types';
import { LineChart, type LineSeries } from './LineChart';
import { Panel } from './Panel';
import { percent } from './format';

const CHANCE_COLOR = '#888888';

export interface RecallPanelProps {
  /** RunView['recall']: null unless the run trains on the copying task. */
  recall: RunView['recall'];
}

/** How well each model recalls the copying task's ten symbols over training, against chance (1/8). */
export function RecallPanel({ recall }: RecallPanelProps) {
  const curve = recall?.curve ?? [];
  const models: ModelId[] = [...new Set(curve.map((p) => p.model))];
  const series = useMemo((): LineSeries[] => {
    const curve = recall?.curve ?? [];
    const steps = curve.map((p) => p.step);
    const chance: LineSeries = {
      key: 'chance',
      color: CHANCE_COLOR,
      points: steps.length ? [[Math.min(...steps), RECALL_CHANCE], [Math.max(...steps), RECALL_CHANCE]] : [],
      width: 1,
      dashed: true,
    };
    const lines = [...new Set(curve.map((p) => p.model))].map((model) => ({
      key: model,
      color: modelColor(model),
      points: curve.filter((p) => p.model === model).map((p) => [p.step, p.symbolAccuracy] as const),
    }));
    return [chance, ...lines];
  }, [recall]);
  const latest = (m: ModelId) => curve.filter((p) => p.model === m).at(-1);
  const chance: LegendItem = { label: 'chance (1/8)', color: CHANCE_COLOR, mark: 'dashed' };
  // Beyond two models, short names as in the table (the export keeps the full ones).
  const legend: LegendItem[] = [...modelLegend(models, shortNames(models)), chance];
  const title = recall ? `Copying recall, delay T = ${recall.delay}` : 'Copying recall';
  return (
    <Panel
      id="recall"
      title={title}
      // What earlier runs of this task showed (slow memory; G2's noise holding it back) is in the README, not here:
      // the panel's words are about the numbers below them.
      hint="Share of the ten symbols each model predicts right after the delay (teacher forcing, fresh examples). Dashed: chance, 1/8."
      exports={{
        name: 'recall',
        svg: { legend: [...modelLegend(models), chance] },
        data: () => recallData(recall),
      }}
    >
      {recall && curve.length ? (
        <>
          <ChartLegend items={legend} />
          <LineChart
            series={series}
            width={CHART_WIDTH}
            height={chartHeightFor(models.length, 2)}
            xLabel="step"
            yLabel="symbols recalled"
            yAtLeast={1}
            yFormat=".0%"
            ariaLabel={`Symbol recall of the copying task with delay ${recall.delay} over steps, against chance 1/8`}
          />
          <table className="numbers" data-testid="recall-table">
            <caption>
              Recall at step {curve.at(-1)?.step} (delay T = {recall.delay}; chance {percent(RECALL_CHANCE)} of symbols)
            </caption>
            <thead>
              <tr>
                <th scope="col">Model</th>
                <th scope="col">Symbols</th>
                <th scope="col">Whole sequences</th>
              </tr>
            </thead>
            <tbody>
              {models.map((m) => (
                <tr key={m} data-testid={`recall-row-${m}`}>
                  <ModelRowHeader model={m} short={shortNames(models)} />
                  <td>{percent(latest(m)?.symbolAccuracy ?? Number.NaN)}</td>
                  <td>{percent(latest(m)?.sequenceAccuracy ?? Number.NaN)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : (
        <p className="hint" data-testid="recall-empty">
          Recall is measured on the copying task: choose “Copying task” as the text (its delay T is a setting).
        </p>
      )}
    </Panel>
  );
}
