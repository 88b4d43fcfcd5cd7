import * as tf from '@tensorflow/tfjs';
import { gammasPerUnit, meanBetaGates, sampledBetaGates, sampledBetaGatesWithSlopes } from './betaGates';
import type { IfGates } from './cellKernels';
import { type GammaNoise, gammaNoise } from './gamma';
import type { GateSpec } from './gates';
import { addBiasAndNoise } from './noise';
import type { LayerParams, LMParams } from './params';
import type { FrozenGates } from './plainCell';
import { recurrence, recurrenceTraced } from './recurrence';
import { recurrenceValues } from './recurrenceValues';
import type { SeedStream } from './seeds';
import { lookupRows } from './rowLookup';
import { shape2 } from './shape';
import type { ModelConfig } from './types';

/** Recurrent state carried between windows: one h and one c of [B, H] per layer. */
export type LMState = {
  h: tf.Tensor[];
  c: tf.Tensor[];
};

export interface ForwardOptions {
  gates: GateSpec;
  /** Draws the Gumbel noise and the Gamma noise; required when `gates.noisy` or sampled `gates.beta`. */
  seeds?: SeedStream;
  /** h-detach mask per time step (training only). */
  detach?: readonly boolean[];
  /**
   * `handwritten`: the recurrence with its hand-written backward pass (training), through the backend's registered
   * cell kernels (cellRegistry.ts: fused GPU programs on WebGPU and WebGL) for σ gates, plain ops for Beta gates;
   * `traced`: plain ops, autodiff, and the gate values of every step are returned;
   * `values`: as `traced` without a gradient, the recurrence as one loop over the numbers (recurrenceValues.ts;
   * for backends that keep tensors in memory; Beta gates go `traced`).
   */
  path: 'handwritten' | 'traced' | 'values';
  /** Per layer, gates held at constants (traced and values paths only; constantGates.ts). */
  frozen?: readonly (FrozenGates | undefined)[];
  /** The first layer's input projection as a lookup in Emb·W_ih (true), through x = Emb[id] (false); by default whichever costs less (inputByTable) on wasm and cpu, x on webgl and webgpu. */
  inputTable?: boolean;
}

export interface ForwardResult {
  /** [T·B, V], time-major rows (t·B + b). */
  logits: tf.Tensor;
  state: LMState;
  /** Per layer, [T, B, 4H] gate values i, f, g, o (only on the traced and values paths). */
  gates: tf.Tensor[];
}

export function zeroState(config: ModelConfig, batch: number): LMState {
  return {
    h: Array.from({ length: config.layers }, () => tf.zeros([batch, config.hidden]) as tf.Tensor),
    c: Array.from({ length: config.layers }, () => tf.zeros([batch, config.hidden]) as tf.Tensor),
  };
}

export function disposeState(state: LMState): void {
  tf.dispose([...state.h, ...state.c]);
}

/**
 * A layer's pre-activations xs [T, B, 4H] and recurrent weights with the gate function folded in:
 * xs = x·(W_ih ⊙ s) + b ⊙ s + noise ⊙ s and W_hh ⊙ s, where s is 1/τ on the i and f columns and 1
 * elsewhere and the noise touches only i and f. Equal to ((x·W_ih + b) + noise) ⊙ s, but s scales the
 * weights ([in, 4H], not [T·B, 4H]) and the noise is drawn, scaled and added with the bias (noise.ts
 * addBiasAndNoise; on wasm in the bias add's own output): a G2 window costs the plain LSTM's passes plus the draw.
 */
export function layerPreactivations(
  x: tf.Tensor,
  layer: Record<keyof LayerParams, tf.Tensor>,
  steps: number,
  config: ModelConfig,
  options: Pick<ForwardOptions, 'gates' | 'seeds'>,
  /** x holds ids [N], and layer.wIh is the table Emb·W_ih [V, 4H] (inputByTable): its rows are looked up. */
  lookup = false,
): [tf.Tensor, tf.Tensor] {
  const H = config.hidden;
  const rows = lookup ? x.size : shape2(x)[0];
  const { scale, noisy } = options.gates;
  const columnScale = scale === 1 ? null : tf.concat([tf.fill([2 * H], scale), tf.ones([2 * H])]);
  const scaled = (w: tf.Tensor) => (columnScale ? tf.mul(w, columnScale) : w);
  const xw = lookup ? lookupRows(scaled(layer.wIh), x) : tf.matMul(x, scaled(layer.wIh));
  let proj: tf.Tensor;
  if (noisy) {
    if (!options.seeds) throw new Error('Gumbel gates need a seed stream');
    proj = addBiasAndNoise(xw, scaled(layer.bias), { width: 2 * H, seed: options.seeds.nextSeed(), keepP: config.noiseP, scale });
  } else {
    proj = tf.add(xw, scaled(layer.bias));
  }
  return [tf.reshape(proj, [steps, rows / steps, 4 * H]), scaled(layer.wHh)];
}

/**
 * Beta cells' gate function for one layer's window (its Gamma noise drawn here, once), or none for σ gates:
 * `values` for the traced path (autodiff), and, when sampled, `withSlopes` for the hand-written backward pass.
 */
function betaGateFunctions(
  options: ForwardOptions,
  steps: number,
  batch: number,
  hidden: number,
): { values: (zIF: tf.Tensor, t: number) => tf.Tensor; withSlopes?: IfGates } | undefined {
  const beta = options.gates.beta;
  if (!beta || options.gates.hard) return undefined;
  if (!beta.sample) return { values: (zIF) => meanBetaGates(zIF) };
  if (!options.seeds) throw new Error('Beta gates need a seed stream');
  const noise = gammaNoise(steps, [batch, gammasPerUnit(beta.kind) * hidden], options.seeds.nextSeed());
  return {
    values: (zIF, t) => sampledBetaGates(zIF, beta.kind, noise[t] as GammaNoise),
    withSlopes: (zIF, t) => sampledBetaGatesWithSlopes(zIF, beta.kind, noise[t] as GammaNoise),
  };
}

/**
 * Whether the first layer's input projection is a lookup in the table Emb·W_ih [V, 4H]: one-hot·(Emb·W_ih)
 * equals (one-hot·Emb)·W_ih, and where the vocabulary is small against the embedding and the window
 * (V·4H·(N + E) < N·E·(V + 4H) for N characters) it costs fewer multiply-adds, forward and backward: at
 * V 84, E 128, H 256 and N 2048 about 0.4 instead of 1.65 GFLOP a step, since the gradients then go
 * through the [V, 4H] table, not through x [N, E]. The one-hot products themselves become a row lookup
 * and its scatter-add (rowLookup.ts), so what remains are the two [V, E] × [E, 4H]-sized products.
 */
export function inputByTable(config: Pick<ModelConfig, 'vocabSize' | 'embedding' | 'hidden'>, chars: number): boolean {
  const { vocabSize: V, embedding: E, hidden: H } = config;
  return V * 4 * H * (chars + E) < chars * E * (V + 4 * H);
}

const TABLE_BACKENDS = ['wasm', 'cpu'];

/** One window of the character language model. `ids` is time-major [T·B]. */
export function forward(
  params: LMParams,
  config: ModelConfig,
  ids: tf.Tensor,
  steps: number,
  state: LMState,
  options: ForwardOptions,
): ForwardResult {
  const batch = ids.size / steps;
  const H = config.hidden;
  // A one-hot matMul rather than tf.gather: gather's gradient has no kernel on the WASM backend.
  // By cost on the backends where the lookup and its scatterND gradient are tested (wasm, cpu); not yet on webgl/webgpu.
  const byTable = options.inputTable ?? (TABLE_BACKENDS.includes(tf.getBackend()) && inputByTable(config, ids.size));
  let x: tf.Tensor = byTable ? ids : tf.matMul(tf.oneHot(ids, config.vocabSize), params.embedding);
  const next: LMState = { h: [], c: [] };
  const gates: tf.Tensor[] = [];
  if (options.frozen?.some(Boolean) && options.path === 'handwritten') throw new Error('frozen gates need the traced path');
  params.layers.forEach((layer, l) => {
    const input = l === 0 && byTable ? { ...layer, wIh: tf.matMul(params.embedding, layer.wIh) } : layer;
    const [xs, wHh] = layerPreactivations(x, input, steps, config, options, l === 0 && byTable);
    const h0 = state.h[l] as tf.Tensor;
    const c0 = state.c[l] as tf.Tensor;
    const recurrenceOptions = { hardGates: options.gates.hard, detach: options.detach };
    const beta = betaGateFunctions(options, steps, batch, H);
    let hs: tf.Tensor;
    // Sampled Beta gates have a hand-written backward pass (plain ops); their means, evaluation only, go traced.
    if (options.path === 'handwritten' && (!beta || beta.withSlopes)) {
      const out = recurrence(xs, wHh, h0, c0, { ...recurrenceOptions, ifGates: beta?.withSlopes });
      hs = tf.slice(out, 0, steps);
      next.h.push(tf.reshape(tf.slice(out, steps - 1, 1), [batch, H]));
      next.c.push(tf.reshape(tf.slice(out, steps, 1), [batch, H]));
    } else if (options.path === 'values' && !beta) {
      const out = recurrenceValues(xs, wHh, h0, c0, { hardGates: options.gates.hard, frozen: options.frozen?.[l] });
      hs = out.hs;
      next.h.push(out.hT);
      next.c.push(out.cT);
      gates.push(out.gates);
    } else {
      const trace = recurrenceTraced(xs, wHh, h0, c0, { ...recurrenceOptions, frozen: options.frozen?.[l], gateValues: beta?.values });
      hs = trace.hs;
      next.h.push(trace.hT);
      next.c.push(trace.cT);
      if (options.path !== 'handwritten') gates.push(tf.concat([trace.gatesIF, trace.candidate, trace.output], 2));
    }
    x = tf.reshape(hs, [steps * batch, H]);
  });
  const logits = tf.add(tf.matMul(x, params.decoderW), params.decoderB) as tf.Tensor;
  return { logits, state: next, gates };
}

/** Mean softmax cross-entropy in nats per character. */
export function crossEntropy(logits: tf.Tensor, targets: tf.Tensor): tf.Tensor {
  const logProbs = tf.logSoftmax(logits);
  const picked = tf.sum(tf.mul(logProbs, tf.oneHot(targets, shape2(logits)[1])), 1);
  return tf.neg(tf.mean(picked));
}

export const NATS_PER_BIT = Math.LN2;

export function bitsPerChar(nats: number): number {
  return nats / NATS_PER_BIT;
}
