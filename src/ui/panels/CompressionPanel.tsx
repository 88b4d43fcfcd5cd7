import type { CompressionRow } from '../../model/compression';
import type { CellKind } from '../../model/types';
import { MODEL_NAMES } from '../colors';
import { Panel } from './Panel';

/** The paper's Table 3, live: validation loss change when the i/f gate weights are compressed. */
export function CompressionPanel({ models }: { models: { model: CellKind; rows: CompressionRow[] }[] }) {
  const labels = models[0]?.rows.map((r) => r.label) ?? [];
  return (
    <Panel
      id="compression"
      title="Compression"
      hint="Change in validation loss (bits per char) when only the input- and forget-gate weights are rounded, clipped or cut to low rank, with no fine-tuning."
    >
      <table className="numbers">
        <thead>
          <tr>
            <th scope="col">Model</th>
            {labels.map((l) => (
              <th scope="col" key={l}>
                {l}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {models.map((m) => (
            <tr key={m.model}>
              <th scope="row">{MODEL_NAMES[m.model]}</th>
              {m.rows.map((r) => (
                <td key={r.label}>
                  {(r.delta / Math.LN2 >= 0 ? '+' : '') + (r.delta / Math.LN2).toFixed(3)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
