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

describe('line chart of one point', () => {
  it('draws the point as a dot in its colour (a one-point line drew nothing: empty charts at step 0)', () => {
    const one: LineSeries[] = [{ key: 'valid', color: '#1b9e77', points: [[0, 6.37]] }];
    const el = render(<LineChart series={one} width={200} height={100} xLabel="step" ariaLabel="loss over steps" />);
    const dot = el.querySelector('circle.chart-point');
    expect(dot?.getAttribute('fill')).toBe('#1b9e77');
    expect(Number(dot?.getAttribute('cy'))).toBeGreaterThan(0);
  });
});

describe('line chart markers close together', () => {
  it('keep every line but write only labels that do not overlap, the newest first (a τ slider walked by keyboard)', () => {
    const steps: LineSeries[] = [{ key: 'loss', color: '#d95f02', points: [[0, 6], [32, 4.5]] }];
    const markers = [
      { x: 11, label: 'τ 0.856' },
      { x: 12, label: 'τ 0.795' },
      { x: 13, label: 'τ 0.766' },
      { x: 14, label: 'τ 0.739' },
      { x: 23, label: 'τ 0.661' },
    ];
    const el = render(<LineChart series={steps} width={480} height={160} xLabel="step" ariaLabel="loss over steps" markers={markers} />);
    expect(el.querySelectorAll('.chart-marker line')).toHaveLength(5);
    const labels = [...el.querySelectorAll('.chart-marker text')].map((t) => t.textContent);
    expect(labels).toContain('τ 0.661');
    expect(labels).toContain('τ 0.739');
    expect(labels.length).toBeLessThan(5);
    // No two written labels overlap (each ~5.5 px a character at 9 px, from its line's x).
    const spans = [...el.querySelectorAll('.chart-marker')]
      .filter((g) => g.querySelector('text'))
      .map((g) => {
        const px = Number(/translate\(([-\d.]+)/.exec(g.getAttribute('transform') ?? '')?.[1]);
        const t = g.querySelector('text')!;
        const w = (t.textContent ?? '').length * 5.5;
        const dx = Number(t.getAttribute('x'));
        return t.getAttribute('text-anchor') === 'end' ? [px + dx - w, px + dx] : [px + dx, px + dx + w];
      })
      .sort((a, b) => a[0]! - b[0]!);
    for (let k = 1; k < spans.length; k++) expect(spans[k]![0]!).toBeGreaterThanOrEqual(spans[k - 1]![1]!);
  });
});

describe('line chart fitted to its later points', () => {
  const early: LineSeries[] = [{ key: 'cost', color: '#1b9e77', points: [[0, -0.5], [10, 0.02], [50, 0.03], [100, 0.01]] }];
  const ticks = (el: HTMLElement) => [...el.querySelectorAll('.tick text')].map((t) => Number((t.textContent ?? '').replace('−', '-')));

  it('sets the y axis from the points past the first tenth, clips the line and says which values are off scale', () => {
    const el = render(<LineChart series={early} width={200} height={100} xLabel="step" yFitAfter={0.1} ariaLabel="Δ bits/char over steps" />);
    expect(Math.min(...ticks(el))).toBeGreaterThan(-0.1);
    expect(el.querySelector('.chart-off-scale')?.textContent).toBe('values before step 10 off scale');
    const clip = el.querySelector('clipPath')?.id;
    expect(el.querySelector('path[stroke="#1b9e77"]')?.getAttribute('clip-path')).toBe(`url(#${clip})`);
  });

  it('without the option, or with nothing off scale, the axis holds every point and nothing is clipped', () => {
    const all = render(<LineChart series={early} width={200} height={100} xLabel="step" ariaLabel="Δ bits/char over steps" />);
    expect(Math.min(...ticks(all))).toBeLessThanOrEqual(-0.5);
    expect(all.querySelector('.chart-off-scale')).toBeNull();
    const calm = render(<LineChart series={series} width={200} height={100} xLabel="step" yFitAfter={0.1} ariaLabel="loss over steps" />);
    expect(calm.querySelector('.chart-off-scale')).toBeNull();
    expect(calm.querySelector('path[stroke="#d95f02"]')?.getAttribute('clip-path')).toBeNull();
  });
});
