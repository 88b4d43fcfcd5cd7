import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { lookupRows } from '../../../src/model/rowLookup';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('lookupRows', () => {
  it.each(['cpu', 'wasm'])('equals the one-hot product, value and gradient, repeated ids summed (%s)', async (backend) => {
    if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
    tf.tidy(() => {
      const table = tf.randomNormal([7, 5], 0, 1, 'float32', 1);
      const ids = tf.tensor1d([3, 0, 3, 6, 3, 1, 0, 2, 6, 3], 'int32');
      const weights = tf.randomNormal([10, 5], 0, 1, 'float32', 2);
      const loss = (rows: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(rows(t), weights));
      const viaLookup = tf.valueAndGrad(loss((t) => lookupRows(t, ids)))(table);
      const viaProduct = tf.valueAndGrad(loss((t) => tf.matMul(tf.oneHot(ids, 7).toFloat(), t)))(table);
      expect(tf.max(tf.abs(tf.sub(lookupRows(table, ids), tf.gather(table, ids)))).dataSync()[0]).toBe(0);
      expect(viaLookup.value.dataSync()[0]).toBeCloseTo(viaProduct.value.dataSync()[0] as number, 4);
      expect(tf.max(tf.abs(tf.sub(viaLookup.grad, viaProduct.grad))).dataSync()[0]).toBeLessThan(1e-5);
      // Row 3 appears four times: its gradient is the sum of four rows of the weights.
      expect(tf.max(tf.abs(viaLookup.grad.slice([3, 0], [1, 5]))).dataSync()[0]).toBeGreaterThan(0);
      expect(tf.max(tf.abs(viaLookup.grad.slice([4, 0], [1, 5]))).dataSync()[0]).toBe(0);
    });
  });
});
