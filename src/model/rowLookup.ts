import * as tf from '@tensorflow/tfjs';

/**
 * table[ids] [N, C] from table [V, C], with the gradient summed back into the table's rows by
 * scatterND (duplicate ids add up). The same as oneHot(ids)·table, without the [N, V] × [V, C]
 * product or its gradient's [V, N] × [N, C] one; tf.gather's own gradient (UnsortedSegmentSum) has
 * no kernel on the WASM backend.
 */
export function lookupRows(table: tf.Tensor, ids: tf.Tensor): tf.Tensor {
  const rowsOf = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor;
    return { value: tf.gather(t, ids), gradFunc: (dy: tf.Tensor) => tf.scatterND(tf.expandDims(ids, 1), dy, t.shape) };
  });
  return rowsOf(table) as tf.Tensor;
}
