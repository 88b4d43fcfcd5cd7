import * as tf from '@tensorflow/tfjs';
import { crossEntropy, disposeState, forward, type LMState, zeroState } from './charLM';
import { trainingGates } from './gates';
import { initParams, type LMParams, paramList } from './params';
import { SeedStream } from './seeds';
import type { ModelConfig, TrainConfig } from './types';

/** One training window: time-major token ids, [T·B] each. */
export interface Batch {
  inputs: Int32Array;
  targets: Int32Array;
  /** Start the streams from a zero state (first window, or the streams wrapped around). */
  resetState: boolean;
}

/** Tensors of one step's results; the caller reads and disposes them (no readback inside step). */
export interface StepResult {
  loss: tf.Tensor;
  gradNorm: tf.Tensor;
}

/** Adam with global-norm gradient clipping over truncated BPTT windows. */
export class Trainer {
  readonly params: LMParams;
  readonly seeds: SeedStream;
  private optimizer: tf.AdamOptimizer;
  private state: LMState | null = null;
  stepCount = 0;

  constructor(
    readonly config: ModelConfig,
    readonly train: TrainConfig,
    params?: LMParams,
  ) {
    this.seeds = new SeedStream(train.seed);
    this.params = params ?? initParams(config, this.seeds);
    this.optimizer = tf.train.adam(train.lr);
  }

  /** The temperature of the training gates; takes effect at the next step. */
  setTau(tau: number): void {
    if (!(tau > 0)) throw new Error(`temperature must be positive, got ${tau}`);
    this.config.tau = tau;
  }

  step(batch: Batch): StepResult {
    const { seqLen: T, batch: B } = this.train;
    if (batch.inputs.length !== T * B || batch.targets.length !== T * B) {
      throw new Error(`a batch must hold ${T}×${B} tokens, got ${batch.inputs.length}`);
    }
    if (batch.resetState || !this.state) this.resetState();
    const prev = this.state as LMState;
    const detach =
      this.train.hDetach > 0
        ? Array.from({ length: T }, () => this.seeds.nextFloat() < this.train.hDetach)
        : undefined;
    let next: LMState | null = null;
    const result = tf.tidy(() => {
      const inputs = tf.tensor1d(batch.inputs, 'int32');
      const targets = tf.tensor1d(batch.targets, 'int32');
      const { value, grads } = tf.variableGrads(() => {
        const out = forward(this.params, this.config, inputs, T, prev, {
          gates: trainingGates(this.config.cell, this.config.tau),
          seeds: this.seeds,
          detach,
          path: 'fused',
        });
        next = { h: out.state.h.map((t) => tf.keep(t)), c: out.state.c.map((t) => tf.keep(t)) };
        return crossEntropy(out.logits, targets) as tf.Scalar;
      }, paramList(this.params));
      const gradNorm = globalNorm(Object.values(grads));
      const factor = tf.minimum(1, tf.div(this.train.clipNorm, tf.maximum(gradNorm, 1e-12)));
      this.optimizer.applyGradients(
        Object.entries(grads).map(([name, g]) => ({ name, tensor: tf.mul(g, factor) })),
      );
      return { loss: value, gradNorm };
    });
    disposeState(prev);
    this.state = next;
    this.stepCount++;
    return result;
  }

  /** Fresh Adam moments (after restoring weights, the old moments may hold NaN). */
  resetOptimizer(): void {
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.train.lr);
  }

  resetState(): void {
    if (this.state) disposeState(this.state);
    this.state = zeroState(this.config, this.train.batch);
  }

  dispose(): void {
    if (this.state) disposeState(this.state);
    this.state = null;
    this.optimizer.dispose();
    for (const v of paramList(this.params)) v.dispose();
  }
}

export function globalNorm(tensors: tf.Tensor[]): tf.Tensor {
  return tf.tidy(() => tf.sqrt(tf.addN(tensors.map((t) => tf.sum(tf.square(t))))));
}
