import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { g2Losses } from './g2Losses';
import type { CellKernels, IfGates } from '../../../src/model/cellKernels';
import { setCellKernels } from '../../../src/model/cellRegistry';
import { plainCellKernels } from '../../../src/model/plainCell';
import { recurrence } from '../../../src/model/recurrence';
import { CELL_FORWARD } from '../../../src/worker/kernels/cellOps';
import { checkCellKernels } from '../../../src/worker/kernels/selfCheck';
import { fastExp, registerWasmCellOps, unregisterWasmCell, wasmCellKernels } from '../../../src/worker/kernels/wasmCell';
import { patchWasmKernels, unpatchWasmKernels } from '../../../src/worker/kernels/wasmKernels';

beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  patchWasmKernels();
});
afterAll(async () => {
  setCellKernels('wasm', null);
  unregisterWasmCell();
  unpatchWasmKernels();
  await tf.setBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] as number);

/** The recurrence's value and its four gradients under a random linear loss. */
function valueAndGrads(kernels: CellKernels, ifGates?: IfGates): tf.Tensor[] {
  const [T, B, H] = [6, 3, 8];
  const args = [
    tf.randomNormal([T, B, 4 * H], 0, 1.5, 'float32', 11),
    tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', 12),
    tf.randomNormal([B, H], 0, 0.5, 'float32', 13),
    tf.randomNormal([B, H], 0, 0.5, 'float32', 14),
  ] as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const weights = tf.randomNormal([T + 1, B, H], 0, 1, 'float32', 15);
  const f = (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) =>
    recurrence(xs, w, h0, c0, { hardGates: false, detach: [false, false, true, false, false, false], ifGates }, kernels);
  const { grads } = tf.valueAndGrads((...a: tf.Tensor[]) => tf.sum(tf.mul(f(...(a as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor])), weights)))(args);
  return [f(...args), ...grads];
}

describe('the fused LSTM cell in JS on wasm', () => {
  it('computes e^x to a tenth of float32 rounding, keeping NaN', () => {
    let worst = 0;
    for (let x = -87; x <= 87; x += 0.01237) worst = Math.max(worst, Math.abs(fastExp(x) / Math.exp(x) - 1));
    expect(worst).toBeLessThan(1e-8);
    expect(fastExp(0)).toBe(1);
    expect(fastExp(-1000)).toBeLessThan(1e-37);
    expect(Number.isFinite(fastExp(1000))).toBe(true);
    expect(fastExp(Number.NaN)).toBeNaN();
  });

  it('agrees with the plain ops and autodiff: soft, h-detached and binarized gates, at two sizes', async () => {
    registerWasmCellOps();
    for (const sizes of [
      { steps: 4, batch: 2, hidden: 8 },
      { steps: 7, batch: 5, hidden: 24 },
    ]) {
      const report = await checkCellKernels(wasmCellKernels(), sizes);
      for (const c of report.cases) {
        expect(c.forwardVsPlain, c.label).toBeLessThan(2e-6);
        for (const d of [...c.gradsVsPlain, ...c.gradsVsAutodiff]) expect(d, c.label).toBeLessThan(1e-5);
      }
      expect(report.ok).toBe(true);
    }
  });

  it('takes a gate function on the plain ops, and σ on the fused kernels, with the same results', () => {
    registerWasmCellOps();
    const sigmoidGates: IfGates = (zIF) => {
      const gates = tf.sigmoid(zIF);
      return { gates, slopes: { own: tf.mul(gates, tf.sub(1, gates)) } };
    };
    const kernels = wasmCellKernels();
    tf.tidy(() => {
      const fused = valueAndGrads(kernels);
      const viaGateFunction = valueAndGrads(kernels, sigmoidGates);
      const plain = valueAndGrads(plainCellKernels);
      fused.forEach((t, k) => {
        expect(maxDiff(t, plain[k] as tf.Tensor), `output ${k}`).toBeLessThan(1e-5);
        expect(maxDiff(viaGateFunction[k] as tf.Tensor, plain[k] as tf.Tensor), `output ${k} with a gate function`).toBeLessThan(1e-5);
      });
    });
  });

  it('trains G2 to the plain ops’ losses, launching one cell kernel per step', () => {
    registerWasmCellOps();
    setCellKernels('wasm', wasmCellKernels());
    const launched: string[] = [];
    const engine = tf.engine() as unknown as { runKernelFunc: (...a: unknown[]) => unknown };
    const run = engine.runKernelFunc;
    engine.runKernelFunc = (...a: unknown[]) => {
      launched.push((a[0] as { kernelName?: string }).kernelName ?? '');
      return run.apply(engine, a);
    };
    let fused: number[];
    try {
      fused = g2Losses(3);
    } finally {
      engine.runKernelFunc = run;
    }
    // 2 layers × 5 steps × 3 training steps.
    expect(launched.filter((k) => k === CELL_FORWARD)).toHaveLength(30);
    setCellKernels('wasm', null);
    const plain = g2Losses(3);
    fused.forEach((loss, s) => expect(loss).toBeCloseTo(plain[s] as number, 5));
  });
});
