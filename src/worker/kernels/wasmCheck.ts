/**
 * The wasm kernel replacements (wasmKernels.ts) against tfjs's own kernels, on the running wasm
 * backend: every case is computed with both and compared. Slices must agree exactly; matrix products
 * to float rounding (XNNPACK and tfjs's loop sum in different orders).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { PATCHED_KERNELS, patchWasmKernels, unpatchWasmKernels, wasmKernelsPatched } from './wasmKernels';
import { messageOf } from '../../messageOf';

export interface WasmCheckReport {
  /** Per case: max |replacement − tfjs| / max(1, max |tfjs|). */
  cases: { label: string; diff: number }[];
  tolerance: number;
  ok: boolean;
}

type Case = { label: string; run: () => tf.Tensor[] };

// Seeds from 1: tfjs takes seed 0 for no seed.
const r = (shape: number[], seed: number) => tf.randomNormal(shape, 0, 1, 'float32', seed);

const CASES: Case[] = [
  ...[
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ].map(([ta, tb], k) => ({
    label: `matMul transposeA ${ta} transposeB ${tb}`,
    run: () => [tf.matMul(r(ta ? [7, 5] : [5, 7], k + 1), r(tb ? [3, 7] : [7, 3], k + 10), ta, tb)],
  })),
  { label: 'batched matMul transposeA', run: () => [tf.matMul(r([2, 7, 5], 20), r([2, 7, 3], 21), true, false)] },
  { label: 'contiguous slice', run: () => [tf.slice(r([4, 5, 6], 30), [1, 0, 0], [2, 5, 6])] },
  { label: 'strided slice', run: () => [tf.slice(r([4, 5, 6], 31), [1, 2, 3], [3, 2, 2])] },
  { label: 'slice of rank 5', run: () => [tf.slice(r([2, 3, 2, 3, 4], 32), [1, 1, 0, 1, 1], [1, 2, 2, 2, 3])] },
  { label: 'unstack axis 0', run: () => tf.unstack(r([4, 3, 5], 40)) },
  { label: 'unstack axis 1', run: () => tf.unstack(r([4, 3, 5], 41), 1) },
  { label: 'split sizes on axis 1', run: () => tf.split(r([4, 6], 50), [1, 2, 3], 1) },
  { label: 'split in 2 on axis 2', run: () => tf.split(r([3, 2, 8], 51), 2, 2) },
  { label: 'sum over axis 0', run: () => [tf.sum(r([37, 6], 60), 0)] },
  { label: 'sum over axes 0 and 1, dims kept', run: () => [tf.sum(r([4, 5, 3], 61), [1, 0], true)] },
  { label: 'sum over the last axis', run: () => [tf.sum(r([4, 5], 62), 1)] },
  { label: 'sum of everything', run: () => [tf.sum(r([4, 5], 63))] },
  { label: 'gather rows, repeated', run: () => [tf.gather(r([7, 5], 70), tf.tensor1d([3, 0, 3, 6, 1], 'int32'))] },
  { label: 'gather on axis 1 with 2-d indices', run: () => [tf.gather(r([3, 6, 2], 71), tf.tensor2d([5, 0, 2, 2], [2, 2], 'int32'), 1)] },
];

type Values = { shapes: number[][]; data: Float32Array[] };

async function values(run: () => tf.Tensor[]): Promise<Values> {
  const outs = tf.tidy(run);
  try {
    return { shapes: outs.map((t) => t.shape), data: (await Promise.all(outs.map((t) => t.data()))) as Float32Array[] };
  } finally {
    tf.dispose(outs);
  }
}

async function valuesOfAll(): Promise<Values[]> {
  const all: Values[] = [];
  for (const c of CASES) all.push(await values(c.run));
  return all;
}

function difference(a: Values, b: Values): number {
  if (JSON.stringify(a.shapes) !== JSON.stringify(b.shapes)) return Number.POSITIVE_INFINITY;
  let diff = 0;
  a.data.forEach((x, k) => {
    const y = b.data[k] as Float32Array;
    let scale = 1;
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs((x[i] as number) - (y[i] as number)) / scale);
  });
  return diff;
}

/** Runs the cases with tfjs's kernels and with the replacements; leaves the replacements installed only if all agree. */
export async function checkWasmKernels(tolerance = 1e-5): Promise<WasmCheckReport> {
  if (tf.getBackend() !== 'wasm') throw new Error(`the running backend is ${tf.getBackend()}, not wasm`);
  unpatchWasmKernels();
  const stock = await valuesOfAll();
  patchWasmKernels();
  const patched = await valuesOfAll();
  const cases = CASES.map((c, k) => ({ label: c.label, diff: difference(patched[k] as Values, stock[k] as Values) }));
  // NaN fails the comparison, so it fails the check.
  const ok = cases.every((c) => c.diff <= tolerance);
  if (!ok) unpatchWasmKernels();
  return { cases, tolerance, ok };
}

/** Installs the replacements after the check; a one-line reason for the backend's status. */
export async function installWasmKernels(): Promise<{ ok: boolean; reason: string }> {
  try {
    const report = await checkWasmKernels();
    if (report.ok && wasmKernelsPatched()) return { ok: true, reason: `plain ops on fixed wasm kernels (${PATCHED_KERNELS.join(', ')}): self-check passed` };
    const worst = report.cases.filter((c) => !(c.diff <= report.tolerance)).map((c) => `${c.label} ${c.diff}`);
    return { ok: false, reason: `plain ops on tfjs's wasm kernels: the fixed kernels disagreed (${worst.join('; ')})` };
  } catch (e) {
    unpatchWasmKernels();
    return { ok: false, reason: `plain ops on tfjs's wasm kernels: the fixed kernels failed: ${messageOf(e)}` };
  }
}
