// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { ConstantGatesPanel } from '../../../src/ui/panels/ConstantGatesPanel';
import { PanelTabs } from '../../../src/ui/panels/PanelTabs';
import type { ModelConstantGates } from '../../../src/worker/protocol';
import { render, stableMarkup } from './render';

const H = 4;
/** Unit 0 constant in all four gates, unit 1 in f only, the rest moving. */
function model(kind: 'g2' | 'lstm', delta: number): ModelConstantGates {
  const spreads = new Float32Array(4 * H).fill(0.2);
  for (let g = 0; g < 4; g++) spreads[g * H] = 0.001;
  spreads[1 * H + 1] = 0.005;
  return {
    model: kind,
    mode: 'soft',
    hidden: H,
    spreads,
    means: new Float32Array(4 * H).fill(0.5),
    frozenPerGate: [1, 2, 1, 1],
    removableUnits: 1,
    deltaBpc: delta,
    validBpc: 3.2,
  };
}

describe('constant gates panel', () => {
  it('draws a grid per model with the constant cells marked, and a table of counts and costs', () => {
    const sent: number[] = [];
    const el = render(
      <ConstantGatesPanel
        data={{ step: 20, threshold: 0.02, models: [model('g2', 0.0123), model('lstm', 0.1)] }}
        onThreshold={(t) => sent.push(t)}
      />,
    );
    const g2 = el.querySelector('[data-testid="constant-grid-g2"]');
    expect(el.querySelectorAll('svg[data-testid^="constant-grid-"]')).toHaveLength(2);
    // 4 × H cells, and one mark per constant cell (5).
    expect(g2?.querySelectorAll('g[data-gate] > rect')).toHaveLength(4 * H);
    expect(g2?.querySelectorAll('.constant-marks rect')).toHaveLength(5);
    expect(g2?.getAttribute('aria-label')).toContain('5 below 0.020 (i 1, f 2, g 1, o 1)');
    const row = el.querySelector('[data-testid="constant-row-g2"]');
    expect(Array.from(row?.querySelectorAll('td') ?? [], (td) => td.textContent)).toEqual(['1', '2', '1', '1', '1/4', '+0.012']);
    expect(el.querySelector('[data-testid="constant-threshold"]')?.textContent).toBe('0.020');
    expect(stableMarkup(g2)).toMatchSnapshot();
    expect(stableMarkup(el.querySelector('table'))).toMatchSnapshot();
  });

  it('the threshold slider moves on a log scale and sends the new threshold', () => {
    const sent: number[] = [];
    const el = render(<ConstantGatesPanel data={{ step: 1, threshold: 0.02, models: [model('g2', 0)] }} onThreshold={(t) => sent.push(t)} />);
    const slider = el.querySelector('input[type="range"]') as HTMLInputElement;
    expect(slider.getAttribute('aria-valuetext')).toBe('0.020');
    act(() => {
      const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
      setter?.call(slider, '-1');
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(sent).toEqual([0.1]);
    expect(el.querySelector('[data-testid="constant-threshold"]')?.textContent).toBe('0.10');
  });

  it('without data: the controls and an empty table', () => {
    const el = render(<ConstantGatesPanel data={null} onThreshold={() => {}} />);
    expect(el.querySelectorAll('svg[data-testid^="constant-grid-"]')).toHaveLength(0);
    expect(el.querySelector('[data-testid="constant-threshold"]')?.textContent).toBe('0.050');
  });
});

describe('panel tabs', () => {
  it('one tab stop; arrow keys, Home and End select; only the selected panel is rendered', () => {
    const el = render(
      <PanelTabs
        label="Views"
        tabs={[
          { id: 'a', label: 'First', render: () => <p>first</p> },
          { id: 'b', label: 'Second', render: () => <p>second</p> },
        ]}
      />,
    );
    const tabs = () => Array.from(el.querySelectorAll('[role="tab"]')) as HTMLButtonElement[];
    const panel = () => el.querySelector('[role="tabpanel"]');
    expect(tabs().map((t) => t.tabIndex)).toEqual([0, -1]);
    expect(panel()?.textContent).toBe('first');
    expect(panel()?.getAttribute('aria-labelledby')).toBe('tab-a');
    act(() => tabs()[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(tabs().map((t) => t.getAttribute('aria-selected'))).toEqual(['false', 'true']);
    expect(document.activeElement).toBe(tabs()[1]);
    expect(panel()?.textContent).toBe('second');
    act(() => tabs()[1]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(panel()?.textContent).toBe('first');
    act(() => tabs()[0]?.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true })));
    expect(panel()?.textContent).toBe('second');
    act(() => tabs()[0]?.click());
    expect(panel()?.textContent).toBe('first');
  });
});
