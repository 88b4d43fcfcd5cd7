import * as tf from '@tensorflow/tfjs';
import { crossEntropy, disposeState, forward, type LMState, zeroState } from './charLM';
import { trainingGates } from './gates';
import { groupSparsityPenalty } from './groupSparsity';
import { initParams, type LMParams, paramList, readParams, writeParams } from './params';
import { SeedStream } from './seeds';
import type { ModelConfig, TrainConfig } from './types';

/** One training window: time-major token ids, [T·B] each. */
export interface Batch {
  inputs: Int32Array;
  targets: Int32Array;
  /** Start the streams from a zero state (first window, or the streams wrapped around). */
  resetState: boolean;
}

/** A tensor as plain data. */
export interface TensorData {
  shape: number[];
  values: Float32Array;
}

/**
 * What a run needs, beyond the weights, to go on exactly where it stopped: Adam's moments and step count,
 * the recurrent state carried into the next window, and the position of the seed stream.
 */
export interface TrainerSnapshot {
  params: Float32Array[];
  /** Adam's `getWeights()` after its iteration count: first moments, then second moments, in parameter order. */
  optimizer: { iterations: number; moments: TensorData[] };
  /** Per layer h and c, [B, H]; null before the first step or right after a reset. */
  state: { h: TensorData[]; c: TensorData[] } | null;
  seeds: number;
  stepCount: number;
}

/** Tensors of one step's results; the caller reads and disposes them (no readback inside step). */
export interface StepResult {
  loss: tf.Tensor;
  gradNorm: tf.Tensor;
}

/** Adam with global-norm gradient clipping over truncated BPTT windows. */
export class Trainer {
  readonly params: LMParams;
  private seeds: SeedStream;
  private optimizer: tf.AdamOptimizer;
  private state: LMState | null = null;
  stepCount = 0;

  /** Frozen: a change of temperature makes a new config, never edits one another object holds. */
  private currentConfig: Readonly<ModelConfig>;

  constructor(
    config: ModelConfig,
    readonly train: TrainConfig,
    params?: LMParams,
  ) {
    this.currentConfig = Object.freeze({ ...config });
    this.seeds = new SeedStream(train.seed);
    this.params = params ?? initParams(config, this.seeds, train.init);
    this.optimizer = tf.train.adam(train.lr);
  }

  /** The model's shape and its temperature now. */
  get config(): Readonly<ModelConfig> {
    return this.currentConfig;
  }

  /** The temperature of the training gates; takes effect at the next step. */
  setTau(tau: number): void {
    if (!(tau > 0)) throw new Error(`temperature must be positive, got ${tau}`);
    this.currentConfig = Object.freeze({ ...this.currentConfig, tau });
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
    const lambda = this.train.groupSparsity ?? 0;
    const result = tf.tidy(() => {
      const inputs = tf.tensor1d(batch.inputs, 'int32');
      const targets = tf.tensor1d(batch.targets, 'int32');
      // The reported loss is the cross-entropy alone; the penalty only shapes the gradient.
      const losses: { data?: tf.Scalar } = {};
      const { grads } = tf.variableGrads(() => {
        const out = forward(this.params, this.config, inputs, T, prev, {
          gates: trainingGates(this.config.cell, this.config.tau),
          seeds: this.seeds,
          detach,
          path: 'handwritten',
        });
        next = { h: out.state.h.map((t) => tf.keep(t)), c: out.state.c.map((t) => tf.keep(t)) };
        const data = tf.keep(crossEntropy(out.logits, targets) as tf.Scalar);
        losses.data = data;
        return lambda > 0 ? tf.add(data, tf.mul(lambda, groupSparsityPenalty(this.params))) : data;
      }, paramList(this.params));
      const value = losses.data as tf.Scalar;
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

  async snapshot(): Promise<TrainerSnapshot> {
    const [iterations, ...moments] = await this.optimizer.getWeights();
    const asData = async (t: tf.Tensor): Promise<TensorData> => ({ shape: t.shape, values: (await t.data()) as Float32Array });
    const iterationCount = iterations ? ((await iterations.tensor.data())[0] as number) : 0;
    iterations?.tensor.dispose(); // a fresh scalar; the moments are the optimizer's own variables
    return {
      params: await readParams(this.params),
      optimizer: { iterations: iterationCount, moments: await Promise.all(moments.map((m) => asData(m.tensor))) },
      state: this.state
        ? { h: await Promise.all(this.state.h.map(asData)), c: await Promise.all(this.state.c.map(asData)) }
        : null,
      seeds: this.seeds.snapshot(),
      stepCount: this.stepCount,
    };
  }

  /** Puts the trainer where `snapshot` was taken; the shapes must be this trainer's. */
  async restore(snapshot: TrainerSnapshot): Promise<void> {
    const params = paramList(this.params);
    const { moments } = snapshot.optimizer;
    if (moments.length !== 0 && moments.length !== 2 * params.length) {
      throw new Error(`the optimizer state holds ${moments.length} tensors, this model needs ${2 * params.length}`);
    }
    moments.forEach((m, k) => {
      const expected = params[k % params.length]?.shape ?? [];
      if (m.shape.join() !== expected.join()) throw new Error(`optimizer tensor ${k} has shape [${m.shape}], expected [${expected}]`);
    });
    writeParams(this.params, snapshot.params);
    this.optimizer.dispose();
    this.optimizer = tf.train.adam(this.train.lr);
    // Adam pairs moments with gradients by position and names them after the variables.
    const weights = [
      { name: 'iter', tensor: tf.scalar(snapshot.optimizer.iterations, 'int32') },
      ...moments.map((m, k) => ({
        name: `${params[k % params.length]?.name}/${k < params.length ? 'm' : 'v'}`,
        tensor: tf.tensor(m.values, m.shape),
      })),
    ];
    await this.optimizer.setWeights(weights);
    tf.dispose(weights.map((w) => w.tensor)); // setWeights made variables of its own from them
    if (this.state) disposeState(this.state);
    const stateTensors = (list: TensorData[]) => list.map((d) => tf.tensor(d.values, d.shape));
    this.state = snapshot.state ? { h: stateTensors(snapshot.state.h), c: stateTensors(snapshot.state.c) } : null;
    this.seeds = SeedStream.restore(snapshot.seeds);
    this.stepCount = snapshot.stepCount;
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
