import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { g2Losses } from './g2Losses';
import { ADD_BIAS_AND_NOISE, addBiasAndNoise, type NoiseDraw } from '../../../src/model/noise';
import { installWasmNoise, uninstallWasmNoise } from '../../../src/worker/kernels/wasmNoise';

beforeAll(async () => {
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
});
afterAll(async () => {
  uninstallWasmNoise();
  await tf.setBackend('cpu');
});

/** The noisy pre-activations and their gradients in x and bias, read back. */
function noisyWithGrads(draw: NoiseDraw): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal([40, 16], 0, 3, 'float32', 1);
    const bias = tf.randomNormal([16], 0, 1, 'float32', 2);
    const weights = tf.randomNormal([40, 16], 0, 1, 'float32', 3);
    const f = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.tanh(addBiasAndNoise(a, b, draw)), weights));
    const { value, grads } = tf.valueAndGrads(f)([x, bias]);
    return [addBiasAndNoise(x, bias, draw), value, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe('G2 noise added in the bias add on wasm', () => {
  it('passes its self-check and gives the plain ops’ values and gradients bit for bit', async () => {
    expect(await installWasmNoise()).toEqual({ ok: true, reason: expect.stringContaining('self-check passed') });
    expect(tf.getKernel(ADD_BIAS_AND_NOISE, 'wasm')).toBeTruthy();
    for (const draw of [
      { width: 8, seed: 3, keepP: 1, scale: 1 / 0.9 },
      { width: 6, seed: 9, keepP: 0.4, scale: 2 },
    ]) {
      const fused = noisyWithGrads(draw);
      uninstallWasmNoise();
      const plain = noisyWithGrads(draw);
      await installWasmNoise();
      expect(fused.map((a) => Array.from(a))).toEqual(plain.map((a) => Array.from(a)));
      // The noise is there: not x + bias.
      expect(Array.from(fused[0] as Float32Array)).not.toEqual(Array.from(noisyWithGrads({ ...draw, keepP: 0 })[0] as Float32Array));
    }
  });

  it('trains G2 to the same losses as the plain ops', async () => {
    await installWasmNoise();
    const fused = g2Losses(3);
    uninstallWasmNoise();
    const plain = g2Losses(3);
    expect(fused).toEqual(plain);
  });
});
