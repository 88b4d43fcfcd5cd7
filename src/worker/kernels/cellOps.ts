import * as tf from '@tensorflow/tfjs';

/**
 * The two fused per-step kernels, as tfjs kernels (tf.registerKernel) so that the engine tracks their
 * tensors and tf.profile counts them. Each backend registers its own programs under these names
 * (webgpuCell.ts, webglCell.ts); fusedCell.ts calls them.
 *
 * The per-step state S_t is [B, 5H] = [i, f, g, o, c]: what the next step needs (c) and what the
 * backward pass needs (the gates; tanh c is recomputed, c_{t−1} is read from S_{t−1}).
 */
export const CELL_FORWARD = 'GateLabLstmCellForward';
export const CELL_BACKWARD = 'GateLabLstmCellBackward';
/** Columns of the per-step state, in units of H. */
export const STATE_WIDTH = 5;

export interface CellForwardInputs {
  /** The window's pre-activations without the recurrent term, [T, B, 4H]; step `step` is read. */
  xs: tf.Tensor;
  /** h_{t−1} · W_hh, [B, 4H]. */
  hw: tf.Tensor;
  /** c_{t−1}: c0 [B, H] at the first step, else the previous state S_{t−1} [B, 5H]. */
  prev: tf.Tensor;
}

export interface CellForwardAttrs {
  step: number;
  hard: boolean;
}

export interface CellBackwardInputs {
  /** The gradient of the window's output, [T + 1, B, H]: ∂L/∂h_t at t < T, ∂L/∂c_T at T. */
  dy: tf.Tensor;
  /** The stacked states S, [T, B, 5H]. */
  states: tf.Tensor;
  /** c0 [B, H], the c_{t−1} of step 0. */
  c0: tf.Tensor;
  /** dz_{t+1} · W_hhᵀ [B, H]; ignored unless `hasRecurrent` (last step, or h-detach). */
  recurrent: tf.Tensor;
  /** dc_{t+1} ⊙ f_{t+1} [B, H]; ignored unless `hasCarry` (then dy[T] is used). */
  carry: tf.Tensor;
}

export interface CellBackwardAttrs {
  step: number;
  hard: boolean;
  hasRecurrent: boolean;
  hasCarry: boolean;
}

/** Forward step: h_t [B, H] and S_t [B, 5H]. */
export function cellForward(inputs: CellForwardInputs, attrs: CellForwardAttrs): [tf.Tensor, tf.Tensor] {
  const out = tf.engine().runKernel(
    CELL_FORWARD,
    inputs as unknown as tf.NamedTensorMap,
    attrs as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  return [out[0] as tf.Tensor, out[1] as tf.Tensor];
}

/** Backward step: dz_t [B, 4H] and the carry dc_t ⊙ f_t [B, H] for step t − 1. */
export function cellBackward(inputs: CellBackwardInputs, attrs: CellBackwardAttrs): [tf.Tensor, tf.Tensor] {
  const out = tf.engine().runKernel(
    CELL_BACKWARD,
    inputs as unknown as tf.NamedTensorMap,
    attrs as unknown as tf.NamedAttrMap,
  ) as tf.Tensor[];
  return [out[0] as tf.Tensor, out[1] as tf.Tensor];
}

