// @vitest-environment jsdom
import { act } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { GATE_SCALE_LEGEND, gateTextSvg } from '../../../src/ui/exports/gateTextSvg';
import { composeChartsSvg, EXPORT_STYLE, modelLegend } from '../../../src/ui/exports/panelSvg';
import { HistogramPanel } from '../../../src/ui/panels/HistogramPanel';
import type { ModelStatistics } from '../../../src/worker/protocol';
import { render } from './render';
import { modelStatistics, peaked } from './statisticsFixture';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** jsdom's Blob has no text(). */
const textOf = (blob: Blob | undefined) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.readAsText(blob ?? new Blob());
  });
const parse = (markup: string) => new DOMParser().parseFromString(markup, 'image/svg+xml');
const meta = { title: 'Gate histograms', corpus: 'moby-dick', step: 120 };
const fractions = peaked(10, 9, 0.55);
const stats = (model: 'g2' | 'lstm'): ModelStatistics => modelStatistics(model, { input10: fractions, forget10: fractions });
const histograms = () => render(<HistogramPanel statistics={{ step: 100, tau: 0.9, models: [stats('g2'), stats('lstm')] }} />);

describe('panel SVG', () => {
  it('composes the two charts of a panel into one standalone SVG: xmlns, size, inlined style, title, both charts', () => {
    const el = histograms();
    const charts = [...el.querySelectorAll<SVGSVGElement>('svg[role="img"]')];
    expect(charts).toHaveLength(2);
    const file = composeChartsSvg(charts, meta, modelLegend(['g2', 'lstm']));
    if (!file) throw new Error('no svg');
    expect(file.markup.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    const doc = parse(file.markup);
    expect(doc.querySelector('parsererror')).toBeNull();
    const root = doc.documentElement;
    expect(root.namespaceURI).toBe('http://www.w3.org/2000/svg');
    // two 238-wide charts, 8 apart, 6 of padding each side
    expect([root.getAttribute('width'), root.getAttribute('height')]).toEqual([String(file.width), String(file.height)]);
    expect(file.width).toBe(238 + 8 + 238 + 12);
    expect(file.height).toBe(184 + 38 + 6);
    expect(root.querySelector(':scope > title')?.textContent).toBe('Gate histograms — moby-dick, step 120');
    const style = root.querySelector('style')?.textContent ?? '';
    expect(style).toBe(EXPORT_STYLE);
    expect(style).toContain('.axis-label, .panel-label { font-size: 11px; fill: #444; }');
    expect(style).toContain('font-family: system-ui');
    const nested = root.querySelectorAll('g > svg');
    expect(nested).toHaveLength(2);
    expect([...nested].map((s) => [s.getAttribute('x'), s.getAttribute('width'), s.getAttribute('height')])).toEqual([
      ['0', '238', '184'],
      ['246', '238', '184'],
    ]);
    expect(nested[0]?.querySelectorAll('rect')).toHaveLength(20); // 10 bins, two models
    expect([...nested].map((s) => s.querySelector('.panel-label')?.textContent)).toEqual(['Input gate', 'Forget gate']);
    expect([...root.querySelectorAll('.export-legend')].map((t) => t.textContent)).toEqual(['G2-LSTM', 'LSTM']);
    // the page's own charts are untouched
    expect(charts[0]?.getAttribute('x')).toBeNull();
  });

  it('no charts: nothing to export', () => {
    expect(composeChartsSvg([], meta, [])).toBeNull();
  });
});

describe('gates-over-text SVG', () => {
  it('one rect per character per row, rows labelled, blocks of charsPerLine characters', () => {
    const chars = Array.from('Call me\n<Ishmael> & "x"');
    const values = (scale: number) => Float32Array.from(chars, (_, k) => (k * scale) / chars.length);
    const rows = [
      { key: 'g2-input', label: 'G2 input', values: values(1) },
      { key: 'g2-forget', label: 'G2 forget', values: values(0.5) },
      { key: 'lstm-input', label: 'LSTM input', values: values(0.2) },
    ];
    const file = gateTextSvg(chars, rows, 10, { ...meta, title: 'Gates over text' });
    if (!file) throw new Error('no svg');
    const doc = parse(file.markup);
    expect(doc.querySelector('parsererror')).toBeNull();
    const blocks = doc.querySelectorAll('.gate-block');
    expect(blocks).toHaveLength(Math.ceil(chars.length / 10));
    const lines = doc.querySelectorAll('.gate-row');
    expect(lines).toHaveLength(blocks.length * rows.length);
    expect(doc.querySelectorAll('.gate-row rect')).toHaveLength(chars.length * rows.length);
    expect(lines[0]?.querySelectorAll('rect')).toHaveLength(10);
    expect([...lines].slice(0, 3).map((l) => l.querySelector('.gate-row-label')?.textContent)).toEqual(['G2 input', 'G2 forget', 'LSTM input']);
    // the characters on the rects, a line break shown as ↵, markup characters escaped and read back
    const drawn = [...blocks].flatMap((b) => [...(b.querySelector('.gate-row')?.querySelectorAll('.gate-char') ?? [])].map((t) => t.textContent));
    expect(drawn.join('')).toBe('Call me↵<Ishmael> & "x"');
    // coloured by value: 0 is viridis' dark end, the last G2 input (near 1) the yellow end
    const fills = [...(lines[0]?.querySelectorAll('rect') ?? [])].map((r) => r.getAttribute('fill'));
    expect(fills[0]).toBe(GATE_SCALE_LEGEND[0]?.color);
    expect(doc.documentElement.querySelector('title')?.textContent).toBe('Gates over text — moby-dick, step 120');
  });

  it('no text: nothing to export', () => {
    expect(gateTextSvg([], [], 36, meta)).toBeNull();
  });
});

describe('export menu', () => {
  const press = (button: Element | null | undefined) => act(() => (button as HTMLButtonElement).click());
  const byName = (el: Element, name: string) => el.querySelector(`button[aria-label="${name}"]`);

  it('the Export button discloses one named button per format; CSV saves gatelab-<panel>-<corpus>-step<N>.csv', async () => {
    const el = histograms();
    const host = el.querySelector('section')?.parentElement as HTMLElement;
    host.dataset.corpus = 'moby-dick';
    host.dataset.step = '120';
    const toggle = byName(el, 'Export Gate histograms');
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect((el.querySelector('.export-formats') as HTMLElement).hidden).toBe(true);
    press(toggle);
    expect(toggle?.getAttribute('aria-expanded')).toBe('true');
    expect([...el.querySelectorAll('.export-formats button')].map((b) => b.getAttribute('aria-label'))).toEqual(
      ['SVG', 'PNG', 'CSV', 'JSON'].map((f) => `Export Gate histograms as ${f}`),
    );
    const saved: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    // jsdom has no blob: URLs; the page's download goes through one and a link's click
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.set(`blob:${blobs.size}`, blob);
      return `blob:${blobs.size - 1}`;
    });
    URL.revokeObjectURL = vi.fn();
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: blobs.get(this.getAttribute('href') ?? '') as Blob });
    });
    await act(async () => (byName(el, 'Export Gate histograms as CSV') as HTMLButtonElement).click());
    expect(saved.map((s) => s.name)).toEqual(['gatelab-histograms-moby-dick-step120.csv']);
    expect((await textOf(saved[0]?.blob)).split('\r\n')[0]).toMatch(/^step,tau,mode,model,gate,bins,bin,/);
    // choosing closes the formats and gives focus back to the Export button
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
    expect(document.activeElement).toBe(toggle);
  });

  it('a panel with no data yet says so in the panel, as an alert', async () => {
    const el = render(<HistogramPanel statistics={null} />);
    press(byName(el, 'Export Gate histograms'));
    await act(async () => (byName(el, 'Export Gate histograms as JSON') as HTMLButtonElement).click());
    expect(el.querySelector('[role="alert"]')?.textContent).toContain('Nothing to export from Gate histograms yet');
    press([...el.querySelectorAll('button')].find((b) => b.textContent === 'Dismiss'));
    expect(el.querySelector('[role="alert"]')).toBeNull();
  });

  it('a PNG that cannot be made is told in the panel, with the reason', async () => {
    const el = histograms();
    URL.createObjectURL = vi.fn(() => 'blob:svg');
    URL.revokeObjectURL = vi.fn();
    // an image that fails to load, as a browser that refuses the SVG would
    vi.stubGlobal(
      'Image',
      class {
        onerror: (() => void) | null = null;
        set src(_url: string) {
          setTimeout(() => this.onerror?.(), 0);
        }
      },
    );
    press(byName(el, 'Export Gate histograms'));
    await act(async () => {
      (byName(el, 'Export Gate histograms as PNG') as HTMLButtonElement).click();
      await new Promise((resolve) => setTimeout(resolve, 10));
    });
    expect(el.querySelector('[role="alert"]')?.textContent).toContain(
      'Could not export Gate histograms as PNG: the browser could not read the SVG as an image.',
    );
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:svg');
  });

  it('Escape closes the formats', () => {
    const el = histograms();
    const toggle = byName(el, 'Export Gate histograms');
    press(toggle);
    act(() => el.querySelector('.export-formats button')?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(toggle?.getAttribute('aria-expanded')).toBe('false');
  });
});
