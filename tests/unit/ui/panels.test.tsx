// @vitest-environment jsdom
import { act } from 'react';
import { describe, expect, it } from 'vitest';
import { type CompressionChoice, type CompressionRow, chosenCompression } from '../../../src/contract/compression';
import { CompressionPanel } from '../../../src/ui/panels/CompressionPanel';
import { GateTextPanel } from '../../../src/ui/panels/GateTextPanel';
import { HistogramPanel } from '../../../src/ui/panels/HistogramPanel';
import { LossPanel } from '../../../src/ui/panels/LossPanel';
import { type SampleRequest, SamplesPanel } from '../../../src/ui/panels/SamplesPanel';
import { SoftBinaryPanel } from '../../../src/ui/panels/SoftBinaryPanel';
import type { ModelStatistics } from '../../../src/worker/protocol';
import { createRoot } from 'react-dom/client';
import { render, stableMarkup, typeKeys } from './render';
import { modelStatistics, peaked } from './statisticsFixture';

const stats = (model: 'g2' | 'lstm', peak: number): ModelStatistics =>
  modelStatistics(
    model,
    { input10: peaked(10, peak, 0.55), forget10: peaked(10, 9 - peak, 0.55), forgetEnds: { low: 0.55, high: 0.05 } },
    { validBpcBinary: model === 'g2' ? 2.45 : 3.1 },
  );

describe('panels render fixed data', () => {
  it('gate histograms: one bar per bin and model, end-bin table in percent', () => {
    const el = render(<HistogramPanel statistics={{ step: 10, tau: 0.9, models: [stats('g2', 9), stats('lstm', 4)] }} />);
    const svgs = el.querySelectorAll('svg');
    expect(svgs).toHaveLength(2);
    expect(svgs[0]?.querySelectorAll('rect')).toHaveLength(20);
    expect(el.querySelector('[data-testid="end-bins"]')?.textContent).toContain('55.0%');
    expect(stableMarkup(svgs[0] ?? null)).toMatchSnapshot();
  });

  it('loss: a thin and a thick line per model, and the soft vs binarized table', () => {
    const train = [1, 2, 3].flatMap((step) => (['g2', 'lstm'] as const).map((model) => ({ step, model, bpc: 5 - step })));
    const valid = [{ step: 3, model: 'g2' as const, bpc: 2.4, bpcBinary: 2.45 }, { step: 3, model: 'lstm' as const, bpc: 2.4, bpcBinary: 3.1 }];
    const el = render(<LossPanel train={train} valid={valid} />);
    // One validation point per model so far: a dot each (a one-point line drew nothing).
    expect(el.querySelectorAll('svg circle.chart-point[r="3.5"]')).toHaveLength(2);
    expect(el.textContent).toContain('3.100');
    expect(stableMarkup(el.querySelector('svg'))).toMatchSnapshot();
  });

  it('compression: curves against rank and rounding step, and the chosen settings', () => {
    const row = (spec: CompressionRow['spec'], delta: number): CompressionRow => ({ spec, label: JSON.stringify(spec), loss: 2 + delta, delta });
    const rows = (scale: number) => [
      row({ kind: 'round', step: 0.2 }, 0.01 * scale),
      row({ kind: 'roundClip', step: 0.2, clip: 0.4 }, 0.02 * scale),
      row({ kind: 'lowRank', rank: 2 }, 0.05 * scale),
      ...[8, 4, 2, 1].map((rank) => row({ kind: 'lowRank', rank }, (0.1 * scale) / rank)),
      ...[0.1, 0.2, 0.4].map((step) => row({ kind: 'round', step }, step * scale)),
    ];
    const choice = chosenCompression(rows(1).map((r) => r.spec));
    const el = render(<CompressionPanel models={[{ model: 'g2', rows: rows(1) }, { model: 'lstm', rows: rows(3) }]} choice={choice} onChoose={() => {}} />);
    // The fields show the choice the worker reported, not one of their own.
    expect(Array.from(el.querySelectorAll<HTMLInputElement>('.panel-controls input'), (i) => i.value)).toEqual(['0.2', '0.4', '2']);
    const svgs = el.querySelectorAll('svg');
    expect(svgs).toHaveLength(2);
    expect(svgs[0]?.querySelectorAll('path[stroke-width="2"]')).toHaveLength(2);
    expect(el.querySelector('[data-testid="compression-table"]')?.textContent).toContain('+0.087'); // 0.06 nats in bits
    expect(stableMarkup(svgs[0] ?? null)).toMatchSnapshot();
    expect(stableMarkup(svgs[1] ?? null)).toMatchSnapshot();
  });

  it('compression: the chosen r and k join their sweeps (the line meets the table) and are marked', () => {
    const row = (spec: CompressionRow['spec'], delta: number): CompressionRow => ({ spec, label: JSON.stringify(spec), loss: 2 + delta, delta });
    const rows = [
      row({ kind: 'round', step: 0.5 }, 0.3),
      row({ kind: 'roundClip', step: 0.5, clip: 0.4 }, 0.4),
      row({ kind: 'lowRank', rank: 4 }, 0.05),
      ...[8, 4, 2].map((rank) => row({ kind: 'lowRank', rank }, 0.1 / rank)),
      ...[0.2, 0.4, 0.8].map((step) => row({ kind: 'round', step }, step / 10)),
    ];
    const el = render(<CompressionPanel models={[{ model: 'g2', rows }]} choice={chosenCompression(rows.map((r) => r.spec))} onChoose={() => {}} />);
    const [rank, round] = [...el.querySelectorAll('svg')];
    const corners = (svg: Element | undefined) => svg?.querySelector('path[stroke-width="2"]')?.getAttribute('d')?.split(/[ML]/).filter(Boolean).length;
    expect(corners(round)).toBe(4); // 0.2, 0.4, 0.5 (chosen, off the grid), 0.8
    expect(corners(rank)).toBe(3); // k = 4 is on the grid: one point
    expect(round?.querySelector('.chart-marker')?.textContent).toBe('r = 0.5');
    expect(rank?.querySelector('.chart-marker')?.textContent).toBe('k = 4');
  });

  it('gates over text: four rows per block, one coloured span per character', () => {
    const text = 'Call me Ishmael.';
    const hidden = 2;
    const values = Float32Array.from({ length: text.length * hidden }, (_, k) => (k % 3) / 2);
    const el = render(
      <GateTextPanel
        data={{ step: 40, tau: 0.5, mode: 'sharpened', text, models: [{ model: 'g2', input: values, forget: values, hidden }, { model: 'lstm', input: values, forget: values, hidden }] }}
      />,
    );
    // Which gates, at which τ and step, as the histograms say it.
    expect(el.querySelector('.hint')?.textContent).toContain('σ(z/τ) gates at τ = 0.5, step 40');
    const rows = el.querySelectorAll('.gate-row');
    expect(rows).toHaveLength(4);
    expect(rows[0]?.querySelectorAll('.gate-chars span')).toHaveLength(text.length);
    expect((rows[0]?.querySelector('.gate-chars span') as HTMLElement).title).toBe('"C": G2-LSTM input 0.250');
  });

  it('gates over text: one tab stop; arrow keys move it and the readout gives every row at that character', () => {
    const text = 'Call me Ishmael.';
    const hidden = 1;
    const ramp = Float32Array.from({ length: text.length }, (_, k) => k / text.length);
    const flat = new Float32Array(text.length).fill(0.5);
    const el = render(
      <GateTextPanel data={{ step: 1, tau: 1, mode: 'soft', text, models: [{ model: 'g2', input: ramp, forget: flat, hidden }, { model: 'lstm', input: flat, forget: flat, hidden }] }} />,
    );
    const stops = () => [...el.querySelectorAll<HTMLElement>('[role="gridcell"]')].filter((c) => c.tabIndex === 0);
    expect(stops()).toHaveLength(1);
    const grid = el.querySelector('[role="grid"]') as HTMLElement;
    act(() => stops()[0]?.focus());
    act(() => grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    act(() => grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true })));
    expect(stops()).toHaveLength(1);
    expect(stops()[0]?.dataset.cell).toBe('0:2');
    expect(document.activeElement).toBe(stops()[0]);
    expect(el.querySelector('[data-testid="gate-readout"]')?.textContent).toBe('"l" at 2: G2-LSTM input 0.13 · G2-LSTM forget 0.50 · LSTM input 0.50 · LSTM forget 0.50');
    act(() => grid.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true })));
    expect(stops()[0]?.dataset.cell).toBe('1:2');
  });

  it('soft versus binarized: distance and cost curves per model, and the cost of binarizing in the table', () => {
    const validCurve = [1, 2].flatMap((step) => [
      { step, model: 'g2' as const, bpc: 3 - step / 2, bpcBinary: 3 - step / 2 + 0.01 },
      { step, model: 'lstm' as const, bpc: 3 - step / 2, bpcBinary: 3.5 },
    ]);
    const gapCurve = [1, 2].flatMap((step) => [
      { step, model: 'g2' as const, input: 0.3 / step, forget: 0.2 / step },
      { step, model: 'lstm' as const, input: 0.4, forget: 0.35 },
    ]);
    const el = render(
      <SoftBinaryPanel
        gapCurve={gapCurve}
        validCurve={validCurve}
        statistics={{ step: 2, tau: 0.9, mode: 'soft', models: [stats('g2', 9), stats('lstm', 4)] }}
      />,
    );
    const svgs = el.querySelectorAll('svg');
    expect(svgs).toHaveLength(2);
    expect(svgs[0]?.querySelectorAll('path[stroke-dasharray]')).toHaveLength(2); // forget gates, one per model
    expect(svgs[1]?.querySelectorAll('path[stroke-width="2"]')).toHaveLength(2);
    expect(el.querySelector('[data-testid="binarize-cost-g2"]')?.textContent).toBe('+0.010');
    expect(el.querySelector('[data-testid="binarize-cost-lstm"]')?.textContent).toBe('+1.500');
    expect(el.querySelector('[data-testid="soft-binary-table"]')?.textContent).toContain('0.200');
    expect(stableMarkup(svgs[0] ?? null)).toMatchSnapshot();
    expect(stableMarkup(svgs[1] ?? null)).toMatchSnapshot();
  });

  it('samples: the form sends the chosen temperature and start text', () => {
    const asked: SampleRequest[] = [];
    const el = render(<SamplesPanel samples={[{ model: 'g2', text: 'whale' }]} step={3} onSample={(r) => asked.push(r)} />);
    const [temperature, prime] = [...el.querySelectorAll('input')] as HTMLInputElement[];
    const setValue = (input: HTMLInputElement | undefined, value: string) => {
      if (!input) throw new Error('missing input');
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set?.call(input, value);
      input.dispatchEvent(new Event('input', { bubbles: true }));
    };
    act(() => setValue(temperature, '9')); // out of range: not taken
    act(() => setValue(temperature, '0.3'));
    act(() => setValue(prime, 'Call me'));
    act(() => (el.querySelector('button[type="submit"]') as HTMLButtonElement).click());
    expect(asked).toEqual([{ temperature: 0.3, length: 240, prime: 'Call me' }]);
    expect(el.querySelector('[data-testid="sample-g2"]')?.textContent).toBe('whale');
  });

  it('samples and compression fields show what is typed key by key (2 over 0.8 gave 0.82; k 16 over 7 gave 716)', () => {
    const asked: SampleRequest[] = [];
    const el = render(<SamplesPanel samples={[{ model: 'g2', text: 'whale' }]} step={3} onSample={(r) => asked.push(r)} />);
    const temperature = el.querySelector('input') as HTMLInputElement;
    typeKeys(temperature, '2');
    expect(temperature.value).toBe('2');
    act(() => (el.querySelector('button[type="submit"]') as HTMLButtonElement).click());
    expect(asked.at(-1)?.temperature).toBe(2);
    const row = (spec: CompressionRow['spec']): CompressionRow => ({ spec, label: JSON.stringify(spec), loss: 2, delta: 0 });
    const rows = [row({ kind: 'round', step: 0.2 }), row({ kind: 'roundClip', step: 0.2, clip: 0.4 }), row({ kind: 'lowRank', rank: 7 })];
    const chosen: CompressionChoice[] = [];
    const panel = render(<CompressionPanel models={[{ model: 'g2', rows }]} choice={chosenCompression(rows.map((r) => r.spec))} onChoose={(c) => chosen.push(c)} />);
    const rank = [...panel.querySelectorAll<HTMLInputElement>('.panel-controls input')].at(-1) as HTMLInputElement;
    typeKeys(rank, '16');
    expect(rank.value).toBe('16');
    expect(chosen.at(-1)?.rank).toBe(16);
  });

  it('samples: shown with a trained run and nothing sampled, it asks for one sample, once; untrained, it says what to do', () => {
    const asked: SampleRequest[] = [];
    const onSample = (r: SampleRequest) => asked.push(r);
    const untrained = render(<SamplesPanel samples={[]} step={0} onSample={onSample} />);
    expect(asked).toEqual([]);
    expect(untrained.querySelector('[data-testid="samples-empty"]')?.textContent).toContain('train a few steps, then press Sample text');
    const el = render(<SamplesPanel samples={[]} step={12} onSample={onSample} />);
    expect(asked).toEqual([{ temperature: 0.8, length: 240, prime: '' }]);
    expect(el.querySelector('[data-testid="samples-empty"]')?.textContent).toBe('Sampling…');
  });

  it('samples: the panel left open, a new run (step 0, then trained) is sampled once too', () => {
    const asked: SampleRequest[] = [];
    const root = createRoot(document.createElement('div'));
    const show = (step: number, samples: { model: 'g2'; text: string }[] = []) =>
      act(() => root.render(<SamplesPanel samples={samples} step={step} onSample={(r) => asked.push(r)} />));
    show(12);
    show(13, [{ model: 'g2', text: 'whale' }]);
    show(0); // Reset, Apply or another run: its view starts empty at step 0
    show(4);
    show(5);
    expect(asked).toHaveLength(2);
    act(() => root.unmount());
  });
});
