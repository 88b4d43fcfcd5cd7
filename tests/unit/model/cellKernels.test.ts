import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import type { CellKernels } from '../../../src/model/cellKernels';
import { cellKernelsFor, setCellKernels } from '../../../src/model/cellRegistry';
import { plainCell, plainCellKernels } from '../../../src/model/plainCell';
import { recurrence, recurrenceTraced } from '../../../src/model/recurrence';
import { maxAbsDiff } from './maxAbsDiff';

const defaultPlain = plainCellKernels;

const T = 4;
const B = 2;
const H = 3;

function inputs(seed: number) {
  return [
    tf.randomNormal([T, B, 4 * H], 0, 1, 'float32', seed),
    tf.randomNormal([H, 4 * H], 0, 0.5, 'float32', seed + 1),
    tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 2),
    tf.randomNormal([B, H], 0, 0.5, 'float32', seed + 3),
  ] as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
}


/** A stand-in "fused" implementation that counts its calls and delegates to plain ops. */
function countingKernels(supportsHidden: (h: number) => boolean) {
  const calls = { forward: 0, backward: 0 };
  const kernels: CellKernels = {
    name: 'counting',
    supports: supportsHidden,
    customGates: false,
    forward: (...args) => {
      calls.forward++;
      return plainCellKernels.forward(...args);
    },
    backward: (...args) => {
      calls.backward++;
      return plainCellKernels.backward(...args);
    },
  };
  return { kernels, calls };
}

describe('cell kernel registry', () => {
  afterEach(() => setCellKernels(tf.getBackend(), null));

  it('uses plain ops where nothing is registered (Node, cpu)', () => {
    expect(cellKernelsFor(tf.getBackend(), H)).toBe(plainCellKernels);
    expect(cellKernelsFor('webgpu', H)).toBe(plainCellKernels);
  });

  it('a gate function other than σ (Beta gates) goes to plain ops when the registered kernels compute σ only', () => {
    const { kernels } = countingKernels(() => true);
    setCellKernels(tf.getBackend(), kernels);
    expect(cellKernelsFor(tf.getBackend(), H, false)).toBe(kernels);
    expect(cellKernelsFor(tf.getBackend(), H, true)).toBe(plainCellKernels);
    setCellKernels(tf.getBackend(), { ...kernels, customGates: true });
    expect(cellKernelsFor(tf.getBackend(), H, true).customGates).toBe(true);
    expect(cellKernelsFor(tf.getBackend(), H, true)).not.toBe(plainCellKernels);
  });

  it('recurrence() runs the implementation registered for the current backend, forward and backward', () => {
    const { kernels, calls } = countingKernels(() => true);
    setCellKernels(tf.getBackend(), kernels);
    expect(cellKernelsFor(tf.getBackend(), H)).toBe(kernels);
    const [xs, w, h0, c0] = inputs(1);
    tf.grads((x: tf.Tensor) => tf.sum(recurrence(x, w, h0, c0, { hardGates: false })))([xs]);
    expect(calls).toEqual({ forward: 1, backward: 1 });
  });

  it('falls back to plain ops for a size the registered implementation does not support', () => {
    const { kernels, calls } = countingKernels((hidden) => hidden % 2 === 0);
    setCellKernels(tf.getBackend(), kernels);
    expect(cellKernelsFor(tf.getBackend(), 3)).toBe(plainCellKernels);
    const [xs, w, h0, c0] = inputs(2);
    recurrence(xs, w, h0, c0, { hardGates: false });
    expect(calls.forward).toBe(0);
  });

  it('unregistering restores the plain path', () => {
    const { kernels } = countingKernels(() => true);
    setCellKernels(tf.getBackend(), kernels);
    setCellKernels(tf.getBackend(), null);
    expect(cellKernelsFor(tf.getBackend(), H)).toBe(plainCellKernels);
  });
});

describe('plain cell kernels', () => {
  const untransposed = plainCell({ name: 'untransposed', untransposedProducts: true });
  for (const [label, options, plainCellKernels] of [
    ['soft gates', { hardGates: false }, defaultPlain],
    ['binarized gates', { hardGates: true }, defaultPlain],
    ['h-detach', { hardGates: false, detach: [true, false, true, false] }, defaultPlain],
    ['soft gates, untransposed products', { hardGates: false }, untransposed],
    ['h-detach, untransposed products', { hardGates: false, detach: [false, true, true, false] }, untransposed],
  ] as const) {
    it(`equal the traced recurrence, forward and gradients (${label})`, () => {
      const args = inputs(10);
      const weights = tf.randomNormal([T + 1, B, H], 0, 1, 'float32', 99);
      const viaKernels = (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) =>
        tf.sum(tf.mul(recurrence(xs, w, h0, c0, options, plainCellKernels), weights));
      const traced = (xs: tf.Tensor, w: tf.Tensor, h0: tf.Tensor, c0: tf.Tensor) => {
        const trace = recurrenceTraced(xs, w, h0, c0, options);
        return tf.sum(tf.mul(tf.concat([trace.hs, tf.expandDims(trace.cT, 0)]), weights));
      };
      const { value } = plainCellKernels.forward({ xs: args[0], wHh: args[1], h0: args[2], c0: args[3] }, options.hardGates);
      const trace = recurrenceTraced(...args, options);
      expect(maxAbsDiff(value, tf.concat([trace.hs, tf.expandDims(trace.cT, 0)]))).toBeLessThan(1e-6);
      const ours = tf.grads(viaKernels)(args);
      const ref = tf.grads(traced)(args);
      ours.forEach((g, k) => expect(maxAbsDiff(g, ref[k] as tf.Tensor)).toBeLessThan(1e-5));
    });
  }
});
