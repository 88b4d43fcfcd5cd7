import { describe, expect, it } from 'vitest';
import {
  binarizationGap,
  correlation,
  endBinFractions,
  histogram,
  jointCorners,
  jointHistogram,
  rowMeans, unigramEntropy, unitColumn, unitMeans } from '../../../src/model/gateStats';

describe('gate statistics', () => {
  it('bins values in [0, 1] into equal bins, 1.0 in the last', () => {
    expect(histogram([0, 0.05, 0.1, 0.55, 0.999, 1], 10)).toEqual([2 / 6, 1 / 6, 0, 0, 0, 1 / 6, 0, 0, 0, 2 / 6]);
    const fifty = histogram(Float32Array.from({ length: 1000 }, (_, k) => (k + 0.5) / 1000), 50);
    expect(fifty).toHaveLength(50);
    for (const f of fifty) expect(f).toBeCloseTo(0.02, 10);
  });

  it('counts the end bins the way the paper does', () => {
    expect(endBinFractions([0.01, 0.099, 0.1, 0.5, 0.9, 0.95, 1])).toEqual({ low: 2 / 7, high: 3 / 7 });
  });

  it('averages per unit and per token over a [rows, units] array', () => {
    const values = [0, 1, 0.5, 1, 1, 0.5];
    expect(Array.from(unitMeans(values, 3))).toEqual([0.5, 1, 0.5]);
    expect(Array.from(rowMeans(values, 3))).toEqual([0.5, Math.fround(2.5 / 3)]);
    expect(Array.from(unitColumn(values, 3, 2))).toEqual([0.5, 0.5]);
  });

  it('is zero distance from binary only for binary gates', () => {
    expect(binarizationGap([0, 1, 1, 0])).toBe(0);
    expect(binarizationGap([0.5, 0.5])).toBe(0.5);
    expect(binarizationGap([0.1, 0.8])).toBeCloseTo(0.15, 10);
  });

  it('unigram entropy is log V for a uniform text and 0 for a constant one', () => {
    expect(unigramEntropy([0, 1, 2, 3], 4)).toBeCloseTo(Math.log(4), 12);
    expect(unigramEntropy([2, 2, 2], 4)).toBe(0);
  });

  it('bins (input, forget) pairs jointly, input gate by row, and sums to 1', () => {
    const joint = jointHistogram([0, 0.05, 1, 0.6], [1, 0.95, 0, 0.4], 2);
    // (0,1) (0,1) (1,0) (1,0): the anti-diagonal only.
    expect(Array.from(joint)).toEqual([0, 0.5, 0.5, 0]);
    const ten = jointHistogram([0.15, 0.15, 0.95], [0.25, 0.25, 0.95], 10);
    expect(ten[1 * 10 + 2]).toBeCloseTo(2 / 3, 6);
    expect(ten[9 * 10 + 9]).toBeCloseTo(1 / 3, 6);
    expect(ten.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    expect(Array.from(jointHistogram([], [], 3))).toEqual(new Array(9).fill(0));
    expect(() => jointHistogram([0.1], [], 3)).toThrow(/1 input values but 0 forget/);
  });

  it('correlates gates with Pearson r, and gives 0 for a constant series', () => {
    expect(correlation([1, 2, 3, 4], [2, 4, 6, 8])).toBeCloseTo(1, 12);
    expect(correlation([1, 2, 3, 4], [8, 6, 4, 2])).toBeCloseTo(-1, 12);
    expect(correlation([1, 2, 3, 4], [1, -1, -1, 1])).toBeCloseTo(0, 12);
    expect(correlation([0.5, 0.5, 0.5], [0.1, 0.9, 0.3])).toBe(0);
    expect(correlation([], [])).toBe(0);
  });

  it('sums the four corner regions of a joint histogram', () => {
    const joint = jointHistogram([0.05, 0.05, 0.95, 0.95, 0.5], [0.05, 0.95, 0.05, 1, 0.5], 20);
    const corners = jointCorners(joint, 20);
    expect(Object.keys(corners).sort()).toEqual(['closedClosed', 'closedOpen', 'openClosed', 'openOpen']);
    for (const share of Object.values(corners)) expect(share).toBeCloseTo(0.2, 6);
    expect(() => jointCorners(joint, 7)).toThrow(/do not split/);
  });
});
