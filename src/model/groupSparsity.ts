import * as tf from '@tensorflow/tfjs';
import type { LMParams } from './params';

/**
 * The group-sparsity penalty of structured sparsification (Lobacheva et al., 2019), as a group lasso:
 * one group per (gate, unit), holding every weight that feeds that gate's pre-activation (its column of
 * W_ih and of W_hh, the bias left out). Driving a group to zero leaves the gate at the constant σ(b)
 * (tanh(b) for the candidate), which the constant-gate view then counts. The paper puts L0/L1 on
 * multiplicative group variables; on the weights themselves the group lasso is the usual equivalent.
 *
 *   Ω = Σ_layers Σ_columns ‖[W_ih[:, k]; W_hh[:, k]]‖₂
 */
export function groupSparsityPenalty(params: LMParams): tf.Scalar {
  return tf.tidy(() =>
    tf.addN(
      params.layers.map((layer) => {
        const squares = tf.add(tf.sum(tf.square(layer.wIh), 0), tf.sum(tf.square(layer.wHh), 0));
        // The ε keeps the gradient finite at a group that has reached zero.
        return tf.sum(tf.sqrt(tf.add(squares, 1e-12)));
      }),
    ),
  ) as tf.Scalar;
}

/** Per layer, the norm of every (gate, unit) group, [4H], gates in i, f, g, o order. */
export function groupNorms(params: LMParams): tf.Tensor[] {
  return params.layers.map((layer) =>
    tf.tidy(() => tf.sqrt(tf.add(tf.sum(tf.square(layer.wIh), 0), tf.sum(tf.square(layer.wHh), 0)))),
  );
}
