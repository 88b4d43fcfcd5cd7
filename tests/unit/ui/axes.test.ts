// @vitest-environment jsdom
import * as d3 from 'd3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { thinTickLabels } from '../../../src/ui/panels/axes';

/** The x axis of a chart `width` wide over [0, 2000] with d3's ten ticks, thinned; the labels left and their spans. */
function thinned(width: number) {
  const svg = d3.select(document.body).append('svg');
  const x = d3.scaleLinear().domain([0, 2000]).range([30, width - 20]);
  const axis = svg.append('g').call(d3.axisBottom(x).ticks(10));
  thinTickLabels(axis, width);
  const labels = axis.selectAll<SVGTextElement, unknown>('.tick text').nodes();
  const spans = labels.map((t) => {
    const at = Number(/translate\(([-\d.]+)/.exec((t.parentNode as Element).getAttribute('transform') ?? '')?.[1]);
    const half = ((t.textContent ?? '').length * 10 * 0.6) / 2;
    return [at - half, at + half] as const;
  });
  svg.remove();
  return { texts: labels.map((t) => t.textContent), spans };
}

describe('tick labels', () => {
  it('a narrow axis keeps only labels that neither touch each other nor spill past its edges', () => {
    const { texts, spans } = thinned(150);
    expect(texts.length).toBeGreaterThan(1);
    expect(texts.length).toBeLessThan(11);
    expect(spans[0]![0]).toBeGreaterThanOrEqual(0);
    expect(spans.at(-1)![1]).toBeLessThanOrEqual(150);
    spans.slice(1).forEach(([left], k) => expect(left).toBeGreaterThan(spans[k]![1]));
  });

  it('a wide axis keeps every label', () => {
    expect(thinned(600).texts).toHaveLength(11);
  });

  describe('measured where the page is laid out', () => {
    const proto = SVGElement.prototype as SVGElement & { getComputedTextLength?: () => number };
    afterEach(() => {
      delete proto.getComputedTextLength;
    });

    it('measures each label text once, however often the axis is redrawn, and before removing any', () => {
      // A browser lays the page out at each measurement after a change: the gate panels redraw at every τ.
      const measured: string[] = [];
      let removed = 0;
      const remove = vi.spyOn(Element.prototype, 'remove').mockImplementation(function (this: Element) {
        removed++;
        this.parentNode?.removeChild(this);
      });
      proto.getComputedTextLength = vi.fn(function (this: SVGElement) {
        if (removed > 0) throw new Error('measured after a label was removed');
        measured.push(this.textContent ?? '');
        return (this.textContent ?? '').length * 6;
      });
      const first = thinned(157).texts;
      const once = [...measured];
      expect(once.length).toBe(11);
      removed = 0;
      expect(thinned(157).texts).toEqual(first);
      expect(measured).toEqual(once);
      remove.mockRestore();
    });
  });
});
