/**
 * G2's noisy pre-activations on wasm in one pass (model/noise.ts addBiasAndNoise): the backend's own Add
 * computes x + bias into a fresh output, and the Gumbel noise is drawn into that output's memory, in
 * place. The plain ops allocate the window's noise as an 8 MB array at the medium size, copy it into the
 * heap and add it in a second pass; here it is only drawn.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import { messageOf } from '../../messageOf';
import { ADD_BIAS_AND_NOISE, addBiasAndNoise, addLogisticNoise, type NoiseDraw } from '../../model/noise';

/** The parts of tfjs-backend-wasm's BackendWasm used here. */
interface WasmBackend {
  typedArrayFromHeap(info: tf.TensorInfo): tf.TypedArray;
}

const BACKEND = 'wasm';

function addBiasAndNoiseKernel({ inputs, backend, attrs }: { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap }): tf.TensorInfo {
  const { x, bias } = inputs as { x: tf.TensorInfo; bias: tf.TensorInfo };
  const { width, seed, keepP, scale } = attrs as unknown as NoiseDraw;
  const add = tf.getKernel('Add', BACKEND);
  if (!add) throw new Error(`no Add kernel on ${BACKEND}`);
  const out = add.kernelFunc({ inputs: { a: x, b: bias }, backend: backend as tf.KernelBackend, attrs: {} }) as tf.TensorInfo;
  // A view taken after the output exists: nothing allocates on the heap until the noise is written.
  const values = (backend as WasmBackend).typedArrayFromHeap(out) as Float32Array;
  const [rows, stride] = x.shape as [number, number];
  addLogisticNoise(values, { rows, width, stride }, seed, keepP, scale);
  return out;
}

function register(): void {
  tf.registerKernel({ kernelName: ADD_BIAS_AND_NOISE, backendName: BACKEND, kernelFunc: addBiasAndNoiseKernel as unknown as tf.KernelFunc });
}

function unregister(): void {
  if (tf.getKernel(ADD_BIAS_AND_NOISE, BACKEND)) tf.unregisterKernel(ADD_BIAS_AND_NOISE, BACKEND);
}

/** x + bias + noise and the gradients of a weighted sum of it, on the current kernels. */
async function sample(): Promise<Float32Array[]> {
  const outs = tf.tidy(() => {
    const x = tf.randomNormal([6, 8], 0, 1, 'float32', 1);
    const bias = tf.randomNormal([8], 0, 1, 'float32', 2);
    const weights = tf.randomNormal([6, 8], 0, 1, 'float32', 3);
    const draw: NoiseDraw = { width: 4, seed: 7, keepP: 0.5, scale: 1.7 };
    const { value, grads } = tf.valueAndGrads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(addBiasAndNoise(a, b, draw), weights)))([x, bias]);
    return [addBiasAndNoise(x, bias, draw), value, ...grads];
  });
  try {
    return (await Promise.all(outs.map((t) => t.data()))) as Float32Array[];
  } finally {
    tf.dispose(outs);
  }
}

/**
 * Registers the kernel on the running wasm backend if it gives the plain ops' values and gradients bit
 * for bit (it must: the same Add, the same noise rounded to float32 before it is added); otherwise the
 * plain ops stay. A one-line reason for the backend's status.
 */
export async function installWasmNoise(): Promise<{ ok: boolean; reason: string }> {
  if (tf.getBackend() !== BACKEND) return { ok: false, reason: `the running backend is ${tf.getBackend()}` };
  try {
    unregister();
    const plain = await sample();
    register();
    const fused = await sample();
    const same = plain.every((p, k) => p.length === fused[k]?.length && p.every((v, i) => v === fused[k]?.[i] || (Number.isNaN(v) && Number.isNaN(fused[k]?.[i] as number))));
    if (same) return { ok: true, reason: 'Gumbel noise added in the bias add: self-check passed' };
    unregister();
    return { ok: false, reason: 'Gumbel noise added by plain ops: the one-pass kernel disagreed' };
  } catch (e) {
    unregister();
    return { ok: false, reason: `Gumbel noise added by plain ops: the one-pass kernel failed: ${messageOf(e)}` };
  }
}

/** Removes the kernel (tests, and measuring the plain ops). */
export function uninstallWasmNoise(): void {
  unregister();
}
