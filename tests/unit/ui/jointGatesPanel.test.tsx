// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { correlation, jointCorners, jointHistogram } from '../../../src/model/gateStats';
import { jointGatesData } from '../../../src/ui/exports/jointGates';
import { JointGatesPanel } from '../../../src/ui/panels/JointGatesPanel';
import type { ModelId } from '../../../src/contract/models';
import type { ModelStatistics } from '../../../src/worker/protocol';
import { render, stableMarkup } from './render';

const BINS = 10;
/** A model whose (i, f) pairs are the given points, with histograms left empty (this panel does not read them). */
function model(id: ModelId, input: number[], forget: number[]): ModelStatistics {
  const values = jointHistogram(input, forget, BINS);
  const empty = { low: 0, high: 0 };
  return {
    model: id,
    validBpc: 2,
    validBpcSoft: 2,
    validBpcBinary: 2,
    gates: { input10: [], forget10: [], input50: [], forget50: [], inputEnds: empty, forgetEnds: empty, inputGap: 0, forgetGap: 0 },
    joint: { bins: BINS, values, correlation: correlation(input, forget), corners: jointCorners(values, BINS) },
  };
}

// G2-like: half "keep" (i closed, f open), half "overwrite" (i open, f closed): r ≈ −1.
const g2 = model('g2', [0.02, 0.03, 0.97, 0.98], [0.99, 0.95, 0.01, 0.04]);
// Spread along the diagonal: positively correlated.
const bibeta = model('bibeta', [0.15, 0.35, 0.55, 0.75], [0.25, 0.45, 0.5, 0.85]);

describe('joint (input, forget) panel', () => {
  it('draws one map of bins² cells per model, shaded by share, with r and the corner shares', () => {
    const el = render(<JointGatesPanel statistics={{ step: 30, models: [g2, bibeta] }} />);
    const maps = el.querySelectorAll('svg[data-testid^="joint-map-"]');
    expect(maps).toHaveLength(2);
    const cells = el.querySelectorAll('[data-testid="joint-map-g2"] .joint-cells rect');
    expect(cells).toHaveLength(BINS * BINS);
    // Input bin 0, forget bin 9 holds half of G2's values: the darkest cell, at the top-left corner's
    // opposite (x right, y bottom); an empty cell is the scale's white.
    const keep = cells[0 * BINS + 9] as SVGRectElement;
    const empty = cells[5 * BINS + 5] as SVGRectElement;
    expect(keep.getAttribute('fill')).not.toBe(empty.getAttribute('fill'));
    expect(Number(keep.getAttribute('x'))).toBeGreaterThan(Number(cells[0]?.getAttribute('x')));
    expect(Number(keep.getAttribute('y'))).toBe(Number(cells[0]?.getAttribute('y')));
    expect(Number(cells[9 * BINS]?.getAttribute('y'))).toBeLessThan(Number(cells[0]?.getAttribute('y')));
    expect(el.querySelector('[data-testid="joint-map-g2"]')?.getAttribute('aria-label')).toContain('correlation -1.00; 50.0% with input < 0.1 and forget ≥ 0.9');
    const row = (id: string) => Array.from(el.querySelectorAll(`[data-testid="joint-row-${id}"] td`), (td) => td.textContent);
    expect(row('g2')).toEqual(['-1.00', '50.0%', '50.0%', '0.0%', '0.0%']);
    expect(Number(row('bibeta')[0])).toBeGreaterThan(0.9);
    expect(stableMarkup(el.querySelector('[data-testid="joint-map-g2"]'))).toMatchSnapshot();
  });

  it('names the gates its pairs were taken with (r and the corners change with the gate mode)', () => {
    const hint = (mode: 'soft' | 'binary' | 'sharpened') =>
      render(<JointGatesPanel statistics={{ step: 30, tau: 0.3, mode, models: [g2] }} />).querySelector('.hint')?.textContent;
    expect(hint('binary')).toContain("first layer's (input, forget) pairs, binary gates:");
    expect(hint('sharpened')).toContain('pairs, σ(z/τ) gates at τ = 0.3:');
    expect(hint('soft')).toContain('pairs, σ(z) gates:');
  });

  it('has no maps and nothing to export before the first statistics', () => {
    const el = render(<JointGatesPanel statistics={null} />);
    expect(el.querySelectorAll('svg[data-testid^="joint-map-"]')).toHaveLength(0);
    expect(jointGatesData(null)).toBeNull();
  });

  it('exports one CSV row per model and cell, and the maps as nested arrays', () => {
    const file = jointGatesData({ step: 30, models: [g2, bibeta] });
    const lines = file?.csv.trim().split('\r\n') ?? [];
    expect(lines[0]).toBe('step,model,input_from,input_to,forget_from,forget_to,fraction,correlation');
    expect(lines).toHaveLength(1 + 2 * BINS * BINS);
    expect(lines[1 + 9]?.startsWith('30,g2,0,0.1,0.9,1,0.5,')).toBe(true);
    expect(Number(lines[1 + 9]?.split(',')[7])).toBeCloseTo(g2.joint.correlation, 12);
    const json = file?.json as { models: { model: string; fractions: number[][] }[] };
    expect(json.models[0]?.fractions[9]?.[0]).toBe(0.5);
    expect(json.models.map((m) => m.fractions.flat().reduce((a, b) => a + b, 0))).toEqual([1, 1]);
  });
});
