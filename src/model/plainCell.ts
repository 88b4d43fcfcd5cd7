/**
 * The recurrence with plain tfjs ops (every backend). Forward: about ten ops and a matMul per step.
 * Backward, with A = o ⊙ (1 − tanh²c) and the per-step factors
 *   F = [g ⊙ σ'(i), c_{t−1} ⊙ σ'(f), i ⊙ (1 − g²), tanh c ⊙ σ'(o)]  (σ'(a) = a(1 − a)),
 * (with a gate function, its slopes replace σ' and its cross slopes add c_{t−1} ∂f/∂z_i and g ∂i/∂z_f),
 * computed for the whole window at once, each step is only:
 *   dh = ∂L/∂h_t + dz_{t+1} · W_hhᵀ,   dc = dc_{t+1} ⊙ f_{t+1} + dh ⊙ A_t,   dz_t = [dc, dc, dc, dh] ⊙ F_t
 * and dW_hh = Σ_t h_{t−1}ᵀ dz_t is one matMul over the window.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs';
import type { CellKernels, GateSlopes, RecurrenceGrads, RecurrenceInputs, RecurrenceOptions } from './cellKernels';
import { shape2, shape3 } from './shape';

/** One step's activations, as plain tensors. */
export interface StepActivations {
  h: tf.Tensor;
  c: tf.Tensor;
  gatesIF: tf.Tensor;
  g: tf.Tensor;
  o: tf.Tensor;
  tanhC: tf.Tensor;
}

/**
 * Gates held at constants (evaluation only, constantGates.ts): every activation a of the [i, f, g, o]
 * columns becomes a ⊙ keep + values, where keep is 0 on a frozen (gate, unit) and 1 elsewhere, and
 * values holds the constant there and 0 elsewhere. Both [4H].
 */
export interface FrozenGates {
  keep: tf.Tensor;
  values: tf.Tensor;
}

/** z_t = x_t + h_{t−1}·W_hh split into i, f (σ or step), g (tanh), o (σ); c_t = f ⊙ c_{t−1} + i ⊙ g; h_t = o ⊙ tanh(c_t). */
export function lstmStep(
  x: tf.Tensor,
  hPrev: tf.Tensor,
  cPrev: tf.Tensor,
  wHh: tf.Tensor,
  hardGates: boolean,
  frozen?: FrozenGates,
  /** The input and forget gates' function of their pre-activations [B, 2H], instead of σ (Beta gates). */
  ifGates?: (zIF: tf.Tensor) => tf.Tensor,
): StepActivations {
  const [, hidden] = shape2(cPrev);
  const z = tf.add(x, tf.matMul(hPrev, wHh));
  const [zIF, zG, zO] = tf.split(z, [2 * hidden, hidden, hidden], 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  let gatesIF: tf.Tensor = hardGates ? tf.cast(tf.greaterEqual(zIF, 0), 'float32') : ifGates ? ifGates(zIF) : tf.sigmoid(zIF);
  let g = tf.tanh(zG);
  let o = tf.sigmoid(zO);
  if (frozen) {
    const all = tf.add(tf.mul(tf.concat([gatesIF, g, o], 1), frozen.keep), frozen.values);
    [gatesIF, g, o] = tf.split(all, [2 * hidden, hidden, hidden], 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
  }
  const [i, f] = tf.split(gatesIF, 2, 1) as [tf.Tensor, tf.Tensor];
  const c = tf.add(tf.mul(f, cPrev), tf.mul(i, g));
  const tanhC = tf.tanh(c);
  return { h: tf.mul(o, tanhC), c, gatesIF, g, o, tanhC };
}

export interface PlainCellOptions {
  name: string;
  /**
   * Multiply by W_hhᵀ and h_{t−1}ᵀ transposed once per window, not through matMul's transpose flags.
   * For wasm, whose matMul leaves XNNPACK for a slow loop on a transposed operand; the cpu backend is
   * faster with the flags (measured about 10 % per step at H 64), so it is off by default.
   */
  untransposedProducts: boolean;
}

export function plainCell({ name, untransposedProducts }: PlainCellOptions): CellKernels {
  return {
    name,
    supports: () => true,
    customGates: true,
    forward({ xs, wHh, h0, c0, ifGates }: RecurrenceInputs, hardGates: boolean) {
      const steps = tf.unstack(xs) as tf.Tensor[];
      const slopes: GateSlopes[] = [];
      const hPrev: tf.Tensor[] = [];
      const cPrev: tf.Tensor[] = [];
      const gates: tf.Tensor[] = [];
      const gs: tf.Tensor[] = [];
      const os: tf.Tensor[] = [];
      const tanhCs: tf.Tensor[] = [];
      let h = h0;
      let c = c0;
      for (const [t, x] of steps.entries()) {
        hPrev.push(h);
        cPrev.push(c);
        const gateFn =
          ifGates &&
          ((zIF: tf.Tensor) => {
            const { gates, slopes: s } = ifGates(zIF, t);
            slopes.push(s);
            return gates;
          });
        const step = lstmStep(x, h, c, wHh, hardGates, undefined, gateFn);
        h = step.h;
        c = step.c;
        gates.push(step.gatesIF);
        gs.push(step.g);
        os.push(step.o);
        tanhCs.push(step.tanhC);
      }
      const hsPrev = tf.stack(hPrev) as tf.Tensor;
      const value = tf.concat([tf.slice(hsPrev, 1), tf.expandDims(h, 0), tf.expandDims(c, 0)]) as tf.Tensor;
      const saved = [wHh, hsPrev, tf.stack(cPrev), tf.stack(gates), tf.stack(gs), tf.stack(os), tf.stack(tanhCs)];
      // With a gate function: its slopes for the whole window (and the cross ones where it has them).
      if (slopes.length) saved.push(tf.stack(slopes.map((s) => s.own)));
      if (slopes[0]?.cross) saved.push(tf.stack(slopes.map((s) => s.cross as tf.Tensor)));
      return { value, saved } as { value: tf.Tensor; saved: tf.Tensor[] };
    },
    backward(dy: tf.Tensor, saved: tf.Tensor[], options: RecurrenceOptions): RecurrenceGrads {
      const [w, hsPrev, csPrev, gatesIF, g, o, tanhC, ownSlopes, crossSlopes] = saved as [
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor,
        tf.Tensor | undefined,
        tf.Tensor | undefined,
      ];
      const [T, B, H] = shape3(hsPrev);
      const dGatesIF = options.hardGates ? tf.zerosLike(gatesIF) : (ownSlopes ?? tf.mul(gatesIF, tf.sub(1, gatesIF)));
      const [i, f] = tf.split(gatesIF, 2, 2) as [tf.Tensor, tf.Tensor];
      const [dII, dFF] = tf.split(dGatesIF, 2, 2) as [tf.Tensor, tf.Tensor];
      // dz_i = dc ⊙ (g ∂i/∂z_i + c_{t−1} ∂f/∂z_i), dz_f = dc ⊙ (g ∂i/∂z_f + c_{t−1} ∂f/∂z_f); the cross terms are 0 for σ.
      let factorI = tf.mul(g, dII);
      let factorF = tf.mul(csPrev, dFF);
      if (crossSlopes && !options.hardGates) {
        const [dIF, dFI] = tf.split(crossSlopes, 2, 2) as [tf.Tensor, tf.Tensor];
        factorI = tf.add(factorI, tf.mul(csPrev, dFI));
        factorF = tf.add(factorF, tf.mul(g, dIF));
      }
      const factors = tf.concat([factorI, factorF, tf.mul(i, tf.sub(1, tf.square(g))), tf.mul(tanhC, tf.mul(o, tf.sub(1, o)))], 2);
      const cellFactor = tf.mul(o, tf.sub(1, tf.square(tanhC)));

      const factorSteps = tf.unstack(factors) as tf.Tensor[];
      const cellSteps = tf.unstack(cellFactor) as tf.Tensor[];
      const forgetSteps = tf.unstack(f) as tf.Tensor[];
      const dhSteps = tf.unstack(tf.slice(dy, 0, T)) as tf.Tensor[];
      let dcCarry: tf.Tensor = tf.reshape(tf.slice(dy, T, 1), [B, H]);
      let dhCarry: tf.Tensor = tf.zeros([B, H]);
      // Once per window: XNNPACK packs the weights of each new right operand, so not a fresh one per step.
      const wT = untransposedProducts ? tf.transpose(w) : null;
      const dz: tf.Tensor[] = new Array(T);
      for (let t = T - 1; t >= 0; t--) {
        const dh = tf.add(dhSteps[t] as tf.Tensor, dhCarry);
        const dc = tf.add(dcCarry, tf.mul(dh, cellSteps[t] as tf.Tensor));
        const dzt = tf.mul(tf.concat([dc, dc, dc, dh], 1), factorSteps[t] as tf.Tensor);
        dz[t] = dzt;
        dhCarry = options.detach?.[t] ? tf.zeros([B, H]) : wT ? tf.matMul(dzt, wT) : tf.matMul(dzt, w, false, true);
        dcCarry = tf.mul(dc, forgetSteps[t] as tf.Tensor);
      }
      const dXs = tf.stack(dz) as tf.Tensor;
      const hs2 = tf.reshape(hsPrev, [T * B, H]);
      const dz2 = tf.reshape(dXs, [T * B, 4 * H]);
      const dW = untransposedProducts ? tf.matMul(tf.transpose(hs2), dz2) : tf.matMul(hs2, dz2, true, false);
      return [dXs, dW, dhCarry, dcCarry];
    },
  };
}

export const plainCellKernels: CellKernels = plainCell({ name: 'plain', untransposedProducts: false });
