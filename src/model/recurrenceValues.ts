/**
 * The LSTM recurrence of `recurrenceTraced` for evaluation only (no gradient), as one loop over the
 * numbers instead of a dozen tfjs ops per time step. On a backend whose tensors live in memory (wasm,
 * cpu) a view's forward pass is mostly per-op overhead at the page's sizes: the gate panels' 96-character
 * text is 96 steps of one stream, ~1,300 ops per model through tfjs. Here it is one read of the
 * pre-activations and one write of the results.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { FrozenGates } from './plainCell';
import { shape3 } from './shape';

/** The backends whose data a loop can read without a device round trip. */
const IN_MEMORY = new Set(['wasm', 'cpu']);

/** Whether the current backend keeps its tensors in memory (then `recurrenceValues` is the fast path). */
export function recurrenceValuesFit(): boolean {
  return IN_MEMORY.has(tf.getBackend());
}

export interface RecurrenceValues {
  hs: tf.Tensor;
  /** The gate values i, f, g, o side by side: [T, B, 4H]. */
  gates: tf.Tensor;
  hT: tf.Tensor;
  cT: tf.Tensor;
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** z[zAt + j] += Σ_k h[hAt + k] · w[k·G + j] for j < G, k < H: four rows of W at a time (about 3× a plain double loop in V8). */
function addProduct(z: Float32Array, zAt: number, h: Float32Array, hAt: number, w: Float32Array, H: number, G: number): void {
  let k = 0;
  for (; k + 4 <= H; k += 4) {
    const h0 = h[hAt + k] as number;
    const h1 = h[hAt + k + 1] as number;
    const h2 = h[hAt + k + 2] as number;
    const h3 = h[hAt + k + 3] as number;
    if (h0 === 0 && h1 === 0 && h2 === 0 && h3 === 0) continue;
    const r0 = k * G;
    const r1 = r0 + G;
    const r2 = r1 + G;
    const r3 = r2 + G;
    for (let j = 0; j < G; j++) {
      z[zAt + j] = (z[zAt + j] as number) + h0 * (w[r0 + j] as number) + h1 * (w[r1 + j] as number) + h2 * (w[r2 + j] as number) + h3 * (w[r3 + j] as number);
    }
  }
  for (; k < H; k++) {
    const hk = h[hAt + k] as number;
    const r = k * G;
    for (let j = 0; j < G; j++) z[zAt + j] = (z[zAt + j] as number) + hk * (w[r + j] as number);
  }
}

/**
 * xs [T, B, 4H] (input projection, bias and gate scale folded in), wHh [H, 4H], h0 and c0 [B, H]; i and f
 * are σ or, with `hardGates`, 1[z ≥ 0]; `frozen` holds some gates at constants (as lstmStep does).
 */
export function recurrenceValues(
  xs: tf.Tensor,
  wHh: tf.Tensor,
  h0: tf.Tensor,
  c0: tf.Tensor,
  options: { hardGates: boolean; frozen?: FrozenGates },
): RecurrenceValues {
  const [T, B, G] = shape3(xs);
  const H = G / 4;
  const x = xs.dataSync() as Float32Array;
  const w = wHh.dataSync() as Float32Array;
  const h = Float32Array.from(h0.dataSync());
  const c = Float32Array.from(c0.dataSync());
  const keep = options.frozen?.keep.dataSync();
  const constants = options.frozen?.values.dataSync();
  const hs = new Float32Array(T * B * H);
  const gates = new Float32Array(T * B * G);
  for (let t = 0; t < T; t++) {
    // z = xs_t + h_{t−1} · W_hh for every stream, written straight into the gates' rows, then turned into gates.
    const z = gates.subarray(t * B * G, (t + 1) * B * G);
    z.set(x.subarray(t * B * G, (t + 1) * B * G));
    for (let b = 0; b < B; b++) addProduct(z, b * G, h, b * H, w, H, G);
    for (let b = 0; b < B; b++) {
      const row = b * G;
      for (let j = 0; j < G; j++) {
        const v = z[row + j] as number;
        let a = j < 2 * H ? (options.hardGates ? (v >= 0 ? 1 : 0) : sigmoid(v)) : j < 3 * H ? Math.tanh(v) : sigmoid(v);
        if (keep && constants) a = a * (keep[j] as number) + (constants[j] as number);
        z[row + j] = a;
      }
      for (let u = 0; u < H; u++) {
        const cu = (z[row + H + u] as number) * (c[b * H + u] as number) + (z[row + u] as number) * (z[row + 2 * H + u] as number);
        c[b * H + u] = cu;
        h[b * H + u] = (z[row + 3 * H + u] as number) * Math.tanh(c[b * H + u] as number);
      }
    }
    hs.set(h, t * B * H);
  }
  return {
    hs: tf.tensor3d(hs, [T, B, H]),
    gates: tf.tensor3d(gates, [T, B, G]),
    hT: tf.tensor2d(h, [B, H]),
    cT: tf.tensor2d(c, [B, H]),
  };
}
