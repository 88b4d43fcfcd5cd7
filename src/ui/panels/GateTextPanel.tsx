import * as d3 from 'd3';
import { useId, useState } from 'react';
import { rowMeans, unitColumn } from '../../model/gateStats';
import type { GatesOverText } from '../../worker/protocol';
import { MODEL_NAMES } from '../colors';
import { Panel } from './Panel';

const color = d3.scaleSequential(d3.interpolateViridis).domain([0, 1]);
const CHARS_PER_LINE = 48;

type Pick = 'mean' | number;

function series(m: GatesOverText, gate: 'input' | 'forget', pick: Pick): Float32Array {
  return pick === 'mean' ? rowMeans(m[gate], m.hidden) : unitColumn(m[gate], m.hidden, Math.min(pick, m.hidden - 1));
}

/** Rows as in the paper's Figure 4: per model, input then forget gate, each character coloured by its value. */
export function GateTextPanel({ data }: { data: { text: string; models: GatesOverText[] } | null }) {
  const id = useId();
  const [pick, setPick] = useState<Pick>('mean');
  const chars = data ? Array.from(data.text) : [];
  const rows = (data?.models ?? []).flatMap((m) =>
    (['input', 'forget'] as const).map((gate) => ({ key: `${m.model}-${gate}`, label: `${MODEL_NAMES[m.model]} ${gate}`, values: series(m, gate, pick) })),
  );
  const hidden = data?.models[0]?.hidden ?? 0;
  const lines = d3.range(0, chars.length, CHARS_PER_LINE);
  return (
    <Panel
      id="gate-text"
      title="Gates over text"
      hint="Each character coloured by its gate value (dark 0, yellow 1), averaged over units or for one unit. Hover or focus a character for the number."
    >
      <label htmlFor={`${id}-unit`} className="panel-controls">
        Units{' '}
        <select id={`${id}-unit`} value={String(pick)} onChange={(e) => setPick(e.target.value === 'mean' ? 'mean' : Number(e.target.value))}>
          <option value="mean">mean over units</option>
          {d3.range(hidden).map((u) => (
            <option key={u} value={u}>
              unit {u}
            </option>
          ))}
        </select>
      </label>
      <div className="gate-rows">
        {lines.map((start) => (
          <div className="gate-block" key={start}>
            {rows.map((row) => (
              <div className="gate-row" key={row.key}>
                <span className="gate-row-label">{row.label}</span>
                <span className="gate-chars">
                  {chars.slice(start, start + CHARS_PER_LINE).map((ch, k) => {
                    const v = row.values[start + k] ?? 0;
                    return (
                      <span
                        // characters repeat; the position is the identity
                        key={k}
                        tabIndex={k === 0 ? 0 : -1}
                        title={`${JSON.stringify(ch)}: ${row.label} ${v.toFixed(3)}`}
                        style={{ background: color(v), color: v > 0.6 ? '#000' : '#fff' }}
                      >
                        {ch === '\n' ? '↵' : ch}
                      </span>
                    );
                  })}
                </span>
              </div>
            ))}
          </div>
        ))}
      </div>
    </Panel>
  );
}
