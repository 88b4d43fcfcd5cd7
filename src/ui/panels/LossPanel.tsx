import * as d3 from 'd3';
import { useEffect, useRef } from 'react';
import type { CellKind } from '../../model/types';
import { MODEL_COLORS, MODEL_NAMES } from '../colors';
import type { RunView } from '../runState';
import { drawAxes } from './axes';
import { Panel } from './Panel';

const WIDTH = 420;
const HEIGHT = 200;
const MARGIN = { top: 10, right: 10, bottom: 30, left: 44 };

export function LossPanel({ train, valid }: { train: RunView['trainCurve']; valid: RunView['validCurve'] }) {
  const svg = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (!svg.current) return;
    const root = d3.select(svg.current);
    root.selectAll('*').remove();
    const all = [...train.map((p) => p.bpc), ...valid.map((p) => p.bpc)];
    const maxStep = d3.max([...train, ...valid], (p) => p.step) ?? 1;
    const x = d3
      .scaleLinear()
      .domain([0, Math.max(1, maxStep)])
      .range([MARGIN.left, WIDTH - MARGIN.right]);
    const y = d3
      .scaleLinear()
      .domain([0, d3.max(all) ?? 8])
      .nice()
      .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
    drawAxes(root, { width: WIDTH, height: HEIGHT, margin: MARGIN }, x, y, { x: 'step', y: 'bits per char' });
    const line = d3
      .line<{ step: number; bpc: number }>()
      .x((p) => x(p.step))
      .y((p) => y(p.bpc));
    for (const model of Object.keys(MODEL_COLORS) as CellKind[]) {
      const curves = [
        { points: train.filter((p) => p.model === model), opacity: 0.45, width: 1 },
        { points: valid.filter((p) => p.model === model), opacity: 1, width: 2.5 },
      ];
      for (const { points, opacity, width } of curves) {
        if (!points.length) continue;
        root
          .append('path')
          .datum(points)
          .attr('fill', 'none')
          .attr('stroke', MODEL_COLORS[model])
          .attr('stroke-opacity', opacity)
          .attr('stroke-width', width)
          .attr('d', line);
      }
    }
  }, [train, valid]);
  const latest = (model: CellKind) => valid.filter((p) => p.model === model).at(-1);
  const models = [...new Set(valid.map((p) => p.model))];
  return (
    <Panel
      id="loss"
      title="Loss"
      hint="Thin lines: training loss per step. Thick: validation loss with soft gates. The table gives what binarizing the gates costs."
    >
      <svg
        ref={svg}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label="Training and validation loss over steps"
      />
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
          {models.map((m) => (
            <tr key={m}>
              <th scope="row" style={{ color: MODEL_COLORS[m] }}>
                {MODEL_NAMES[m]}
              </th>
              <td data-testid={`valid-${m}`}>{latest(m)?.bpc.toFixed(3)}</td>
              <td>{latest(m)?.bpcBinary.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Panel>
  );
}
