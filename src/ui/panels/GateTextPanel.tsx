import * as d3 from 'd3';
import { rowMeans } from '../../model/gateStats';
import type { GatesOverText } from '../../worker/protocol';
import { MODEL_NAMES } from '../colors';
import { Panel } from './Panel';

const color = d3.scaleSequential(d3.interpolateViridis).domain([0, 1]);

/** Rows as in the paper's Figure 4: per model, input then forget gate, each character coloured by the mean over units. */
export function GateTextPanel({ data }: { data: { text: string; models: GatesOverText[] } | null }) {
  const chars = data ? Array.from(data.text) : [];
  return (
    <Panel
      id="gate-text"
      title="Gates over text"
      hint="Each character coloured by its gate value averaged over units (dark 0, yellow 1). Hover or focus a character for the numbers."
    >
      <div className="gate-rows">
        {data?.models.flatMap((m) =>
          (['input', 'forget'] as const).map((gate) => {
            const means = rowMeans(m[gate], m.hidden);
            return (
              <div className="gate-row" key={`${m.model}-${gate}`}>
                <span className="gate-row-label">
                  {MODEL_NAMES[m.model]} {gate}
                </span>
                <span className="gate-chars">
                  {chars.map((ch, k) => (
                    <span
                      // characters repeat; the position is the identity
                      key={k}
                      tabIndex={k === 0 ? 0 : -1}
                      title={`${JSON.stringify(ch)}: ${gate} ${(means[k] ?? 0).toFixed(3)}`}
                      style={{
                        background: color(means[k] ?? 0),
                        color: (means[k] ?? 0) > 0.6 ? '#000' : '#fff',
                      }}
                    >
                      {ch === '\n' ? '↵' : ch}
                    </span>
                  ))}
                </span>
              </div>
            );
          }),
        )}
      </div>
    </Panel>
  );
}
