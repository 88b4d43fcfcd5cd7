import { useId, useMemo } from 'react';
import type { CompressionChoice, CompressionRow } from '../../contract/compression';
import type { ModelId } from '../../contract/models';
import { modelColor } from '../colors';
import { ModelRowHeader, shortNames } from './ModelRowHeader';
import { signed } from './format';
import { compressionData } from '../exports/compressionTable';
import { modelLegend } from '../exports/panelSvg';
import { HALF_CHART_WIDTH, chartHeightFor } from './chartSizes';
import { ChartLegend } from './ChartLegend';
import { LineChart, type LineSeries } from './LineChart';
import { Panel } from './Panel';
import { DraftNumberInput } from '../DraftNumberInput';

type ModelRows = { model: ModelId; rows: CompressionRow[] };

const bits = (nats: number) => nats / Math.LN2;
/** Each model's rows start with the chosen r, r with c, and k; the sweep the curves draw follows. */
const CHOSEN = 3;

/**
 * Δ bits per char against a sweep parameter (rank or rounding step), one line per model. The chosen setting's
 * row joins its sweep (the line passes through the table's number, even off the sweep's grid) and is marked.
 */
function SweepChart({
  models,
  pick,
  label,
  name,
  height,
}: {
  models: ModelRows[];
  pick: (r: CompressionRow) => number | null;
  label: string;
  name: string;
  height: number;
}) {
  const series = useMemo(
    (): LineSeries[] =>
      models.map((m) => {
        // The sweep first, so a chosen setting already on its grid keeps the sweep's point.
        const rows = [...m.rows.slice(CHOSEN), ...m.rows.slice(0, CHOSEN)];
        const points = new Map<number, number>();
        for (const r of rows) {
          const x = pick(r);
          if (x !== null && !points.has(x)) points.set(x, bits(r.delta));
        }
        return { key: m.model, color: modelColor(m.model), points: [...points].sort((a, b) => a[0] - b[0]) };
      }),
    [models, pick],
  );
  const chosen = models[0]?.rows.slice(0, CHOSEN).map(pick).find((x) => x !== null);
  const markers = useMemo(() => (chosen === undefined || chosen === null ? [] : [{ x: chosen, label: `${name} = ${chosen}` }]), [chosen, name]);
  return (
    <LineChart
      series={series}
      width={HALF_CHART_WIDTH}
      height={height}
      xLabel={label}
      title="Δ bits/char"
      yAtLeast={0.01}
      ariaLabel={`Change in validation loss against ${label}`}
      markers={markers}
    />
  );
}

const rankOf = (r: CompressionRow) => (r.spec.kind === 'lowRank' ? r.spec.rank : null);
const stepOf = (r: CompressionRow) => (r.spec.kind === 'round' ? r.spec.step : null);

/** The paper's Table 3, live: validation loss change when the i/f gate weights are compressed. */
export function CompressionPanel({
  models,
  choice,
  onChoose,
}: {
  models: ModelRows[];
  /** r, c and k as the worker holds them (null before its first report). */
  choice: CompressionChoice | null;
  onChoose: (choice: CompressionChoice) => void;
}) {
  const id = useId();
  const fields: { key: keyof CompressionChoice; label: string; min: number; step: number }[] = [
    { key: 'step', label: 'Round r', min: 0.01, step: 0.05 },
    { key: 'clip', label: 'Clip c', min: 0.01, step: 0.1 },
    { key: 'rank', label: 'Rank k', min: 1, step: 1 },
  ];
  const ids = models.map((m) => m.model);
  // Beyond two models, short names as in the table (the export keeps the full ones).
  const legend = modelLegend(ids, shortNames(ids));
  const height = chartHeightFor(ids.length, 2);
  const chosen = models.map((m) => ({ model: m.model, rows: m.rows.slice(0, CHOSEN) }));
  return (
    <Panel
      id="compression"
      title="Compression"
      hint="Loss added when only the i/f gate weights are rounded, clipped or cut to rank k, without fine-tuning (the paper's Table 3)."
      exports={{
        name: 'compression',
        svg: { legend: modelLegend(ids) },
        data: () => compressionData(models, CHOSEN),
      }}
    >
      <div className="panel-controls">
        {fields.map((f) => (
          <label key={f.key} htmlFor={`${id}-${f.key}`}>
            {f.label}{' '}
            <DraftNumberInput
              id={`${id}-${f.key}`}
              min={f.min}
              step={f.step}
              value={choice?.[f.key] ?? ''}
              disabled={!choice}
              onValue={(v) => choice && onChoose({ ...choice, [f.key]: v })}
            />
          </label>
        ))}
      </div>
      <ChartLegend items={legend} />
      <div className="pair">
        <SweepChart models={models} pick={rankOf} label="rank k" name="k" height={height} />
        <SweepChart models={models} pick={stepOf} label="round step r" name="r" height={height} />
      </div>
      <table className="numbers" data-testid="compression-table">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {chosen[0]?.rows.map((r) => (
              <th scope="col" key={r.label}>
                {r.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {chosen.map((m) => (
            <tr key={m.model}>
              <ModelRowHeader model={m.model} short={shortNames(chosen)} />
              {m.rows.map((r) => (
                <td key={r.label}>{signed(bits(r.delta))}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
