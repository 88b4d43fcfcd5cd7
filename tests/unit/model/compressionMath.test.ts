import { describe, expect, it } from 'vitest';
import {
  clip,
  lowRank,
  type Matrix,
  mapGateBlocks,
  roundAndClip,
  roundTo,
  singularValues,
} from '../../../src/model/compressionMath';
import { SeedStream } from '../../../src/model/seeds';

function random(rows: number, cols: number, seed: number): Matrix {
  const s = new SeedStream(seed);
  return { rows, cols, data: Float32Array.from({ length: rows * cols }, () => s.nextFloat() * 2 - 1) };
}

function product(a: Matrix, b: Matrix): Matrix {
  const data = new Float32Array(a.rows * b.cols);
  for (let r = 0; r < a.rows; r++)
    for (let c = 0; c < b.cols; c++) {
      let sum = 0;
      for (let k = 0; k < a.cols; k++)
        sum += (a.data[r * a.cols + k] as number) * (b.data[k * b.cols + c] as number);
      data[r * b.cols + c] = sum;
    }
  return { rows: a.rows, cols: b.cols, data };
}

function frobenius(a: Matrix, b?: Matrix): number {
  let sum = 0;
  for (let k = 0; k < a.data.length; k++)
    sum += ((a.data[k] as number) - (b ? (b.data[k] as number) : 0)) ** 2;
  return Math.sqrt(sum);
}

describe('compression math', () => {
  it('rounds to multiples of r and clips to ±c exactly', () => {
    const m: Matrix = { rows: 1, cols: 6, data: Float32Array.from([0.29, 0.31, -0.35, 0.05, 0.95, -0.61]) };
    expect(Array.from(roundTo(m, 0.2).data).map((v) => +v.toFixed(6))).toEqual([0.2, 0.4, -0.4, 0, 1, -0.6]);
    expect(Array.from(clip(m, 0.3).data).map((v) => +v.toFixed(6))).toEqual([
      0.29, 0.3, -0.3, 0.05, 0.3, -0.3,
    ]);
    const allowed = [0, 0.2, -0.2, 0.4, -0.4];
    for (const v of roundAndClip(random(20, 20, 1), 0.2, 0.4).data) {
      expect(allowed.some((a) => Math.abs(a - v) < 1e-6)).toBe(true);
    }
  });

  it('refuses a rounding step that is not positive', () => {
    expect(() => roundTo(random(2, 2, 1), 0)).toThrow(/positive/);
    expect(() => roundTo(random(2, 2, 1), -0.1)).toThrow(/positive/);
  });

  it('a rank-r matrix survives rank-r SVD, and not rank r − 1', () => {
    const m = product(random(12, 3, 2), random(3, 9, 3));
    expect(frobenius(lowRank(m, 3), m) / frobenius(m)).toBeLessThan(1e-4);
    expect(frobenius(lowRank(m, 2), m) / frobenius(m)).toBeGreaterThan(1e-2);
  });

  it('full rank is the identity and the error obeys Eckart–Young', () => {
    const m = random(10, 7, 4);
    expect(frobenius(lowRank(m, 7), m)).toBe(0);
    const s = singularValues(m);
    const expected = Math.sqrt(s.slice(3).reduce((a, v) => a + v * v, 0));
    expect(frobenius(lowRank(m, 3), m)).toBeCloseTo(expected, 4);
  });

  it('compresses only the named gate blocks of a [in, 4H] matrix', () => {
    const H = 3;
    const m = random(5, 4 * H, 5);
    const out = mapGateBlocks(m, H, ['i', 'f'], (b) => roundTo(b, 0.5));
    for (let r = 0; r < 5; r++) {
      for (let c = 0; c < 4 * H; c++) {
        const v = out.data[r * 4 * H + c] as number;
        const original = m.data[r * 4 * H + c] as number;
        if (c < 2 * H) expect(v).toBeCloseTo(Math.round(original / 0.5) * 0.5, 6);
        else expect(v).toBe(original);
      }
    }
    expect(() => mapGateBlocks(m, 4, ['i'], (b) => b)).toThrow(/16 columns/);
  });
});
