import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { recurrence, recurrenceTraced } from '../../../src/model/recurrence';
import { maxAbsDiff } from './maxAbsDiff';
import { recurrenceInputs } from './recurrenceInputs';

const T = 5;
const B = 3;
const H = 4;

function inputs(seed: number) {
  return { ...recurrenceInputs(seed, { T, B, H }), weights: tf.randomNormal([T + 1, B, H], 0, 1, 'float32', seed + 4) };
}

type Options = Parameters<typeof recurrence>[4];

function fusedLoss(options: Options, weights: tf.Tensor) {
  return (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) =>
    tf.sum(tf.mul(recurrence(xs, w, h0, c0, options), weights));
}

describe('recurrence', () => {
  it('forward: fused and traced paths give the same states', () => {
    const x = inputs(1);
    const fused = recurrence(x.xs, x.wHh, x.h0, x.c0, { hardGates: false });
    const traced = recurrenceTraced(x.xs, x.wHh, x.h0, x.c0, { hardGates: false });
    expect(maxAbsDiff(tf.slice(fused, 0, T), traced.hs)).toBeLessThan(1e-6);
    expect(maxAbsDiff(tf.squeeze(tf.slice(fused, T, 1), [0]), traced.cT)).toBeLessThan(1e-6);
    expect(traced.gatesIF.shape).toEqual([T, B, 2 * H]);
  });

  // The custom gradient against autodiff of the traced recurrence: cellKernels.test.ts ('plain cell kernels').

  it('h-detach changes the gradient of W_hh, not the forward pass', () => {
    const x = inputs(20);
    const plain = tf.grads(fusedLoss({ hardGates: false }, x.weights))([x.xs, x.wHh, x.h0, x.c0]);
    const detached = tf.grads(
      fusedLoss({ hardGates: false, detach: [true, true, true, true, true] }, x.weights),
    )([x.xs, x.wHh, x.h0, x.c0]);
    expect(maxAbsDiff(plain[1] as tf.Tensor, detached[1] as tf.Tensor)).toBeGreaterThan(1e-3);
    // Fully detached, no gradient reaches h0 through the gates.
    expect(tf.max(tf.abs(detached[2] as tf.Tensor)).dataSync()[0]).toBe(0);
  });

  it('custom gradient matches central finite differences', () => {
    const x = inputs(30);
    const f = fusedLoss({ hardGates: false }, x.weights);
    const args = [x.xs, x.wHh, x.h0, x.c0];
    const grads = tf.grads(f)(args);
    const eps = 1e-2;
    args.forEach((arg, k) => {
      const direction = tf.randomNormal(arg.shape, 0, 1, 'float32', 100 + k);
      const shifted = (sign: number) => {
        const moved = args.map((a, j) => (j === k ? tf.add(a, tf.mul(direction, sign * eps)) : a));
        return f(
          moved[0] as tf.Tensor,
          moved[1] as tf.Tensor,
          moved[2] as tf.Tensor,
          moved[3] as tf.Tensor,
        ).dataSync()[0] as number;
      };
      const numeric = (shifted(1) - shifted(-1)) / (2 * eps);
      const analytic = tf.sum(tf.mul(grads[k] as tf.Tensor, direction)).dataSync()[0] as number;
      expect(Math.abs(numeric - analytic)).toBeLessThan(2e-2 * Math.max(1, Math.abs(analytic)));
    });
  });

  it('leaves no tensors behind', () => {
    const x = inputs(40);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 5; k++) {
      const loss = fusedLoss({ hardGates: false, detach: [true, false, true, false, true] }, x.weights);
      tf.tidy(() => {
        tf.grads(loss)([x.xs, x.wHh, x.h0, x.c0]);
      });
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
