import * as tf from '@tensorflow/tfjs';
import type { PreparedCorpus } from '../../src/data/prepare';
import type { Size } from '../types';
import type { Workload } from './timing';

/**
 * The reference: the same character model built from tfjs layers (embedding as a bias-free dense layer
 * on one-hot input, tf.layers.lstm with returnSequences, a dense decoder) and trained with tfjs's own
 * Adam through optimizer.minimize (autodiff through the layer's per-time-step ops). One-hot input on
 * every backend because WASM cannot differentiate tf.gather (no UnsortedSegmentSum kernel); Gate Lab
 * embeds the same way. minimize rather than trainOnBatch, which reads the loss back every step.
 */
export function layersLstmWorkload(size: Size, corpus: PreparedCorpus): Workload & { dispose(): void } {
  const { batch: B, seqLen: T, hidden: H, embedding: E } = size;
  const V = corpus.vocab.symbols.length;
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [T, V], units: E, useBias: false }),
      // Keras' default recurrent activation is the hard sigmoid; Gate Lab uses σ.
      tf.layers.lstm({ units: H, returnSequences: true, recurrentActivation: 'sigmoid' }),
      tf.layers.dense({ units: V }),
    ],
  });
  const optimizer = tf.train.adam(0.005);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const nextBatch = corpus.batches(B, T);
  // Gate Lab's batches are time-major [T·B]; the layer wants batch-major [B, T, V].
  const batchMajor = (ids: Int32Array) => tf.transpose(tf.tensor2d(ids, [T, B], 'int32'));
  return {
    step: () =>
      tf.tidy(() => {
        const batch = nextBatch();
        const x = tf.cast(tf.oneHot(batchMajor(batch.inputs), V), 'float32');
        const y = tf.oneHot(batchMajor(batch.targets), V);
        const loss = optimizer.minimize(
          () => tf.losses.softmaxCrossEntropy(y, model.apply(x, { training: true }) as tf.Tensor) as tf.Scalar,
          true,
          variables,
        );
        return loss as tf.Scalar;
      }),
    dispose: () => {
      optimizer.dispose();
      model.dispose();
    },
  };
}
