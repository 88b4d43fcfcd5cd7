import { Matrix as MlMatrix, SingularValueDecomposition } from 'ml-matrix';
import { GATE_ORDER, type GateName } from './params';

/** A row-major matrix of plain numbers. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float32Array;
}

function mapValues(m: Matrix, fn: (w: number) => number): Matrix {
  return { rows: m.rows, cols: m.cols, data: m.data.map(fn) };
}

/** round(w / r) · r */
export function roundTo(m: Matrix, step: number): Matrix {
  if (!(step > 0)) throw new Error(`the rounding step must be positive, got ${step}`);
  return mapValues(m, (w) => Math.round(w / step) * step);
}

/** clip(w, −c, c) */
export function clip(m: Matrix, c: number): Matrix {
  if (!(c >= 0)) throw new Error(`the clipping bound must be non-negative, got ${c}`);
  return mapValues(m, (w) => Math.min(c, Math.max(-c, w)));
}

export function roundAndClip(m: Matrix, step: number, c: number): Matrix {
  return clip(roundTo(m, step), c);
}

function toMl(m: Matrix): MlMatrix {
  const out = new MlMatrix(m.rows, m.cols);
  for (let r = 0; r < m.rows; r++)
    for (let c = 0; c < m.cols; c++) out.set(r, c, m.data[r * m.cols + c] as number);
  return out;
}

/** Best rank-k approximation (truncated SVD, Eckart–Young); k ≤ 0 gives zeros, k ≥ min(rows, cols) a copy. */
export function lowRank(m: Matrix, k: number): Matrix {
  if (k >= Math.min(m.rows, m.cols)) return { ...m, data: m.data.slice() };
  if (k <= 0) return { ...m, data: new Float32Array(m.data.length) };
  const svd = new SingularValueDecomposition(toMl(m), { autoTranspose: true });
  const u = svd.leftSingularVectors;
  const v = svd.rightSingularVectors;
  const s = svd.diagonal;
  const data = new Float32Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let c = 0; c < m.cols; c++) {
      let sum = 0;
      for (let j = 0; j < k; j++) sum += u.get(r, j) * (s[j] as number) * v.get(c, j);
      data[r * m.cols + c] = sum;
    }
  }
  return { rows: m.rows, cols: m.cols, data };
}

export function singularValues(m: Matrix): number[] {
  return new SingularValueDecomposition(toMl(m), { autoTranspose: true }).diagonal;
}

/**
 * Applies `fn` to each named gate's column block [in, H] of a [in, 4H] weight matrix (gate order
 * i, f, g, o), each block separately, and leaves the other columns as they are.
 */
export function mapGateBlocks(
  m: Matrix,
  hidden: number,
  gates: GateName[],
  fn: (block: Matrix) => Matrix,
): Matrix {
  if (m.cols !== 4 * hidden)
    throw new Error(`expected ${4 * hidden} columns (4 gates of ${hidden}), got ${m.cols}`);
  const out = m.data.slice();
  for (const gate of gates) {
    const offset = GATE_ORDER.indexOf(gate) * hidden;
    const block = new Float32Array(m.rows * hidden);
    for (let r = 0; r < m.rows; r++)
      block.set(m.data.subarray(r * m.cols + offset, r * m.cols + offset + hidden), r * hidden);
    const mapped = fn({ rows: m.rows, cols: hidden, data: block });
    for (let r = 0; r < m.rows; r++)
      out.set(mapped.data.subarray(r * hidden, (r + 1) * hidden), r * m.cols + offset);
  }
  return { rows: m.rows, cols: m.cols, data: out };
}
