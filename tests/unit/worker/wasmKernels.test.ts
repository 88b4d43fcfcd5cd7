import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cellKernelsFor } from '../../../src/model/cellRegistry';
import { plainCellKernels } from '../../../src/model/plainCell';
import { registerCellKernels } from '../../../src/worker/kernels/register';
import { checkCellKernels } from '../../../src/worker/kernels/selfCheck';
import { checkWasmKernels, installWasmKernels } from '../../../src/worker/kernels/wasmCheck';
import { PATCHED_KERNELS, patchWasmKernels, unpatchWasmKernels, wasmKernelsPatched } from '../../../src/worker/kernels/wasmKernels';

// The wasm backend runs in Node as in the browser (src/cli/nodeBackend.ts).
const stock = new Map<string, tf.KernelFunc>();
beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  for (const name of PATCHED_KERNELS) stock.set(name, tf.getKernel(name, 'wasm').kernelFunc);
});
afterAll(async () => {
  unpatchWasmKernels();
  await tf.setBackend('cpu');
});

const dataIds = () => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();

describe('the fixed wasm kernels', () => {
  it('pass their self-check against tfjs kernels and stay installed', async () => {
    const report = await checkWasmKernels();
    expect(report.cases.length).toBeGreaterThanOrEqual(10);
    for (const c of report.cases) expect(c.diff, c.label).toBeLessThanOrEqual(1e-5);
    expect(report.ok).toBe(true);
    expect(wasmKernelsPatched()).toBe(true);
    for (const name of PATCHED_KERNELS) expect(tf.getKernel(name, 'wasm').kernelFunc).not.toBe(stock.get(name));
  });

  it('slice a box out of a strided tensor element by element', () => {
    patchWasmKernels();
    const x = tf.range(0, 4 * 5 * 6).reshape([4, 5, 6]);
    const got = tf.slice(x, [1, 2, 3], [2, 3, 2]).arraySync() as number[][][];
    const want = [1, 2].map((i) => [2, 3, 4].map((j) => [3, 4].map((k) => 30 * i + 6 * j + k)));
    expect(got).toEqual(want);
    const [, second] = tf.unstack(x, 1);
    expect((second as tf.Tensor).shape).toEqual([4, 6]);
    expect(((second as tf.Tensor).arraySync() as number[][])[3]).toEqual([96, 97, 98, 99, 100, 101]);
    const parts = tf.split(x, [1, 5], 2);
    expect(parts.map((p) => p.shape)).toEqual([
      [4, 5, 1],
      [4, 5, 5],
    ]);
    expect((parts[0] as tf.Tensor).reshape([20]).arraySync()).toEqual(Array.from({ length: 20 }, (_, r) => 6 * r));
    tf.dispose([x, second as tf.Tensor, ...parts]);
  });

  it('multiply transposed operands like the untransposed product and free their temporaries', () => {
    patchWasmKernels();
    const a = tf.randomNormal([6, 4], 0, 1, 'float32', 1);
    const b = tf.randomNormal([5, 6], 0, 1, 'float32', 2);
    const before = dataIds();
    const viaFlags = tf.matMul(a, b, true, true);
    expect(dataIds()).toBe(before + 1);
    const explicit = tf.matMul(tf.transpose(a), tf.transpose(b));
    expect(tf.max(tf.abs(tf.sub(viaFlags, explicit))).dataSync()[0]).toBeLessThan(1e-5);
    tf.dispose([a, b, viaFlags, explicit]);
  });

  it('sum over leading axes row by row, like a double-precision sum, and leave other reductions to tfjs', () => {
    patchWasmKernels();
    const values = Float32Array.from({ length: 300 * 7 }, (_, k) => Math.sin(k) * (1 + (k % 13)));
    const x = tf.tensor2d(values, [300, 7]);
    const want = Array.from({ length: 7 }, (_, j) => {
      let total = 0;
      for (let r = 0; r < 300; r++) total += values[r * 7 + j] as number;
      return total;
    });
    const got = tf.sum(x, 0).dataSync();
    want.forEach((w, j) => expect(got[j]).toBeCloseTo(w, 4));
    const kept = tf.sum(tf.reshape(x, [30, 10, 7]), [0, 1], true);
    expect(kept.shape).toEqual([1, 1, 7]);
    expect(Array.from(kept.dataSync())).toEqual(Array.from(got));
    // Over the last axis: tfjs's own kernel, the same values as a sum of the transpose's leading axis.
    const rows = tf.sum(x, 1);
    expect(tf.max(tf.abs(tf.sub(rows, tf.sum(tf.transpose(x), 0)))).dataSync()[0]).toBeLessThan(1e-4);
    tf.dispose([x, kept, rows]);
  });

  it('keep the plain recurrence equal to autodiff on wasm', async () => {
    patchWasmKernels();
    const report = await checkCellKernels(plainCellKernels, { steps: 5, batch: 3, hidden: 8 });
    for (const c of report.cases) {
      for (const d of c.gradsVsAutodiff) expect(d, c.label).toBeLessThan(1e-4);
      expect(c.forwardVsTraced, c.label).toBeLessThan(1e-5);
    }
    expect(report.ok).toBe(true);
  });

  it('are installed with the fused cell when the app starts wasm', async () => {
    unpatchWasmKernels();
    const status = await registerCellKernels('wasm');
    expect(status).toMatchObject({ backend: 'wasm', active: 'wasm-fused' });
    expect(status.reason).toContain('self-check passed');
    expect(status.check?.ok).toBe(true);
    expect(wasmKernelsPatched()).toBe(true);
    expect(cellKernelsFor('wasm', 64).name).toBe('wasm-fused');
    // The cpu backend keeps matMul's transpose flags.
    expect(cellKernelsFor('cpu', 64)).toBe(plainCellKernels);
  });

  it('come out again, leaving tfjs kernels in place', async () => {
    patchWasmKernels();
    unpatchWasmKernels();
    expect(wasmKernelsPatched()).toBe(false);
    for (const name of PATCHED_KERNELS) expect(tf.getKernel(name, 'wasm').kernelFunc).toBe(stock.get(name));
    const install = await installWasmKernels();
    expect(install).toEqual({ ok: true, reason: expect.stringContaining('self-check passed') });
    expect(wasmKernelsPatched()).toBe(true);
  });
});
