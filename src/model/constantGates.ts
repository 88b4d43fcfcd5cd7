/**
 * Which gates are effectively constant over the inputs, and what freezing them costs — the view of
 * "structured sparsification of gated RNNs" (Lobacheva et al.; docs/method.md §4). There a
 * group variable on the pre-activation (without bias) of each (gate, unit) is pushed to zero by the
 * training penalty, and a pruned gate becomes the constant σ(b) (tanh(b) for g). Here we measure the same
 * thing post hoc, on any trained model: the spread of each (gate, unit) of the first layer over a
 * validation slice, and the loss when every (gate, unit) whose spread is below a threshold is held at
 * its mean value.
 *
 * The spread is the standard deviation over tokens and streams, not the range (max − min), because
 * freezing a gate at its mean replaces it by a constant whose root-mean-square error over the slice is
 * exactly that standard deviation: it measures the error that freezing puts into the cell, the thing
 * whose cost we report. The range is set by the single most extreme token and only grows with the
 * length of the slice, so the same model would look less constant on a longer slice.
 *
 * "Removable" unit: a hidden unit whose four gates i, f, g, o are all constant. Its cell then follows
 * c_t = f·c_{t−1} + i·g from the zero state whatever the text, and h_t = o·tanh(c_t): the unit's output no
 * longer depends on the input, so it carries no information. Its contribution to the next layer, the
 * decoder and the recurrent matrix is a known sequence that settles to o·tanh(i·g / (1 − f)) and can be
 * folded into their biases, and the unit removed — the unit-level sparsity the paper reports from gates
 * pruned together (the paper also prunes units whose weights all vanish; with frozen gates we only know
 * the gates, so "all four gates constant" is the rule we can check).
 */
import { bitsPerChar } from './charLM';
import { type EvalOptions, evaluate, type LayerGateTrace } from './evaluate';
import type { LMParams } from './params';
import type { ModelConfig } from './types';
import { GATE_KINDS } from '../contract/viewSettings';


/** Per (gate, unit), k = gate·H + unit, gates in the order i, f, g, o. */
export interface GateSpreads {
  hidden: number;
  /** Standard deviation over tokens and streams, [4H]. */
  spreads: Float32Array;
  /** Mean over tokens and streams, [4H]: the constant a frozen gate is held at. */
  means: Float32Array;
}

export interface ConstantGateReport extends GateSpreads {
  threshold: number;
  /** Gates with spread below the threshold, per gate kind i, f, g, o. */
  frozenPerGate: [number, number, number, number];
  /** Units whose four gates are all below the threshold. */
  removableUnits: number;
  /** Validation loss (nats/char) as is, and with the constant gates frozen. */
  loss: number;
  frozenLoss: number;
  /** frozenLoss − loss in bits per character (0 when nothing is frozen). */
  deltaBpc: number;
}

/** Mean and standard deviation of every (gate, unit) over the steps and streams of a trace. */
export function gateSpreads(trace: LayerGateTrace): GateSpreads {
  const H = trace.hidden;
  const spreads = new Float32Array(4 * H);
  const means = new Float32Array(4 * H);
  const blocks = [trace.input, trace.forget, trace.candidate, trace.output];
  blocks.forEach((values, gate) => {
    const rows = H > 0 ? values.length / H : 0;
    for (let u = 0; u < H; u++) {
      // Two passes (mean, then squared deviations) in float64: exact 0 for a gate that never moves.
      let sum = 0;
      for (let r = 0; r < rows; r++) sum += values[r * H + u] as number;
      const mean = rows ? sum / rows : 0;
      let squares = 0;
      for (let r = 0; r < rows; r++) {
        const d = (values[r * H + u] as number) - mean;
        squares += d * d;
      }
      means[gate * H + u] = mean;
      spreads[gate * H + u] = rows ? Math.sqrt(squares / rows) : 0;
    }
  });
  return { hidden: H, spreads, means };
}

/** 1 where the spread is below the threshold (strictly: a threshold of 0 freezes nothing). */
export function constantMask(spreads: Float32Array, threshold: number): Uint8Array {
  return Uint8Array.from(spreads, (s) => (s < threshold ? 1 : 0));
}

/** Frozen gates per gate kind i, f, g, o. */
export function frozenPerGate(mask: ArrayLike<number>, hidden: number): [number, number, number, number] {
  const counts: [number, number, number, number] = [0, 0, 0, 0];
  for (let k = 0; k < 4 * hidden; k++) {
    const gate = Math.floor(k / hidden) as 0 | 1 | 2 | 3;
    if (mask[k]) counts[gate] += 1;
  }
  return counts;
}

/** Units whose four gates are all frozen (see the rule above). */
export function removableUnits(mask: ArrayLike<number>, hidden: number): number {
  let count = 0;
  for (let u = 0; u < hidden; u++) {
    if (GATE_KINDS.every((_, gate) => mask[gate * hidden + u])) count++;
  }
  return count;
}

/**
 * The first layer's constant gates on `tokens` under the evaluation `options` (gate mode, τ, seed), and
 * the loss with them frozen at their means inside the step (after σ / tanh / the step function, so the
 * gate mode in use is respected).
 */
export async function constantGateReport(
  params: LMParams,
  config: ModelConfig,
  tokens: Int32Array,
  options: EvalOptions,
  threshold: number,
): Promise<ConstantGateReport> {
  const plain = await evaluate(params, config, tokens, { ...options, traceGates: true });
  const layer = plain.gates[0];
  if (!layer) throw new Error('no gate trace for the first layer');
  const stats = gateSpreads(layer);
  const mask = constantMask(stats.spreads, threshold);
  const perGate = frozenPerGate(mask, config.hidden);
  let frozenLoss = plain.loss;
  if (perGate.some((n) => n > 0)) {
    // The unfrozen loss is taken on the same (traced) path, so freezing nothing costs exactly nothing.
    const frozen = await evaluate(params, config, tokens, {
      ...options,
      constants: [{ frozen: mask, values: stats.means }],
    });
    frozenLoss = frozen.loss;
  }
  return {
    ...stats,
    threshold,
    frozenPerGate: perGate,
    removableUnits: removableUnits(mask, config.hidden),
    loss: plain.loss,
    frozenLoss,
    deltaBpc: bitsPerChar(frozenLoss - plain.loss),
  };
}
