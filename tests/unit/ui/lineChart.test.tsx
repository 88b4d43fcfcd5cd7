// @vitest-environment jsdom
import { act, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { LineChart, type LineSeries } from '../../../src/ui/panels/LineChart';
import { render } from './render';

const series: LineSeries[] = [{ key: 'g2', color: '#d95f02', points: [[0, 1], [1, 0.5]] }];
let rerender: () => void = () => {};

/** A parent that renders again (as the page does at every progress report) with the chart's props unchanged. */
function Parent() {
  const [count, setCount] = useState(0);
  rerender = () => setCount(count + 1);
  return (
    <div data-count={count}>
      <LineChart series={series} width={200} height={100} xLabel="rank k" ariaLabel="Δ bits/char against rank" />
    </div>
  );
}

describe('line chart', () => {
  it('is not redrawn when its parent renders again with the same data (no markers given)', () => {
    const el = render(<Parent />);
    const path = el.querySelector('path[stroke="#d95f02"]');
    expect(path).not.toBeNull();
    act(() => rerender());
    act(() => rerender());
    expect(el.querySelector('div')?.dataset.count).toBe('2');
    // The same node: the chart kept its drawing instead of clearing and drawing it again.
    expect(el.querySelector('path[stroke="#d95f02"]')).toBe(path);
  });

  it('a marker in the right half writes its label to the left of its line (at the right end it ran past the chart)', () => {
    const markers = [
      { x: 0.1, label: 'k = 2' },
      { x: 1, label: 'k = 64' },
    ];
    const el = render(<LineChart series={series} width={200} height={100} xLabel="rank k" ariaLabel="Δ bits/char against rank" markers={markers} />);
    const labels = [...el.querySelectorAll('.chart-marker text')];
    expect(labels.map((t) => t.textContent)).toEqual(['k = 2', 'k = 64']);
    expect(labels.map((t) => t.getAttribute('text-anchor') ?? 'start')).toEqual(['start', 'end']);
    expect(Number(labels[1]?.getAttribute('x'))).toBeLessThan(0);
  });
});
