import type * as tf from '@tensorflow/tfjs';

/**
 * How the LSTM recurrence of one window is computed, forward and backward. `recurrence()` wraps the
 * chosen implementation in a tf.customGrad; the implementations differ only in how many kernels they launch.
 * The plain-op one (plainCell.ts) works on every backend; a backend may register its own (cellRegistry.ts).
 */
export interface RecurrenceOptions {
  /** Binarized input and forget gates, 1[z ≥ 0]: evaluation only, their gradient is zero. */
  hardGates: boolean;
  /** h-detach: where true at step t, no gradient flows from step t's gates into h_{t−1}. */
  detach?: readonly boolean[];
}

/** How the input and forget gates of step t change with their pre-activations z = [z_i, z_f]. */
export interface GateSlopes {
  /** ∂i/∂z_i and ∂f/∂z_f, [B, 2H]. */
  own: tf.Tensor;
  /** ∂i/∂z_f and ∂f/∂z_i, [B, 2H]; absent where each gate depends on its own pre-activation only. */
  cross?: tf.Tensor;
}

/** Step t's input and forget gates [B, 2H] from their pre-activations zIF [B, 2H] instead of σ, with their slopes (Beta gates). */
export type IfGates = (zIF: tf.Tensor, t: number) => { gates: tf.Tensor; slopes: GateSlopes };

/** The inputs of a window: pre-activations xs [T, B, 4H] (input projection, bias, noise and 1/τ folded in), W_hh [H, 4H], h0 and c0 [B, H]. */
export interface RecurrenceInputs {
  xs: tf.Tensor;
  wHh: tf.Tensor;
  h0: tf.Tensor;
  c0: tf.Tensor;
  /** Gates other than σ, for implementations with `customGates`. */
  ifGates?: IfGates;
}

export interface RecurrenceForward {
  /** [T + 1, B, H]: h_1 … h_T, then c_T. */
  value: tf.Tensor;
  /** What `backward` needs, in the implementation's own layout (kept by tf.customGrad's save). */
  saved: tf.Tensor[];
}

/** Gradients with respect to xs, W_hh, h0 and c0, in that order. */
export type RecurrenceGrads = [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];

export interface CellKernels {
  /** Shown in reports and self-checks. */
  readonly name: string;
  /** False where this implementation cannot handle the size (the caller then uses the plain one). */
  supports(hidden: number): boolean;
  /** Whether `forward` takes a gate function (`RecurrenceInputs.ifGates`); the fused GPU programs compute σ only. */
  readonly customGates: boolean;
  forward(inputs: RecurrenceInputs, hardGates: boolean): RecurrenceForward;
  /** `dy`: the gradient of `value`, [T + 1, B, H]. */
  backward(dy: tf.Tensor, saved: tf.Tensor[], options: RecurrenceOptions): RecurrenceGrads;
}
